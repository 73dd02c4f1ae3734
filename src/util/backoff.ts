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

/** A Retry-After header (seconds or an HTTP date) in milliseconds, if it has a usable value. */
export function retryAfterMs(header: string | undefined | null, now: number): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
