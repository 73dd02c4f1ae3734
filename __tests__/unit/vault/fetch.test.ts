import type { AzureAccess, SecretBundle } from '../../../src/ports.js';
import { createFetcher, type FetchOptions } from '../../../src/vault/fetch.js';
import { Semaphore } from '../../../src/vault/pace.js';
import type { SecretReference } from '../../../src/inputs/references.js';
import { backoffMs, retryAfterMs, throttleMs } from '../../../src/util/backoff.js';
import { accessTo, bundle, FakeClock } from '../../helpers/fakes.js';

const ref = (name: string, vault = 'kv-one', line = 1): SecretReference => ({
  input: 'secrets',
  line,
  text: name,
  alias: name.toUpperCase(),
  name,
  vault: { name: vault, url: `https://${vault}.vault.azure.net/` },
});

/** An AzureAccess whose getSecret is scripted and whose in-flight count is watched. */
function watchedAccess(answer: (url: string, name: string, call: number) => Promise<SecretBundle>) {
  const log: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let calls = 0;
  const access: AzureAccess = {
    identityEndpoint: 'http://imds',
    federatedClaims: () => undefined,
    acquireToken: () => Promise.resolve({ token: 't', expiresOnTimestamp: 0 }),
    shareToken: () => {},
    vault: (url) => ({
      listSecrets: () => {
        log.push(`list ${url}`);
        return Promise.resolve([]);
      },
      getSecret: async (name) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        log.push(`start ${url} ${name}`);
        try {
          return await answer(url, name, calls++);
        } finally {
          inFlight--;
          log.push(`end ${url} ${name}`);
        }
      },
    }),
  };
  return { access, log, max: () => maxInFlight };
}

const tick = () => new Promise((r) => setTimeout(r, 1));
const fetchSecrets = (refs: SecretReference[], access: AzureAccess, options: FetchOptions) =>
  createFetcher(access, options).fetchAll(refs);

