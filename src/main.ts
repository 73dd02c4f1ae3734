// The action's story: parse → identity → fetch → mask → publish → summarize.
import { untilAborted } from './abort.js';
import type { AccessToken, AzureAccess, AzureAccessFactory } from './access.js';
import { type Clock, systemClock } from './clock.js';
import { ActionError, errorMessage } from './errors.js';
import { describeExpiry, expiryNotes } from './expiry.js';
import { classifyIdentityError, describeVaultFailure, isSecretNotFound } from './failures.js';
import { createFetcher, type FetchOutcome } from './fetch.js';
import { compareRepos, type EventContext, type ForkVerdict, forkVerdict, type PullRequestRepos, readEvent } from './forkGuard.js';
import { type Config, readConfig } from './inputs.js';
import { type FetchedSecret, planExports } from './plan.js';
import { maskPieces } from './mask.js';
import { describeExport, exportAll, maskAll } from './publish.js';
import { checkAliases, formatProblem, type InputProblem } from './references.js';
import { FORK_GUARD, type IdentityContext, IdentityRemediation, Remediation } from './remediation.js';
import { type IdentitySource, resolveIdentitySource, selectorText, SOURCE_NAMES } from './identitySource.js';
import { backoffMs } from './retry.js';
import type { Exporter, Log } from './runner.js';
import { type FailedReference, failureSummary, successSummary } from './summary.js';
import { principalOf } from './token.js';
import { errorCode } from './untrusted.js';
import { expandWildcards } from './wildcards.js';

export interface Dependencies {
  log: Log;
  /** Loads the exporter; started early so its load overlaps network round trips. */
  exporter: () => Promise<Exporter>;
  azure: AzureAccessFactory;
  /** The event's name and payload; throws an ActionError when a guarded event's payload cannot be read. */
  event: () => Promise<EventContext>;
  /** A pull request's head and base repositories, from GitHub's API (issue_comment events only). */
  pullRequest: (repository: string, number: number, token: string) => Promise<PullRequestRepos>;
  clock: Clock;
  /** The environment that says which host this runner is on (identity sources). */
  env: Record<string, string | undefined>;
}

export async function defaultDependencies(): Promise<Dependencies> {
  const { createCommandLog } = await import('./commands.js');
  return {
    log: createCommandLog(),
    exporter: async () => (await import('./coreExporter.js')).createCoreExporter(),
    // Loaded only when there is something to fetch: bad input fails without loading the SDK.
    azure: async (options) => (await import('./azure/index.js')).createAzureAccess(options),
    event: async () => readEvent(),
    pullRequest: async (repository, number, token) => (await import('./github.js')).pullRequestRepos(repository, number, token),
    clock: systemClock,
    env: process.env,
  };
}

/** A failure whose table belongs in the job summary too. */
class FetchFailure extends ActionError {
  constructor(
    message: string,
    readonly failures: FailedReference[],
    readonly total: number,
    detail: string,
  ) {
    super(message, detail);
  }
}

