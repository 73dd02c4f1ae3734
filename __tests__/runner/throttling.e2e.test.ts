// A vault that throttles (429 without Retry-After, Key Vault's "Throttled" body), through the runner
// stand-in: the step rides out a throttled spell, says so in the job summary (counts, never values),
// and against a vault that never recovers it fails clearly at the deadline without hammering it. A hostile
// Retry-After (0, a date in the past) changes none of that, for one run or several, and no SDK below the
// action retries a 429 on its own (Entra ID, ACR). An identity endpoint's Retry-After (IMDS, Entra ID), which
// MSAL drops from its errors, still bounds the wait from below, and Entra ID's 429 or 5xx is asked again.
import { GITHUB_ISSUER, GITHUB_SUBJECT, PAST_DATE } from '../../standin/index.mjs';
import { sampleVault, useStandin } from '../helpers/standin.js';

const ctx = useStandin();
const names = (n: number) => Array.from({ length: n }, (_, i) => `s-${i}`);

/** Key Vault answers every request 429 until `until` (Date.now()), then admits everything. */
const throttleUntil = (until: number) => {
  ctx.s.keyvault.throttleUnless({ admit: () => Date.now() >= until });
};

it('rides out a vault that throttles every request for 2 s, and the summary counts the 429s', async () => {
  const all = names(40);
  sampleVault(ctx.s, Object.fromEntries(all.map((n) => [n, `v-${n}`])));
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
  sampleVault(ctx.s, { a: 'v-a' });
  const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'a' });
  expect(r.errors).toEqual([]);
  expect(r.summary).not.toContain('throttled');
});

