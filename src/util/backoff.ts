// The action's own waits before asking a service again: backoff, Key Vault's shared pause and pace, and the
// one rule every client's retry follows (retryWaitMs): a service's Retry-After is a lower bound on the
// action's own pause, never the pause itself, and no wait outlasts the deadline. The SDKs' own retries are
// off or replaced (azure/retryPolicy.ts): a Retry-After of 0, a past date or a few milliseconds made the
// SDK's throttling retry ask again at once, three times per call.
import { MAX_TIMER_MS } from './clock.js';

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
 * from `npm run bench -- --fleet` measurements (docs/performance.md, "A fleet at cron time").
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
 * A fleet sharing one vault (docs/performance.md, "A fleet at cron time"): a run opens with OPENING_SLOTS requests in flight
 * and adds one per success up to `concurrency` (slow start: a lone job reaches 32 in about five round trips); after a
 * burst of 429s it paces its requests in time, since a window of requests in flight cannot see a limiter that
 * counts per second: it starts again at THROTTLED_RATE_CUT (0.85) of what it was admitted in the last second,
 * or at least THROTTLED_RATE_FLOOR a second when it was paced faster than twice that (a run that met a full
 * vault at its first requests has no history: starting from 1 a second made it the fleet's
 * tail), else half its pace (so many runs meeting a vault that stays full come down to 1 a second each),
 * doubling every THROTTLED_RATE_DOUBLING_MS, and stops pacing at UNPACED_RATE. Chosen with the stand-in's
 * timeline (`npm run bench -- --fleet 12 --timeline`) and measurements; docs/performance.md, "A fleet at cron time".
 */
export const OPENING_SLOTS = 8;
export const THROTTLED_RATE_FLOOR = 10;
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

/**
 * The paced rate right after a burst of 429s, from the successes in the last second and the pace the run had
 * reached (Infinity: not paced): a share of the successes, and at least THROTTLED_RATE_FLOOR or half the pace,
 * whichever is lower, and 1.
 */
export function throttledRate(admittedLastSecond: number, pacedAt = Number.POSITIVE_INFINITY): number {
  return Math.max(1, THROTTLED_RATE_CUT * admittedLastSecond, Math.min(THROTTLED_RATE_FLOOR, pacedAt / 2));
}

/**
 * The wait before asking a service again, for every client the action runs (Key Vault, the identity
 * endpoints, Entra ID, ARM, ACR, GitHub): the action's own pause (`ownMs`: a backoff, the shared pause),
 * lengthened to the service's Retry-After, which is a lower bound and never the pause (0, a date in the
 * past, a few milliseconds or garbage shorten nothing), then cut to the time left before the deadline and
 * to what a timer can hold.
 */
export function retryWaitMs(
  ownMs: number,
  retryAfter: number | undefined,
  leftMs: number = Number.POSITIVE_INFINITY,
): number {
  const atLeast = (ms: number | undefined) => (ms === undefined || Number.isNaN(ms) ? 0 : Math.max(0, ms));
  return Math.min(Math.max(atLeast(ownMs), atLeast(retryAfter)), atLeast(leftMs), MAX_TIMER_MS);
}

const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const TIME = '\\d{2}:\\d{2}:\\d{2}';
/**
 * The three forms of an HTTP date (RFC 9110 §5.6.7): IMF-fixdate, RFC 850 and asctime (which has no zone: GMT).
 * Only these are read as dates: Date.parse reads almost anything as one ("-1" is 2001).
 */
const HTTP_DATES = [
  new RegExp(`^${DAY}, \\d{2} ${MONTH} \\d{4} ${TIME} GMT$`, 'i'),
  new RegExp(`^${DAY}[a-z]{3,6}, \\d{2}-${MONTH}-\\d{2} ${TIME} GMT$`, 'i'),
  new RegExp(`^${DAY} ${MONTH} [ \\d]\\d ${TIME} \\d{4}$`, 'i'),
];

/** A Retry-After header (seconds or an HTTP date) in milliseconds, if it has a usable value. */
export function retryAfterMs(header: string | undefined | null, now: number): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const form = HTTP_DATES.findIndex((f) => f.test(trimmed));
  if (form === -1) return undefined;
  const date = Date.parse(form === 2 ? `${trimmed} GMT` : trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