describe('fetchSecrets', () => {
  it('keeps at most `concurrency` requests in flight and returns outcomes in input order', async () => {
    const refs = Array.from({ length: 40 }, (_, i) => ref(`s${i}`));
    const w = watchedAccess(async (_, name) => {
      await tick();
      return bundle(`value of ${name}`);
    });
    const outcomes = await fetchSecrets(refs, w.access, {
      concurrency: 8,
      signal: new AbortController().signal,
      clock: new FakeClock(),
    });
    expect(outcomes.map((o) => o.bundle?.value)).toEqual(refs.map((r) => `value of ${r.name}`));
    expect(w.max()).toBe(8);
  });

  it('sends each vault’s first request alone, so only one request meets the challenge', async () => {
    const refs = [ref('a'), ref('b'), ref('c'), ref('x', 'kv-two'), ref('y', 'kv-two')];
    const w = watchedAccess(async (_, name) => {
      await tick();
      return bundle(name);
    });
    await fetchSecrets(refs, w.access, {
      concurrency: 16,
      signal: new AbortController().signal,
      clock: new FakeClock(),
    });
    for (const [vault, first] of [
      ['kv-one', 'a'],
      ['kv-two', 'x'],
    ] as const) {
      const mine = w.log.filter((l) => l.includes(vault));
      expect(mine.slice(0, 2)).toEqual([
        `start https://${vault}.vault.azure.net/ ${first}`,
        `end https://${vault}.vault.azure.net/ ${first}`,
      ]);
    }
  });

  it('backs off together on 429 without Retry-After (150 ms, 300 ms… at random 0.5), honours Retry-After, and counts the 429s', async () => {
    const clock = new FakeClock();
    const script = [
      { statusCode: 429 },
      { statusCode: 429 },
      { statusCode: 429, response: { headers: { get: (h: string) => (h === 'retry-after' ? '3' : undefined) } } },
    ];
    const w = watchedAccess((_, name) => {
      const next = script.shift();
      if (next) return Promise.reject(Object.assign(new Error('Throttled'), next));
      return Promise.resolve(bundle(name));
    });
    const fetcher = createFetcher(w.access, { concurrency: 1, signal: new AbortController().signal, clock });
    const outcomes = await fetcher.fetchAll([ref('a')]);
    expect(outcomes[0]!.bundle?.value).toBe('a');
    expect(clock.sleeps).toEqual([150, 300, 3000]);
    expect(fetcher.throttled).toBe(3);
  });

  it('on a burst of 429s, closes to one request in flight once and pauses every worker; successes win the slots back', async () => {
    const clock = new FakeClock();
    const pauses: number[] = [];
    let throttling = true;
    let sent = 0;
    const waves: number[] = [];
    const w = watchedAccess(async (_, name) => {
      sent++;
      await tick();
      if (throttling) throw Object.assign(new Error('Throttled'), { statusCode: 429 });
      return bundle(name);
    });
    const fetcher = createFetcher(w.access, {
      concurrency: 8,
      signal: new AbortController().signal,
      clock,
      onThrottled: (_, ms) => pauses.push(ms),
    });
    // The first request meets the challenge alone; then 8 go out, all answered 429: one burst, not eight.
    const pending = fetcher.fetchAll(Array.from({ length: 20 }, (_, i) => ref(`s${i}`)));
    await new Promise((r) => setTimeout(r, 50));
    waves.push(sent);
    throttling = false;
    const outcomes = await pending;
    expect(outcomes.every((o) => o.bundle)).toBe(true);
    expect(waves[0]).toBeGreaterThan(1);
    // Every 429 waited a shared pause of the schedule (level 1 at first, and so on), never 0.
    // (The other sleeps are the pace between requests after a throttle: never longer than a pause.)
    expect(pauses.length).toBeGreaterThan(0);
    expect(Math.min(...pauses)).toBeGreaterThanOrEqual(100);
    expect(Math.max(...pauses)).toBeLessThanOrEqual(2000);
    expect(clock.sleeps.length).toBeGreaterThan(0);
    expect(Math.max(...clock.sleeps)).toBeLessThanOrEqual(2000);
    expect(fetcher.throttled).toBe(sent - 20);
  });

  it('gives up at the deadline with the abort as the reason', async () => {
    const controller = new AbortController();
    const w = watchedAccess(() => {
      controller.abort(new DOMException('deadline', 'TimeoutError'));
      return Promise.reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
    });
    const [outcome] = await fetchSecrets([ref('a')], w.access, {
      concurrency: 4,
      signal: controller.signal,
      clock: new FakeClock(),
    });
    expect(outcome!.error).toBeDefined();
  });

  it('reports each failure without stopping the others', async () => {
    const w = watchedAccess((_, name) => {
      if (name === 'bad') return Promise.reject(Object.assign(new Error('nope'), { statusCode: 404 }));
      return Promise.resolve(bundle(name));
    });
    const outcomes = await fetchSecrets([ref('ok1'), ref('bad'), ref('ok2')], w.access, {
      concurrency: 2,
      signal: new AbortController().signal,
      clock: new FakeClock(),
    });
    expect(outcomes.map((o) => (o.error ? 'error' : o.bundle?.value))).toEqual(['ok1', 'error', 'ok2']);
  });
});

