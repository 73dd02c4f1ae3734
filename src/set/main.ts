// The set step's story: inputs → who may write → values (read and masked) → identity → write → outputs and summary.
// Everything that can be refused without a request is refused before the first one; this file only tells the order,
// and holds the one catch that fails the step.
import { newRun, type Run, type RunContext } from '../context.js';
import { defaultDependencies } from '../dependencies.js';
import { forkVerdict } from '../guard/forkGuard.js';
import { refuseForkPullRequests } from '../guard/guard.js';
import { acquireToken } from '../identity/acquire.js';
import { connect } from '../identity/connect.js';
import { identitySource } from '../identity/source.js';
import { principalOf } from '../identity/token.js';
import { maskPieces } from '../policy/masking.js';
import type { Dependencies } from '../ports.js';
import { deadlineIn } from '../util/abort.js';
import { ActionError, errorMessage } from '../util/errors.js';
import { say } from '../messages/catalogue.js';
import { readSetConfig, type SetConfig } from './inputs.js';
import { summary } from './summary.js';
import { loadValues } from './values.js';
import { requireAllWritten, writeAll } from './write.js';

/** Pull-request events: a pull request may not write unless the workflow says so. */
const PULL_REQUEST_EVENTS = [
  'pull_request',
  'pull_request_target',
  'pull_request_review',
  'pull_request_review_comment',
];

/** Runs the step; resolves with its deadline (`timeout` from when the inputs were read), unless the inputs had none. */
export async function run(deps?: Dependencies): Promise<AbortSignal | undefined> {
  const step = newRun(deps ?? (await defaultDependencies()));
  try {
    const { ctx, set } = readSetInputs(step);
    await refuseUntrustedWriters(ctx, set);
    const values = await loadValues(ctx, set);
    const source = identitySource(ctx.config, ctx.deps.env, ctx.deps.platform);
    const azure = await connect(ctx, source);
    // The vault's first request goes out before the token exists, to meet the challenge alone (vault/fetch.ts).
    const signedIn: { principalId?: string } = {};
    const writing = writeAll(ctx, azure.access, set, values, () => signedIn.principalId);
    const token = await acquireToken(ctx, azure);
    ctx.hold(token.token);
    signedIn.principalId = principalOf(token.token).objectId;
    const outcomes = await writing;
    requireAllWritten(outcomes);
    const out = await ctx.exporter.load();
    const versions = Object.fromEntries(outcomes.map((o) => [o.loaded.secret.name, o.version ?? '']));
    out.setOutput('versions', JSON.stringify(versions));
    if (outcomes.length === 1) out.setOutput('version', outcomes[0]!.version ?? '');
    for (const o of outcomes)
      ctx.deps.log.info(
        `${o.loaded.secret.name}: ${o.skipped ? 'unchanged, left alone at' : 'written as'} version ${o.version}` +
          (o.disabled.length > 0 ? `; disabled older versions ${o.disabled.join(', ')}` : ''),
      );
    await out.writeSummary(summary(set, outcomes)).catch(() => ctx.deps.log.debug('Could not write the job summary.'));
  } catch (error) {
    await fail(error, step);
  }
  return step.deadline;
}

function readSetInputs(step: Run): { ctx: RunContext; set: SetConfig } {
  const { config, set } = readSetConfig((name) => step.deps.log.getInput(name), step.deps.env, step.deps.clock.now());
  const deadline = deadlineIn(config.timeoutSeconds * 1000, step.deps.clock);
  return { ctx: Object.assign(step, { config, deadline }), set };
}

/** A pull request may not write unless the workflow allows it; a fork's never may (the shared fork guard). */
async function refuseUntrustedWriters(ctx: RunContext, set: SetConfig): Promise<void> {
  const { eventName, payload } = await ctx.deps.event();
  const commentOnPullRequest =
    eventName === 'issue_comment' && Boolean((payload.issue as { pull_request?: unknown } | undefined)?.pull_request);
  if (!set.allowPullRequests && (PULL_REQUEST_EVENTS.includes(eventName) || commentOnPullRequest))
    throw new ActionError(say('set.pull-request-refused', { event: eventName }));
  const verdict = forkVerdict({ eventName, payload });
  if (verdict.kind === 'fork') throw new ActionError(say('set.fork-refused', { head: verdict.head }));
  // A comment's pull request: looked up by the shared guard, which fails closed.
  if (verdict.kind === 'look-up') await refuseForkPullRequests(ctx);
}

/** The user's message as the one error; SDK text in the debug log only, once every value this run holds is masked. */
async function fail(error: unknown, step: Run): Promise<void> {
  const { log } = step.deps;
  // The values were masked through the log as they were read; the failure path masks again through the exporter.
  const out = step.held.length > 0 ? await step.exporter.load().catch(() => undefined) : undefined;
  if (out) for (const value of step.held) for (const piece of maskPieces(value)) out.setSecret(piece);
  if (!(error instanceof ActionError)) {
    if (out || step.held.length === 0)
      log.debug(error instanceof Error && error.stack ? error.stack : errorMessage(error));
    log.setFailed(say('run.unexpected', { kind: error instanceof Error ? error.name : typeof error }).text);
    return;
  }
  if (error.detail && (out || step.held.length === 0)) log.debug(error.detail);
  log.setFailed(error.message);
}
