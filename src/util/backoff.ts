// Backoff for what the SDK does not retry: Key Vault's 429 without Retry-After (it does send
// these), 429s that outlast the SDK's own retries, and IMDS errors, always within the deadline.

export const BACKOFF_BASE_MS = 1000;
export const BACKOFF_CAP_MS = 8000;

/** Roughly 1, 2, 4, 8, 8… seconds, with ±25 % jitter so parallel workers do not retry in step. */
export function backoffMs(attempt: number, random: () => number, baseMs = BACKOFF_BASE_MS, capMs = BACKOFF_CAP_MS): number {
  const exponential = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(exponential * (0.75 + random() * 0.5));
}

/** A Retry-After header (seconds or an HTTP date) in milliseconds, if it has a usable value. */
export function retryAfterMs(header: string | undefined | null, now: number): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
