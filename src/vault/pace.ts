// The run's shared pace with Key Vault: how many requests may be in flight (a Semaphore whose limit grows with
// each success) and when the next may be sent, so that when the vault throttles the workers back off together.
import type { Clock } from '../util/clock.js';
import { sleepWithin, timeLeftMs } from '../util/abort.js';
import { grownRate, OPENING_SLOTS, pacedGapMs, retryWaitMs, throttledRate, throttleMs } from '../util/backoff.js';

/** A counting semaphore: at most `limit` holders at once; the limit can change while it is in use. */
export class Semaphore {
  #limit: number;
  #active = 0;
  #waiting: (() => void)[] = [];
  constructor(limit: number) {
    this.#limit = limit;
  }
  get limit(): number {
    return this.#limit;
  }
  /** A new limit (at least 1); holders above a lowered one finish, and newcomers wait. */
  resize(limit: number): void {
    this.#limit = Math.max(1, limit);
    this.#admit();
  }
  async use<T>(task: () => Promise<T>): Promise<T> {
    if (this.#active < Math.floor(this.#limit)) this.#active++;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve)); // #admit counted it
    try {
      return await task();
    } finally {
      this.#active--;
      this.#admit();
    }
  }
  #admit(): void {
    while (this.#waiting.length > 0 && this.#active < Math.floor(this.#limit)) {
      this.#active++;
      this.#waiting.shift()!();
    }
  }
}

/** The run's pace: every call to Key Vault takes a slot, waits its turn, and reports how it went. */
export interface Pace {
  /** The requests in flight. */
  readonly slots: Semaphore;
  /** How many bursts of 429s so far: a request's answer is part of a new burst when none began since it was sent. */
  readonly burst: number;
  /** Waits for the shared pause. */
  pause(): Promise<void>;
  /** Waits for the shared pause and then this request's turn in the pace. */
  turn(): Promise<void>;
  /** A request Key Vault answered. */
  succeeded(): void;
  /** A request Key Vault throttled, sent during burst `sentIn`: returns the shared pause it set. */
  throttled(sentIn: number, retryAfterMs: number | undefined): number;
}

export function createPace(clock: Clock, signal: AbortSignal, concurrency: number): Pace {
  // A run opens with OPENING_SLOTS in flight and adds one slot per success up to `concurrency` (slow start):
  // a fleet starting together then meets a full vault with a few requests each, not `concurrency`.
  const slots = new Semaphore(Math.min(concurrency, OPENING_SLOTS));
  // When Key Vault throttles, the whole run slows down together: one shared pause, a throttling level that
  // sets its length (throttleMs), one request in flight again (a probe), and requests paced in time: a
  // vault's limit counts requests per second, which a window of requests in flight cannot see at a round
  // trip of milliseconds. Each burst of 429s (the answers to requests sent before the last one was seen)
  // counts once: it raises the level, sets the pace to a share of what the vault admitted this run in the
  // last second, or a few a second for a run that has no such history, halving on each burst that follows
  // (throttledRate), and closes the window. Each success lowers the level, adds a slot and
  // speeds the pace up (grownRate), until the run is unpaced again. A 429's Retry-After only ever lengthens
  // the pause (retryWaitMs): a hostile 0 or past date must not turn the probe into a request storm.
  let pausedUntil = 0;
  let level = 0;
  let burst = 0;
  let rate = Number.POSITIVE_INFINITY; // requests a second while paced
  let rateAt = 0;
  let nextSendAt = 0;
  const admitted: number[] = []; // when the successes of the last second came back
  const pause = async () => {
    const wait = pausedUntil - clock.now();
    if (wait > 0) await sleepWithin(clock, wait, signal);
  };
  /** The pace as it has grown by `now` (grownRate; Infinity: not paced). */
  const paceAt = (now: number) => {
    if (Number.isFinite(rate) && now > rateAt) {
      rate = grownRate(rate, now - rateAt);
      rateAt = now;
    }
    return rate;
  };
  /** How many successes came back in the second before `now` (older ones are dropped). */
  const admittedInLastSecond = (now: number) => {
    while (admitted.length > 0 && now - admitted[0]! >= 1000) admitted.shift();
    return admitted.length;
  };
  const turn = async () => {
    for (;;) {
      await pause();
      const now = clock.now();
      paceAt(now);
      const at = Math.max(now, nextSendAt);
      nextSendAt = Number.isFinite(rate) ? at + pacedGapMs(rate) : 0;
      if (at > now) await sleepWithin(clock, at - now, signal);
      if (pausedUntil <= clock.now()) return;
    }
  };
  const succeeded = () => {
    const now = clock.now();
    admitted.push(now);
    admittedInLastSecond(now);
    level = Math.max(0, level - 1);
    slots.resize(Math.min(concurrency, Math.floor(slots.limit) + 1));
    paceAt(now);
  };
  const burstOf429s = () => {
    const now = clock.now();
    burst++;
    level = Math.min(level + 1, 6); // 6: past the cap, so recovery is quick
    rate = throttledRate(admittedInLastSecond(now), paceAt(now));
    rateAt = now;
    slots.resize(1);
  };

  /** The pause after a 429, set for every worker. */
  const throttledAnswer = (sentIn: number, retryAfterMs: number | undefined) => {
    if (sentIn === burst) burstOf429s();
    const now = clock.now();
    const delay = retryWaitMs(throttleMs(level, clock.random), retryAfterMs, timeLeftMs(signal, now));
    pausedUntil = Math.max(pausedUntil, now + delay);
    // The probe goes out when the pause ends, and not before the paced gap after the last request sent;
    // the pace starts from it.
    nextSendAt = Math.max(nextSendAt, pausedUntil);
    return delay;
  };
  return {
    slots,
    get burst() {
      return burst;
    },
    pause,
    turn,
    succeeded,
    throttled: throttledAnswer,
  };
}
