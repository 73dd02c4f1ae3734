// Expiry notes for the secrets fetched.
import { expiryNotes } from '../../../src/export/expiry.js';
import type { FetchedSecret } from '../../../src/export/plan.js';
import type { SecretReference } from '../../../src/inputs/references.js';

const vault = { name: 'kv', url: 'https://kv.vault.azure.net/' };
const ref = (name: string, more: Partial<SecretReference> = {}): SecretReference => ({
  input: 'secrets',
  line: 1,
  text: name,
  alias: name.toUpperCase().replaceAll('-', '_'),
  vault,
  name,
  ...more,
});
const fetched = (
  name: string,
  value: string,
  more: Partial<SecretReference> = {},
  bundle: Partial<FetchedSecret['bundle']> = {},
): FetchedSecret => ({
  ref: ref(name, more),
  bundle: { value, version: 'v1', enabled: true, ...bundle },
});

describe('expiryNotes', () => {
  const now = Date.UTC(2026, 10, 22);
  const day = 86_400_000;
  it.each([
    [{ expiresOn: new Date(now - day) }, ['expired']],
    [{ expiresOn: new Date(now + 3 * day) }, ['expiring']],
    [{ expiresOn: new Date(now + 30 * day) }, []],
    [{ notBefore: new Date(now + day) }, ['not-yet-valid']],
    [{ notBefore: new Date(now - day), expiresOn: new Date(now + 14 * day) }, ['expiring']],
    [{}, []],
  ])('%o', (dates, kinds) => {
    expect(expiryNotes([fetched('s', 'v', {}, dates)], now, 14).map((n) => n.kind)).toEqual(kinds);
  });
});
