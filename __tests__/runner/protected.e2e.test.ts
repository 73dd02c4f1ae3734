// Names a vault writer chooses, through the committed dist/: a wildcard's names follow a prefix the
// workflow wrote, so no listing sets GNUMAKEFLAGS or MAKEFILES (nor any name a build tool reads), and a
// bare * is refused before any request. The protected-name lists stay behind that rule. And file names
// that are devices on Windows.
import { readdirSync } from 'node:fs';
import { expectMaskedAndNotLeaked, expectNothingExported, sampleVault, useStandin } from '../helpers/standin.js';

const ctx = useStandin();

/** What a vault writer plants for a later step's plain `make`, and one ordinary secret. */
const PLANTED = {
  gnumakeflags: '--eval=$(shell touch /tmp/pwned)',
  makefiles: '/tmp/planted.mk',
  'db-password': 'db-value-1234',
};

describe('names a vault writer chooses', () => {
  it.each([
    ['secrets', { secrets: '*' }],
    ['files', { secrets: '', files: '*' }],
  ])("%s: '*' is refused before any request, showing the KV_*=* form", async (input, inputs) => {
    sampleVault(ctx.s, PLANTED);
    const r = await ctx.step({ keyvault: 'ml-prod-kv', ...inputs });
    expect(r.code).not.toBe(0);
    expect(r.errors).toEqual([
      expect.stringMatching(
        new RegExp(
          `${input} line 1: "\\*" would let whoever writes the vault choose every exported name .*: KV_\\*=\\*`,
        ),
      ),
    ]);
    expect(ctx.s.requests()).toEqual([]);
    expectNothingExported(r);
  });

  it('KV_*=* exports every listed secret as KV_<its default alias>: no GNUMAKEFLAGS, no MAKEFILES', async () => {
    sampleVault(ctx.s, PLANTED);
    const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'KV_*=*', 'export-env': 'true' });
    expect(r.errors).toEqual([]);
    expect(r.outputs).toEqual({
      KV_DB_PASSWORD: 'db-value-1234',
      KV_GNUMAKEFLAGS: PLANTED.gnumakeflags,
      KV_MAKEFILES: PLANTED.makefiles,
    });
    expect(r.env).toEqual(r.outputs);
    expect(Object.keys(r.env).filter((n) => /^(GNUMAKEFLAGS|MAKEFILES|MAKEFLAGS)$/i.test(n))).toEqual([]);
    expectMaskedAndNotLeaked(r, Object.values(PLANTED), ctx.s.entra.issuedTokens());
  });

  it("files: 'KV_*=*' puts each file's path under KV_: a planted kubeconfig never lands behind KUBECONFIG; written by name, it does", async () => {
    const kubeconfig = 'apiVersion: v1\nclusters:\n- cluster:\n    server: https://attacker.example\n';
    sampleVault(ctx.s, { kubeconfig, makefiles: 'all:\n\ttouch /tmp/pwned\n' });
    const wild = await ctx.step({ keyvault: 'ml-prod-kv', secrets: '', files: 'KV_*=*', 'export-env': 'true' });
    expect(wild.errors).toEqual([]);
    expect(Object.keys(wild.env).sort()).toEqual(['KV_KUBECONFIG', 'KV_MAKEFILES']);
    expect(wild.env.KV_MAKEFILES).toMatch(/keyvault-secrets-[^/]+\/makefiles$/);

    const named = await ctx.step({ keyvault: 'ml-prod-kv', secrets: '', files: 'kubeconfig', 'export-env': 'true' });
    expect(named.errors).toEqual([]);
    expect(named.env.KUBECONFIG).toMatch(/keyvault-secrets-[^/]+\/kubeconfig$/);
  });

  it('behind the rule, the lists: KV_HTTPS_PROXY and KV_JAVA_HOME from a listing export nothing, before any value is read', async () => {
    sampleVault(ctx.s, {
      'https-proxy': 'http://attacker.example:3128',
      'java-home': '/tmp/jdk',
      'db-password': 'db-value-1234',
    });
    const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'KV_*=*' });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(
      /secrets line 1: "https-proxy", matched by KV_\*=\*, would set KV_HTTPS_PROXY, a protected name that is never exported/,
    );
    expect(r.errors[0]).toMatch(
      /secrets line 1: "java-home", matched by KV_\*=\*, would set KV_JAVA_HOME, a protected name that a wildcard never sets/,
    );
    expectNothingExported(r);
    expect(ctx.s.stats.secretsServed).toBe(0); // refused from the listing, before any value is fetched
    expect(readdirSync(r.runnerTemp)).toEqual([]);
  });

  it('a JSON key that lands on NODE_TLS_REJECT_UNAUTHORIZED or in AZURE_* exports nothing', async () => {
    sampleVault(ctx.s, { node: '{"tls_reject_unauthorized":"0"}', azure: '{"client_id":"planted-client-id"}' });
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

describe('file names Windows keeps for devices', () => {
  it('a secret named nul or com1 is written under its alias with _2, on every OS', async () => {
    sampleVault(ctx.s, { nul: 'nul-content-1234', com1: 'com1-content-1234' });
    const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: '', files: 'nul\nPORT=com1' });
    expect(r.errors).toEqual([]);
    expect([r.outputs.NUL, r.outputs.PORT].map((p) => p!.split('/').pop())).toEqual(['NUL_2', 'PORT']);
  });
});
