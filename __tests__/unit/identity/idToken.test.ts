// GitHub's ID token, asked again for what is passing, never a rejection kept. No real
// waits: the clock's sleeps return at once, and the per-attempt timer fires only when a test says so.
import {
  ID_TOKEN_ATTEMPT_MS,
  IdTokenError,
  idTokenAttemptMs,
  idTokenFailure,
  requestIdTokenWithRetries,
} from '../../../src/identity/idToken.js';
import { classifyIdentityError } from '../../../src/identity/failures.js';
import { say } from '../../../src/messages/catalogue.js';
import type { Clock } from '../../../src/util/clock.js';

const ATTEMPT = 1234; // unlike any backoff pause
const httpError = (statusCode: number) =>
  Object.assign(new Error(`Failed request: (${statusCode})`), { name: 'HttpClientError', statusCode });
const systemError = (code: string) => Object.assign(new Error(`socket ${code}`), { code });

/** Backoff sleeps return at once (and are recorded); the per-attempt timer fires only for attempts listed in `hungAttempts`. */
function testClock(hungAttempts: number[] = [], onSleep?: (count: number) => void) {
  let attempt = 0;
  const sleeps: number[] = [];
  const clock: Clock = {
    now: () => 0,
    random: () => 0.5,
    sleep: (ms, signal) => {
      if (signal.aborted) return Promise.reject(signal.reason);
      if (ms === ATTEMPT) {
        attempt++;
        if (hungAttempts.includes(attempt)) return Promise.resolve();
        return new Promise((_, reject) =>
          signal.addEventListener('abort', () => reject(signal.reason), { once: true }),
        );
      }
      sleeps.push(ms);
      onSleep?.(sleeps.length);
      return Promise.resolve();
    },
  };
  return { clock, sleeps };
}

/** Each call's outcome in turn (the last repeats): an ID token, an error, or 'hang' (never settles). */
function requests(...outcomes: (string | Error)[]) {
  let n = 0;
  const fn = () => {
    const outcome = outcomes[Math.min(n++, outcomes.length - 1)]!;
    if (outcome === 'hang') return new Promise<string>(() => {});
    return outcome instanceof Error ? Promise.reject(outcome) : Promise.resolve(outcome);
  };
  return Object.assign(fn, { count: () => n });
}

const never = () => new AbortController().signal;

describe('requestIdTokenWithRetries', () => {
  it('a 503, then the token: asked again once, after a short jittered pause', async () => {
    const request = requests(httpError(503), 'id-token');
    const { clock, sleeps } = testClock();
    const retries: [number, string][] = [];
    await expect(
      requestIdTokenWithRetries(request, {
        signal: never(),
        clock,
        attemptMs: ATTEMPT,
        onRetry: (n, s) => retries.push([n, s]),
      }),
    ).resolves.toBe('id-token');
    expect(request.count()).toBe(2);
    expect(sleeps).toEqual([500]);
    expect(retries).toEqual([[1, 'HTTP 503']]);
  });

  it("a 429's Retry-After is a lower bound on the pause before asking again", async () => {
    const throttled = Object.assign(httpError(429), {
      response: { headers: { get: (name: string) => (name === 'retry-after' ? '3' : undefined) } },
    });
    const request = requests(throttled, 'id-token');
    const { clock, sleeps } = testClock();
    await expect(requestIdTokenWithRetries(request, { signal: never(), clock, attemptMs: ATTEMPT })).resolves.toBe(
      'id-token',
    );
    expect(sleeps).toEqual([3000]); // the backoff alone: 500
  });

  it.each([
    [httpError(429)],
    [httpError(500)],
    [systemError('ECONNRESET')],
    [new Error('Request timeout: /_apis/pipelines/oidc/token')],
  ])('%s is passing: asked again', async (error) => {
    const request = requests(error, error, 'id-token');
    const { clock, sleeps } = testClock();
    await expect(requestIdTokenWithRetries(request, { signal: never(), clock, attemptMs: ATTEMPT })).resolves.toBe(
      'id-token',
    );
    expect(sleeps).toEqual([500, 1000]);
  });

  it.each([401, 403, 400])('HTTP %i is a refusal: no second request, the error names one attempt', async (status) => {
    const request = requests(httpError(status), 'id-token');
    const { clock, sleeps } = testClock();
    const error = await requestIdTokenWithRetries(request, { signal: never(), clock, attemptMs: ATTEMPT }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(IdTokenError);
    expect(error).toMatchObject({ status: `HTTP ${status}`, attempts: 1 });
    expect(request.count()).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it('a request that never answers is given up after the per-attempt time, and asked again', async () => {
    const request = requests('hang', 'id-token');
    const { clock } = testClock([1]);
    await expect(requestIdTokenWithRetries(request, { signal: never(), clock, attemptMs: ATTEMPT })).resolves.toBe(
      'id-token',
    );
    expect(request.count()).toBe(2);
  });

  it('a 503 every time: asked until the deadline, which ends the wait with its own reason', async () => {
    const deadline = new AbortController();
    const request = requests(httpError(503));
    const { clock, sleeps } = testClock([], (n) => n === 4 && deadline.abort(new Error('deadline')));
    const retries: number[] = [];
    await expect(
      requestIdTokenWithRetries(request, {
        signal: deadline.signal,
        clock,
        attemptMs: ATTEMPT,
        onRetry: (n) => retries.push(n),
      }),
    ).rejects.toThrow('deadline');
    expect(sleeps).toEqual([500, 1000, 2000, 4000]);
    expect(retries).toEqual([1, 2, 3, 4]);
    expect(request.count()).toBe(4);
  });
});

describe('what a failed ID-token request says', () => {
  it.each([
    [httpError(503), 'HTTP 503', true],
    [httpError(429), 'HTTP 429', true],
    [httpError(401), 'HTTP 401', false],
    [httpError(403), 'HTTP 403', false],
    [httpError(404), 'HTTP 404', false],
    [systemError('ECONNREFUSED'), 'ECONNREFUSED', true],
    [Object.assign(new Error('x'), { name: 'IdTokenMissingError' }), 'an answer without a token', false],
  ])('%s → %s, retried: %s', (error, status, retry) => {
    expect(idTokenFailure(error)).toEqual({ status, retry });
  });

  it('per attempt: 10 s, a third of a short timeout, never under 1 s', () => {
    expect([60, 30, 6, 2, 0.5].map(idTokenAttemptMs)).toEqual([
      ID_TOKEN_ATTEMPT_MS,
      ID_TOKEN_ATTEMPT_MS,
      2000,
      1000,
      1000,
    ]);
  });

  it('a refusal after retries names the attempts; 401 names id-token: write', () => {
    const failure = classifyIdentityError(new IdTokenError('HTTP 403', 3), 0);
    expect(failure).toEqual({ kind: 'no-id-token', status: 'HTTP 403', attempts: 3 });
    expect(say('identity.no-id-token', { status: 'HTTP 403', attempts: 3 }).text).toMatch(
      /^GitHub did not issue this job an ID token \(HTTP 403, after 3 attempts\)\. Add "permissions: id-token: write"/,
    );
    expect(say('identity.no-id-token', { status: 'HTTP 401', attempts: 1 }).text).toMatch(
      /\(HTTP 401\)\. Add "permissions: id-token: write"/,
    );
  });
});
