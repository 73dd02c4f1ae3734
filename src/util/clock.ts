// Time, waiting and randomness, injectable so retry and deadline logic is tested without real waits.
import { setTimeout as delay } from 'node:timers/promises';

/** The longest delay a Node timer holds: setTimeout turns anything longer into 1 ms (TimeoutOverflowWarning). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

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
  // Held to what a timer can hold: past it, a wait of weeks would end after 1 ms.
  sleep: (ms, signal) => delay(Math.min(Math.max(0, ms), MAX_TIMER_MS), undefined, { signal }),
  random: () => Math.random(),
};
