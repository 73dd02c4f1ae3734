// The action's story: inputs → guard → identity → vault (and resources) → export → summary. Each stage lives in its
// folder; this file only tells the order, and holds the one catch that fails the step.
import { type Dependencies, defaultDependencies, defaultResources } from './dependencies.js';
import { checkExpiry } from './export/expiry.js';
import { refuseOversizedEnv } from './export/envLimits.js';
import { deliver } from './export/deliver.js';
import { maskPieces } from './policy/masking.js';
import { planExports } from './export/plan.js';
import { planResourceExports } from './export/resources.js';
import { failureSummary } from './export/summary.js';
import { refuseForkPullRequests } from './guard/guard.js';
import { acquireToken } from './identity/acquire.js';
import { imdsBoot } from './identity/imdsBoot.js';
import { describeSource, identitySource } from './identity/source.js';
import { principalOf } from './identity/token.js';
import { parseInputs } from './inputs/config.js';
import { refuseProblems } from './inputs/problems.js';
import { resourceExportNames } from './inputs/resources.js';
import { fetchNamedResources } from './resources/fetch.js';
import { requireResources } from './resources/require.js';
import type { Exporter, Log } from './runner/log.js';
import { deadlineIn } from './util/abort.js';
import { ActionError, errorMessage } from './util/errors.js';
import { say } from './messages/catalogue.js';
import { createFetcher } from './vault/fetch.js';
import { readSecrets } from './vault/read.js';

export type { Dependencies } from './dependencies.js';

/** Runs the step; resolves with its deadline (`timeout` from when the inputs were read), unless the inputs had none. */
export async function run(deps?: Dependencies): Promise<AbortSignal | undefined> {
  const dependencies = deps ?? (await defaultDependencies());
  const { log, azure, clock, exporter: loadExporter } = dependencies;
  const platform = dependencies.platform ?? process.platform;
  let exporter: Promise<Exporter> | undefined;
  /** The token and every value this run holds: masked before any failure detail is printed. */
  const held: string[] = [];
  let deadline: AbortSignal | undefined;
  try {
    const config = parseInputs((name) => log.getInput(name));
    // Every wait from here on, the fork guard's lookup and the entry point's last flush included, ends by the
    // deadline (and is cut to the time left).
    deadline = deadlineIn(config.timeoutSeconds * 1000, clock);
    const source = identitySource(config, dependencies.env, platform);
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

    // Each vault's first request fetches Key Vault's challenge first; while it is answered, the identity SDK loads
    // and IMDS issues the token (src/azure/loadOrder.ts waits for that request to be written before loading MSAL).
    const started = { named: fetcher.fetchAll(config.references), listings: fetcher.listVaults(config.wildcards) };
    // A run may name only tokens, storage keys or registries: then no Key Vault token is asked for.
    // IMDS on a VM that has just booted: waited for where the runner is known to be an Azure VM (imdsBoot.ts).
    const boot = imdsBoot(config.auth, dependencies.azureHost, (message) => log.info(message));
    const token =
      config.references.length + config.wildcards.length > 0
        ? await acquireToken(access, config, source, deadline, clock, platform, boot)
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
    refuseOversizedEnv([...items, ...extra.masked, ...extra.plain], config.exportEnv, dependencies.env, platform);

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
    await fail(error, log, exporter ?? loadExporter, held);
  }
  return deadline;
}

/**
 * Reports the failure: the user's message as the one error, SDK text in the debug log only, and
 * that only once the token and every value this run holds are masked; then the same failure in the
 * job summary. `exporter`: the one the run started loading, or how to load it (a failure before that
 * point, bad input included, holds no value: loading @actions/core's file commands is local, no request).
 */
async function fail(
  error: unknown,
  log: Log,
  exporter: Promise<Exporter> | (() => Promise<Exporter>),
  held: readonly string[],
): Promise<void> {
  const started = typeof exporter === 'function' ? undefined : exporter;
  const out = started ? await started.catch(() => undefined) : undefined;
  if (out) for (const value of held) for (const piece of maskPieces(value)) out.setSecret(piece);
  const detailIsSafe = held.length === 0 || out !== undefined;
  const failure =
    error instanceof ActionError
      ? error
      : new ActionError(say('run.unexpected', { kind: error instanceof Error ? error.name : typeof error }));
  if (!(error instanceof ActionError)) {
    if (detailIsSafe) log.debug(error instanceof Error && error.stack ? error.stack : errorMessage(error));
  } else if (error.detail && detailIsSafe) log.debug(error.detail);
  log.setFailed(failure.message);
  // Every failed run writes its summary: what failed and the fix, never a value (no message holds one).
  const summary = out ?? (typeof exporter === 'function' ? await exporter().catch(() => undefined) : undefined);
  try {
    if (!summary) throw new Error('no exporter');
    await summary.writeSummary(failureSummary(failure));
  } catch {
    log.debug('Could not write the job summary.');
  }
}
