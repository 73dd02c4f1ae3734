// Reads and lists secrets: bounded parallelism, one challenge per vault, and, when Key Vault throttles,
// a shared pause and fewer requests in flight, so workers back off together instead of hammering the vault.
import type { AzureAccess, SecretBundle, SecretListing, SecretStore } from './access.js';
import type { Clock } from '../util/clock.js';
import { isAbort, throttling } from '../util/sdkErrors.js';
import type { SecretReference, WildcardReference } from '../inputs/references.js';
import { refusedAudience } from './failures.js';
import { sleepWithin, timeLeftMs } from '../util/abort.js';
import { grownRate, OPENING_SLOTS, pacedGapMs, retryWaitMs, throttledRate, throttleMs } from '../util/backoff.js';

export type FetchOutcome =
  | { ref: SecretReference; bundle: SecretBundle; error?: undefined }
  | { ref: SecretReference; bundle?: undefined; error: unknown };
export type ListOutcome =
  | { vaultUrl: string; secrets: SecretListing[]; error?: undefined }
  | { vaultUrl: string; secrets?: undefined; error: unknown };

export interface FetchOptions {
  concurrency: number;
  signal: AbortSignal;
  clock: Clock;
  /** Told about each throttled attempt and the wait chosen. */
  onThrottled?: (what: string, waitMs: number) => void;
}

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

export interface Fetcher {
  /** Every reference, in order; failures come back as outcomes, never as a rejection. */
  fetchAll(refs: readonly SecretReference[]): Promise<FetchOutcome[]>;
  /** Each vault's listing, once per vault however many wildcards name it. */
  listVaults(wildcards: readonly WildcardReference[]): Promise<Map<string, ListOutcome>>;
  /** How many requests Key Vault answered 429 so far (each was retried, or failed at the deadline). */
  readonly throttled: number;
}

export function createFetcher(access: AzureAccess, options: FetchOptions): Fetcher {
  const { clock, signal } = options;
  // A run opens with OPENING_SLOTS in flight and adds one slot per success up to `concurrency` (slow start):
  // a fleet starting together then meets a full vault with a few requests each, not `concurrency`.
  const slots = new Semaphore(Math.min(options.concurrency, OPENING_SLOTS));
  /** Each vault's first request; settles with its error when that error is the whole vault's. */
  const primed = new Map<string, Promise<Error | undefined>>();
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
  let throttled = 0;
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
  /** Waits for the shared pause and then this request's turn in the pace. */
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
    slots.resize(Math.min(options.concurrency, Math.floor(slots.limit) + 1));
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

  /**
   * One call to Key Vault in a slot, retried while the vault throttles; the slot is given up while paused.
   * A call that was throttled and meets the deadline fails with its last 429: throttling is the reason.
   */
  const call = async <T>(what: string, operation: () => Promise<T>): Promise<T> => {
    let lastThrottle: unknown;
    const orThrottle = (error: unknown) => (lastThrottle !== undefined && signal.aborted ? lastThrottle : error);
    for (;;) {
      await pause().catch((error: unknown) => Promise.reject(orThrottle(error)));
      const outcome = await slots.use(async (): Promise<{ value: T } | undefined> => {
        try {
          await turn();
        } catch (error) {
          throw orThrottle(error);
        }
        const sentIn = burst;
        try {
          const value = await operation();
          succeeded();
          return { value };
        } catch (error) {
          const answer = !signal.aborted && !isAbort(error) ? throttling(error, clock.now()) : undefined;
          if (!answer) throw orThrottle(error);
          lastThrottle = error;
          throttled++;
          if (sentIn === burst) burstOf429s();
          const now = clock.now();
          const delay = retryWaitMs(throttleMs(level, clock.random), answer.retryAfterMs, timeLeftMs(signal, now));
          pausedUntil = Math.max(pausedUntil, now + delay);
          // The probe goes out when the pause ends, and not before the paced gap after the last request sent;
          // the pace starts from it.
          nextSendAt = Math.max(nextSendAt, pausedUntil);
          options.onThrottled?.(what, delay);
          return undefined;
        }
      });
      if (outcome) return outcome.value;
    }
  };

  /**
   * The first request to a vault meets its 401 challenge alone; the rest wait until it is answered (the
   * first request is sent again with a token) and reuse the answer, or until the first request ends.
   */
  const onVault = async <T>(vaultUrl: string, task: (store: SecretStore) => Promise<T>): Promise<T> => {
    const first = primed.get(vaultUrl);
    if (first) {
      // A challenge naming another audience meets every request to the vault: the rest are not sent.
      const refused = await first;
      if (refused) throw refused;
      return task(access.vault(vaultUrl));
    }
    const result = Promise.resolve().then(() => task(access.vault(vaultUrl)));
    const ended = result.then(
      () => undefined,
      (error: unknown) => (refusedAudience(error) ? (error as Error) : undefined),
    );
    const authorized = access.vault(vaultUrl).authorized;
    primed.set(vaultUrl, authorized ? Promise.race([ended, authorized.then(() => undefined)]) : ended);
    return result;
  };

  const fetchOne = async (ref: SecretReference): Promise<FetchOutcome> => {
    try {
      const bundle = await onVault(ref.vault.url, (store) =>
        call(`${ref.vault.name}/${ref.name}`, () => store.getSecret(ref.name, ref.version, signal)),
      );
      return { ref, bundle };
    } catch (error) {
      return { ref, error };
    }
  };

  return {
    fetchAll: (refs) => Promise.all(refs.map(fetchOne)),
    get throttled() {
      return throttled;
    },
    async listVaults(wildcards) {
      const vaults = new Map(wildcards.map((w) => [w.vault.url, w.vault.name]));
      const listings = await Promise.all(
        [...vaults].map(async ([vaultUrl, name]): Promise<ListOutcome> => {
          try {
            return {
              vaultUrl,
              secrets: await onVault(vaultUrl, (store) => call(`${name} (list)`, () => store.listSecrets(signal))),
            };
          } catch (error) {
            return { vaultUrl, error };
          }
        }),
      );
      return new Map(listings.map((l) => [l.vaultUrl, l]));
    },
  };
}
