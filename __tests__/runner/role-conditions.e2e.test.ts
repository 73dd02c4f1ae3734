// Key Vault role assignments with a condition on secret names (Azure ABAC, preview), through the stand-in's
// Key Vault: a read the condition does not admit is the same 403 ForbiddenByRbac as no role at all, and a
// listing is not narrowed by it. The error says a condition may be why, and where a wildcard listed the name.
import { DEFAULT_IDENTITIES } from '../../standin/index.mjs';
import {
  expectMaskedAndNotLeaked,
  expectNothingExported,
  sampleInputs,
  sampleVault,
  useStandin,
} from '../helpers/standin.js';

const ctx = useStandin();
const [SYSTEM] = DEFAULT_IDENTITIES as [(typeof DEFAULT_IDENTITIES)[0]];
/** Microsoft Learn's example: the identity may read secrets whose names start with "app-". */
const condition = (operator: string, value: string) => `(
  !(ActionMatches{'Microsoft.KeyVault/vaults/secrets/getSecret/action'})
  OR
  (
    @Resource[Microsoft.KeyVault/vaults/secrets:name] ${operator} '${value}'
  )
)`;
const LIST_CONDITIONS = `az role assignment list --assignee ${SYSTEM.objectId} --scope $(az keyvault show -n ml-prod-kv --query id -o tsv) --include-inherited --query "[?condition].{role:roleDefinitionName,condition:condition}" -o table`;

describe('ForbiddenByRbac from a condition on secret names', () => {
  it('a named secret the condition does not admit: the role, then the condition and the command listing it', async () => {
    sampleVault(
      ctx.s,
      { 'db-password': 'db-value-1', 'app-db': 'app-value-1' },
      { conditions: { [SYSTEM.objectId]: condition('StringStartsWith', 'app-') } },
    );
    const r = await ctx.step(sampleInputs({ secrets: 'APP=app-db\ndb-password' }));
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toContain(
      `forbidden by Azure RBAC: the runner's managed identity (principal id ${SYSTEM.objectId}) may not read secrets in ml-prod-kv.`,
    );
    expect(r.errors[0]).toContain(
      `If it has that role, a condition on the assignment (Azure ABAC on secret names, preview) does not admit "db-password": ${LIST_CONDITIONS}`,
    );
    expect(r.errors[0]).not.toContain('app-db (APP)'); // the admitted one read fine
    expectNothingExported(r);
    expectMaskedAndNotLeaked(r, ['app-value-1'], ctx.s.entra.issuedTokens());
  });

  it('a wildcard lists a name the condition then refuses: says the listing shows every name', async () => {
    sampleVault(
      ctx.s,
      { 'app-alpha': 'alpha-value-1', 'app-beta': 'beta-value-1' },
      { conditions: { [SYSTEM.objectId]: condition('StringEquals', 'app-alpha') } },
    );
    const r = await ctx.step(sampleInputs({ secrets: 'app-*' }));
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toContain('Could not read 1 of 2 secrets; nothing was exported');
    expect(r.errors[0]).toContain(
      `ml-prod-kv/app-beta (APP_BETA): forbidden by Azure RBAC: the runner's managed identity (principal id ${SYSTEM.objectId}) read other secrets that the wildcard app-* listed in ml-prod-kv, but may not read "app-beta": ` +
        'a condition on its role assignment (Azure ABAC on secret names, preview) admits some names and not this one, and the listing shows every name. ' +
        `Narrow the wildcard to the names the condition admits, or change the condition: ${LIST_CONDITIONS}`,
    );
    expectNothingExported(r);
    expectMaskedAndNotLeaked(r, ['alpha-value-1'], ctx.s.entra.issuedTokens());
  });

  it('a wildcard none of whose names may be read: a reader role, or a condition', async () => {
    sampleVault(
      ctx.s,
      { 'app-alpha': 'alpha-value-1' },
      { conditions: { [SYSTEM.objectId]: condition('StringStartsWith', 'web-') } },
    );
    const r = await ctx.step(sampleInputs({ secrets: 'app-*' }));
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toContain(
      'the wildcard app-* listed "app-alpha" in ml-prod-kv, but the runner\'s managed identity',
    );
    expect(r.errors[0]).toContain(
      'Listing needs only a reader role (Key Vault Reader); reading needs "Key Vault Secrets User"',
    );
    expect(r.errors[0]).toContain(LIST_CONDITIONS);
    expectNothingExported(r);
  });
});
