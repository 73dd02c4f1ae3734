// What performance rests on, asserted as counts (the timings live in `npm run bench`):
// one token, one challenge per vault, bounded parallelism, reused connections, backoff under throttling.
import { sampleVault, useStandin } from '../helpers/standin.js';

const ctx = useStandin();
const names = (n: number, prefix = 's') => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

it('200 secrets: one IMDS request, one challenge, bounded parallel requests on reused connections', async () => {
  ctx.s.keyvault.setLatency(20);
  ctx.s.imds.setLatency(5);
  const all = names(200);
  sampleVault(ctx.s, Object.fromEntries(all.map((n) => [n, `value of ${n}`])));

  const r = await ctx.step(
    { keyvault: 'ml-prod-kv', secrets: all.join('\n') },
    { env: { RUNNER_DEBUG: '', AZURE_LOG_LEVEL: '' } },
  );

  expect(r.errors).toEqual([]);
  expect(Object.keys(r.outputs)).toHaveLength(200);
  const { imdsRequests, challenges, vaultRequests, maxInFlight, connects } = ctx.s.stats;
  expect(imdsRequests).toBe(1);
  expect(challenges).toBe(1);
  expect(vaultRequests).toBe(201);
  expect(maxInFlight).toBeGreaterThanOrEqual(4);
  expect(maxInFlight).toBeLessThanOrEqual(32);
  // Keep-alive through the proxy: about one tunnel per parallel request slot, not one per request.
  expect(connects).toBeLessThanOrEqual(33);
});

it('honours the concurrency input, and primes each vault with one challenge', async () => {
  ctx.s.keyvault.setLatency(10);
  ctx.s.keyvault.addVault('kv-one', { secrets: Object.fromEntries(names(30, 'a').map((n) => [n, n])) });
  ctx.s.keyvault.addVault('kv-two', { secrets: Object.fromEntries(names(30, 'b').map((n) => [n, n])) });
  const secrets = [...names(30, 'a'), ...names(30, 'b').map((n) => `https://kv-two.vault.azure.net/secrets/${n}`)].join(
    '\n',
  );

  const r = await ctx.step({ keyvault: 'kv-one', secrets, concurrency: '4' });

  expect(r.errors).toEqual([]);
  expect(ctx.s.stats.imdsRequests).toBe(1);
  expect(ctx.s.stats.challenges).toBe(2);
  expect(ctx.s.stats.maxInFlight).toBeLessThanOrEqual(4);
});

it('completes under a rate limit that answers 429 without Retry-After, backing off instead of hammering', async () => {
  const all = names(300);
  sampleVault(ctx.s, Object.fromEntries(all.map((n) => [n, `v-${n}`])));
  ctx.s.keyvault.limitRate(150);

  const r = await ctx.step(
    { keyvault: 'ml-prod-kv', secrets: all.join('\n') },
    { env: { RUNNER_DEBUG: '', AZURE_LOG_LEVEL: '' } },
  );

  expect(r.errors).toEqual([]);
  expect(Object.keys(r.outputs)).toHaveLength(300);
  expect(ctx.s.stats.throttled).toBeGreaterThan(0);
  // Workers pause together: throttled answers stay a small share of all requests.
  expect(ctx.s.stats.throttled).toBeLessThan(ctx.s.stats.vaultRequests * 0.25);
});
