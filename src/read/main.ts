// The read step's story: inputs → guard → identity → vault (and resources) → export → run's command. Each stage
// lives in its folder and starts its own early work (each vault's challenge before the token, the exporter's load
// while Key Vault answers); this file only tells the order, and holds the one catch that fails the step.
import { newRun, readInputs, type Run } from '../context.js';
import { defaultDependencies } from '../dependencies.js';
import { refuseForkPullRequests } from '../guard/guard.js';
import { connect, signIn } from '../identity/connect.js';
import { identitySource } from '../identity/source.js';
import { maskPieces } from '../policy/masking.js';
import type { Dependencies, Log } from '../ports.js';
import { fetchNamedResources } from '../resources/fetch.js';
import { ActionError, errorMessage } from '../util/errors.js';
import { say } from '../messages/catalogue.js';
import { readSecrets, startReading } from '../vault/read.js';
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
    await fail(error, step.deps.log, step.exporter, step.held);
  }
  return step.deadline;
}

/**
 * Reports the failure: the user's message as the one error, SDK text in the debug log only, and
 * that only once the token and every value this run holds are masked; then the same failure in the
 * job summary. A failure before any stage started the exporter's load (bad input included) holds no
 * value: the exporter is loaded then (@actions/core's file commands are local, no request).
 */
async function fail(error: unknown, log: Log, exporter: Run['exporter'], held: readonly string[]): Promise<void> {
  if (error instanceof CommandFailed) {
    // Every value is masked and out already: the command's own failure, with its exit code.
    log.setFailed(error.message);
    process.exitCode = error.exitCode;
    return;
  }
  const { started } = exporter;
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
  const summary = out ?? (started ? undefined : await exporter.load().catch(() => undefined));
  try {
    if (!summary) throw new Error('no exporter');
    await summary.writeSummary(failureSummary(failure));
  } catch {
    log.debug('Could not write the job summary.');
  }
}
