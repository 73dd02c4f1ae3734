// Every failed run writes the job summary, whatever failed: what failed and the fix, never a value. And a
// fix that many references share is printed once: the bundled action as a step against the stand-in.
import { DEFAULT_IDENTITIES } from '../../standin/index.mjs';
import {
  expectMaskedAndNotLeaked,
  expectNothingExported,
  sampleInputs,
  sampleVault,
  useStandin,
} from '../helpers/standin.js';

const ctx = useStandin();
const SYSTEM_OID = DEFAULT_IDENTITIES[0]!.objectId;
const ROLE_FIX = 'az role assignment create --role "Key Vault Secrets User"';
const count = (text: string, piece: string) => text.split(piece).length - 1;

function expectOneError(r: Awaited<ReturnType<typeof ctx.step>>) {
  expect(r.code).toBe(1);
  expect(r.commands.filter((c: { command: string }) => c.command === 'error')).toHaveLength(1);
  expectNothingExported(r);
}

describe('the job summary of a failed run', () => {
  it('bad input: each problem, and no request was sent', async () => {
    sampleVault(ctx.s, 'summary-input-value');
    const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'db-password\ndb_password!', timeout: 'soon' });
    expectOneError(r);
    expect(ctx.s.stats.imdsRequests + ctx.s.stats.vaultRequests + ctx.s.stats.connects).toBe(0);
    expect(r.summary).toMatch(/^### ❌ Key Vault secrets: the inputs need a fix; nothing was fetched\n/);
    expect(r.summary).toMatch(/The inputs have 2 problems; nothing was fetched/);
    expect(r.summary).toMatch(/^- secrets line 2: .*db\\_password\\!.* is not a valid secret name/m);
    expect(r.summary).toMatch(/^- timeout: .*soon.* is not a number/m);
  });

  it('an identity that is not attached: the cause and the fix', async () => {
    sampleVault(ctx.s, 'summary-identity-value');
    const r = await ctx.step(sampleInputs({ 'client-id': '00000000-0000-4000-8000-0000000000ff' }));
    expectOneError(r);
    expect(r.summary).toMatch(/^### ❌ Key Vault secrets: no token from the identity; nothing was exported\n/);
    expect(r.summary).toMatch(/has no identity with client-id 00000000-0000-4000-8000-0000000000ff/);
    expect(r.summary).toMatch(/\*\*How to fix:\*\* Attach it: az vm identity assign/);
    expectMaskedAndNotLeaked(r, [], ctx.s.entra.issuedTokens());
  });

  it('a fork pull request: the refusal and how to allow it', async () => {
    sampleVault(ctx.s, 'summary-fork-value');
    const r = await ctx.step(sampleInputs(), {
      eventName: 'pull_request',
      event: {
        pull_request: {
          number: 7,
          head: { repo: { full_name: 'mallory/training' } },
          base: { repo: { full_name: 'acme/training' } },
        },
        repository: { full_name: 'acme/training' },
      },
    });
    expectOneError(r);
    expect(r.summary).toMatch(/^### ❌ Key Vault secrets: refused by the fork guard; nothing was fetched\n/);
    expect(r.summary).toContain('allow-fork-pull-requests: true');
  });
});

describe('one fix for the references a vault refused alike', () => {
  const secrets = Object.fromEntries(
    Array.from({ length: 40 }, (_, i) => [`rbac-secret-${i}`, `summary-rbac-value-${i}`]),
  );

  it('40 secrets RBAC refuses in one vault: one error naming the vault, the principal id and the role assignment once', async () => {
    sampleVault(ctx.s, secrets, { model: 'rbac', grants: {} });
    const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: Object.keys(secrets).join('\n') });
    expectOneError(r);
    const [error] = r.errors as [string];
    expect(error.split('\n')).toEqual([
      'Could not read 40 of 40 secrets; nothing was exported:',
      expect.stringMatching(
        /^ {2}ml-prod-kv \(40 references: secrets line 1 rbac-secret-0, secrets line 2 rbac-secret-1, .*secrets line 10 rbac-secret-9, and 30 more\): forbidden by Azure RBAC: /,
      ),
    ]);
    expect(error).toContain(`principal id ${SYSTEM_OID}`);
    expect(count(error, ROLE_FIX)).toBe(1);
    expect(count(r.stdout, ROLE_FIX)).toBe(1);
    // The summary: a row per reference, and the fix once.
    expect(r.summary.split('\n').filter((l) => /^\| secrets \d+ /.test(l))).toHaveLength(40);
    expect(r.summary).toContain('| forbidden by Azure RBAC |');
    expect(count(r.summary, ROLE_FIX)).toBe(1);
    expectMaskedAndNotLeaked(r, [], ctx.s.entra.issuedTokens());
  });
});
