import type { AzureAccess, SecretBundle } from '../src/vault/access.js';
import { createFetcher, type FetchOptions, Semaphore } from '../src/vault/fetch.js';
import type { SecretReference } from '../src/inputs/references.js';
import { backoffMs, retryAfterMs } from '../src/util/backoff.js';
import { bundle, FakeClock } from './helpers/fakes.js';

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
    acquireToken: async () => ({ token: 't', expiresOnTimestamp: 0 }),
    shareToken: () => {},
    vault: (url) => ({
      listSecrets: async () => {
        log.push(`list ${url}`);
        return [];
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
const fetchSecrets = (refs: SecretReference[], access: AzureAccess, options: FetchOptions) => createFetcher(access, options).fetchAll(refs);

describe('fetchSecrets', () => {
  it('keeps at most `concurrency` requests in flight and returns outcomes in input order', async () => {
    const refs = Array.from({ length: 40 }, (_, i) => ref(`s${i}`));
    const w = watchedAccess(async (_, name) => {
      await tick();
      return bundle(`value of ${name}`);
    });
    const outcomes = await fetchSecrets(refs, w.access, { concurrency: 8, signal: new AbortController().signal, clock: new FakeClock() });
    expect(outcomes.map((o) => o.bundle?.value)).toEqual(refs.map((r) => `value of ${r.name}`));
    expect(w.max()).toBe(8);
  });

  it('sends each vault’s first request alone, so only one request meets the challenge', async () => {
    const refs = [ref('a'), ref('b'), ref('c'), ref('x', 'kv-two'), ref('y', 'kv-two')];
    const w = watchedAccess(async (_, name) => {
      await tick();
      return bundle(name);
    });
    await fetchSecrets(refs, w.access, { concurrency: 16, signal: new AbortController().signal, clock: new FakeClock() });
    for (const [vault, first] of [['kv-one', 'a'], ['kv-two', 'x']] as const) {
      const mine = w.log.filter((l) => l.includes(vault));
      expect(mine.slice(0, 2)).toEqual([`start https://${vault}.vault.azure.net/ ${first}`, `end https://${vault}.vault.azure.net/ ${first}`]);
    }
  });

  it('backs off together on 429 without Retry-After (1 s, 2 s…), and honours Retry-After', async () => {
    const clock = new FakeClock();
    const script = [
      { statusCode: 429 },
      { statusCode: 429 },
      { statusCode: 429, response: { headers: { get: (h: string) => (h === 'retry-after' ? '3' : undefined) } } },
    ];
    const w = watchedAccess(async (_, name) => {
      const next = script.shift();
      if (next) throw Object.assign(new Error('Throttled'), next);
      return bundle(name);
    });
    const outcomes = await fetchSecrets([ref('a')], w.access, { concurrency: 1, signal: new AbortController().signal, clock });
    expect(outcomes[0]!.bundle?.value).toBe('a');
    expect(clock.sleeps).toEqual([1000, 2000, 3000]);
  });

  it('gives up at the deadline with the abort as the reason', async () => {
    const controller = new AbortController();
    const w = watchedAccess(async () => {
      controller.abort(new DOMException('deadline', 'TimeoutError'));
      throw Object.assign(new Error('aborted'), { name: 'AbortError' });
    });
    const [outcome] = await fetchSecrets([ref('a')], w.access, { concurrency: 4, signal: controller.signal, clock: new FakeClock() });
    expect(outcome!.error).toBeDefined();
  });

  it('reports each failure without stopping the others', async () => {
    const w = watchedAccess(async (_, name) => {
      if (name === 'bad') throw Object.assign(new Error('nope'), { statusCode: 404 });
      return bundle(name);
    });
    const outcomes = await fetchSecrets([ref('ok1'), ref('bad'), ref('ok2')], w.access, { concurrency: 2, signal: new AbortController().signal, clock: new FakeClock() });
    expect(outcomes.map((o) => (o.error ? 'error' : o.bundle?.value))).toEqual(['ok1', 'error', 'ok2']);
  });
});

describe('Semaphore', () => {
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
