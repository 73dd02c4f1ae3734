// The action's story: inputs → guard → identity → vault (and resources) → export → summary. Each stage lives in its
// folder; this file only tells the order, and holds the one catch that fails the step.
import { checkExpiry } from './export/expiry.js';
import { envExportProblem, type Platform } from './export/envLimits.js';
import { deliver } from './export/deliver.js';
import { maskPieces } from './export/mask.js';
import { planExports } from './export/plan.js';
import { planResourceExports } from './export/resources.js';
import { failureSummary } from './export/summary.js';
import { readEvent } from './guard/forkGuard.js';
import { type GuardDependencies, refuseForkPullRequests } from './guard/guard.js';
import { acquireToken } from './identity/acquire.js';
import { isAzureVm } from './identity/azureHost.js';
import { imdsBoot } from './identity/imdsBoot.js';
import { describeSource, identitySource } from './identity/source.js';
import { principalOf } from './identity/token.js';
import { parseInputs } from './inputs/config.js';
import { refuseProblems } from './inputs/problems.js';
import { resourceExportNames } from './inputs/resources.js';
import type { ResourceAccessFactory } from './resources/access.js';
import { fetchNamedResources } from './resources/fetch.js';
import { requireResources } from './resources/require.js';
import type { Exporter, Log } from './runner/log.js';
import { type Clock, systemClock } from './util/clock.js';
import { ActionError, errorMessage } from './util/errors.js';
import { SharedRemediation } from './util/remediation.js';
import { readCapped } from './util/smallFile.js';
import type { AzureAccessFactory } from './vault/access.js';
import { createFetcher } from './vault/fetch.js';
import { readSecrets } from './vault/read.js';
import { FetchFailure } from './vault/require.js';

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
  /** ARM and ACR for tokens/storage-keys/acr-login (issue 15); loaded only when those inputs name something. */
  resources?: ResourceAccessFactory;
  /**
   * Whether the machine says it is an Azure VM, without a network call (the DMI chassis asset tag on Linux):
   * with auth: auto, an unreachable IMDS is then waited for (a VM that has just booted). Asked only once IMDS is
   * unreachable; absent: no sign. Never an environment variable, which a workflow could set.
   */
  azureHost?: () => Promise<boolean>;
}

const defaultResources: ResourceAccessFactory = async (options) =>
  (await import('./azure/resources.js')).createResourceAccess(options);

export async function defaultDependencies(): Promise<Dependencies> {
  const { createCommandLog } = await import('./runner/commands.js');
  return {
    log: createCommandLog(),
    exporter: async () => (await import('./runner/coreExporter.js')).createCoreExporter(),
    // Loaded only when there is something to fetch: bad input fails without loading the SDK.
    azure: async (options) => (await import('./azure/index.js')).createAzureAccess(options),
    // eslint-disable-next-line @typescript-eslint/require-await -- async so that an unreadable event file is a rejection, as Dependencies promises
    event: async () => readEvent(),
    pullRequest: async (repository, number, token, signal) =>
      (await import('./guard/github.js')).pullRequestRepos(repository, number, token, signal),
    clock: systemClock,
    env: process.env,
    azureHost: () => isAzureVm(readCapped, process.platform, systemClock),
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
    const source = identitySource(config, dependencies.env, dependencies.platform ?? process.platform);
    // Every wait from here on, the fork guard's lookup included, ends by the deadline.
    const deadline = AbortSignal.timeout(config.timeoutSeconds * 1000);
    await refuseForkPullRequests(config, dependencies, deadline);
    log.info(`Identity: ${describeSource(source)}`);
    // Credentials the identity source reads (a federated token, IDENTITY_HEADER) are masks at once.
    const access = await azure({
      source,
      cloud: config.cloud,
      mask: (value) => log.setSecret(value),
      clock,
      timeoutSeconds: config.timeoutSeconds,
    });
    const onThrottled = (what: string, waitMs: number) => log.debug(`${what}: throttled (429); waiting ${waitMs} ms`);
    const fetcher = createFetcher(access, { concurrency: config.concurrency, signal: deadline, clock, onThrottled });

    // Each vault's first request fetches Key Vault's challenge while IMDS issues the token.
    const started = { named: fetcher.fetchAll(config.references), listings: fetcher.listVaults(config.wildcards) };
    // A run may name only tokens, storage keys or registries (issue 15): then no Key Vault token is asked for.
    // IMDS on a VM that has just booted: waited for where the runner is known to be an Azure VM (imdsBoot.ts).
    const boot = imdsBoot(config.auth, dependencies.azureHost, (message) => log.info(message));
    const token =
      config.references.length + config.wildcards.length > 0
        ? await acquireToken(access, config, source, deadline, clock, dependencies.platform ?? process.platform, boot)
        : undefined;
    if (token) held.push(token.token);
    const principalId = token && principalOf(token.token).objectId;
    const resources = fetchNamedResources(
      config,
      { access, source, clock, vaultToken: token, boot },
      dependencies.resources ?? defaultResources,
      deadline,
      (value) => held.push(value),
    );
    if (principalId) log.debug(`Managed identity principal id: ${principalId}`);
    exporter = loadExporter(); // @actions/core loads while Key Vault answers
    void exporter.catch(() => {});

    const warnings: string[] = [];
    const warn = (message: string) => {
      warnings.push(message); // for the job summary
      log.warning(message);
    };
    const secrets = await readSecrets(fetcher, started, config, principalId, (value) => held.push(value), warn);
    checkExpiry(secrets, config, clock, warn);
    const { items, problems } = planExports(secrets, config.parseJson, resourceExportNames(config.resources));
    refuseProblems(problems);
    const credentials = requireResources(await resources.outcome);
    const extra = planResourceExports(credentials);
    const tooBig = envExportProblem(
      [...items, ...extra.masked, ...extra.plain],
      config.exportEnv,
      dependencies.env,
      dependencies.platform ?? process.platform,
    );
    if (tooBig) throw new ActionError(tooBig);

    const out = await exporter;
    await deliver(
      out,
      log,
      { items, credentials, extra, token: token?.token, held: resources.held, warnings, throttled: fetcher.throttled },
      config,
      dependencies.env.HOME,
      deadline,
    );
  } catch (error) {
    await fail(error, log, exporter, held);
  }
}

/**
 * Reports the failure: the user's message as the one error, SDK text in the debug log only, and
 * that only once the token and every value this run holds are masked.
 */
async function fail(
  error: unknown,
  log: Log,
  exporter: Promise<Exporter> | undefined,
  held: readonly string[],
): Promise<void> {
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
