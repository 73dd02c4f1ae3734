// What the export wrote, and how to take it back, until the step's process exits. The runner reads the
// file command files after the step however it ended (ActionRunner.cs processes them in a `finally`),
// failed or cancelled too, and the post step removes what the saved state names. So an export is only
// kept when the step exits with 0: a failure after the first write, or the runner's cancellation, takes
// all of it back first. The runner cancels a node action by signalling its process (ProcessInvoker.cs:
// SIGINT, or CTRL_C on Windows; SIGTERM / CTRL_BREAK 7.5 s later; the whole tree killed 2.5 s after that).
// A signal with a listener reaches JavaScript only between two synchronous stretches, and the export's
// writes are one such stretch (publish.ts): a signal lands before it or after it, never inside it.
// Loaded by the entry point before anything else, so it imports nothing heavy.
import { constants, EOL } from 'node:os';

/**
 * Takes back one write; run newest first, and told whether every newer one was taken back completely (so
 * the file command checkpoint keeps the saved state when a secret file is still there for the post step).
 * Returns whether this one was.
 */
export type Undo = (laterComplete: boolean) => boolean;

const undos: Undo[] = [];
/** Whether keepExportOnlyOnSuccess has put its signal handlers in place (the entry point always does). */
let cancelling = false;

/** Records how to take back a write the export is about to make. */
export function recordUndo(undo: Undo): void {
  undos.push(undo);
}

/** Takes back everything recorded so far, newest first, and forgets it. Whether there was anything to take back. */
export function rollBack(): boolean {
  if (undos.length === 0) return false;
  let complete = true;
  for (const undo of undos.splice(0).reverse()) {
    try {
      complete = undo(complete) && complete;
    } catch {
      complete = false;
    }
  }
  return true;
}

/** The signals the runner cancels a step with (Node reports CTRL_C as SIGINT and CTRL_BREAK as SIGBREAK). */
const CANCEL_SIGNALS: readonly NodeJS.Signals[] =
  process.platform === 'win32' ? ['SIGINT', 'SIGBREAK', 'SIGTERM'] : ['SIGINT', 'SIGTERM'];

/**
 * For the rest of this process: a cancellation signal takes the export back (if one was written) and exits
 * at once with 128 + the signal's number, as Node itself would; any exit with a code other than 0 takes
 * the export back too (a failure, or an uncaught error, after the first write).
 */
export function keepExportOnlyOnSuccess(): void {
  process.on('exit', (code) => {
    if (code !== 0) rollBack();
  });
  for (const signal of CANCEL_SIGNALS) process.on(signal, cancelled);
  cancelling = true;
}

/**
 * The export is final from here on: nothing recorded so far is taken back any more. For run's command,
 * once the values went to it alone: it owns the step's file commands (its outputs, its summary lines) from
 * then on, and the step removes the files itself when the command ends.
 */
export function settle(): void {
  undos.length = 0;
}

/**
 * While run's command runs, a cancellation signal is passed to `forward` (the command) instead of ending this
 * process: the command gets the runner's whole grace (SIGINT, then SIGTERM 7.5 s later, then the process tree
 * killed 2.5 s after that) to save its work, and the step ends when it does. Returns what puts the usual
 * handling back.
 */
export function forwardCancellation(forward: (signal: NodeJS.Signals) => void): () => void {
  const handler = (signal: NodeJS.Signals) => {
    process.stderr.write(`Cancelled (${signal}): passed on to the command; the step ends when it does.${EOL}`);
    forward(signal);
  };
  for (const signal of CANCEL_SIGNALS) {
    if (cancelling) process.off(signal, cancelled);
    process.on(signal, handler);
  }
  return () => {
    for (const signal of CANCEL_SIGNALS) {
      process.off(signal, handler);
      if (cancelling) process.on(signal, cancelled);
    }
  };
}

function cancelled(signal: NodeJS.Signals): void {
  const tookBack = rollBack();
  // Stderr: stdout may still be queued behind the runner's slow reads, and is dropped at exit. Nothing
  // queued there can leak for it: no value is in a file any more, and nothing after a mask reaches the
  // runner before it.
  process.stderr.write(
    `Cancelled (${signal}): ${tookBack ? 'took back every output, env var and file this step had written; ' : ''}nothing was exported.${EOL}`,
  );
  process.exit(128 + (constants.signals[signal] ?? 0));
}
