// expected-tenant-id and expected-principal-id: read as GUIDs before any request, and checked against every token
// the run obtains, on every identity source and for every resource, before anything uses it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { acquireTokenWithRetries } from '../../../src/identity/acquire.js';
import { checkExpectedIdentity, UnexpectedIdentity } from '../../../src/identity/expected.js';
import { readConfig } from '../../../src/inputs/config.js';
import { CATALOGUE, say } from '../../../src/messages/catalogue.js';
import { parseAcrLogins, parseStorageKeys, parseTokens } from '../../../src/inputs/resources.js';
import type { IdentityAccess, IdentitySource, ResourceAccess } from '../../../src/ports.js';
import { run } from '../../../src/read/main.js';
import { fetchResources } from '../../../src/resources/fetch.js';
import { deps, FakeClock, FakeRunner, fakeAzure, jwt } from '../../helpers/fakes.js';

const TENANT = '11111111-2222-4333-8444-555555555555';
const OTHER_TENANT = '99999999-2222-4333-8444-555555555555';
const OID = '5e7a11ce-0000-4000-8000-00000000000a';
const CLIENT = '0b1c2d3e-0000-4000-8000-000000000001';
const OTHER = '0b1ec700-aaaa-4bbb-8ccc-00000000000b';
const IMDS: IdentitySource = { kind: 'imds', identity: { kind: 'system' } };

/** Every identity source the action has, as identity/source.ts resolves them. */
const SOURCES: IdentitySource[] = [
  IMDS,
  {
    kind: 'workload-identity',
    tokenFile: '/var/run/secrets/azure/tokens/azure-identity-token',
    clientId: CLIENT,
    tenantId: TENANT,
  },
  { kind: 'app-service', endpoint: 'http://localhost:42356/msi/token', identity: { kind: 'system' } },
  { kind: 'arc', endpoint: 'http://localhost:40342/metadata/identity/oauth2/token' },
  { kind: 'github-oidc', tenantId: TENANT, clientId: CLIENT },
];

const ACCESS_TOKEN = jwt({ tid: TENANT, oid: OID, appid: CLIENT });
const check = (token: string, expected: { tenantId?: string; principalId?: string }) => () =>
  checkExpectedIdentity(token, expected, { source: IMDS, resource: 'https://vault.azure.net' });

describe('the check against the token claims', () => {
  it.each([
    ['nothing expected', {}],
    ['the tenant', { tenantId: TENANT }],
    ['the tenant, in capitals', { tenantId: TENANT.toUpperCase() }],
    ['the principal (object) id', { principalId: OID }],
    ['the client id (appid)', { principalId: CLIENT }],
    ['both', { tenantId: TENANT, principalId: OID }],
  ])('passes a token for the expected identity: %s', (_, expected) => {
    expect(check(ACCESS_TOKEN, expected)).not.toThrow();
  });

  it("the client id of a v2 token, in azp (Entra's v2 tokens carry no appid)", () => {
    expect(check(jwt({ tid: TENANT, oid: OID, azp: CLIENT }), { principalId: CLIENT })).not.toThrow();
  });

  it.each([
    [
      'another tenant',
      { tenantId: OTHER_TENANT },
      /tenant 11111111-2222-4333-8444-555555555555.*expected-tenant-id is 99999999/,
    ],
    ['another principal', { principalId: OTHER }, /principal id 5e7a11ce-.*expected-principal-id is 0b1ec700/],
    [
      'both wrong, both named',
      { tenantId: OTHER_TENANT, principalId: OTHER },
      /expected-tenant-id is 99999999-.* and expected-principal-id is 0b1ec700-/,
    ],
  ])('refuses a token for %s, naming what it is for and what was expected', (_, expected, message) => {
    expect(check(ACCESS_TOKEN, expected)).toThrow(UnexpectedIdentity);
    expect(check(ACCESS_TOKEN, expected)).toThrow(message);
    expect(check(ACCESS_TOKEN, expected)).toThrow(/Nothing was read or requested with it/);
  });

  it.each([
    ['no tid claim', jwt({ oid: OID, appid: CLIENT }), { tenantId: TENANT }, /tenant none \(no tid claim\)/],
    ['no oid or appid claim', jwt({ tid: TENANT }), { principalId: OID }, /principal id none \(no oid claim\)/],
    ['not a JWT at all', 'opaque-token-from-somewhere', { tenantId: TENANT }, /tenant none/],
  ])(
    'refuses a token with %s when an identity is expected (it cannot be shown to be that one)',
    (_, token, expected, message) => {
      expect(check(token, expected)).toThrow(message);
    },
  );

  it('shows hostile claims escaped: no line break, no workflow command', () => {
    const token = jwt({ tid: `${TENANT}\n::set-output name=x::y`, oid: OID });
    let message = '';
    try {
      check(token, { tenantId: TENANT })();
    } catch (error) {
      message = (error as Error).message;
    }
    // One line: the break escaped, so the rest can start no workflow command.
    expect(message).toContain(`${TENANT}\\u000a::set-output`);
    expect(message).not.toMatch(/[\r\n]/);
  });
});

