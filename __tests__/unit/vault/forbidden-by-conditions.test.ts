// Key Vault's ForbiddenByRbac may come from a role assignment condition on secret names (Azure ABAC, preview):
// the refusal says so, with the command listing the identity's conditions, and where a wildcard's listing named
// the secret, it says that listing shows names the identity may not read. Pure: the SDK's RestError shapes.
import { sayFailure } from '../../../src/messages/catalogue.js';
import type { FetchFailure } from '../../../src/messages/references.js';
import type { VaultContext } from '../../../src/messages/vault.js';
import { classifyVaultFailure } from '../../../src/vault/failures.js';
import { requireAll } from '../../../src/vault/require.js';
import type { FetchOutcome } from '../../../src/vault/fetch.js';
import type { SecretReference } from '../../../src/inputs/references.js';

const OID = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
const C: VaultContext = {
  vault: 'ml-prod-kv',
  vaultUrl: 'https://ml-prod-kv.vault.azure.net/',
  secret: 'db-password',
  cloud: 'AzureCloud',
  principalId: OID,
};
const forbidden = (inner: string) =>
  Object.assign(new Error('Caller is not authorized to perform action on resource.'), {
    name: 'RestError',
    statusCode: 403,
    details: { error: { code: 'Forbidden', message: 'Caller is not authorized…', innererror: { code: inner } } },
  });
const RBAC = forbidden('ForbiddenByRbac');
/** What the step says for this error and context. */
const describeVaultFailure = (error: unknown, c: VaultContext, timeoutSeconds: number) =>
  sayFailure(classifyVaultFailure(error, c, timeoutSeconds)).text;
const GRANT = `az role assignment create --role "Key Vault Secrets User" --assignee ${OID} --scope $(az keyvault show -n ml-prod-kv --query id -o tsv)`;
const CONDITIONS = `az role assignment list --assignee ${OID} --scope $(az keyvault show -n ml-prod-kv --query id -o tsv) --include-inherited --query "[?condition].{role:roleDefinitionName,condition:condition}" -o table`;

describe('ForbiddenByRbac and conditions on secret names', () => {
  it.each<[string, Partial<VaultContext>, string[], string[]]>([
    [
      'a named secret: the role, then a condition that does not admit the name',
      {},
      [
        'forbidden by Azure RBAC: the runner\'s managed identity (principal id a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d) may not read secrets in ml-prod-kv. Grant it the "Key Vault Secrets User" role',
        GRANT,
        'If it has that role, a condition on the assignment (Azure ABAC on secret names, preview) does not admit "db-password": ',
        CONDITIONS,
      ],
      ['wildcard'],
    ],
    [
      'listed by a wildcard whose other matches were read: a condition admits some names',
      { secret: 'app-b', listedBy: { wildcard: 'app-*', othersRead: true } },
      [
        'read other secrets that the wildcard app-* listed in ml-prod-kv, but may not read "app-b": a condition on its role assignment (Azure ABAC on secret names, preview) admits some names and not this one, and the listing shows every name.',
        'Narrow the wildcard to the names the condition admits, or change the condition: ',
        CONDITIONS,
      ],
      [GRANT],
    ],
    [
      'listed by a wildcard none of whose matches were read: a reader role, or a condition',
      { secret: 'app-b', listedBy: { wildcard: 'app-*', othersRead: false } },
      [
        'the wildcard app-* listed "app-b" in ml-prod-kv, but the runner\'s managed identity (principal id a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d) may not read it.',
        'Listing needs only a reader role (Key Vault Reader); reading needs "Key Vault Secrets User"',
        GRANT,
        'If it has that role, a condition on the assignment (Azure ABAC on secret names, preview) does not admit this name',
        CONDITIONS,
      ],
      [],
    ],
    [
      'the listing itself refused: the role only',
      { secret: 'app-*', listing: true },
      ['may not list secrets in ml-prod-kv', GRANT],
      ['ABAC', 'condition'],
    ],
  ])('%s', (_, more, said, unsaid) => {
    const text = describeVaultFailure(RBAC, { ...C, ...more }, 60);
    for (const s of said) expect(text).toContain(s);
    for (const s of unsaid) expect(text).not.toContain(s);
  });

  it('no principal id: placeholders in both commands', () => {
    const { principalId: _, ...anonymous } = C;
    const text = describeVaultFailure(RBAC, anonymous, 60);
    expect(text).toContain('--assignee <principalId> --scope');
    expect(text).not.toMatch(/--assignee (?!<principalId>)/);
  });

  it('an access policy refusal says nothing of conditions (they need the RBAC model)', () => {
    expect(
      describeVaultFailure(
        forbidden('ForbiddenByPolicy'),
        { ...C, listedBy: { wildcard: 'a*', othersRead: true } },
        60,
      ),
    ).not.toMatch(/ABAC|condition/);
  });
});

describe('requireAll tells a wildcard’s refused match whether its other matches were read', () => {
  const vault = { name: 'ml-prod-kv', url: 'https://ml-prod-kv.vault.azure.net/' };
  const ref = (name: string, matchedBy?: string, line = 1): SecretReference & { matchedBy?: string } => ({
    input: 'secrets',
    line,
    text: name,
    alias: name.toUpperCase().replaceAll('-', '_'),
    vault,
    name,
    ...(matchedBy ? { matchedBy } : {}),
  });
  const read = (r: ReturnType<typeof ref>): FetchOutcome => ({
    ref: r,
    bundle: { value: 'v', version: '1', enabled: true },
  });
  const refused = (r: ReturnType<typeof ref>): FetchOutcome => ({ ref: r, error: RBAC });
  const expansion = { references: [], unmatched: [], failed: [], invalidNames: [] };
  const reasons = (outcomes: FetchOutcome[]) => {
    try {
      requireAll(outcomes, expansion, { cloud: 'AzureCloud', timeoutSeconds: 60, ignoreMissing: false }, OID, () => {});
    } catch (error) {
      return (error as FetchFailure).failures.map((f) => [f.what, f.said.text]);
    }
    throw new Error('expected a failure');
  };

  it('one wildcard, one match read and one refused: the condition sentence', () => {
    const [[secret, reason]] = reasons([read(ref('app-a', 'app-*')), refused(ref('app-b', 'app-*'))]) as [
      [string, string],
    ];
    expect(secret).toBe('app-b');
    expect(reason).toContain('read other secrets that the wildcard app-* listed');
  });

  it('the same pattern on another line, or a named reference read: not "its other matches"', () => {
    const [[, reason]] = reasons([
      read(ref('app-a', 'app-*', 2)),
      read(ref('db-password')),
      refused(ref('app-b', 'app-*', 1)),
    ]) as [[string, string]];
    expect(reason).toContain('the wildcard app-* listed "app-b"');
    expect(reason).not.toContain('read other secrets');
  });
});
