// A hostile Retry-After (0, a date in the past, a few milliseconds, more than a timer holds) against every
// retry the action makes: the rule (retryWaitMs), Key Vault's fetcher with one run and with K, the pipeline
// retries of ARM, ACR, Key Vault and Entra, and the identity stage. Virtual time: requests are counted in a
// window of it, nothing waits for real.
import fc from 'fast-check';
import { createHttpHeaders, createPipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';
import { retryPolicy } from '../../../src/azure/retryPolicy.js';
import { acquireTokenWithRetries } from '../../../src/identity/acquire.js';
import type { IdentityAccess } from '../../../src/ports.js';
import { ServiceAnswerError } from '../../../src/resources/access.js';
import { classifyAcrFailure, classifyStorageFailure } from '../../../src/resources/failures.js';
import { sayFailure } from '../../../src/messages/catalogue.js';
import { parseStorageKeys } from '../../../src/inputs/resources.js';
import type { StorageKeyReference } from '../../../src/inputs/resources.js';
import { retryAfterMs, retryWaitMs } from '../../../src/util/backoff.js';
import { MAX_TIMER_MS } from '../../../src/util/clock.js';
import { createFetcher, type FetchOutcome } from '../../../src/vault/fetch.js';
import { accessTo, bundle, secretRef, VirtualClock } from '../../helpers/fakes.js';

/** What the step says for a storage key or a registry login that failed so. */
const describeStorageFailure = (...a: Parameters<typeof classifyStorageFailure>) =>
  sayFailure(classifyStorageFailure(...a)).text;
const describeAcrFailure = (...a: Parameters<typeof classifyAcrFailure>) => sayFailure(classifyAcrFailure(...a)).text;

/** Retry-After values a vault (or a runner's clock) can hand the action, each read when the answer is sent. */
const HOSTILE: [string, (now: number) => string][] = [
  ['0', () => '0'],
  ['a date 5 s in the past (a runner clock ahead)', (now) => new Date(now - 5000).toUTCString()],
  ['a few milliseconds (0.005)', () => '0.005'],
];
const HUGE: [string, () => string][] = [
  ['99999999999 s (past 2^31 ms, where a Node timer fires after 1 ms)', () => '99999999999'],
  ['a date in the year 9999', () => 'Fri, 31 Dec 9999 23:59:59 GMT'],
];

const headers = (retryAfter: string | undefined) => ({
  get: (name: string) => (name === 'retry-after' ? retryAfter : undefined),
});
const throttled = (retryAfter: string | undefined) =>
  Object.assign(new Error('Throttled'), { statusCode: 429, response: { headers: headers(retryAfter) } });
const tick = async () => {
  for (let i = 0; i < 3; i++) await Promise.resolve(); // a round trip of no (virtual) time
};

describe('the rule: Retry-After is a lower bound on our own pause, cut to the deadline and to a timer', () => {
  it.each([
    [150, undefined, Infinity, 150],
    [150, 0, Infinity, 150],
    [150, 5, Infinity, 150],
    [150, Number.NaN, Infinity, 150],
    [150, -3000, Infinity, 150],
    [150, 3000, Infinity, 3000],
    [150, 3000, 1000, 1000],
    [150, 1e14, Infinity, MAX_TIMER_MS],
    [150, Infinity, 5000, 5000],
    [150, 0, 0, 0],
  ])('own %s ms, Retry-After %s ms, %s ms left: waits %s ms', (own, retryAfter, left, ms) => {
    expect(retryWaitMs(own, retryAfter, left)).toBe(ms);
  });

  it.each([
    ['Sun, 06 Nov 1994 08:49:37 GMT', 37_000],
    ['Sunday, 06-Nov-94 08:49:37 GMT', 37_000],
    ['Sun Nov  6 08:49:37 1994', 37_000],
    ['Sun, 06 Nov 1994 08:48:00 GMT', 0],
    ['-1', undefined],
    ['12 o clock', undefined],
    ['1e9', undefined],
  ])('Retry-After %j, 08:49:00 GMT: %s ms (only the three HTTP date forms are dates)', (header, ms) => {
    expect(retryAfterMs(header, Date.parse('Sun, 06 Nov 1994 08:49:00 GMT'))).toBe(ms);
  });

  it('a past date, 0 or garbage parse to nothing longer than 0, so they never shorten the pause', () => {
    const now = 1_000_000;
    for (const header of ['0', new Date(now - 5000).toUTCString(), '-1', 'soon', ''])
      expect(retryWaitMs(150, retryAfterMs(header, now))).toBe(150);
  });

  it('for any inputs: never below our own pause or the Retry-After (within what is left), never past what is left or a timer', () => {
    const ms = fc.oneof(
      fc.double({ noNaN: false }),
      fc.constantFrom(0, -1, Infinity, -Infinity, 1e15),
      fc.nat(100_000),
    );
    fc.assert(
      fc.property(
        fc.nat(100_000),
        fc.option(ms, { nil: undefined }),
        fc.oneof(fc.nat(100_000), fc.constant(Infinity)),
        (own, ra, left) => {
          const wait = retryWaitMs(own, ra, left);
          const cap = Math.min(left, MAX_TIMER_MS);
          expect(wait).toBeGreaterThanOrEqual(0);
          expect(wait).toBeLessThanOrEqual(cap);
          expect(wait).toBeGreaterThanOrEqual(Math.min(own, cap));
          expect(wait).toBeGreaterThanOrEqual(ra !== undefined && ra > 0 ? Math.min(ra, cap) : 0);
        },
      ),
    );
  });
});

describe("Key Vault's fetcher against a vault that answers 429 with a hostile Retry-After", () => {
  /** A storm is cut off here, so that a failing run ends (with its count) instead of spinning in no virtual time. */
  const STORM = 500;
  const WINDOW_MS = 4000;

  /** One run reading one secret from a vault that answers 429 with `header` for WINDOW_MS, then the value. */
  function run(clock: VirtualClock, header: ((now: number) => string) | undefined, until: number) {
    const sent: number[] = [];
    const stop = new AbortController();
    const access = accessTo(() => ({
      getSecret: async (name) => {
        sent.push(clock.now());
        if (sent.length > STORM) stop.abort(new Error('a request storm'));
        await tick();
        if (clock.now() < until) throw throttled(header?.(clock.now()));
        return bundle(name);
      },
    }));
    const fetcher = createFetcher(access, { concurrency: 32, signal: stop.signal, clock });
    const done = fetcher.fetchAll([secretRef('db-password', 'kv-one')]);
    return { sent, done, inWindow: () => sent.filter((at) => at < until).length };
  }

  it.each(HOSTILE)(
    'Retry-After %s: one run sends a few requests a second for 4 s, as many as without the header',
    async (_, header) => {
      const clock = new VirtualClock();
      const hostile = run(clock, header, clock.now() + WINDOW_MS);
      expect((await hostile.done)[0]!.bundle).toBeDefined();
      const quiet = new VirtualClock();
      const plain = run(quiet, undefined, quiet.now() + WINDOW_MS);
      await plain.done;
      // Pauses of 150, 300, 600, 1200, 1500 ms (random 0.5): 6 requests in 4 s (the header as the pause: ~1,600).
      expect(hostile.inWindow()).toBe(plain.inWindow());
      expect(hostile.inWindow()).toBeLessThanOrEqual((WINDOW_MS / 1000) * 2);
      expect(Math.min(...clock.sleeps)).toBeGreaterThanOrEqual(100);
    },
  );

  it.each(HOSTILE)(
    'Retry-After %s: each of 4 runs sharing the vault sends a few requests a second',
    async (_, header) => {
      const clock = new VirtualClock();
      const until = clock.now() + WINDOW_MS;
      const runs = Array.from({ length: 4 }, () => run(clock, header, until));
      const outcomes: FetchOutcome[][] = await Promise.all(runs.map((r) => r.done));
      expect(outcomes.every(([o]) => o!.bundle)).toBe(true);
      for (const r of runs) expect(r.inWindow()).toBeLessThanOrEqual((WINDOW_MS / 1000) * 2);
      expect(runs.reduce((n, r) => n + r.inWindow(), 0)).toBeLessThanOrEqual(4 * (WINDOW_MS / 1000) * 2);
    },
  );

  it.each(HUGE)(
    'Retry-After %s: one request, then the run waits out the deadline, never on a 1 ms timer, and fails with the 429',
    async (_, header) => {
      const clock = new VirtualClock();
      const deadline = clock.deadline(10_000);
      const sent: number[] = [];
      const access = accessTo(() => ({
        getSecret: async () => {
          sent.push(clock.now());
          await tick();
          throw throttled(header());
        },
      }));
      const [outcome] = await createFetcher(access, { concurrency: 32, signal: deadline, clock }).fetchAll([
        secretRef('db-password', 'kv-one'),
      ]);
      expect(sent).toHaveLength(1);
      expect(outcome!.error).toMatchObject({ statusCode: 429 }); // throttling is the reason, not the abort
      expect(clock.sleeps).toEqual([10_000]);
    },
  );
});

describe('pipeline retries (ARM, ACR; Key Vault and Entra ID with throttling left to the stage above)', () => {
  const OPTIONS = { maxRetries: 2, baseMs: 250, capMs: 4000 };

  /** A service answering `status` with `retryAfter` every time; counts what it was sent. */
  function service(status: number, retryAfter: () => string | undefined) {
    let sent = 0;
    const next = (request: ReturnType<typeof createPipelineRequest>): Promise<PipelineResponse> => {
      sent++;
      const value = retryAfter();
      return Promise.resolve({
        status,
        request,
        headers: createHttpHeaders(value === undefined ? {} : { 'retry-after': value }),
      });
    };
    return { next, sent: () => sent };
  }

  it.each(HOSTILE)(
    '429 with Retry-After %s, where a stage above decides: handed up after one request',
    async (_, h) => {
      const clock = new VirtualClock();
      const vault = service(429, () => h(clock.now()));
      const request = createPipelineRequest({ url: 'https://kv-one.vault.azure.net/secrets/a' });
      const response = await retryPolicy({ ...OPTIONS, throttling: false }, clock).sendRequest(request, vault.next);
      expect(response.status).toBe(429);
      expect(vault.sent()).toBe(1);
      expect(clock.sleeps).toEqual([]);
    },
  );

  it.each(HOSTILE)(
    '429 with Retry-After %s from ARM or ACR: retried after our backoff, never at once',
    async (_, h) => {
      const clock = new VirtualClock();
      const acr = service(429, () => h(clock.now()));
      const request = createPipelineRequest({ url: 'https://myregistry.azurecr.io/oauth2/exchange' });
      const response = await retryPolicy({ ...OPTIONS, throttling: true }, clock).sendRequest(request, acr.next);
      expect(response.status).toBe(429);
      expect(acr.sent()).toBe(3);
      expect(clock.sleeps).toEqual([250, 500]); // backoffMs at random 0.5: the Retry-After shortened nothing
    },
  );

  it.each(HOSTILE)(
    '503 with Retry-After %s (the SDK retried it at once, three times): after our backoff',
    async (_, h) => {
      const clock = new VirtualClock();
      const vault = service(503, () => h(clock.now()));
      const request = createPipelineRequest({ url: 'https://kv-one.vault.azure.net/secrets/a' });
      await retryPolicy({ maxRetries: 3, baseMs: 1000, capMs: 8000, throttling: false }, clock).sendRequest(
        request,
        vault.next,
      );
      expect(vault.sent()).toBe(4);
      expect(clock.sleeps).toEqual([1000, 2000, 4000]);
    },
  );

  it('a Retry-After longer than the backoff is honoured', async () => {
    const clock = new VirtualClock();
    const arm = service(429, () => '3');
    const request = createPipelineRequest({ url: 'https://management.azure.com/x/listKeys' });
    await retryPolicy({ ...OPTIONS, throttling: true }, clock).sendRequest(request, arm.next);
    expect(clock.sleeps).toEqual([3000, 3000]);
  });

  it.each(HUGE)(
    'Retry-After %s: the wait is cut to the deadline, and the 429 is handed back there (not an abort)',
    async (_, h) => {
      const clock = new VirtualClock();
      const acr = service(429, h);
      const request = createPipelineRequest({
        url: 'https://myregistry.azurecr.io/oauth2/exchange',
        abortSignal: clock.deadline(5000),
      });
      const response = await retryPolicy({ ...OPTIONS, throttling: true }, clock).sendRequest(request, acr.next);
      expect(response.status).toBe(429);
      expect(acr.sent()).toBe(1);
      expect(clock.sleeps).toEqual([5000]);
    },
  );
});

describe('the identity stage (IMDS, App Service, Arc, Entra ID) against an endpoint answering 429', () => {
  function identity(clock: VirtualClock, header: () => string, until: number) {
    const sent: number[] = [];
    const access: IdentityAccess = {
      identityEndpoint: 'http://169.254.169.254',
      federatedClaims: () => undefined,
      shareToken: () => {},
      acquireToken: () => {
        sent.push(clock.now());
        if (sent.length > 500) return Promise.reject(Object.assign(new Error('a request storm'), { statusCode: 400 }));
        if (clock.now() < until) return Promise.reject(throttled(header()));
        return Promise.resolve({ token: 't', expiresOnTimestamp: 0 });
      },
    };
    return { access, sent };
  }
  const config = { cloud: 'AzureCloud' as const, timeoutSeconds: 60, expected: {} };
  const source = { kind: 'imds' as const, identity: { kind: 'system' as const } };

  it.each(HOSTILE)('Retry-After %s: retried after the backoff (1, 2, 4 s), not at once', async (_, h) => {
    const clock = new VirtualClock();
    const imds = identity(clock, () => h(clock.now()), clock.now() + 6000);
    await acquireTokenWithRetries(
      { config, deps: { clock, platform: process.platform }, deadline: clock.deadline(60_000) },
      { access: imds.access, source: source },
    );
    expect(imds.sent).toHaveLength(4);
    expect(clock.sleeps).toEqual([1000, 2000, 4000]);
  });

  it.each(HUGE)('Retry-After %s: one request, the wait cut to the deadline, then a throttling error', async (_, h) => {
    const clock = new VirtualClock();
    const imds = identity(clock, h, Infinity);
    await expect(
      acquireTokenWithRetries(
        {
          config: { ...config, timeoutSeconds: 10 },
          deps: { clock, platform: process.platform },
          deadline: clock.deadline(10_000),
        },
        { access: imds.access, source: source },
      ),
    ).rejects.toThrow(
      /^throttled: the managed identity endpoint .* kept answering HTTP 429 Too Many Requests until the 10 s deadline/,
    );
    expect(imds.sent).toHaveLength(1);
    expect(clock.sleeps).toEqual([10_000]);
  });
});

describe('throttling named as throttling', () => {
  const deps = { cloud: 'AzureCloud' as const, timeoutSeconds: 30, signal: new AbortController().signal };
  const ended = { ...deps, signal: AbortSignal.abort() };

  it.each([
    ['with its body', new ServiceAnswerError(429, 'TOOMANYREQUESTS', 'slow down'), deps],
    ['without a body', new ServiceAnswerError(429, undefined, undefined), deps],
    ['when the deadline ended the wait it asked for', new ServiceAnswerError(429, undefined, undefined), ended],
  ])('an ACR 429 %s is throttling, not "not found"', (_, error, context) => {
    const reason = describeAcrFailure(error, 'myregistry.azurecr.io', undefined, context);
    expect(reason).toMatch(
      /^throttled: myregistry\.azurecr\.io answered its token exchange with HTTP 429 Too Many Requests/,
    );
    expect(reason).not.toMatch(/not found|does not exist|timed out/);
  });

  it("an ACR 5xx with the registry's own body is the registry being unavailable, not missing", () => {
    const reason = describeAcrFailure(
      new ServiceAnswerError(500, 'UNAVAILABLE', 'try later'),
      'myregistry.azurecr.io',
      undefined,
      deps,
    );
    expect(reason).toMatch(
      /^myregistry\.azurecr\.io answered its token exchange with HTTP 500 \(UNAVAILABLE: try later\): the registry is unavailable/,
    );
  });

  it('an ARM 429 handed back at the deadline is throttling, not a timeout', () => {
    const id =
      '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/ml-rg/providers/Microsoft.Storage/storageAccounts/mldata';
    const ref = parseStorageKeys(id).storageKeys[0] as StorageKeyReference;
    expect(describeStorageFailure(new ServiceAnswerError(429, undefined, undefined), ref, undefined, ended)).toMatch(
      /^Azure Resource Manager answered HTTP 429: it is throttling/,
    );
  });
});