describe('every identity source, every resource: the token is checked where every token comes from', () => {
  /** An identity endpoint that issues `token` on the first attempt, and counts attempts. */
  const issuing = (token: string): IdentityAccess & { attempts: number } => {
    const access = {
      attempts: 0,
      identityEndpoint: 'http://identity',
      federatedClaims: () => undefined,
      shareToken: () => {},
      acquireToken: () => {
        access.attempts++;
        return Promise.resolve({ token, expiresOnTimestamp: Date.now() + 3_600_000 });
      },
    };
    return access;
  };
  const config = { cloud: 'AzureCloud' as const, timeoutSeconds: 60, expected: { principalId: OTHER } };

  it.each(
    SOURCES.flatMap((source) =>
      [undefined, 'https://management.azure.com/.default'].map((scope) => ({ source, scope })),
    ),
  )('$source.kind, scope $scope: refused at once, never retried', async ({ source, scope }) => {
    const access = issuing(ACCESS_TOKEN);
    const error = await acquireTokenWithRetries(
      { config, deps: { clock: new FakeClock(), platform: 'linux' }, deadline: new AbortController().signal },
      { access, source },
      scope,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedIdentity);
    expect((error as Error).message).toContain(
      scope ? 'for https://management.azure.com)' : 'for https://vault.azure.net)',
    );
    expect(access.attempts).toBe(1);
  });

  it('no module but the identity stage asks an identity endpoint for a token (IdentityAccess.acquireToken)', () => {
    const src = fileURLToPath(new URL('../../../src/', import.meta.url));
    const files = readdirSync(src, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.ts'));
    const callers = files.filter((f) => /\.acquireToken\(/.test(readFileSync(join(src, f), 'utf8')));
    expect(callers.map((f) => f.split('\\').join('/'))).toEqual(['identity/acquire.ts']);
  });
});

describe('a run that names only tokens, storage keys or registries', () => {
  const ACCOUNT =
    '/subscriptions/6f1c2d3e-0000-4000-8000-00000000c0de/resourceGroups/ml-rg/providers/Microsoft.Storage/storageAccounts/mldata';
  it.each(['tokens', 'storage-keys', 'acr-login'] as const)(
    '%s: one UnexpectedIdentity for the whole stage, and ARM and ACR are never asked',
    async (input) => {
      const asked: string[] = [];
      const access: ResourceAccess = {
        listStorageKeys: () => (asked.push('listKeys'), Promise.resolve([])),
        storageAccount: () => (asked.push('account'), Promise.resolve({})),
        acrRefreshToken: () => (asked.push('exchange'), Promise.resolve('')),
      };
      const refs = {
        tokens: input === 'tokens' ? parseTokens('A=management\nB=storage', 'AzureCloud').tokens : [],
        storageKeys: input === 'storage-keys' ? parseStorageKeys(ACCOUNT).storageKeys : [],
        acr: input === 'acr-login' ? parseAcrLogins('myregistry', 'AzureCloud').acr : [],
      };
      const held: string[] = [];
      const outcome = fetchResources(refs, {
        cloud: 'AzureCloud',
        timeoutSeconds: 30,
        signal: new AbortController().signal,
        token: () =>
          Promise.reject(
            new UnexpectedIdentity(
              say('identity.unexpected-identity', CATALOGUE['identity.unexpected-identity'].example),
            ),
          ),
        access: () => Promise.resolve(access),
        hold: (value) => held.push(value),
      });
      await expect(outcome).rejects.toBeInstanceOf(UnexpectedIdentity);
      expect(asked).toEqual([]);
      expect(held).toEqual([]);
    },
  );

  it('the story: one error, nothing exported, the resources never loaded', async () => {
    const runner = new FakeRunner({ tokens: 'management', 'expected-tenant-id': OTHER_TENANT });
    let loaded = false;
    await run(
      deps(
        runner,
        fakeAzure({
          token: () => Promise.resolve({ token: ACCESS_TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 }),
        }),
        {
          resources: () => {
            loaded = true;
            return Promise.reject(new Error('not expected'));
          },
        },
      ),
    );
    expect(runner.of('failed')).toEqual([
      ['failed', expect.stringMatching(/^Refused the identity: .*expected-tenant-id is 99999999-/)],
    ]);
    expect([...runner.of('output'), ...runner.of('env')]).toEqual([]);
    expect(loaded).toBe(false);
  });
});

describe('the inputs: GUIDs, refused otherwise before any request', () => {
  const read = (inputs: Record<string, string>) => (name: string) =>
    ({ keyvault: 'ml-prod-kv', secrets: 'a', ...inputs })[name] ?? '';
  it('both read', () => {
    expect(
      readConfig(read({ 'expected-tenant-id': TENANT, 'expected-principal-id': ` ${OID} ` })).config?.expected,
    ).toEqual({
      tenantId: TENANT,
      principalId: OID,
    });
  });
  it('neither: nothing expected', () => {
    expect(readConfig(read({})).config?.expected).toEqual({});
  });
  it.each([
    ['expected-tenant-id', 'contoso.onmicrosoft.com'],
    ['expected-principal-id', 'my-identity'],
    ['expected-principal-id', `${OID} ${CLIENT}`],
  ])('%s=%j is refused, naming where to find the GUID', (input, value) => {
    const { problems } = readConfig(read({ [input]: value }));
    expect(problems).toEqual([{ input, message: expect.stringMatching(/is not a GUID; find it with: az /) }]);
  });
});
