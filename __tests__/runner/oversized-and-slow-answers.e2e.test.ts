// Hostile vault answers against the bundled action, run as the runner runs it: an answer larger than Key
// Vault ever sends is not read whole, and a body that drips a byte at a time still ends at the deadline.
import { expectNothingExported, sampleVault, useStandin } from '../helpers/standin.js';

const ctx = useStandin();
const MiB = 1024 * 1024;
type Request = { path: string; search?: string; authorized?: boolean };

describe('a vault answer larger than Key Vault sends', () => {
  it('a 50 MiB "value" is not read: one ::error::, no 50 MiB mask, nothing exported', async () => {
    sampleVault(ctx.s, 'attack-suite-value');
    const id = 'https://ml-prod-kv.vault.azure.net/secrets/db-password/0123456789abcdef0123456789abcdef';
    ctx.s.fault(
      'vault',
      [
        {
          status: 200,
          stream: { bytes: 50 * MiB, prefix: '{"value":"', suffix: `","id":"${id}","attributes":{"enabled":true}}` },
        },
      ],
      (q: Request) => Boolean(q.authorized) && q.path.startsWith('/secrets/db-password'),
    );
    const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'db-password', timeout: '20' }, { timeoutMs: 60_000 });
    // Read whole, it would become one 50 MiB ::add-mask::, and the step would exit 1 with no ::error:: at all.
    expect(r.errors).toEqual([
      expect.stringMatching(
        /line 1: ml-prod-kv\/db-password \(DB_PASSWORD\): not Key Vault: ml-prod-kv\.vault\.azure\.net answered/,
      ),
    ]);
    expect(Math.max(0, ...r.masks.map((m) => m.length))).toBeLessThan(64 * 1024);
    expect(r.stdout.length + r.stderr.length).toBeLessThan(MiB);
    expectNothingExported(r);
  });
});

describe('a slow drip (a byte every 400 ms) defeats no deadline', () => {
  it('a listing page 2 that drips ends the step at timeout: 3', async () => {
    sampleVault(
      ctx.s,
      Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`app-${i}`, `attack-drip-value-${i}`])),
    );
    const page = { status: 200, drip: { body: { value: [], nextLink: null }, intervalMs: 400 } };
    ctx.s.fault(
      'vault',
      [page],
      (q: Request) => Boolean(q.authorized) && q.path === '/secrets' && Boolean(q.search?.includes('skiptoken')),
    );
    const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'app-*', timeout: '3' }, { timeoutMs: 30_000 });
    expect(r.errors).toEqual([expect.stringMatching(/timed out after 3 s waiting for ml-prod-kv to list its secrets/)]);
    expect(r.durationMs).toBeLessThan(8000);
    expectNothingExported(r);
  });
});
