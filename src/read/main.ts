// The read step's story: inputs → guard → identity → vault (and resources) → export → run's command. Each stage
// lives in its folder and starts its own early work (each vault's challenge before the token, the exporter's load
// while Key Vault answers); this file only tells the order, and holds the one catch that fails the step.
import { newRun, readInputs } from '../context.js';
import { defaultDependencies } from '../dependencies.js';
import { refuseForkPullRequests } from '../guard/guard.js';
import { connect, signIn } from '../identity/connect.js';
import { identitySource } from '../identity/source.js';
import { maskPieces } from '../policy/masking.js';
import type { Dependencies, Exporter, Log } from '../ports.js';
import { fetchNamedResources } from '../resources/fetch.js';
import { ActionError, errorMessage } from '../util/errors.js';
import { SharedRemediation } from '../util/remediation.js';
import { readSecrets, startReading } from '../vault/read.js';
import { FetchFailure } from '../vault/require.js';
import { prepareCommand } from './command/prepare.js';
import { CommandFailed, runCommand } from './command/run.js';
import { exportAll } from './export/deliver.js';
import { refuseUnusableFilesGroup } from './export/filesAccess.js';
import { failureSummary } from './export/summary.js';

/** Runs the step; resolves with its deadline (`timeout` from when the inputs were read), unless the inputs had none. */
export async function run(deps?: Dependencies): Promise<AbortSignal | undefined> {
  const step = newRun(deps ?? (await defaultDependencies()));
  try {
    const ctx = readInputs(step);
    // run's shell and directory, and files-group's membership: checked before anything is fetched.
    const command = ctx.config.command && prepareCommand(ctx.config.command, ctx.deps.env, ctx.deps.platform);
    refuseUnusableFilesGroup(ctx.config.filesGroup);
    const source = identitySource(ctx.config, ctx.deps.env, ctx.deps.platform);
    await refuseForkPullRequests(ctx);
    const azure = await connect(ctx, source);
    const reading = startReading(ctx, azure.access);
    const identity = await signIn(ctx, azure);
    const resources = fetchNamedResources(ctx, identity);
    const secrets = await readSecrets(ctx, reading, identity.principalId);
    const results = { secrets, resources, token: identity.token, throttled: reading.fetcher.throttled };
    const delivered = await exportAll(ctx, results, command?.script);
    // run: the one command that gets the values; its exit status is the step's.
    if (command) await runCommand(ctx, command, delivered, await ctx.exporter.load());
  } catch (error) {
    await fail(error, step.deps.log, step.exporter.started, step.held);
  }
  return step.deadline;
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
  if (error instanceof CommandFailed) {
    // Every value is masked and out already: the command's own failure, with its exit code.
    log.setFailed(error.message);
    process.exitCode = error.exitCode;
    return;
  }
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