describe('a pem: reference', () => {
  /** Key Vault's 400 for outContentType on a secret that is not a certificate's (as the SDK throws it). */
  const badParameter = () =>
    Object.assign(new Error('The Unsupported to PEM transformation is not supported.'), {
      statusCode: 400,
      details: { error: { code: 'BadParameter' } },
    });
  const calls: string[] = [];
  const run = (
    answer: (as: 'pem' | undefined, signal: AbortSignal) => Promise<SecretBundle>,
    signal = new AbortController().signal,
  ) => {
    calls.length = 0;
    const access = accessTo(() => ({
      getSecret: (name, _version, signal, as) => {
        calls.push(`${name} ${as ?? 'as it is'}`);
        return answer(as, signal);
      },
    }));
    const options = { concurrency: 1, signal, clock: new FakeClock() };
    return createFetcher(access, options).fetchAll([{ ...ref('tls-cert'), input: 'files', pem: true }]);
  };

  it('asks Key Vault for PEM, once', async () => {
    const [outcome] = await run(() => Promise.resolve(bundle('-----BEGIN PRIVATE KEY-----')));
    expect(calls).toEqual(['tls-cert pem']);
    expect(outcome!.bundle?.value).toBe('-----BEGIN PRIVATE KEY-----');
  });

  it('reads the secret as it is when Key Vault will not convert it (400 BadParameter): a PEM kept as a plain secret', async () => {
    const [outcome] = await run((as) => (as ? Promise.reject(badParameter()) : Promise.resolve(bundle('as stored'))));
    expect(calls).toEqual(['tls-cert pem', 'tls-cert as it is']);
    expect(outcome!.bundle?.value).toBe('as stored');
  });

  it('ends its second request at the deadline too, with the abort as the reason', async () => {
    const deadline = new AbortController();
    const [outcome] = await run((as, signal) => {
      if (as) return Promise.reject(badParameter());
      // The second request hangs until the step's deadline aborts it, as the SDK's does.
      const aborted = new Promise<SecretBundle>((_, reject) =>
        signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true }),
      );
      deadline.abort(new DOMException('deadline', 'TimeoutError'));
      return aborted;
    }, deadline.signal);
    expect(calls).toEqual(['tls-cert pem', 'tls-cert as it is']);
    expect(outcome!.error).toMatchObject({ name: 'TimeoutError' });
  });

  it('asks once more for nothing else: a 403 or a 404 is the answer', async () => {
    const forbidden = Object.assign(new Error('no'), { statusCode: 403, details: { error: { code: 'Forbidden' } } });
    const [outcome] = await run(() => Promise.reject(forbidden));
    expect(calls).toEqual(['tls-cert pem']);
    expect(outcome!.error).toBe(forbidden);
  });
});

describe('Semaphore', () => {
  it('takes a new limit while in use: holders finish, newcomers wait for the lower limit, and a raised one admits them', async () => {
    const slots = new Semaphore(4);
    let running = 0;
    const seen: number[] = [];
    const release: (() => void)[] = [];
    const task = () =>
      slots.use(async () => {
        running++;
        seen.push(running);
        await new Promise<void>((r) => release.push(r));
        running--;
      });
    const all = Promise.all(Array.from({ length: 8 }, task));
    await tick();
    expect(running).toBe(4);
    slots.resize(1.5); // a fractional limit admits its whole part
    for (const r of release.splice(0)) r();
    await tick();
    expect(running).toBe(1);
    slots.resize(0); // never below 1
    expect(slots.limit).toBe(1);
    slots.resize(3);
    await tick();
    expect(running).toBe(3);
    for (;;) {
      for (const r of release.splice(0)) r();
      await tick();
      if (running === 0) break;
    }
    await all;
    expect(Math.max(...seen)).toBe(4);
  });

  it('never lets more than its limit run', async () => {
    const slots = new Semaphore(3);
    let running = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        slots.use(async () => {
          most = Math.max(most, ++running);
          await tick();
          running--;
        }),
      ),
    );
    expect(most).toBe(3);
  });
});

describe('backoff', () => {
  it.each([
    [0, 0.5, 1000],
    [1, 0.5, 2000],
    [2, 0.5, 4000],
    [3, 0.5, 8000],
    [6, 0.5, 8000],
    [0, 0, 750],
    [0, 0.999, 1250],
  ])('attempt %i with random %f waits %i ms', (attempt, random, ms) => {
    expect(backoffMs(attempt, () => random)).toBe(ms);
  });

  it.each([
    [1, 0.5, 150],
    [1, 0, 100],
    [1, 0.999, 200],
    [2, 0.5, 300],
    [3, 0.5, 600],
    [4, 0.5, 1200],
    [5, 0.5, 1500],
    [6, 0, 1000],
    [6, 0.999, 1999],
    [1000, 0.5, 1500],
  ])(
    'throttling level %i with random %f pauses %i ms (half the ceiling at least, capped at 2 s)',
    (level, random, ms) => {
      expect(throttleMs(level, () => random)).toBe(ms);
    },
  );

  it.each([
    ['2', 2000],
    ['0.5', 500],
    [' 10 ', 10_000],
    [new Date(1_004_000).toUTCString(), 4000],
    ['soon', undefined],
    [undefined, undefined],
  ])('Retry-After %s is %s ms', (header, ms) => {
    expect(retryAfterMs(header, 1_000_000)).toBe(ms);
  });
});
