// The action's story: parse → identity → fetch → mask → publish → summarize.
import { untilAborted } from './abort.js';
import type { AccessToken, AzureAccess, AzureAccessFactory } from './access.js';
import { type Clock, systemClock } from './clock.js';
import { ActionError, errorMessage } from './errors.js';
import { classifyIdentityError, describeVaultFailure } from './failures.js';
import { type FetchOutcome, fetchSecrets } from './fetch.js';
import { type EventContext, forkPullRequest } from './forkGuard.js';
import { type Config, type IdentitySelector, readConfig } from './inputs.js';
import { describeExport, exportAll, type FetchedSecret, maskAll } from './publish.js';
import { formatProblem } from './references.js';
import { FORK_GUARD, Remediation } from './remediation.js';
import { backoffMs } from './retry.js';
import type { Exporter, Log } from './runner.js';
import { summaryTable } from './summary.js';
import { principalOf } from './token.js';

export interface Dependencies {
  log: Log;
  /** Loads the exporter; started early so its load overlaps the first network round trip. */
  exporter: () => Promise<Exporter>;
  azure: AzureAccessFactory;
  event: () => Promise<EventContext>;
  clock: Clock;
}

export async function defaultDependencies(): Promise<Dependencies> {
  const { createCommandLog } = await import('./commands.js');
  return {
    log: createCommandLog(),
    exporter: async () => (await import('./coreExporter.js')).createCoreExporter(),
    // Loaded only when there is something to fetch: bad input fails without loading the SDK.
    azure: async (options) => (await import('./azure/index.js')).createAzureAccess(options),
    event: async () => {
      const name = process.env.GITHUB_EVENT_NAME ?? '';
      if (!name.startsWith('pull_request')) return { eventName: name, payload: {} };
      const { context } = await import('@actions/github');
      return { eventName: context.eventName, payload: context.payload as Record<string, unknown> };
    },
    clock: systemClock,
  };
}

export async function run(deps?: Dependencies): Promise<void> {
  const { log, azure, event, clock, ...load } = deps ?? (await defaultDependencies());
  try {
    const config = parseInputs(log);
    await refuseForkPullRequests(config, await event());
    const deadline = AbortSignal.timeout(config.timeoutSeconds * 1000);
    const access = await azure({ identity: config.identity, cloud: config.cloud });
    // Each vault's first request fetches Key Vault's challenge while IMDS issues the token.
    const fetching = fetchSecrets(config.references, access, {
      concurrency: config.concurrency,
      signal: deadline,
      clock,
      onThrottled: (ref, waitMs) => log.debug(`${ref.vault.name}/${ref.name}: throttled (429); waiting ${waitMs} ms`),
    });
    const token = await acquireToken(access, config, deadline, clock);
    const principalId = principalOf(token.token).objectId;
    if (principalId) log.debug(`Managed identity principal id: ${principalId}`);
    // @actions/core loads while Key Vault answers.
    const exporter = await load.exporter();
    exporter.setSecret(token.token);
    const outcomes = await fetching;
    const secrets = requireAll(outcomes, config, principalId, log);

    maskAll(exporter, log, secrets);
    exportAll(exporter, secrets, config.exportEnv);
    await log.group(`Fetched ${secrets.length} secret${secrets.length === 1 ? '' : 's'}`, async () => {
      for (const secret of secrets) log.info(describeExport(secret));
    });
    await exporter.writeSummary(summaryTable(secrets, config.exportEnv));
  } catch (error) {
    if (error instanceof ActionError) {
      if (error.detail) log.debug(error.detail);
      log.setFailed(error.message);
    } else {
      log.debug(error instanceof Error && error.stack ? error.stack : errorMessage(error));
      log.setFailed(`Unexpected failure: ${errorMessage(error).split('\n')[0]}`);
    }
  }
}

function parseInputs(log: Log): Config {
  const { config, problems } = readConfig((name) => log.getInput(name));
  if (config) return config;
  const count = problems.length === 1 ? 'a problem' : `${problems.length} problems`;
  throw new ActionError(`The inputs have ${count}; nothing was fetched:\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
}

async function refuseForkPullRequests(config: Config, context: EventContext): Promise<void> {
  const fork = forkPullRequest(context);
  if (fork && !config.allowForkPullRequests) throw new ActionError(FORK_GUARD(context.eventName, fork.head, fork.base));
}

const selectorText = (identity: IdentitySelector) => (identity.kind === 'system' ? undefined : `${identity.kind} ${identity.id}`);

/** The run's one token, shared with the vault clients; retries what IMDS says is passing (410, 429, 5xx) until the deadline. */
async function acquireToken(access: AzureAccess, config: Config, deadline: AbortSignal, clock: Clock): Promise<AccessToken> {
  try {
    const token = await acquireTokenWithRetries(access, config, deadline, clock);
    access.shareToken(token);
    return token;
  } catch (error) {
    access.shareToken(error instanceof Error ? error : new Error(errorMessage(error)));
    throw error;
  }
}

async function acquireTokenWithRetries(access: AzureAccess, config: Config, deadline: AbortSignal, clock: Clock): Promise<AccessToken> {
  const timedOut = (what: string, detail: unknown) => new ActionError(`Managed identity: ${Remediation.timeout(what, config.timeoutSeconds)}`, errorMessage(detail));
  for (let attempt = 0; ; attempt++) {
    try {
      return await untilAborted(access.acquireToken(deadline), deadline);
    } catch (error) {
      if (deadline.aborted) throw timedOut(`the managed identity endpoint ${access.imdsEndpoint} to issue a token`, error);
      const failure = classifyIdentityError(error, clock.now());
      switch (failure.kind) {
        case 'identity-not-found':
          throw new ActionError(Remediation.identityNotFound(selectorText(config.identity)), errorMessage(error));
        case 'unreachable':
          throw new ActionError(Remediation.imdsUnreachable(access.imdsEndpoint, failure.detail), errorMessage(error));
        case 'other':
          throw new ActionError(Remediation.imdsError(access.imdsEndpoint, failure.status), errorMessage(error));
        case 'retryable':
          try {
            await clock.sleep(failure.retryAfterMs ?? backoffMs(attempt, clock.random), deadline);
          } catch {
            throw new ActionError(Remediation.imdsGaveUp(access.imdsEndpoint, failure.status, config.timeoutSeconds), errorMessage(error));
          }
      }
    }
  }
}

/** Every fetched secret, or one error naming each reference that failed, with its fix. */
function requireAll(outcomes: FetchOutcome[], config: Config, principalId: string | undefined, log: Log): FetchedSecret[] {
  const failed = outcomes.filter((o) => o.error !== undefined);
  if (failed.length === 0) return outcomes as FetchedSecret[];
  const lines = failed.map(({ ref, error }) => {
    log.debug(`${ref.vault.name}/${ref.name}: ${errorMessage(error)}`);
    const secret = ref.version ? `${ref.name}/${ref.version}` : ref.name;
    const reason = describeVaultFailure(error, { vault: ref.vault.name, vaultUrl: ref.vault.url, secret, cloud: config.cloud, ...(principalId ? { principalId } : {}) }, config.timeoutSeconds);
    return `  secrets line ${ref.line}: ${ref.vault.name}/${secret} (${ref.alias}): ${reason}`;
  });
  throw new ActionError(`Could not read ${failed.length} of ${outcomes.length} secrets; nothing was exported:\n${lines.join('\n')}`);
}
