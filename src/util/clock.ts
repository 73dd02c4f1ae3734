// Time, waiting and randomness, injectable so retry and deadline logic is tested without real waits.
import { setTimeout as delay } from 'node:timers/promises';

// Function-typed properties, not methods: callers pass `clock.random` on its own, so none may use `this`.
export interface Clock {
  now: () => number;
  /** Waits ms, or rejects when signal aborts. */
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** A number in [0, 1). */
  random: () => number;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => delay(ms, undefined, { signal }),
  random: () => Math.random(),
};