export async function run(deps?: Dependencies): Promise<void> {
  const dependencies = deps ?? (await defaultDependencies());
  const { log, azure, clock, exporter: loadExporter } = dependencies;
  let exporter: Promise<Exporter> | undefined;
  /** The token and every value this run holds: masked before any failure detail is printed. */
  const held: string[] = [];
  try {
    const config = parseInputs(log);
    const source = identitySource(config, dependencies.env);
    await refuseForkPullRequests(config, dependencies);
    log.info(`Identity: ${describeSource(source)}`);
    const deadline = AbortSignal.timeout(config.timeoutSeconds * 1000);
    const access = await azure({ source, cloud: config.cloud });
    const fetcher = createFetcher(access, {
      concurrency: config.concurrency,
      signal: deadline,
      clock,
      onThrottled: (what, waitMs) => log.debug(`${what}: throttled (429); waiting ${waitMs} ms`),
    });

    // Each vault's first request fetches Key Vault's challenge while IMDS issues the token.
    const named = fetcher.fetchAll(config.references);
    const listings = fetcher.listVaults(config.wildcards);
    const token = await acquireToken(access, config, source, deadline, clock);
    held.push(token.token);
    const principalId = principalOf(token.token).objectId;
    if (principalId) log.debug(`Managed identity principal id: ${principalId}`);
    exporter = loadExporter(); // @actions/core loads while Key Vault answers
    void exporter.catch(() => {});

    const warnings: string[] = [];
    const warn = (message: string) => {
      warnings.push(message); // for the job summary
      log.warning(message);
    };
    const expansion = expandWildcards(config.wildcards, await listings);
    if (expansion.invalidNames.length > 0) warn(Remediation.invalidListedNames(expansion.invalidNames));
    // The named references passed these checks with the inputs; now the wildcards' matches join them.
    refuseProblems([...expansion.problems, ...checkAliases([...config.references, ...expansion.references])]);
    const outcomes = [...(await named), ...(await fetcher.fetchAll(expansion.references))];
    for (const { bundle } of outcomes) if (bundle) held.push(bundle.value);

    const secrets = requireAll(outcomes, expansion, config, principalId, warn);
    checkExpiry(secrets, config, clock, warn);
    const { items, problems } = planExports(secrets, config.parseJson);
    refuseProblems(problems);

    const out = await exporter;
    out.setSecret(token.token);
    maskAll(out, log, items);
    exportAll(out, items, config.exportEnv);
    await log.group(`Exported ${items.length} secret${items.length === 1 ? '' : 's'}`, async () => {
      for (const item of items) log.info(describeExport(item));
    });
    // The values are out: a summary that cannot be written is worth a warning, not a failed step.
    try {
      await out.writeSummary(successSummary(items, config.exportEnv, warnings, fetcher.throttled));
    } catch (error) {
      log.warning(Remediation.summaryNotWritten(errorCode((error as { code?: unknown } | undefined)?.code)));
    }
  } catch (error) {
    await fail(error, log, exporter, held);
  }
}

/**
 * Reports the failure: the user's message as the one error, SDK text in the debug log only, and
 * that only once the token and every value this run holds are masked.
 */
async function fail(error: unknown, log: Log, exporter: Promise<Exporter> | undefined, held: readonly string[]): Promise<void> {
  const out = exporter ? await exporter.catch(() => undefined) : undefined;
  if (out) for (const value of held) for (const piece of maskPieces(value)) out.setSecret(piece);
  const detailIsSafe = held.length === 0 || out !== undefined;
  if (!(error instanceof ActionError)) {
    if (detailIsSafe) log.debug(error instanceof Error && error.stack ? error.stack : errorMessage(error));
    log.setFailed(Remediation.unexpectedFailure(error instanceof Error ? error.name : typeof error));
    return;
  }
  if (error.detail && detailIsSafe) log.debug(error.detail);
  log.setFailed(error.message);
  if (error instanceof FetchFailure && out) {
    try {
      await out.writeSummary(failureSummary(error.failures, error.total));
    } catch {
      log.debug('Could not write the job summary.');
    }
  }
}

function parseInputs(log: Log): Config {
  const { config, problems } = readConfig((name) => log.getInput(name));
  if (config) return config;
  return refuseInputs(problems);
}

