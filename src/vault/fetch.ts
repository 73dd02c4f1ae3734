// Reads and lists secrets: bounded parallelism, one challenge per vault, and each call retried while Key
// Vault throttles, in the run's shared pace (pace.ts), so workers back off together instead of hammering the vault.
import type { AzureAccess, SecretBundle, SecretListing, SecretStore } from '../ports.js';
import type { Clock } from '../util/clock.js';
import { factsOf, isAbort, throttling } from '../util/sdkErrors.js';
import type { SecretReference, WildcardReference } from '../inputs/references.js';
import { refusedAudience } from './failures.js';
import { createPace } from './pace.js';

/** A reference, and the wildcard that matched it when a listing named it. */
type FetchedReference = SecretReference & { matchedBy?: string };

/** A secret read, with the reference that named it (or the wildcard that matched it). */
export interface FetchedSecret {
  ref: FetchedReference;
  bundle: SecretBundle;
}

export type FetchOutcome =
  | { ref: FetchedReference; bundle: SecretBundle; error?: undefined }
  | { ref: FetchedReference; bundle?: undefined; error: unknown };
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

export interface Fetcher {
  /** Every reference, in order; failures come back as outcomes, never as a rejection. */
  fetchAll(refs: readonly SecretReference[]): Promise<FetchOutcome[]>;
  /** Each vault's listing, once per vault however many wildcards name it. */
  listVaults(wildcards: readonly WildcardReference[]): Promise<Map<string, ListOutcome>>;
  /**
   * One call of the caller's own to a vault (the set step's writes), with the same pace, 429 handling and
   * challenge rule: a vault's first call meets the challenge alone, the rest start once it is answered.
   */
  call<T>(vaultUrl: string, what: string, operation: (store: SecretStore) => Promise<T>): Promise<T>;
  /** How many requests Key Vault answered 429 so far (each was retried, or failed at the deadline). */
  readonly throttled: number;
}

export function createFetcher(access: AzureAccess, options: FetchOptions): Fetcher {
  const { clock, signal } = options;
  const pace = createPace(clock, signal, options.concurrency);
  /** Each vault's first request; settles with its error when that error is the whole vault's. */
  const primed = new Map<string, Promise<Error | undefined>>();
  let throttled = 0;

  /**
   * One call to Key Vault in a slot, retried while the vault throttles; the slot is given up while paused.
   * A call that was throttled and meets the deadline fails with its last 429: throttling is the reason.
   */
  const call = async <T>(what: string, operation: () => Promise<T>): Promise<T> => {
    let lastThrottle: unknown;
    const orThrottle = (error: unknown) => (lastThrottle !== undefined && signal.aborted ? lastThrottle : error);
    for (;;) {
      await pace.pause().catch((error: unknown) => Promise.reject(orThrottle(error)));
      const outcome = await pace.slots.use(async (): Promise<{ value: T } | undefined> => {
        try {
          await pace.turn();
        } catch (error) {
          throw orThrottle(error);
        }
        const sentIn = pace.burst;
        try {
          const value = await operation();
          pace.succeeded();
          return { value };
        } catch (error) {
          const answer = !signal.aborted && !isAbort(error) ? throttling(error, clock.now()) : undefined;
          if (!answer) throw orThrottle(error);
          lastThrottle = error;
          throttled++;
          const delay = pace.throttled(sentIn, answer.retryAfterMs);
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
        call(`${ref.vault.name}/${ref.name}`, () =>
          ref.pem ? getAsPem(store, ref, signal) : store.getSecret(ref.name, ref.version, signal),
        ),
      );
      return { ref, bundle };
    } catch (error) {
      return { ref, error };
    }
  };

  return {
    fetchAll: (refs) => Promise.all(refs.map(fetchOne)),
    call: (vaultUrl, what, operation) => onVault(vaultUrl, (store) => call(what, () => operation(store))),
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

/**
 * A pem: reference asks Key Vault for the certificate as PEM. Key Vault refuses that (400 BadParameter) for a secret
 * that is not a certificate's own, or whose content it cannot convert: such a secret is then read as it is, once more,
 * since a PEM bundle kept as a plain secret serves as well. What came back is the export stage's to judge.
 */
async function getAsPem(store: SecretStore, ref: SecretReference, signal: AbortSignal): Promise<SecretBundle> {
  try {
    return await store.getSecret(ref.name, ref.version, signal, 'pem');
  } catch (error) {
    const facts = factsOf(error);
    if (signal.aborted || facts.status !== 400 || facts.code !== 'BadParameter') throw error;
    return store.getSecret(ref.name, ref.version, signal);
  }
}
