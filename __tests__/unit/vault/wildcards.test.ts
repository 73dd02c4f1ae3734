// Wildcard expansion over a vault's listing.
import { expandWildcards } from '../../../src/vault/wildcards.js';

const vault = { name: 'kv', url: 'https://kv.vault.azure.net/' };
describe('expandWildcards', () => {
  const wildcard = { input: 'secrets', line: 3, text: 'app-*', vault, prefix: 'app-', namespace: 'APP_' };
  it('takes enabled matches in name order, case-insensitively, and reports the rest', () => {
    const listing = {
      vaultUrl: vault.url,
      secrets: [
        { name: 'App-B', enabled: true },
        { name: 'app-a', enabled: true },
        { name: 'app-off', enabled: false },
        { name: 'other', enabled: true },
        { name: 'app-9x', enabled: true },
      ],
    };
    const expansion = expandWildcards([wildcard], new Map([[vault.url, listing]]));
    expect(expansion.references.map((r) => [r.alias, r.line, r.matchedBy])).toEqual([
      ['APP_9X', 3, 'app-*'],
      ['APP_A', 3, 'app-*'],
      ['APP_B', 3, 'app-*'],
    ]);
    expect(expansion.unmatched).toEqual([]);
  });

  it('reports a wildcard that matches nothing, and one whose vault could not be listed', () => {
    const none = expandWildcards([wildcard], new Map([[vault.url, { vaultUrl: vault.url, secrets: [] }]]));
    expect(none.unmatched).toEqual([wildcard]);
    const failed = expandWildcards(
      [wildcard],
      new Map([[vault.url, { vaultUrl: vault.url, error: new Error('403') }]]),
    );
    expect(failed.failed).toHaveLength(1);
  });

  it('a listed name that would not be a name on its own (2fa) is one under its namespace', () => {
    const wild = { ...wildcard, prefix: '', text: 'KV_*=*', namespace: 'KV_' };
    const expansion = expandWildcards(
      [wild],
      new Map([[vault.url, { vaultUrl: vault.url, secrets: [{ name: '2fa', enabled: true }] }]]),
    );
    expect(expansion.references.map((r) => r.alias)).toEqual(['KV_2FA']);
  });
});
