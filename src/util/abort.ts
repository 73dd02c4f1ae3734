// Waiting on something that takes no abort signal (MSAL's token request, a shared promise) without
// outliving the deadline, and the time left before the deadline, to which every wait is cut.
import type { Clock } from './clock.js';

interface SignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** Settles with the promise, or rejects with the signal's reason as soon as it aborts. */
export function untilAborted<T>(promise: Promise<T>, signal: SignalLike | undefined): Promise<T> {
  if (!signal) return promise;
  const reason = (): unknown => signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
  if (signal.aborted) {
    promise.catch(() => {}); // left behind: its rejection is nobody's (an unhandled one ends the process)
    return Promise.reject(reason());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(reason());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * When each deadline ends, in its clock's time. Kept beside the signal rather than passed along with it: the
 * step's one deadline reaches every client as an AbortSignal (through the SDKs' own options), and any of them
 * can then cut a wait to the time left.
 */
const ends = new WeakMap<AbortSignal, number>();

/** Marks `signal` as a deadline that aborts at `at` (clock time); returns it. */
export function endingAt<T extends AbortSignal>(signal: T, at: number): T {
  ends.set(signal, at);
  return signal;
}

/** The step's deadline: a signal that aborts (TimeoutError) `ms` from now, its end known to timeLeftMs. */
export function deadlineIn(ms: number, clock: Clock): AbortSignal {
  return endingAt(AbortSignal.timeout(ms), clock.now() + ms);
}

/** The time before `signal`'s deadline: 0 once it has aborted, Infinity when no end is known for it. */
export function timeLeftMs(signal: AbortSignal | undefined, now: number): number {
  if (signal?.aborted) return 0;
  const end = signal ? ends.get(signal) : undefined;
  return end === undefined ? Number.POSITIVE_INFINITY : Math.max(0, end - now);
}

/** How long a wait that reached the deadline's end waits on for its abort (see sleepWithin). */
const DEADLINE_TIMER_LAG_MS = 1000;

/**
 * Waits `ms`, cut to the time left before the deadline; rejects with the deadline's reason when it aborts.
 * A wait that reaches the deadline's end then waits for the abort itself (for at most a second): the
 * deadline's timer can fire a moment after the clock reaches its end, and a wait the deadline cut short
 * must not be followed by another request meanwhile.
 */
export async function sleepWithin(clock: Clock, ms: number, deadline: AbortSignal | undefined): Promise<void> {
  const signal = deadline ?? new AbortController().signal;
  await clock.sleep(Math.min(ms, timeLeftMs(deadline, clock.now())), signal);
  if (deadline && timeLeftMs(deadline, clock.now()) <= 0) await clock.sleep(DEADLINE_TIMER_LAG_MS, deadline);
}
