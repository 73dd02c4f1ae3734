// Fetches every reference: bounded parallelism, one challenge per vault, and a shared pause when
// Key Vault throttles, so workers back off together instead of hammering the vault.
import type { AzureAccess, SecretBundle } from './access.js';
import type { Clock } from './clock.js';
import { isAbort, throttling } from './failures.js';
import type { SecretReference } from './references.js';
import { backoffMs } from './retry.js';

export type FetchOutcome = { ref: SecretReference; bundle: SecretBundle; error?: undefined } | { ref: SecretReference; bundle?: undefined; error: unknown };

export interface FetchOptions {
  concurrency: number;
  signal: AbortSignal;
  clock: Clock;
  /** Told about each throttled attempt and the wait chosen. */
  onThrottled?: (ref: SecretReference, waitMs: number) => void;
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

/** Groups references by vault, keeping their order. */
export function byVault(refs: readonly SecretReference[]): Map<string, SecretReference[]> {
  const groups = new Map<string, SecretReference[]>();
  for (const ref of refs) {
    const group = groups.get(ref.vault.url) ?? [];
    group.push(ref);
    groups.set(ref.vault.url, group);
  }
  return groups;
}

export async function fetchSecrets(refs: readonly SecretReference[], access: AzureAccess, options: FetchOptions): Promise<FetchOutcome[]> {
  const { clock, signal } = options;
  const slots = new Semaphore(options.concurrency);
  let pausedUntil = 0;

  const fetchOne = async (ref: SecretReference): Promise<FetchOutcome> => {
    for (let attempt = 0; ; attempt++) {
      const wait = pausedUntil - clock.now();
      try {
        if (wait > 0) await clock.sleep(wait, signal);
        return { ref, bundle: await access.vault(ref.vault.url).getSecret(ref.name, ref.version, signal) };
      } catch (error) {
        const throttled = !signal.aborted && !isAbort(error) ? throttling(error, clock.now()) : undefined;
        if (!throttled) return { ref, error };
        const delay = throttled.retryAfterMs ?? backoffMs(attempt, clock.random);
        pausedUntil = Math.max(pausedUntil, clock.now() + delay);
        options.onThrottled?.(ref, delay);
      }
    }
  };

  const outcomes = new Map<SecretReference, FetchOutcome>();
  await Promise.all(
    [...byVault(refs).values()].map(async ([first, ...rest]) => {
      // The first request of a vault meets its 401 challenge alone; the rest reuse the answer.
      outcomes.set(first!, await slots.use(() => fetchOne(first!)));
      await Promise.all(rest.map(async (ref) => outcomes.set(ref, await slots.use(() => fetchOne(ref)))));
    }),
  );
  return refs.map((ref) => outcomes.get(ref)!);
}
