// Microsoft's Python SDK (Debian's python3-azure), written by no one here, as a second real client
// of the stand-in: if it reads values and errors the way it would from Azure, the stand-in is faithful.
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { itIf } from '../helpers/itIf.js';
import { sampleVault, useStandin } from '../helpers/standin.js';

const ctx = useStandin();
// CONFORMANCE_PYTHON: another interpreter (to check the skip path: CONFORMANCE_PYTHON=/nonexistent npm test).
const PYTHON = process.env.CONFORMANCE_PYTHON ?? '/usr/bin/python3';

// Runs wherever Microsoft's Python SDK is importable (apt-get install python3-azure); reported as
// skipped, with the reason, where it is not. .ci/run sets REQUIRE_PYTHON_SDK=1, so CI never skips it.
const importable =
  spawnSync(PYTHON, ['-c', 'import azure.identity, azure.keyvault.secrets'], { stdio: 'ignore' }).status === 0;
const required = process.env.REQUIRE_PYTHON_SDK === '1';
const skipReason = `Microsoft's Python SDK is not importable by ${PYTHON} (apt-get install python3-azure)`;
if (required && !importable) throw new Error(`REQUIRE_PYTHON_SDK=1, but ${skipReason}`);

const SNIPPET = `
import sys
from azure.identity import DefaultAzureCredential
from azure.keyvault.secrets import SecretClient
from azure.core.exceptions import ResourceNotFoundError, HttpResponseError
client = SecretClient(vault_url=sys.argv[1], credential=DefaultAzureCredential())
sys.stdout.write(repr(client.get_secret(sys.argv[2]).value) + "\\n")
sys.stdout.write(repr(client.get_secret(sys.argv[2], sys.argv[3]).value) + "\\n")
try:
    client.get_secret("no-such-secret")
except ResourceNotFoundError as e:
    sys.stdout.write("404 " + e.error.code + "\\n")
names = sorted(p.name for p in client.list_properties_of_secrets())
sys.stdout.write(str(len(names)) + "\\n")
`;

itIf(importable, skipReason)(
  'the Python SDK reads values, versions, errors and list pages from the stand-in, unmodified',
  async () => {
    const kv = sampleVault(ctx.s, Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`filler-${i}`, `v${i}`])));
    const first = ctx.s.keyvault.setSecret(kv.host, 'db-password', 'first\nversion');
    ctx.s.keyvault.setSecret(kv.host, 'db-password', 'pässwörd "latest"');

    const env = { PATH: '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', ...ctx.s.env() };
    // Asynchronous: the stand-in answers from this very process.
    const run = await promisify(execFile)(
      PYTHON,
      ['-c', SNIPPET, 'https://ml-prod-kv.vault.azure.net/', 'db-password', first.version],
      { env, encoding: 'utf8', timeout: 60_000 },
    );

    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n')).toEqual([
      `'pässwörd "latest"'`,
      `'first\\nversion'`,
      '404 SecretNotFound',
      '31',
      '',
    ]);
    expect(ctx.s.stats.challenges).toBe(1);
    expect(ctx.s.stats.listPages).toBe(2);
  },
);

// The write side, through the same SDK: set_secret (whose answer echoes the value, as Key Vault's does), the
// version listing, a PATCH that disables a version, and a soft-deleted name's 409 with Key Vault's inner code.
const WRITE_SNIPPET = `
import sys, datetime
from azure.identity import DefaultAzureCredential
from azure.keyvault.secrets import SecretClient
from azure.core.exceptions import ResourceExistsError, HttpResponseError
client = SecretClient(vault_url=sys.argv[1], credential=DefaultAzureCredential())
expires = datetime.datetime(2031, 1, 31, tzinfo=datetime.timezone.utc)
first = client.set_secret("api-token", "first\\nline", content_type="text/plain", tags={"owner": "team-a"})
second = client.set_secret("api-token", "pässwörd", expires_on=expires)
sys.stdout.write(" ".join([first.properties.version, second.properties.version]) + "\\n")
sys.stdout.write(repr(second.value) + " " + str(second.properties.expires_on.isoformat()) + "\\n")
back = client.get_secret("api-token", first.properties.version)
sys.stdout.write(repr(back.value) + " " + back.properties.content_type + " " + back.properties.tags["owner"] + "\\n")
client.update_secret_properties("api-token", first.properties.version, enabled=False)
versions = sorted((p.version, p.enabled) for p in client.list_properties_of_secret_versions("api-token"))
sys.stdout.write(" ".join(v + ("=on" if e else "=off") for (v, e) in versions) + "\\n")
try:
    client.set_secret("gone", "x")
except ResourceExistsError as e:
    sys.stdout.write(str(e.status_code) + " " + e.error.code + " " + e.error.innererror["code"] + "\\n")
`;

