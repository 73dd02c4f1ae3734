// The action's story: inputs → guard → identity → vault → export → summary. Each stage lives in its
// folder; this file only tells the order, and holds the one catch that fails the step.
import { checkExpiry } from './export/expiry.js';
import { envExportProblem, type Platform } from './export/envLimits.js';
import { maskPieces } from './export/mask.js';
import { planExports } from './export/plan.js';
import { describeExport, exportAll, maskAll } from './export/publish.js';
import { ExportRemediation } from './export/remediation.js';
import { failureSummary, successSummary } from './export/summary.js';
import { readEvent } from './guard/forkGuard.js';
import { type GuardDependencies, refuseForkPullRequests } from './guard/guard.js';
import { acquireToken } from './identity/acquire.js';
import { describeSource, identitySource } from './identity/source.js';
import { principalOf } from './identity/token.js';
import { parseInputs } from './inputs/config.js';
import { refuseProblems } from './inputs/problems.js';
import { checkAliases } from './inputs/references.js';
import type { Exporter, Log } from './runner/log.js';
import { type Clock, systemClock } from './util/clock.js';
import { ActionError, errorMessage } from './util/errors.js';
import { errorCode } from './util/sdkErrors.js';
import { SharedRemediation } from './util/remediation.js';
import type { AzureAccessFactory } from './vault/access.js';
import { createFetcher } from './vault/fetch.js';
import { Remediation } from './vault/remediation.js';
import { FetchFailure, requireAll } from './vault/require.js';
import { expandWildcards } from './vault/wildcards.js';

export interface Dependencies extends GuardDependencies {
  log: Log;
  /** Loads the exporter; started early so its load overlaps network round trips. */
  exporter: () => Promise<Exporter>;
  azure: AzureAccessFactory;
  clock: Clock;
  /** The environment that says which host this runner is on (identity sources), and that later steps inherit. */
  env: Record<string, string | undefined>;
  /** Whose exec limits an env export must fit (process.platform when not given). */
  platform?: Platform;
}

export async function defaultDependencies(): Promise<Dependencies> {
  const { createCommandLog } = await import('./runner/commands.js');
  return {
    log: createCommandLog(),
    exporter: async () => (await import('./runner/coreExporter.js')).createCoreExporter(),
    // Loaded only when there is something to fetch: bad input fails without loading the SDK.
    azure: async (options) => (await import('./azure/index.js')).createAzureAccess(options),
    event: async () => readEvent(),
    pullRequest: async (repository, number, token, signal) => (await import('./guard/github.js')).pullRequestRepos(repository, number, token, signal),
    clock: systemClock,
    env: process.env,
  };
}

export async function run(deps?: Dependencies): Promise<void> {
  const dependencies = deps ?? (await defaultDependencies());
  const { log, azure, clock, exporter: loadExporter } = dependencies;
  let exporter: Promise<Exporter> | undefined;
  /** The token and every value this run holds: masked before any failure detail is printed. */
  const held: string[] = [];
  try {
    const config = parseInputs((name) => log.getInput(name));
    const source = identitySource(config, dependencies.env);
    // Every wait from here on, the fork guard's lookup included, ends by the deadline.
    const deadline = AbortSignal.timeout(config.timeoutSeconds * 1000);
    await refuseForkPullRequests(config, dependencies, deadline);
    log.info(`Identity: ${describeSource(source)}`);
    // Credentials the identity source reads (a federated token, IDENTITY_HEADER) are masks at once.
    const access = await azure({ source, cloud: config.cloud, mask: (value) => log.setSecret(value) });
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
    const tooBig = envExportProblem(items, config.exportEnv, dependencies.env, dependencies.platform ?? process.platform);
    if (tooBig) throw new ActionError(tooBig);

    const out = await exporter;
    out.setSecret(token.token);
    maskAll(out, log, items);
    // The runner registers a mask when it reads its line: every mask is in its pipe before any value is in a file.
    if (!(await out.masksDelivered(deadline))) throw new ActionError(ExportRemediation.masksNotDelivered(config.timeoutSeconds));
    exportAll(out, items, config.exportEnv);
    await log.group(`Exported ${items.length} secret${items.length === 1 ? '' : 's'}`, async () => {
      for (const item of items) log.info(describeExport(item));
    });
    // The values are out: a summary that cannot be written is worth a warning, not a failed step.
    try {
      await out.writeSummary(successSummary(items, config.exportEnv, warnings));
    } catch (error) {
      log.warning(ExportRemediation.summaryNotWritten(errorCode((error as { code?: unknown } | undefined)?.code)));
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
    log.setFailed(SharedRemediation.unexpectedFailure(error instanceof Error ? error.name : typeof error));
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
