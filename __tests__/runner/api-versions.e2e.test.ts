// The Key Vault API version the action sends is its cloud's pinned one (inputs/cloud.ts API_VERSIONS), not
// the SDK's newest: the stand-in's sovereign vaults, like the real ones, serve only the versions their
// cloud has been given. A vault that refuses the pinned version fails the step with one error naming the
// version and the cloud, from Key Vault's own 400 body, and nothing is exported.
import { API_VERSIONS } from '../../src/inputs/cloud.js';
import { expectNothingExported, useStandin } from '../helpers/standin.js';

const ctx = useStandin();
const vaultRequests = () => ctx.s.requests().filter((q) => q.service === 'vault' && q.authorized);

describe('Key Vault API versions', () => {
  it.each([
    ['AzureCloud', '2025-07-01'],
    ['AzureUSGovernment', '7.5'],
    ['AzureChinaCloud', '7.5'],
  ] as const)('in %s every request (reads and list pages) carries api-version %s', async (cloud, version) => {
    expect(API_VERSIONS[cloud].keyVault).toBe(version);
    ctx.s.keyvault.addVault('gpu-kv', {
      cloud,
      secrets: Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`app-${i}`, `v-${cloud}-${i}`])),
    });
    // A wildcard of 30 names: two list pages (the second from the vault's nextLink), then the reads.
    const r = await ctx.step({ keyvault: 'gpu-kv', cloud, secrets: 'app-*' });
    expect(r.errors).toEqual([]);
    expect(Object.keys(r.outputs)).toHaveLength(30);
    const sent = vaultRequests();
    expect(sent.filter((q) => q.path === '/secrets')).toHaveLength(2);
    expect(new Set(sent.map((q) => q.apiVersion))).toEqual(new Set([version]));
  });

  it('a vault whose region does not serve the pinned version: one error naming the version, the cloud and the newest it serves', async () => {
    ctx.s.keyvault.addVault('gov-kv', {
      cloud: 'AzureUSGovernment',
      secrets: { db: 'never-read', api: 'nor-this' },
      // The versions this vault serves: a region two versions behind its cloud.
      apiVersions: ['7.0', '7.1', '7.2', '7.3', '7.4'],
    });
    const r = await ctx.step({ keyvault: 'gov-kv', cloud: 'AzureUSGovernment', secrets: 'db\napi' });
    expect(r.code).toBe(1);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toContain(
      'API version not served: gov-kv.vault.usgovcloudapi.net (cloud AzureUSGovernment) does not recognize Key Vault API version 7.5, ' +
        'the one this action sends in AzureUSGovernment; it names 7.4 as the newest it serves.',
    );
    expect(r.errors[0]).toContain('az keyvault show -n gov-kv --query location -o tsv');
    expect(r.errors[0]).not.toMatch(/rejected by Key Vault as invalid|BadParameter/);
    // Refused as Key Vault refuses it: a 400, once per reference, never retried.
    expect(vaultRequests().map((q) => [q.apiVersion, q.status])).toEqual([
      ['7.5', 400],
      ['7.5', 400],
    ]);
    expect(ctx.s.stats.secretsServed).toBe(0);
    expectNothingExported(r);
  });
});
