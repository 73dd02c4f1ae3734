// Backoff for what the SDK does not retry: Key Vault's 429 without Retry-After (it does send
// these; the SDK's throttlingRetryStrategy honours Retry-After only and its exponential strategy skips
// 429), 429s that outlast the SDK's own retries, and IMDS errors, always within the deadline.

export const BACKOFF_BASE_MS = 1000;
export const BACKOFF_CAP_MS = 8000;

/** Roughly 1, 2, 4, 8, 8… seconds, with ±25 % jitter so parallel workers do not retry in step. */
export function backoffMs(
  attempt: number,
  random: () => number,
  baseMs = BACKOFF_BASE_MS,
  capMs = BACKOFF_CAP_MS,
): number {
  const exponential = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(exponential * (0.75 + random() * 0.5));
}

/** Key Vault's 429 without Retry-After: the first wait short, doubling with each level of throttling up to a cap. */
export const THROTTLE_FIRST_MS = 200;
export const THROTTLE_CAP_MS = 2000;

/**
 * The shared pause after a 429 at this throttling level (1, 2, 3…): 100–200, 200–400, 400–800, 800–1600, then
 * 1000–2000 ms ("equal jitter": never shorter than half, so a fleet spreads out without hammering). Chosen
 * from `npm run bench -- --fleet` measurements (README "A fleet at cron time").
 */
export function throttleMs(
  level: number,
  random: () => number,
  firstMs = THROTTLE_FIRST_MS,
  capMs = THROTTLE_CAP_MS,
): number {
  const ceiling = Math.min(capMs, firstMs * 2 ** Math.max(0, Math.min(level, 30) - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * A fleet sharing one vault (README "A fleet at cron time"): a run opens with a few requests in flight and adds
 * one per success up to `concurrency` (a lone job loses two round trips); after a burst of 429s it paces its
 * requests in time, since a window of requests in flight cannot see a limiter that counts per second: it starts
 * again at THROTTLED_RATE_CUT (0.85) of what it was admitted in the last second (at least 1 a second), doubling every
 * THROTTLED_RATE_DOUBLING_MS, and stops pacing at UNPACED_RATE. Chosen with a model (3 limiter kinds) and
 * `npm run bench -- --fleet`.
 */
export const OPENING_SLOTS = 8;
export const THROTTLED_RATE_CUT = 0.85;
export const THROTTLED_RATE_DOUBLING_MS = 300;
export const UNPACED_RATE = 2000;

/** The paced rate (requests a second) after `elapsedMs` without a 429; Infinity once it reaches UNPACED_RATE. */
export function grownRate(rate: number, elapsedMs: number): number {
  const grown = rate * 2 ** (Math.max(0, elapsedMs) / THROTTLED_RATE_DOUBLING_MS);
  return grown >= UNPACED_RATE ? Number.POSITIVE_INFINITY : grown;
}

/**
 * The wait after a request sent at `rate` before the next one, with the rate growing meanwhile (grownRate):
 * the time over which the growing rate adds up to one request, so a slow pace is not stuck at its old gap.
 */
export function pacedGapMs(rate: number): number {
  if (!Number.isFinite(rate)) return 0;
  const T = THROTTLED_RATE_DOUBLING_MS;
  return T * Math.log2(1 + (1000 * Math.LN2) / (Math.max(rate, 1e-3) * T));
}

/** The paced rate right after a burst of 429s, from the successes in the last second. */
export function throttledRate(admittedLastSecond: number): number {
  return Math.max(1, THROTTLED_RATE_CUT * admittedLastSecond);
}

/** A Retry-After header (seconds or an HTTP date) in milliseconds, if it has a usable value. */
export function retryAfterMs(header: string | undefined | null, now: number): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
