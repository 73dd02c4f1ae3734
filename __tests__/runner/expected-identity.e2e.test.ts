// expected-tenant-id and expected-principal-id, on every identity source: a token for another identity stops the
// step with one error before any request carries it (no authorized Key Vault request, no ARM or registry request),
// in a run that names secrets and in one that names only tokens, storage keys and registries; the right identity
// passes; a value that is not a GUID is refused before any request at all.
import { DEFAULT_IDENTITIES } from '../../standin/index.mjs';
import { itIf } from '../helpers/itIf.js';
import {
  arcKeyDirWritable,
  arcSkipReason,
  expectNothingExported,
  FEDERATED_APP,
  identitySourceSetups,
  type IdentitySourceName,
  sampleInputs,
  sampleVault,
  type StepResult,
  useStandin,
} from '../helpers/standin.js';

const ctx = useStandin();
// The token proxy's CAs and certificates are made on first use: RSA keys, slow on a loaded machine.
beforeAll(() => void ctx.s.tokenProxy.caPem, 120_000);
const [SYSTEM] = DEFAULT_IDENTITIES as [(typeof DEFAULT_IDENTITIES)[0]];
const APP = FEDERATED_APP;
const SOMEONE_ELSE = '0b1ec700-aaaa-4bbb-8ccc-00000000000b';
const OTHER_TENANT = '99999999-2222-4333-8444-555555555555';

interface Host {
  /** The identity the source gives: its principal (object) id and client id. */
  identity: { objectId: string; clientId: string };
  /** Its name in the error ("Azure VM/VMSS managed identity (IMDS)" …). */
  named: RegExp;
}

const HOSTS: Record<IdentitySourceName, Host> = {
  imds: { identity: SYSTEM, named: /\(IMDS\)/ },
  'app-service': { identity: SYSTEM, named: /Container Apps \/ App Service/ },
  arc: { identity: SYSTEM, named: /Azure Arc/ },
  'workload-identity': { identity: APP, named: /AKS workload identity/ },
  // The same source through an AKS identity binding: the exchange goes to the cluster's token proxy.
  'identity-binding': { identity: APP, named: /AKS workload identity/ },
  'github-oidc': { identity: APP, named: /GitHub OIDC/ },
};

/** What a run may name: secrets from the sample vault, or only tokens, a storage key and a registry login. */
function references(kind: 'secrets' | 'resources'): Record<string, string> {
  if (kind === 'secrets') {
    sampleVault(ctx.s, 'expected-identity-value');
    return sampleInputs();
  }
  const account = ctx.s.arm.addStorageAccount({ name: 'mldata' });
  ctx.s.acr.addRegistry('myregistry');
  return { tokens: 'management\nstorage', 'storage-keys': account.id, 'acr-login': 'myregistry' };
}

/** Nothing requested with the token: no Key Vault request carried one, ARM and the registry never asked. */
function expectNothingRequestedWithIt(r: StepResult) {
  expect(ctx.s.requests('vault').filter((q) => q.authorized)).toEqual([]);
  expect(ctx.s.requests('arm')).toEqual([]);
  expect(ctx.s.requests('acr')).toEqual([]);
  expectNothingExported(r);
}

async function expectRefused(
  host: IdentitySourceName,
  kind: 'secrets' | 'resources',
  expected: Record<string, string>,
) {
  const { named } = HOSTS[host];
  const { env, inputs } = identitySourceSetups(ctx.s)[host]();
  const r = await ctx.step({ ...references(kind), ...inputs, ...expected }, { env });
  expect(r.errors).toEqual([expect.stringMatching(/^Refused the identity: /)]);
  expect(r.errors[0]).toMatch(named);
  expect(r.errors[0]).toContain('Nothing was read or requested with it');
  expectNothingRequestedWithIt(r);
}

async function expectPasses(host: IdentitySourceName) {
  const { identity } = HOSTS[host];
  const { env, inputs } = identitySourceSetups(ctx.s)[host]();
  const r = await ctx.step(
    {
      ...references('secrets'),
      tokens: 'management',
      ...inputs,
      'expected-tenant-id': ctx.s.entra.tenantId,
      // The principal id for the managed identities, the client id for the federated ones: either is the identity.
      'expected-principal-id': HOSTS[host].identity === APP ? identity.clientId : identity.objectId,
    },
    { env },
  );
  expect(r.errors).toEqual([]);
  expect(r.outputs.DB_PASSWORD).toBe('expected-identity-value');
  expect(r.outputs.MANAGEMENT_TOKEN).toBeDefined();
}

const ALWAYS: IdentitySourceName[] = ['imds', 'app-service', 'workload-identity', 'identity-binding', 'github-oidc'];

describe.each<IdentitySourceName>([...ALWAYS, 'arc'])('%s', (host) => {
  const test = host === 'arc' ? itIf(arcKeyDirWritable, arcSkipReason) : it;

  test('another principal, secrets named: one error, no request with the token, nothing exported', () =>
    expectRefused(host, 'secrets', { 'expected-principal-id': SOMEONE_ELSE }));

  test('another tenant, only tokens, storage keys and registries named: the same', () =>
    expectRefused(host, 'resources', { 'expected-tenant-id': OTHER_TENANT }));

  test('the expected identity passes', () => expectPasses(host));
});

describe('the set step: the same check before any write', () => {
  it('another principal: one error, nothing written', async () => {
    const kv = sampleVault(ctx.s, 'expected-identity-value');
    const r = await ctx.setStep({
      keyvault: kv.name,
      secrets: 'api-key=generate:32',
      'expected-principal-id': SOMEONE_ELSE,
    });
    expect(r.errors).toEqual([
      expect.stringMatching(/^Refused the identity: Azure VM\/VMSS managed identity \(IMDS\)/),
    ]);
    expect(ctx.s.requests('vault').filter((q) => q.authorized)).toEqual([]);
    expect(ctx.s.keyvault.versions(kv.host, 'api-key')).toEqual([]);
  });

  it('the expected identity writes', async () => {
    const kv = sampleVault(ctx.s, 'expected-identity-value');
    const r = await ctx.setStep({
      keyvault: kv.name,
      secrets: 'api-key=generate:32',
      'expected-tenant-id': ctx.s.entra.tenantId,
      'expected-principal-id': SYSTEM.objectId,
    });
    expect(r.errors).toEqual([]);
    expect(ctx.s.keyvault.versions(kv.host, 'api-key')).toHaveLength(1);
  });
});

it('a value that is not a GUID is refused before any request', async () => {
  sampleVault(ctx.s, 'expected-identity-value');
  const r = await ctx.step(sampleInputs({ 'expected-tenant-id': 'contoso.onmicrosoft.com' }));
  expect(r.errors).toEqual([
    expect.stringMatching(
      /expected-tenant-id: "contoso\.onmicrosoft\.com" is not a GUID; find it with: az account show/,
    ),
  ]);
  expect(ctx.s.requests()).toEqual([]);
});