it('fails clearly at a 5 s timeout against a vault that never stops throttling, with a bounded request rate', async () => {
  const all = names(40);
  sampleVault(ctx.s, Object.fromEntries(all.map((n) => [n, `v-${n}`])));
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

describe('a hostile Retry-After', () => {
  const WINDOW_MS = 4000;
  /** Key Vault answers every request 429 with this Retry-After for WINDOW_MS from now, then admits everything. */
  const throttleWith = (retryAfter: string | (() => string)) => {
    const until = Date.now() + WINDOW_MS;
    ctx.s.keyvault.throttleUnless({ admit: () => Date.now() >= until, retryAfter });
    return until;
  };
  /** The 429s the vault sent, per second of the window (from the first one to its end), per run. */
  const perSecondPerRun = (until: number, runs: number) => {
    const refused = (ctx.s.requests() as { service: string; status: number; at: number }[]).filter(
      (q) => q.service === 'vault' && q.status === 429,
    );
    const from = Math.min(...refused.map((q) => q.at));
    return refused.length / ((until - from) / 1000) / runs;
  };

  // Taken as the whole pause (with the SDK's three more asks per call), such a header makes one run send ~300
  // requests a second; as a lower bound it changes nothing: one or two, as without the header.
  it.each([
    ['0', '0'],
    ['a date 5 s in the past', PAST_DATE],
  ])('Retry-After %s for 4 s: one run sends a few requests a second, then reads the secret', async (_, retryAfter) => {
    sampleVault(ctx.s, 'hostile-retry-after-value');
    const until = throttleWith(retryAfter);
    const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'db-password', timeout: '30' });
    expect(r.errors).toEqual([]);
    expect(r.outputs).toEqual({ DB_PASSWORD: 'hostile-retry-after-value' });
    expect(perSecondPerRun(until, 1)).toBeLessThanOrEqual(10);
  });

  it('Retry-After 0 for 4 s: each of 4 runs at once sends a few requests a second', async () => {
    sampleVault(ctx.s, 'hostile-retry-after-value');
    const until = throttleWith('0');
    const runs = await Promise.all(
      Array.from({ length: 4 }, () => ctx.step({ keyvault: 'ml-prod-kv', secrets: 'db-password', timeout: '30' })),
    );
    for (const r of runs) expect(r.outputs).toEqual({ DB_PASSWORD: 'hostile-retry-after-value' });
    expect(perSecondPerRun(until, 4)).toBeLessThanOrEqual(10);
  });

  it("Entra ID's 429 with Retry-After: 0 is asked again after the backoff, never at once, and is throttling at the deadline", async () => {
    const app = { clientId: '9a7b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d', objectId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d' };
    ctx.s.entra.addFederatedIdentity({ ...app, federated: [{ issuer: GITHUB_ISSUER, subject: GITHUB_SUBJECT }] });
    sampleVault(ctx.s, 'hostile-retry-after-value');
    ctx.s.fault('entra', Array(10).fill({ status: 429, retryAfter: 0 }), '/oauth2/v2.0/token');
    const r = await ctx.step(
      {
        keyvault: 'ml-prod-kv',
        secrets: 'db-password',
        'tenant-id': ctx.s.entra.tenantId,
        'client-id': app.clientId,
        timeout: '5',
      },
      { env: ctx.s.envFor('github-oidc') },
    );
    expect(r.errors).toEqual([
      expect.stringMatching(
        /^throttled: Microsoft Entra ID \(\S+\) kept answering HTTP 429 Too Many Requests until the 5 s deadline/,
      ),
    ]);
    const exchanges = (ctx.s.requests() as { service: string; path: string; at: number }[]).filter(
      (q) => q.service === 'entra' && q.path.endsWith('/oauth2/v2.0/token'),
    );
    // The SDK's throttling retry (three more, at once) is off: the first, then one per backoff (1, 2 s ±25 %).
    expect(exchanges.length).toBeGreaterThanOrEqual(2);
    expect(exchanges.length).toBeLessThanOrEqual(4);
    for (let i = 1; i < exchanges.length; i++)
      expect(exchanges[i]!.at - exchanges[i - 1]!.at).toBeGreaterThanOrEqual(700);
  });

  it('ACR answering 429 with Retry-After: 0 is asked again after a backoff, and the failure says throttled, not "not found"', async () => {
    ctx.s.acr.addRegistry('myregistry');
    ctx.s.fault('acr', Array(10).fill({ status: 429, retryAfter: 0 }), '/oauth2/exchange');
    const r = await ctx.step({ 'acr-login': 'myregistry' });
    expect(r.errors).toEqual([
      expect.stringMatching(
        /acr-login line 1: myregistry\.azurecr\.io \(–\): throttled: myregistry\.azurecr\.io answered its token exchange with HTTP 429 Too Many Requests/,
      ),
    ]);
    expect(r.errors[0]).not.toMatch(/not found|does not exist/);
    const exchanges = (ctx.s.requests() as { service: string; path: string; at: number }[]).filter(
      (q) => q.service === 'acr' && q.path === '/oauth2/exchange',
    );
    // The first and two retries, each after the backoff (250 ms, 500 ms, ±25 %), not all three at once.
    expect(exchanges).toHaveLength(3);
    for (let i = 1; i < exchanges.length; i++)
      expect(exchanges[i]!.at - exchanges[i - 1]!.at).toBeGreaterThanOrEqual(150);
  });
});

describe("an identity endpoint's Retry-After, which MSAL drops from its errors", () => {
  const app = { clientId: '9a7b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d', objectId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d' };
  const exchanges = () =>
    (ctx.s.requests() as { service: string; path: string; at: number; status: number }[]).filter(
      (q) => q.service === 'entra' && q.path.endsWith('/oauth2/v2.0/token'),
    );
  const imdsRequests = () =>
    (ctx.s.requests() as { service: string; at: number }[]).filter((q) => q.service === 'imds');

  it('IMDS answering 429 with Retry-After: 3 is asked again no sooner than 3 s (the backoff alone is about 1 s)', async () => {
    sampleVault(ctx.s, 'identity-retry-after-value');
    ctx.s.fault('imds', [{ status: 429, retryAfter: 3 }]);
    const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'db-password', timeout: '30' });
    expect(r.errors).toEqual([]);
    expect(r.outputs).toEqual({ DB_PASSWORD: 'identity-retry-after-value' });
    const [first, second] = imdsRequests();
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(2900);
  });

  it('IMDS answering 429 with a Retry-After past the deadline: one request, then throttled at the deadline', async () => {
    sampleVault(ctx.s, 'identity-retry-after-value');
    ctx.s.fault('imds', Array(10).fill({ status: 429, retryAfter: '99999999999' }));
    const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'db-password', timeout: '4' });
    expect(r.errors).toEqual([
      expect.stringMatching(
        /^throttled: the managed identity endpoint \S+ kept answering HTTP 429 Too Many Requests until the 4 s deadline/,
      ),
    ]);
    expect(imdsRequests()).toHaveLength(1);
    expect(r.outputs).toEqual({});
  });

  it.each([
    ['a 429 (Retry-After: 2)', [{ status: 429, retryAfter: 2 }], 1900],
    ['four 503s (the pipeline retries three)', Array(4).fill(503), 0],
  ])(
    'Entra ID answering %s naming AADSTS90033, then the token: asked again, and the step succeeds',
    async (_, steps, atLeastMs) => {
      ctx.s.entra.addFederatedIdentity({ ...app, federated: [{ issuer: GITHUB_ISSUER, subject: GITHUB_SUBJECT }] });
      sampleVault(ctx.s, 'identity-retry-after-value');
      ctx.s.fault('entra', steps, '/oauth2/v2.0/token');
      const r = await ctx.step(
        {
          keyvault: 'ml-prod-kv',
          secrets: 'db-password',
          'tenant-id': ctx.s.entra.tenantId,
          'client-id': app.clientId,
          timeout: '30',
        },
        { env: ctx.s.envFor('github-oidc') },
      );
      expect(r.errors).toEqual([]);
      expect(r.outputs).toEqual({ DB_PASSWORD: 'identity-retry-after-value' });
      const sent = exchanges();
      expect(sent.map((q) => q.status).at(-1)).toBe(200);
      expect(sent.at(-1)!.at - sent.at(-2)!.at).toBeGreaterThanOrEqual(atLeastMs);
    },
  );
});
