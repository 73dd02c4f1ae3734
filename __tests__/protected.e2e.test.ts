// Protected names through the committed dist/ (issue 12, item 9): a vault writer whose secrets a
// wildcard or a JSON key reads cannot set a name that changes how later programs run. And file names
// that are devices on Windows (item 17).
import { readdirSync } from 'node:fs';
import { expectNothingExported, useStandin } from './helpers/standin.js';

const ctx = useStandin();

describe('protected names a vault brings in', () => {
  it('a wildcard listing that brings GIT_EXTERNAL_DIFF and AZURE_AUTHORITY_HOST exports nothing', async () => {
    ctx.s.addVault('ml-prod-kv', {
      secrets: {
        'git-external-diff': '/tmp/planted.sh',
        'azure-authority-host': 'https://attacker.example/',
        'db-password': 'db-value-1234',
      },
    });
    const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: '*' });
    expect(r.code).not.toBe(0);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(
      /secrets line 1: "azure-authority-host", matched by \*, would set AZURE_AUTHORITY_HOST, a protected name/,
    );
    expect(r.errors[0]).toMatch(
      /secrets line 1: "git-external-diff", matched by \*, would set GIT_EXTERNAL_DIFF, a protected name/,
    );
    expectNothingExported(r);
    expect(ctx.s.stats.secretsServed).toBe(0); // refused from the listing, before any value is fetched
  });

  it("files: '*' never puts a planted kubeconfig behind KUBECONFIG; written by name, it does", async () => {
    const kubeconfig = 'apiVersion: v1\nclusters:\n- cluster:\n    server: https://attacker.example\n';
    ctx.s.addVault('ml-prod-kv', { secrets: { kubeconfig, 'tls-cert': 'cert-material-1234' } });
    const wild = await ctx.step({ keyvault: 'ml-prod-kv', secrets: '', files: '*' });
    expect(wild.errors).toEqual([
      expect.stringMatching(
        /files line 1: "kubeconfig", matched by \*, would set KUBECONFIG, a protected name that a wildcard never sets.*list it by name: KUBECONFIG=kubeconfig/,
      ),
    ]);
    expectNothingExported(wild);
    expect(readdirSync(wild.runnerTemp)).toEqual([]);

    const named = await ctx.step({ keyvault: 'ml-prod-kv', secrets: '', files: 'kubeconfig' });
    expect(named.errors).toEqual([]);
    expect(named.env.KUBECONFIG).toMatch(/keyvault-secrets-[^/]+\/kubeconfig$/);
  });

  it('a JSON key that lands on NODE_TLS_REJECT_UNAUTHORIZED or in AZURE_* exports nothing', async () => {
    ctx.s.addVault('ml-prod-kv', {
      secrets: { node: '{"tls_reject_unauthorized":"0"}', azure: '{"client_id":"planted-client-id"}' },
    });
    const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'node\nazure', 'parse-json': 'true' });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(
      /secrets line 1: "node → tls_reject_unauthorized" would set NODE_TLS_REJECT_UNAUTHORIZED, a protected name that is never exported/,
    );
    expect(r.errors[0]).toMatch(
      /secrets line 2: "azure → client_id" would set AZURE_CLIENT_ID, a protected name that a JSON key never sets/,
    );
    expectNothingExported(r);
  });
});

describe('file names Windows keeps for devices (item 17)', () => {
  it('a secret named nul or com1 is written under its alias with _2, on every OS', async () => {
    ctx.s.addVault('ml-prod-kv', { secrets: { nul: 'nul-content-1234', com1: 'com1-content-1234' } });
    const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: '', files: 'nul\nPORT=com1' });
    expect(r.errors).toEqual([]);
    expect([r.outputs.NUL, r.outputs.PORT].map((p) => p!.split('/').pop())).toEqual(['NUL_2', 'PORT']);
  });
});