itIf(importable, skipReason)(
  "the Python SDK writes through the stand-in's write side and gets back each new version",
  async () => {
    const kv = sampleVault(ctx.s, { gone: 'old' });
    ctx.s.keyvault.deleteSecret(kv.host, 'gone');

    const env = { PATH: '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', ...ctx.s.env() };
    const run = await promisify(execFile)(PYTHON, ['-c', WRITE_SNIPPET, 'https://ml-prod-kv.vault.azure.net/'], {
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });

    expect(run.stderr).toBe('');
    const stored = ctx.s.keyvault.versions(kv.host, 'api-token');
    expect(stored.map((v: { value: string }) => v.value)).toEqual(['first\nline', 'pässwörd']);
    const [first, second] = stored.map((v: { version: string }) => v.version);
    expect(run.stdout.split('\n')).toEqual([
      `${first} ${second}`,
      `'pässwörd' 2031-01-31T00:00:00+00:00`,
      `'first\\nline' text/plain team-a`,
      [`${first}=off`, `${second}=on`].sort().join(' '),
      '409 Conflict ObjectIsDeletedButRecoverable',
      '',
    ]);
    expect(ctx.s.keyvault.isDeleted(kv.host, 'gone')).toBe(true);
  },
);

// The other hosts, through the same SDK: Entra ID's token exchange (ClientAssertionCredential, with
// MSAL for Python doing instance discovery and the jwt-bearer request) and the Container Apps / App
// Service identity endpoint (ManagedIdentityCredential with IDENTITY_ENDPOINT and IDENTITY_HEADER).
const HOSTS_SNIPPET = `
import sys
from azure.identity import ClientAssertionCredential, ManagedIdentityCredential
from azure.keyvault.secrets import SecretClient
from azure.core.exceptions import ClientAuthenticationError
tenant, client_id, good, bad, vault = sys.argv[1:6]
def read(credential):
    return SecretClient(vault_url=vault, credential=credential).get_secret("db-password").value
sys.stdout.write(read(ClientAssertionCredential(tenant, client_id, lambda: good)) + "\\n")
try:
    read(ClientAssertionCredential(tenant, client_id, lambda: bad))
except ClientAuthenticationError as e:
    sys.stdout.write(("AADSTS70021" if "AADSTS70021" in str(e) else "other: " + str(e)[:200]) + "\\n")
sys.stdout.write(read(ManagedIdentityCredential()) + "\\n")
`;

