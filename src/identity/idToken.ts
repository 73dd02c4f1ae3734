// GitHub OIDC: the job's ID token, asked for again when GitHub's endpoint fails in passing (5xx, 429, a
// dropped or unanswered connection), each request bounded by a short timeout and all within the step's
// deadline. A rejection is never kept: only an issued token is (one per run).
import { untilAborted } from '../util/abort.js';
import { backoffMs, retryAfterMs } from '../util/backoff.js';
import type { Clock } from '../util/clock.js';
import { retryWithin } from '../util/retry.js';
import { factsOf } from '../util/sdkErrors.js';

/** The longest one ID-token request may take before it is given up and asked again. */
export const ID_TOKEN_ATTEMPT_MS = 10_000;
/** The pause after a failed request: about 0.5, 1, 2, 4, 4… s, jittered. */
export const ID_TOKEN_BACKOFF_BASE_MS = 500;
export const ID_TOKEN_BACKOFF_CAP_MS = 4000;

/** Per request: 10 s, or a third of the step's timeout when that is shorter (so three attempts fit), but at least 1 s. */
export function idTokenAttemptMs(timeoutSeconds: number): number {
  return Math.max(1000, Math.min(ID_TOKEN_ATTEMPT_MS, Math.round((timeoutSeconds * 1000) / 3)));
}

/** One request that got no answer within its time. */
export class IdTokenAttemptTimeout extends Error {
  override readonly name = 'IdTokenAttemptTimeout';
}

/** GitHub refused an ID token (a failure not worth another request): its status, and how many requests were made. */
export class IdTokenError extends Error {
  override readonly name = 'IdTokenError';
  constructor(
    readonly status: string,
    readonly attempts: number,
    options?: { cause?: unknown },
  ) {
    super(`GitHub issued no ID token (${status}) after ${attempts} attempt${attempts === 1 ? '' : 's'}`, options);
  }
}

/** What a failed request says: a status for messages (never the answer's text), and whether to ask again. */
export function idTokenFailure(error: unknown): { status: string; retry: boolean } {
  const facts = factsOf(error);
  if (facts.names.includes('IdTokenAttemptTimeout')) return { status: 'no answer in time', retry: true };
  if (facts.names.includes('IdTokenMissingError')) return { status: 'an answer without a token', retry: false };
  if (facts.status !== undefined) {
    // 401/403: the job may not have one (no id-token: write, or a fork's pull request); 4xx: the request is wrong.
    const s = facts.status;
    return { status: `HTTP ${s}`, retry: s === 408 || s === 429 || s >= 500 };
  }
  // No status: the connection failed, was dropped, or timed out (@actions/http-client's socket timeout).
  const code = facts.codes.find((c) => /^E[A-Z_]+$/.test(c));
  return { status: code ?? 'no connection', retry: true };
}

export interface IdTokenRetryOptions {
  signal: AbortSignal;
  clock: Clock;
  /** The longest one request may take (idTokenAttemptMs). */
  attemptMs: number;
  /** Called after each failure worth another request: how many failed so far, and the last one's status (for the timeout message). */
  onRetry?: (failed: number, lastStatus: string) => void;
}

/**
 * The ID token from `request`, asked again for what is passing until the signal (the step's deadline)
 * aborts, which then ends the wait with the signal's reason; an IdTokenError naming the attempts for a refusal.
 */
export async function requestIdTokenWithRetries(
  request: () => Promise<string>,
  options: IdTokenRetryOptions,
): Promise<string> {
  const { signal, clock, attemptMs } = options;
  return retryWithin(
    signal,
    clock,
    () => withinAttempt(request, attemptMs, signal, clock),
    (error, n) => {
      const attempt = n + 1;
      if (signal.aborted) throw error;
      const failure = idTokenFailure(error);
      if (!failure.retry) throw new IdTokenError(failure.status, attempt, { cause: error });
      options.onRetry?.(attempt, failure.status);
      // GitHub's Retry-After (runner/idToken.ts keeps the answer's headers): a lower bound on the pause.
      return {
        backoffMs: backoffMs(n, clock.random, ID_TOKEN_BACKOFF_BASE_MS, ID_TOKEN_BACKOFF_CAP_MS),
        retryAfterMs: retryAfterMs(factsOf(error).retryAfter, clock.now()),
      };
    },
  );
}

/**
 * One request, waited for at most attemptMs. A request that cannot be aborted is left behind (its
 * socket ends with the process); what it settles with later is ignored.
 */
async function withinAttempt(
  request: () => Promise<string>,
  attemptMs: number,
  signal: AbortSignal,
  clock: Clock,
): Promise<string> {
  signal.throwIfAborted(); // no request once the deadline has passed
  const pending = request();
  pending.catch(() => {}); // left behind on a timeout: its rejection is nobody's
  const done = new AbortController();
  const timer = clock.sleep(attemptMs, AbortSignal.any([signal, done.signal])).then(() => {
    throw new IdTokenAttemptTimeout(`no answer within ${attemptMs} ms`);
  });
  timer.catch(() => {});
  try {
    return await Promise.race([untilAborted(pending, signal), timer]);
  } finally {
    done.abort();
  }
}

/** What an ID-token wait is for, in the timeout message. */
const ASKING = "GitHub's ID token endpoint (ACTIONS_ID_TOKEN_REQUEST_URL) to issue this job an ID token";

export interface IssueOptions {
  /** The step's deadline. */
  signal: AbortSignal | undefined;
  clock: Clock;
  /** The step's timeout, which bounds each request (idTokenAttemptMs). */
  timeoutSeconds: number;
  /** What the wait is for now, for the timeout message: told again after each failed request. */
  waiting: (what: string) => void;
}

/**
 * The job's ID token for `audience`, from GitHub's endpoint (runner/idToken.ts, loaded only here), each
 * request bounded and those failing in passing asked again until the deadline (requestIdTokenWithRetries).
 */
export async function issueIdToken(audience: string, options: IssueOptions): Promise<string> {
  const { clock, waiting } = options;
  const attemptMs = idTokenAttemptMs(options.timeoutSeconds);
  waiting(ASKING);
  const { getIdToken } = await import('../runner/idToken.js');
  return requestIdTokenWithRetries(() => getIdToken(audience, process.env, attemptMs), {
    signal: options.signal ?? new AbortController().signal,
    clock,
    attemptMs,
    onRetry: (failed, last) =>
      waiting(`${ASKING} (${failed} attempt${failed === 1 ? '' : 's'} failed, the last with ${last}; asking again)`),
  });
}
