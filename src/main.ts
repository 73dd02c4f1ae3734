// The action's story: parse → identity → fetch → mask → publish → summarize.
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
import type { Runner } from './runner.js';
import { summaryTable } from './summary.js';
import { principalOf } from './token.js';

export interface Dependencies {
  runner: Runner;
  azure: AzureAccessFactory;
  event: () => Promise<EventContext>;
  clock: Clock;
}

export async function defaultDependencies(): Promise<Dependencies> {
  const { createCoreRunner } = await import('./coreRunner.js');
  return {
    runner: createCoreRunner(),
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
  const { runner, azure, event, clock } = deps ?? (await defaultDependencies());
  try {
    const config = parseInputs(runner);
    await refuseForkPullRequests(config, await event());
    const deadline = AbortSignal.timeout(config.timeoutSeconds * 1000);
    const access = await azure({ identity: config.identity, cloud: config.cloud });
    const token = await acquireToken(access, config, deadline, clock);
    runner.setSecret(token.token);
    const principalId = principalOf(token.token).objectId;
    if (principalId) runner.debug(`Managed identity principal id: ${principalId}`);

    const outcomes = await fetchSecrets(config.references, access, {
      concurrency: config.concurrency,
      signal: deadline,
      clock,
      onThrottled: (ref, waitMs) => runner.debug(`${ref.vault.name}/${ref.name}: throttled (429); waiting ${waitMs} ms`),
    });
    const secrets = requireAll(outcomes, config, principalId, runner);

    maskAll(runner, secrets);
    exportAll(runner, secrets, config.exportEnv);
    await runner.group(`Fetched ${secrets.length} secret${secrets.length === 1 ? '' : 's'}`, async () => {
      for (const secret of secrets) runner.info(describeExport(secret));
    });
    await runner.writeSummary(summaryTable(secrets, config.exportEnv));
  } catch (error) {
    if (error instanceof ActionError) {
      if (error.detail) runner.debug(error.detail);
      runner.setFailed(error.message);
    } else {
      runner.debug(error instanceof Error && error.stack ? error.stack : errorMessage(error));
      runner.setFailed(`Unexpected failure: ${errorMessage(error).split('\n')[0]}`);
    }
  }
}

function parseInputs(runner: Runner): Config {
  const { config, problems } = readConfig((name) => runner.getInput(name));
  if (config) return config;
  const count = problems.length === 1 ? 'a problem' : `${problems.length} problems`;
  throw new ActionError(`The inputs have ${count}; nothing was fetched:\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
}

async function refuseForkPullRequests(config: Config, context: EventContext): Promise<void> {
  const fork = forkPullRequest(context);
  if (fork && !config.allowForkPullRequests) throw new ActionError(FORK_GUARD(context.eventName, fork.head, fork.base));
}

const selectorText = (identity: IdentitySelector) => (identity.kind === 'system' ? undefined : `${identity.kind} ${identity.id}`);

/** Rejects when signal aborts, even if the promise never settles (MSAL takes no abort signal). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  let onAbort: () => void = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([promise, aborted]).finally(() => signal.removeEventListener('abort', onAbort));
}

/** The run's one token, retrying what IMDS says is passing (410, 429, 5xx) until the deadline. */
async function acquireToken(access: AzureAccess, config: Config, deadline: AbortSignal, clock: Clock): Promise<AccessToken> {
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
function requireAll(outcomes: FetchOutcome[], config: Config, principalId: string | undefined, runner: Runner): FetchedSecret[] {
  const failed = outcomes.filter((o) => o.error !== undefined);
  if (failed.length === 0) return outcomes as FetchedSecret[];
  const lines = failed.map(({ ref, error }) => {
    runner.debug(`${ref.vault.name}/${ref.name}: ${errorMessage(error)}`);
    const secret = ref.version ? `${ref.name}/${ref.version}` : ref.name;
    const reason = describeVaultFailure(error, { vault: ref.vault.name, vaultUrl: ref.vault.url, secret, cloud: config.cloud, ...(principalId ? { principalId } : {}) }, config.timeoutSeconds);
    return `  secrets line ${ref.line}: ${ref.vault.name}/${secret} (${ref.alias}): ${reason}`;
  });
  throw new ActionError(`Could not read ${failed.length} of ${outcomes.length} secrets; nothing was exported:\n${lines.join('\n')}`);
}