itIf(importable, skipReason)(
  "the Python SDK signs in through the stand-in's Entra ID and Container Apps endpoint",
  async () => {
    const { GITHUB_ISSUER, GITHUB_SUBJECT, unsignedJwt } = await import('../../standin/index.mjs');
    const app = { clientId: '9a7b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d', objectId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d' };
    ctx.s.entra.addFederatedIdentity({ ...app, federated: [{ issuer: GITHUB_ISSUER, subject: GITHUB_SUBJECT }] });
    sampleVault(ctx.s, 'python-reads-this');
    const assertion = (sub: string) => unsignedJwt({ iss: GITHUB_ISSUER, sub, aud: 'api://AzureADTokenExchange' }, 300);

    const env = {
      PATH: '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/root',
      ...ctx.s.env(),
      ...ctx.s.envFor('app-service'),
    };
    const args = [
      ctx.s.entra.tenantId,
      app.clientId,
      assertion(GITHUB_SUBJECT),
      assertion('repo:mallory/fork:pull_request'),
      'https://ml-prod-kv.vault.azure.net/',
    ];
    const run = await promisify(execFile)(PYTHON, ['-c', HOSTS_SNIPPET, ...args], {
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });

    expect(run.stdout.split('\n')).toEqual(['python-reads-this', 'AADSTS70021', 'python-reads-this', '']);
    const entra = ctx.s
      .requests()
      .filter((r: { service: string }) => r.service === 'entra')
      .map((r: { path: string; status: number }) => `${r.status} ${r.path}`);
    expect(entra).toEqual(
      expect.arrayContaining([
        `200 /${ctx.s.entra.tenantId}/oauth2/v2.0/token`,
        `400 /${ctx.s.entra.tenantId}/oauth2/v2.0/token`,
      ]),
    );
    expect(ctx.s.requests().filter((r: { service: string }) => r.service === 'app-service')).toHaveLength(1);
  },
);

// The stand-in's ARM (listKeys and its error bodies), its per-resource tokens and ACR's token
// exchange, through Microsoft's Python SDK: azure-mgmt-storage's StorageManagementClient, azure-identity for
// another resource, and azure-containerregistry's own exchange client (the request ContainerRegistryClient sends).
const RESOURCES_SNIPPET = `
import sys
from azure.identity import DefaultAzureCredential, ManagedIdentityCredential
from azure.mgmt.storage import StorageManagementClient
from azure.core.exceptions import HttpResponseError, ClientAuthenticationError
from azure.containerregistry._exchange_client import ACRExchangeClient
sub, rg, account, registry = sys.argv[1:5]
client = StorageManagementClient(DefaultAzureCredential(), sub)
keys = client.storage_accounts.list_keys(rg, account).keys
sys.stdout.write(" ".join(k.key_name for k in keys) + " " + keys[1].value + "\\n")
for (s, a) in ((sub, "nosuch"), ("11111111-2222-4333-8444-555555555555", account)):
    try:
        StorageManagementClient(DefaultAzureCredential(), s).storage_accounts.list_keys(rg, a)
    except HttpResponseError as e:
        sys.stdout.write(str(e.status_code) + " " + e.error.code + "\\n")
token = ManagedIdentityCredential().get_token("https://storage.azure.com/.default").token
sys.stdout.write(("token" if token.count(".") == 2 else "not a token") + "\\n")
try:
    ManagedIdentityCredential().get_token("api://unknown-app/.default")
except ClientAuthenticationError as e:
    # IMDS answers 400 invalid_resource (AADSTS500011); azure-identity reports every IMDS 400 as "no identity assigned".
    sys.stdout.write("refused\\n")
exchange = ACRExchangeClient("https://" + registry, ManagedIdentityCredential(), credential_scopes=["https://containerregistry.azure.net/.default"])
sys.stdout.write(str(len(exchange.exchange_aad_token_for_refresh_token(service=registry)) > 100) + "\\n")
`;

const mgmtImportable =
  importable &&
  spawnSync(PYTHON, ['-c', 'import azure.mgmt.storage, azure.containerregistry'], { stdio: 'ignore' }).status === 0;
const mgmtReason = importable
  ? `azure.mgmt.storage or azure.containerregistry is not importable by ${PYTHON} (apt-get install python3-azure)`
  : skipReason;
itIf(mgmtImportable, mgmtReason)(
  'the Python SDK lists storage keys, gets tokens for other resources and exchanges an ACR token against the stand-in',
  async () => {
    const account = ctx.s.arm.addStorageAccount({ name: 'mldata' });
    ctx.s.acr.addRegistry('myregistry');
    const env = { PATH: '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', ...ctx.s.env() };
    const args = ['6f1c2d3e-0000-4000-8000-00000000c0de', 'ml-rg', 'mldata', 'myregistry.azurecr.io'];
    const run = await promisify(execFile)(PYTHON, ['-c', RESOURCES_SNIPPET, ...args], {
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stdout.split('\n')).toEqual([
      `key1 key2 ${account.keys[1]}`,
      '404 ResourceNotFound',
      '404 SubscriptionNotFound',
      'token',
      'refused',
      'True',
      '',
    ]);
    const refused = ctx.s
      .requests()
      .filter(
        (r: { service: string; status: number; query?: Record<string, string> }) =>
          r.service === 'imds' && r.status === 400,
      )
      .map((r: { query?: Record<string, string> }) => r.query?.resource);
    expect(refused).toEqual(['api://unknown-app']);
    const resources = ctx.s
      .requests()
      .filter((r: { service: string; resource?: string }) => r.service === 'imds' && r.resource)
      .map((r: { resource?: string }) => r.resource);
    expect(resources).toEqual(
      expect.arrayContaining([
        'https://management.azure.com',
        'https://storage.azure.com',
        'https://containerregistry.azure.net',
      ]),
    );
    expect(
      ctx.s
        .requests()
        .filter((r: { service: string }) => r.service === 'acr')
        .map((r: { path: string; status: number }) => `${r.status} ${r.path}`),
    ).toEqual(['200 /oauth2/exchange']);
  },
);