function refuseInputs(problems: InputProblem[]): never {
  const count = problems.length === 1 ? 'a problem' : `${problems.length} problems`;
  throw new ActionError(`The inputs have ${count}; nothing was fetched:\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
}

function refuseProblems(problems: InputProblem[]): void {
  if (problems.length === 0) return;
  throw new ActionError(`Nothing was exported; ${problems.length === 1 ? 'one name needs' : `${problems.length} names need`} a fix:\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
}

async function refuseForkPullRequests(config: Config, { event, pullRequest }: Dependencies): Promise<void> {
  if (config.allowForkPullRequests) return;
  const context = await event();
  let verdict = forkVerdict(context);
  if (verdict.kind === 'look-up') verdict = await lookUpPullRequest(verdict, config, pullRequest);
  if (verdict.kind === 'fork') throw new ActionError(FORK_GUARD(context.eventName, verdict.head, verdict.base));
}

/** A comment's pull request, looked up with the job's token; when that cannot be done, the step fails closed. */
async function lookUpPullRequest({ repository, number }: Extract<ForkVerdict, { kind: 'look-up' }>, config: Config, pullRequest: Dependencies['pullRequest']): Promise<ForkVerdict> {
  if (!config.githubToken) throw new ActionError(Remediation.forkLookupNeedsToken(repository, number));
  try {
    const repos = await pullRequest(repository, number, config.githubToken);
    return compareRepos(repos.head, repos.base);
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    throw new ActionError(Remediation.forkLookupFailed(repository, number, typeof status === 'number' ? `HTTP ${status}` : 'no answer'), errorMessage(error));
  }
}

/** Where the token comes from, decided before any request; a source this host cannot give is bad input. */
function identitySource(config: Config, env: Record<string, string | undefined>): IdentitySource {
  const resolved = resolveIdentitySource(config, env);
  if ('problem' in resolved) return refuseInputs([resolved.problem]);
  return resolved.source;
}

function describeSource(source: IdentitySource): string {
  const selector = selectorText(source);
  const clientId = 'clientId' in source ? `, client id ${source.clientId}` : '';
  return `${SOURCE_NAMES[source.kind]}${selector ? `, user-assigned (${selector})` : ''}${clientId}`;
}

/** The run's one token, shared with the vault clients; retries what IMDS says is passing (410, 429, 5xx) until the deadline. */
async function acquireToken(access: AzureAccess, config: Config, source: IdentitySource, deadline: AbortSignal, clock: Clock): Promise<AccessToken> {
  try {
    const token = await acquireTokenWithRetries(access, config, source, deadline, clock);
    access.shareToken(token);
    return token;
  } catch (error) {
    access.shareToken(error instanceof Error ? error : new Error(errorMessage(error)));
    throw error;
  }
}

async function acquireTokenWithRetries(access: AzureAccess, config: Config, source: IdentitySource, deadline: AbortSignal, clock: Clock): Promise<AccessToken> {
  const timedOut = (what: string, detail: unknown) => new ActionError(`Managed identity: ${Remediation.timeout(what, config.timeoutSeconds)}`, errorMessage(detail));
  for (let attempt = 0; ; attempt++) {
    try {
      return await untilAborted(access.acquireToken(deadline), deadline);
    } catch (error) {
      if (deadline.aborted) throw timedOut(`the identity endpoint ${access.identityEndpoint} to issue a token`, error);
      const failure = classifyIdentityError(error, clock.now());
      const claims = access.federatedClaims();
      const c: IdentityContext = { source, endpoint: access.identityEndpoint, cloud: config.cloud, ...(claims ? { claims } : {}) };
      const refused = (message: string) => new ActionError(message, errorMessage(error));
      switch (failure.kind) {
        case 'identity-not-found':
          throw refused(IdentityRemediation.identityNotFound(c));
        case 'ambiguous-identity':
          throw refused(IdentityRemediation.ambiguousIdentity());
        case 'wrong-cloud':
          throw refused(IdentityRemediation.wrongCloud(c));
        case 'entra':
          throw refused(IdentityRemediation.entra(failure.code, c));
        case 'arc-key-unreadable':
          throw refused(IdentityRemediation.arcKeyUnreadable());
        case 'no-id-token':
          throw refused(IdentityRemediation.noIdToken(failure.status));
        case 'not-a-token':
          throw refused(IdentityRemediation.notAToken(c));
        case 'unreachable':
          throw refused(IdentityRemediation.unreachable(c, failure.detail));
        case 'other':
          throw refused(IdentityRemediation.refused(c, failure.status));
        case 'retryable':
          try {
            await clock.sleep(failure.retryAfterMs ?? backoffMs(attempt, clock.random), deadline);
          } catch {
            throw refused(IdentityRemediation.gaveUp(c, failure.status, config.timeoutSeconds));
          }
      }
    }
  }
}

/**
 * Every fetched secret, or one error naming each reference that failed, with its fix. With
 * ignore-missing, a secret that does not exist (or a wildcard that matches nothing) is a warning.
 */
function requireAll(
  outcomes: FetchOutcome[],
  expansion: ReturnType<typeof expandWildcards>,
  config: Config,
  principalId: string | undefined,
  warn: (message: string) => void,
): FetchedSecret[] {
  const failures: FailedReference[] = [];
  const details: string[] = []; // SDK text: debug only, printed after the values are masked
  const context = (vault: { name: string; url: string }, secret: string, listing = false) => ({
    vault: vault.name,
    vaultUrl: vault.url,
    secret,
    cloud: config.cloud,
    listing,
    ...(principalId ? { principalId } : {}),
  });
  for (const { wildcard, error } of expansion.failed) {
    details.push(`${wildcard.vault.name} (list): ${errorMessage(error)}`);
    const reason = describeVaultFailure(error, context(wildcard.vault, wildcard.text, true), config.timeoutSeconds);
    failures.push({ input: wildcard.input, line: wildcard.line, alias: `${wildcard.prefix.toUpperCase().replaceAll('-', '_')}*`, vault: wildcard.vault.name, secret: wildcard.text, reason });
  }
  for (const wildcard of expansion.unmatched) {
    const reason = `no enabled secret in ${wildcard.vault.name} starts with "${wildcard.prefix}". Check the prefix, keyvault and cloud: az keyvault secret list --vault-name ${wildcard.vault.name} --query "[].name" -o tsv`;
    if (config.ignoreMissing) warn(`${wildcard.input} line ${wildcard.line}: ${wildcard.text} matched nothing (ignore-missing).`);
    else failures.push({ input: wildcard.input, line: wildcard.line, alias: '*', vault: wildcard.vault.name, secret: wildcard.text, reason: `nothing matched: ${reason}` });
  }

  const secrets: FetchedSecret[] = [];
  for (const { ref, bundle, error } of outcomes) {
    if (bundle) {
      secrets.push({ ref, bundle });
      continue;
    }
    const secret = ref.version ? `${ref.name}/${ref.version}` : ref.name;
    if (config.ignoreMissing && isSecretNotFound(error)) {
      warn(`${ref.input} line ${ref.line}: ${ref.vault.name}/${secret} does not exist; ${ref.alias} is not exported (ignore-missing).`);
      continue;
    }
    details.push(`${ref.vault.name}/${ref.name}: ${errorMessage(error)}`);
    const reason = describeVaultFailure(error, context(ref.vault, secret), config.timeoutSeconds);
    failures.push({ input: ref.input, line: ref.line, alias: ref.alias, vault: ref.vault.name, secret, reason });
  }

  if (failures.length === 0) return secrets;
  failures.sort((a, b) => a.input.localeCompare(b.input) || a.line - b.line);
  const total = outcomes.length + expansion.failed.length + expansion.unmatched.length;
  const lines = failures.map((f) => `  ${f.input} line ${f.line}: ${f.vault}/${f.secret} (${f.alias}): ${f.reason}`);
  throw new FetchFailure(`Could not read ${failures.length} of ${total} secrets; nothing was exported:\n${lines.join('\n')}`, failures, total, details.join('\n'));
}

/** Warns about expired, expiring and not-yet-valid secrets; with fail-on-expired, an expired one fails the step. */
function checkExpiry(secrets: FetchedSecret[], config: Config, clock: Clock, warn: (message: string) => void): void {
  const now = clock.now();
  const notes = expiryNotes(secrets, now, config.expiryWarningDays);
  const expired = notes.filter((n) => n.kind === 'expired');
  if (config.failOnExpired && expired.length > 0) {
    throw new ActionError(`${expired.length === 1 ? 'A secret has' : `${expired.length} secrets have`} expired and fail-on-expired is set; nothing was exported:\n${expired.map((n) => `  ${describeExpiry(n, now)}`).join('\n')}`);
  }
  for (const note of notes) warn(describeExpiry(note, now));
}
