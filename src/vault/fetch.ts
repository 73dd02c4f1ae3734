// Reads and lists secrets: bounded parallelism, one challenge per vault, and a shared pause when
// Key Vault throttles, so workers back off together instead of hammering the vault.
import type { AzureAccess, SecretBundle, SecretListing, SecretStore } from './access.js';
import type { Clock } from '../util/clock.js';
import { isAbort, throttling } from '../util/sdkErrors.js';
import type { SecretReference, WildcardReference } from '../inputs/references.js';
import { backoffMs } from '../util/backoff.js';

export type FetchOutcome = { ref: SecretReference; bundle: SecretBundle; error?: undefined } | { ref: SecretReference; bundle?: undefined; error: unknown };
export type ListOutcome = { vaultUrl: string; secrets: SecretListing[]; error?: undefined } | { vaultUrl: string; secrets?: undefined; error: unknown };

export interface FetchOptions {
  concurrency: number;
  signal: AbortSignal;
  clock: Clock;
  /** Told about each throttled attempt and the wait chosen. */
  onThrottled?: (what: string, waitMs: number) => void;
}

/** A counting semaphore: at most `limit` holders at once. */
export class Semaphore {
  #free: number;
  #waiting: (() => void)[] = [];
  constructor(limit: number) {
    this.#free = limit;
  }
  async use<T>(task: () => Promise<T>): Promise<T> {
    if (this.#free > 0) this.#free--;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#free++;
    }
  }
}

export interface Fetcher {
  /** Every reference, in order; failures come back as outcomes, never as a rejection. */
  fetchAll(refs: readonly SecretReference[]): Promise<FetchOutcome[]>;
  /** Each vault's listing, once per vault however many wildcards name it. */
  listVaults(wildcards: readonly WildcardReference[]): Promise<Map<string, ListOutcome>>;
}

export function createFetcher(access: AzureAccess, options: FetchOptions): Fetcher {
  const { clock, signal } = options;
  const slots = new Semaphore(options.concurrency);
  const primed = new Map<string, Promise<unknown>>();
  let pausedUntil = 0;

  /** One call to Key Vault in a slot, retried while the vault throttles. */
  const call = <T>(what: string, operation: () => Promise<T>): Promise<T> =>
    slots.use(async () => {
      for (let attempt = 0; ; attempt++) {
        const wait = pausedUntil - clock.now();
        try {
          if (wait > 0) await clock.sleep(wait, signal);
          return await operation();
        } catch (error) {
          const throttled = !signal.aborted && !isAbort(error) ? throttling(error, clock.now()) : undefined;
          if (!throttled) throw error;
          const delay = throttled.retryAfterMs ?? backoffMs(attempt, clock.random);
          pausedUntil = Math.max(pausedUntil, clock.now() + delay);
          options.onThrottled?.(what, delay);
        }
      }
    });

  /** The first request to a vault meets its 401 challenge alone; the rest wait for it and reuse the answer. */
  const onVault = async <T>(vaultUrl: string, task: (store: SecretStore) => Promise<T>): Promise<T> => {
    const first = primed.get(vaultUrl);
    if (first) {
      await first;
      return task(access.vault(vaultUrl));
    }
    const result = Promise.resolve().then(() => task(access.vault(vaultUrl)));
    primed.set(vaultUrl, result.catch(() => undefined));
    return result;
  };

  const fetchOne = async (ref: SecretReference): Promise<FetchOutcome> => {
    try {
      const bundle = await onVault(ref.vault.url, (store) => call(`${ref.vault.name}/${ref.name}`, () => store.getSecret(ref.name, ref.version, signal)));
      return { ref, bundle };
    } catch (error) {
      return { ref, error };
    }
  };

  return {
    fetchAll: (refs) => Promise.all(refs.map(fetchOne)),
    async listVaults(wildcards) {
      const vaults = new Map(wildcards.map((w) => [w.vault.url, w.vault.name]));
      const listings = await Promise.all(
        [...vaults].map(async ([vaultUrl, name]): Promise<ListOutcome> => {
          try {
            return { vaultUrl, secrets: await onVault(vaultUrl, (store) => call(`${name} (list)`, () => store.listSecrets(signal))) };
          } catch (error) {
            return { vaultUrl, error };
          }
        }),
      );
      return new Map(listings.map((l) => [l.vaultUrl, l]));
    },
  };
}
