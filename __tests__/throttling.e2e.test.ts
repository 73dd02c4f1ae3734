// A vault that throttles (429 without Retry-After, Key Vault's "Throttled" body), through the runner
// stand-in: the step rides out a throttled spell, says so in the job summary (counts, never values),
// and against a vault that never recovers it fails clearly at the deadline without hammering it.
import { useStandin } from './helpers/standin.js';

const ctx = useStandin();
const names = (n: number) => Array.from({ length: n }, (_, i) => `s-${i}`);

/** Key Vault answers every request 429 until `until` (Date.now()), then admits everything. */
const throttleUntil = (until: number) => {
  ctx.s.state.rateLimit = { admit: () => Date.now() >= until };
};

it('rides out a vault that throttles every request for 2 s, and the summary counts the 429s', async () => {
  const all = names(40);
  ctx.s.addVault('ml-prod-kv', { secrets: Object.fromEntries(all.map((n) => [n, `v-${n}`])) });
  throttleUntil(Date.now() + 2500); // node start is part of it

  const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: all.join('\n'), timeout: '30' });

  expect(r.errors).toEqual([]);
  expect(Object.keys(r.outputs)).toHaveLength(40);
  const { throttled } = ctx.s.stats;
  expect(throttled).toBeGreaterThan(0);
  expect(r.summary).toContain(
    `Key Vault throttled ${throttled} request${throttled === 1 ? '' : 's'} (429); all were retried.`,
  );
});

it('says nothing about throttling when Key Vault did not throttle', async () => {
  ctx.s.addVault('ml-prod-kv', { secrets: { a: 'v-a' } });
  const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'a' });
  expect(r.errors).toEqual([]);
  expect(r.summary).not.toContain('throttled');
});

it('fails clearly at a 5 s timeout against a vault that never stops throttling, with a bounded request rate', async () => {
  const all = names(40);
  ctx.s.addVault('ml-prod-kv', { secrets: Object.fromEntries(all.map((n) => [n, `v-${n}`])) });
  throttleUntil(Number.POSITIVE_INFINITY);

  const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: all.join('\n'), timeout: '5' });

  expect(r.code).not.toBe(0);
  expect(r.errors).toHaveLength(1);
  expect(r.errors[0]).toMatch(/throttled: ml-prod-kv kept answering 429 Too Many Requests until the deadline/);
  expect(r.outputs).toEqual({});
  // No hammering: the run opens with 8 in flight; after the first burst it sends one probe per pause, the
  // pause growing to 1–2 s, so the whole 5 s see a few dozen requests at most (a burst of 32 every 1–2 s
  // would be about 130).
  const { vaultRequests, throttled } = ctx.s.stats;
  expect(throttled).toBe(vaultRequests);
  expect(vaultRequests / 5).toBeLessThan(20);
});
