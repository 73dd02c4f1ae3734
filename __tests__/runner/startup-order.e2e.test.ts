// The one-secret critical path: the vault's challenge goes out before the identity SDK (@azure/identity
// and MSAL) is evaluated, so that evaluation and the IMDS request run while Key Vault answers the challenge.
// Asserted as the order in which the stand-in saw the vault's tunnel and the requests; the timings live in
// `npm run bench`.
import { expectNothingExported, sampleVault, useStandin } from '../helpers/standin.js';

const ctx = useStandin();
const VALUE = 'startup-order-secret-value';
const VAULT_HOST = 'ml-prod-kv.vault.azure.net';
/**
 * What went out, in order: the tunnel to the vault (the challenge's first bytes, written before its TLS handshake
 * and request, which a loaded machine can delay behind a plain-HTTP IMDS request), then each request.
 */
const order = () =>
  [
    ...ctx.s
      .tunnels()
      .filter((t: { host: string }) => t.host === VAULT_HOST)
      .slice(0, 1)
      .map((t: { seq: number }) => ({ seq: t.seq, what: 'vault (challenge)' })),
    ...ctx.s
      .requests()
      .filter((q: { service: string; authorized?: boolean }) => q.service !== 'vault' || q.authorized)
      .map((q) => ({
        seq: q.seq ?? 0,
        what: q.service === 'vault' ? 'vault (token)' : q.service,
      })),
  ]
    .sort((a, b) => a.seq - b.seq)
    .map((e) => e.what);

it("one secret: the vault's challenge reaches Key Vault before the IMDS request, which precedes the authorised read", async () => {
  ctx.s.keyvault.setLatency(20);
  ctx.s.imds.setLatency(5);
  sampleVault(ctx.s, VALUE);

  const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'db-password' });

  expect(r.errors).toEqual([]);
  expect(r.outputs).toEqual({ DB_PASSWORD: VALUE });
  expect(order()).toEqual(['vault (challenge)', 'imds', 'vault (token)']);
  expect(ctx.s.stats.challenges).toBe(1);
});

it('an identity failure still wins over a vault failure that arrives first', async () => {
  // The challenge fails at once (no such vault: the proxy refuses the host), while the identity is refused after it.
  ctx.s.proxy.answerUnknownVaults(404);
  const r = await ctx.step({
    keyvault: 'no-such-kv',
    secrets: 'db-password',
    'client-id': '00000000-0000-4000-8000-0000000000ff',
  });

  expect(r.errors).toHaveLength(1);
  expect(r.errors[0]).toMatch(/no identity with client-id 00000000-0000-4000-8000-0000000000ff.*az vm identity assign/);
  expect(ctx.s.proxy.unknownVaultHosts()).toContain('no-such-kv.vault.azure.net');
  expect(ctx.s.stats.imdsRequests).toBe(1);
  expectNothingExported(r);
});

it('a vault that never answers the challenge does not hold the identity stage back past the request being sent', async () => {
  // The challenge hangs (Key Vault slow to answer); the token is still requested, once, while it hangs,
  // and the step ends at its timeout naming the vault.
  sampleVault(ctx.s, VALUE);
  ctx.s.fault('vault', ['hang'], '/secrets/db-password');
  const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'db-password', timeout: '3' });

  expect(ctx.s.stats.imdsRequests).toBe(1);
  expect(order().slice(0, 2)).toEqual(['vault (challenge)', 'imds']);
  expect(r.errors).toHaveLength(1);
  expect(r.errors[0]).toMatch(/ml-prod-kv/);
  expectNothingExported(r);
});
