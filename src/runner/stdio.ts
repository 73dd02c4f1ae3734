// Waiting for the step's own output to reach the runner. Stdout and stderr to a pipe are asynchronous
// in Node: once the pipe is full (the runner reads at its own pace), writes queue in this process,
// and process.exit() discards the queue. Lost ::add-mask:: lines are values in clear in later logs.
import type { Writable } from 'node:stream';

/**
 * After the run, stdout and stderr may drain until its deadline, and for at least this long: a run that ends
 * at the deadline (or before it had one: bad input) still hands over its last lines, the ::error:: among them,
 * to a runner that reads at an ordinary pace, instead of repeating the error on stderr.
 */
export const EXIT_GRACE_MS = 1_000;

/** Aborts once `deadline` has aborted and `graceMs` have passed (only the latter without a deadline). */
export function deadlineWithGrace(deadline: AbortSignal | undefined, graceMs: number): AbortSignal {
  const grace = AbortSignal.timeout(graceMs);
  if (!deadline) return grace;
  const both = new AbortController();
  const check = () => {
    if (deadline.aborted && grace.aborted) both.abort();
  };
  deadline.addEventListener('abort', check, { once: true });
  grace.addEventListener('abort', check, { once: true });
  check();
  return both.signal;
}

/**
 * Resolves true once everything written to `stream` so far is handed to the OS (the pipe's buffer
 * then outlives this process); false when `signal` aborts first or the stream fails (the reader left).
 * An empty write is queued behind every earlier write, so its callback means all of them are out.
 */
export function flushed(stream: Writable, signal: AbortSignal): Promise<boolean> {
  if (stream.writableLength === 0) return Promise.resolve(true);
  if (signal.aborted || stream.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      signal.removeEventListener('abort', onAbort);
      resolve(ok);
    };
    const onAbort = () => done(false);
    signal.addEventListener('abort', onAbort, { once: true });
    stream.write('', (error) => done(!error));
  });
}

/** Both of this process's output streams, flushed (see flushed). */
export async function stdioFlushed(signal: AbortSignal): Promise<boolean> {
  const [out, err] = await Promise.all([flushed(process.stdout, signal), flushed(process.stderr, signal)]);
  return out && err;
}

/** What one gathered write holds at most (about 16 masks of 1 KB): one write of them all cost peak memory at 2,000 masks. */
export const GATHER_BYTES = 16 * 1024;
/** Each gathering stream, and its length when the current batch began. */
const gathering = new WeakMap<Writable, number>();
/**
 * Holds what is written to `stream` in this tick and hands it over in one piece on the next: the first
 * call corks the stream, the next tick uncorks it (and every GATHER_BYTES in between). The 2,000 masks
 * (and the export log lines) a run writes in one synchronous stretch leave as a few writev calls instead
 * of one write, and one wake-up of the runner's reader, each. Order is kept, and flushed() counts the
 * held bytes (its empty write queues behind them and completes only once they are out).
 */
export function gather(stream: Writable): void {
  const start = gathering.get(stream);
  if (start !== undefined) {
    if (stream.writableLength - start < GATHER_BYTES) return;
    stream.uncork();
    stream.cork();
    gathering.set(stream, stream.writableLength);
    return;
  }
  gathering.set(stream, stream.writableLength);
  stream.cork();
  // A process that ends in this tick (an uncaught error) still hands over what it holds: at 'exit' the
  // write to the runner's pipe is synchronous, so the masks gathered so far are not lost with it.
  process.once('exit', release);
  process.nextTick(release);
  function release() {
    process.off('exit', release);
    if (!gathering.delete(stream)) return;
    stream.uncork();
  }
}
