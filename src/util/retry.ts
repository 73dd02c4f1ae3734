// The one retry loop for a request asked again within the step's deadline: what a failure means is the
// caller's (classify), and every pause follows the rule in backoff.ts (retryWaitMs), cut to the time left (sleepWithin).
import { sleepWithin } from './abort.js';
import { retryWaitMs } from './backoff.js';
import type { Clock } from './clock.js';

/** A failure worth another attempt: the pause before it, and what to throw if the deadline ends that pause. */
export interface RetryAgain {
  /** The action's own pause (a backoff). */
  backoffMs: number;
  /** The service's Retry-After: a lower bound on the pause, never the pause itself. */
  retryAfterMs?: number | undefined;
  /** The error to throw when the deadline ends the pause; without one, the deadline's own reason. */
  onDeadline?: () => unknown;
}

/**
 * `attempt` (counted from 0) until it succeeds. After each failure, `classify` either throws (a refusal,
 * or the deadline already over) or says how long to pause before the next attempt; the pause is
 * retryWaitMs's, and ends when the deadline does.
 */
export async function retryWithin<T>(
  deadline: AbortSignal,
  clock: Clock,
  attempt: (n: number) => Promise<T>,
  classify: (error: unknown, n: number) => RetryAgain | Promise<RetryAgain>,
): Promise<T> {
  for (let n = 0; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      const again = await classify(error, n);
      try {
        await sleepWithin(clock, retryWaitMs(again.backoffMs, again.retryAfterMs), deadline);
      } catch (waitError) {
        throw again.onDeadline ? again.onDeadline() : waitError;
      }
    }
  }
}
