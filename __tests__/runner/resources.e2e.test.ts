// tokens, storage-keys and acr-login, each on each host where it applies, against the stand-in's
// IMDS / Container Apps / Arc / Entra (AKS, GitHub OIDC), ARM and ACR, reached through the CONNECT proxy over TLS.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { ACR_TOKEN_USER, AKS_ISSUER, DEFAULT_IDENTITIES, GITHUB_ISSUER, GITHUB_SUBJECT } from '../../standin/index.mjs';
import { runPostStep } from '../../standin/runner.mjs';
import {
  arcKeyDirWritable,
  arcSkipReason,
  expectMaskedAndNotLeaked,
  expectNothingExported,
  sampleVault,
  useStandin,
} from '../helpers/standin.js';
import { itIf } from '../helpers/itIf.js';

const ctx = useStandin();
const [SYSTEM] = DEFAULT_IDENTITIES as [(typeof DEFAULT_IDENTITIES)[0]];
const APP = { clientId: '9a7b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d', objectId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d' };
const API = 'api://9a7b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d';
type Req = { service: string; path: string; resource?: string; method?: string; status: number };
const requests = (service: string) => (ctx.s.requests() as Req[]).filter((r) => r.service === service);
/** The resource of every token any identity host issued, in order. */
const issuedFor = () => [...ctx.s.entra.tokenGrants().values()].map((t) => (t as { resource: string }).resource);
/** The part of a Docker config.json the action writes. */
type DockerConfig = { auths: Record<string, { auth: string }>; cliPluginsExtraDirs?: string[] };
const readDockerConfig = (dir: string) => JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as DockerConfig;
const countBy = (xs: string[]) => xs.reduce<Record<string, number>>((m, x) => ({ ...m, [x]: (m[x] ?? 0) + 1 }), {});

// MSAL reads Arc's key only from /var/opt/azcmagent/tokens/ (Linux); see hosts.e2e.test.ts.

/** The hosts, each with the env and inputs that select it. */
const HOSTS: Record<string, () => { env: Record<string, string>; inputs: Record<string, string> }> = {
  imds: () => ({ env: {}, inputs: {} }),
  'app-service': () => ({ env: ctx.s.envFor('app-service'), inputs: {} }),
  arc: () => ({ env: ctx.s.envFor('arc'), inputs: {} }),
  'workload-identity': () => {
    ctx.s.entra.addFederatedIdentity({
      ...APP,
      federated: [{ issuer: AKS_ISSUER, subject: 'system:serviceaccount:arc-runners:gpu-runner' }],
    });
    return {
      env: ctx.s.envFor('workload-identity', { tokenFile: ctx.s.aks.serviceAccountToken(), clientId: APP.clientId }),
      inputs: {},
    };
  },
  'github-oidc': () => {
    ctx.s.entra.addFederatedIdentity({ ...APP, federated: [{ issuer: GITHUB_ISSUER, subject: GITHUB_SUBJECT }] });
    return {
      env: ctx.s.envFor('github-oidc'),
      inputs: { 'tenant-id': ctx.s.entra.tenantId, 'client-id': APP.clientId },
    };
  },
};

/** GET https://REGISTRY/v2/ through the stand-in's proxy, as docker does after login. */
function registryCheck(host: string, authorization?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host,
        path: '/v2/',
        ca: readFileSync(ctx.s.caFile),
        agent: new HttpsProxyAgent(ctx.s.proxyUrl),
        headers: authorization ? { Authorization: authorization } : {},
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe.each(Object.keys(HOSTS))('on %s', (hostName) => {
  const runs = hostName !== 'arc' || arcKeyDirWritable;
  itIf(runs, arcSkipReason)(
    'tokens, a storage key and an ACR login from one identity: one token request per resource, all masked',
    async () => {
      const host = HOSTS[hostName]!();
      sampleVault(ctx.s, 'resources-suite-secret');
      ctx.s.entra.addApp(API);
      const account = ctx.s.arm.addStorageAccount({ name: 'mldata' });
      ctx.s.acr.addRegistry('myregistry');
      const r = await ctx.step(
        {
          keyvault: 'ml-prod-kv',
          secrets: 'db-password',
          tokens: `ARM_TOKEN=management\nstorage\nAPI_TOKEN=${API}\nKV=keyvault`,
          'storage-keys': `${account.id}\nBACKUP_CONN=${account.id}#connection-string`,
          'acr-login': 'myregistry',
          'export-env': 'true',
          ...host.inputs,
        },
        { env: host.env },
      );
      expect(r.errors).toEqual([]);
      expect(Object.keys(r.outputs).sort()).toEqual([
        'API_TOKEN',
        'API_TOKEN_EXPIRES_ON',
        'ARM_TOKEN',
        'ARM_TOKEN_EXPIRES_ON',
        'BACKUP_CONN',
        'DB_PASSWORD',
        'DOCKER_CONFIG',
        'KV',
        'KV_EXPIRES_ON',
        'MLDATA_KEY',
        'STORAGE_TOKEN',
        'STORAGE_TOKEN_EXPIRES_ON',
      ]);
      expect(r.env.ARM_TOKEN).toBe(r.outputs.ARM_TOKEN);
      expect(new Date(r.outputs.ARM_TOKEN_EXPIRES_ON!).toISOString()).toBe(r.outputs.ARM_TOKEN_EXPIRES_ON);
      expect(ctx.s.entra.tokenGrants().get(r.outputs.ARM_TOKEN!)).toMatchObject({
        resource: 'https://management.azure.com',
      });
      expect(ctx.s.entra.tokenGrants().get(r.outputs.API_TOKEN!)).toMatchObject({ resource: API });
      expect(r.outputs.MLDATA_KEY).toBe(account.keys[0]);
      expect(r.outputs.BACKUP_CONN).toBe(
        `DefaultEndpointsProtocol=https;AccountName=mldata;AccountKey=${account.keys[0]};EndpointSuffix=core.windows.net`,
      );
      // One token per resource (the Key Vault token serves tokens: keyvault too), whatever the host.
      expect(countBy(issuedFor())).toEqual({
        'https://vault.azure.net': 1,
        'https://management.azure.com': 1,
        'https://storage.azure.com': 1,
        [API]: 1,
        'https://containerregistry.azure.net': 1,
      });
      expect(r.outputs.KV).toBe(
        [...ctx.s.entra.tokenGrants().entries()].find(
          ([, g]) => (g as { resource: string }).resource === 'https://vault.azure.net',
        )![0],
      );
      if (hostName === 'github-oidc')
        expect(requests('github').filter((q) => q.path === '/_apis/pipelines/oidc/token')).toHaveLength(1);
      if (hostName !== 'imds') expect(requests('imds')).toEqual([]);
      expect(
        requests('arm')
          .map((q) => `${q.method} ${q.status}`)
          .sort(),
      ).toEqual(['GET 200', 'POST 200']);
      const refresh = Buffer.from(
        readDockerConfig(r.outputs.DOCKER_CONFIG!).auths['myregistry.azurecr.io']!.auth,
        'base64',
      )
        .toString()
        .split(':')[1]!;
      expectMaskedAndNotLeaked(
        r,
        [r.outputs.MLDATA_KEY!, r.outputs.BACKUP_CONN!, refresh, 'resources-suite-secret'],
        ctx.s.entra.issuedTokens(),
      );
      for (const t of ['ARM_TOKEN', 'STORAGE_TOKEN', 'API_TOKEN', 'KV']) expect(r.masks).toContain(r.outputs[t]);
      expect(r.masks).not.toContain(r.outputs.ARM_TOKEN_EXPIRES_ON);
      expect(r.summary).toMatch(/Credentials from the same identity: 7 exported/);
    },
  );
});

describe('tokens', () => {
  it('resolves the well-known names for the cloud, and asks for no Key Vault token when no secret is named', async () => {
    const r = await ctx.step({
      cloud: 'AzureUSGovernment',
      tokens: 'management\ngraph\nml\ncontainerregistry\nstorage',
    });
    expect(r.errors).toEqual([]);
    expect(issuedFor().sort()).toEqual([
      'https://graph.microsoft.us',
      'https://management.usgovcloudapi.net',
      'https://ml.azure.us',
      'https://storage.azure.com',
    ]);
    expect(Object.keys(r.outputs)).toContain('CONTAINERREGISTRY_TOKEN');
    expect(r.outputs.CONTAINERREGISTRY_TOKEN).toBe(r.outputs.MANAGEMENT_TOKEN); // one request: ACR's audience in US Government is ARM's
    expect(requests('vault')).toEqual([]);
    const china = await ctx.step({ cloud: 'AzureChinaCloud', tokens: 'graph' });
    expect(ctx.s.entra.tokenGrants().get(china.outputs.GRAPH_TOKEN!)).toMatchObject({
      resource: 'https://microsoftgraph.chinacloudapi.cn',
    });
  });

  it('names the line and Entra’s AADSTS500011 for a resource the tenant does not know; nothing is exported', async () => {
    sampleVault(ctx.s, 'resources-suite-secret');
    const r = await ctx.step({
      keyvault: 'ml-prod-kv',
      secrets: 'db-password',
      tokens: 'ARM=management\nAPI=api://unknown-app',
    });
    expect(r.errors).toEqual([
      expect.stringMatching(
        /Could not get 1 of 2 credentials; nothing was exported:\n {2}tokens line 2: api:\/\/unknown-app \(API\): no token for api:\/\/unknown-app: .*knows no resource api:\/\/unknown-app in this tenant \(invalid_resource, AADSTS500011\)/,
      ),
    ]);
    expectNothingExported(r);
    expectMaskedAndNotLeaked(r, ['resources-suite-secret'], ctx.s.entra.issuedTokens());
  });

  it.each([
    [
      'a word that is not a resource',
      { tokens: 'managment' },
      /tokens line 1: "managment" is not a resource: write one of management, storage, ml, graph, containerregistry, keyvault/,
    ],
    ['a URI without an alias', { tokens: API }, /tokens line 1: ".*" needs an alias for its output: MY_TOKEN=api:/],
    ['http://', { tokens: 'X=http://example.com' }, /must use https:\/\//],
    [
      'a protected alias',
      { tokens: 'PATH=management' },
      /tokens line 1: "PATH=management" would set PATH, a protected name/,
    ],
    [
      'an alias a secret has',
      { keyvault: 'kv-one', secrets: 'DB=db', tokens: 'DB=management' },
      /tokens line 1: "DB=management" exports DB, already exported by "DB=db" on secrets line 1/,
    ],
    [
      'ALIAS_EXPIRES_ON taken',
      { tokens: 'A=management\nA_EXPIRES_ON=storage' },
      /tokens line 2: .*exports A_EXPIRES_ON, already exported/,
    ],
    [
      'a bad storage account id',
      { 'storage-keys': '/subscriptions/x/resourceGroups/rg' },
      /storage-keys line 1: ".*" is not a storage account resource id/,
    ],
    [
      'a bad selector',
      {
        'storage-keys':
          '/subscriptions/6f1c2d3e-0000-4000-8000-00000000c0de/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/abc#key3',
      },
      /"#key3" is not what a storage key reference can select/,
    ],
    ['a bad registry', { 'acr-login': 'my-registry' }, /acr-login line 1: "my-registry" is not a registry name/],
    [
      'another cloud’s registry',
      { 'acr-login': 'myregistry.azurecr.cn' },
      /myregistry\.azurecr\.cn is an AzureChinaCloud registry, but cloud is AzureCloud/,
    ],
    [
      'an alias named DOCKER_CONFIG',
      { 'acr-login': 'myregistry', tokens: 'DOCKER_CONFIG=management' },
      /would set DOCKER_CONFIG, which acr-login sets/,
    ],
  ])('rejects %s before any request', async (_, inputs, message) => {
    const r = await ctx.step(inputs);
    expect(r.errors).toEqual([expect.stringMatching(message)]);
    expect(ctx.s.requests()).toEqual([]);
  });
});

describe('storage-keys', () => {
  const id = (name: string, subscription = '6f1c2d3e-0000-4000-8000-00000000c0de') =>
    `/subscriptions/${subscription}/resourceGroups/ml-rg/providers/Microsoft.Storage/storageAccounts/${name}`;

  it('key2 and a China connection string, through management.chinacloudapi.cn; one ARM token, one listKeys per account', async () => {
    const a = ctx.s.arm.addStorageAccount({ name: 'mldata' });
    const b = ctx.s.arm.addStorageAccount({ name: 'backup01' });
    const r = await ctx.step({
      cloud: 'AzureChinaCloud',
      'storage-keys': `${a.id}#key2\nA1=${a.id}\nCONN=${b.id}#connection-string`,
    });
    expect(r.errors).toEqual([]);
    expect(r.outputs).toMatchObject({
      MLDATA_KEY2: a.keys[1],
      A1: a.keys[0],
      CONN: `DefaultEndpointsProtocol=https;AccountName=backup01;AccountKey=${b.keys[0]};EndpointSuffix=core.chinacloudapi.cn`,
    });
    expect(issuedFor()).toEqual(['https://management.chinacloudapi.cn']);
    expect(requests('arm').filter((q) => q.path.endsWith('/listKeys'))).toHaveLength(2);
    expect(
      ctx.s
        .requests()
        .filter((q) => q.service === 'arm')
        .every((q) => q.host === 'management.chinacloudapi.cn'),
    ).toBe(true);
    expectMaskedAndNotLeaked(r, [...a.keys, b.keys[0]!], ctx.s.entra.issuedTokens());
  });

  it('AuthorizationFailed: prints the principal id and the role assignment command for the account', async () => {
    const a = ctx.s.arm.addStorageAccount({ name: 'mldata', keyOperators: [] });
    const r = await ctx.step({ 'storage-keys': a.id });
    expect(r.errors).toEqual([
      expect.stringContaining(
        `storage-keys line 1: mldata#key1 (MLDATA_KEY): AuthorizationFailed: the runner's identity (principal id ${SYSTEM.objectId}) may not list the keys of this storage account. Grant it the key operator role: az role assignment create --role "Storage Account Key Operator Service Role" --assignee ${SYSTEM.objectId} --scope ${a.id}`,
      ),
    ]);
    expectNothingExported(r);
    expect(r.summary).toMatch(/could not be read; nothing was exported/);
  });

  it('ResourceNotFound and SubscriptionNotFound each name the fix', async () => {
    ctx.s.arm.addStorageAccount({ name: 'mldata' });
    const r = await ctx.step({
      'storage-keys': `${id('nosuch')}\n${id('mldata', '11111111-2222-4333-8444-555555555555')}`,
    });
    expect(r.errors[0]).toMatch(
      /storage-keys line 1: nosuch#key1 \(NOSUCH_KEY\): ResourceNotFound: there is no storage account nosuch in resource group ml-rg of subscription 6f1c2d3e-0000-4000-8000-00000000c0de\. Check the id: az storage account show -n nosuch --query id -o tsv/,
    );
    expect(r.errors[0]).toMatch(
      /storage-keys line 2: .*SubscriptionNotFound: subscription 11111111-2222-4333-8444-555555555555 does not exist in AzureCloud, or is in another tenant/,
    );
  });

  it('an account with shared key access disabled: listKeys still answers, the action refuses and points at tokens: storage', async () => {
    const a = ctx.s.arm.addStorageAccount({ name: 'mldata', allowSharedKeyAccess: false });
    const r = await ctx.step({ 'storage-keys': a.id });
    expect(r.errors).toEqual([
      expect.stringMatching(
        /mldata#key1 \(MLDATA_KEY\): shared key access disabled: mldata has allowSharedKeyAccess false.*tokens: storage.*Storage Blob Data Reader/,
      ),
    ]);
    expectNothingExported(r);
    expectMaskedAndNotLeaked(r, a.keys, ctx.s.entra.issuedTokens());
  });

  it('all or nothing: a failed storage key means no secret, token or Docker config is exported', async () => {
    sampleVault(ctx.s, 'resources-suite-secret');
    ctx.s.acr.addRegistry('myregistry');
    const a = ctx.s.arm.addStorageAccount({ name: 'mldata', keyOperators: [] });
    const r = await ctx.step({
      keyvault: 'ml-prod-kv',
      secrets: 'db-password',
      tokens: 'management',
      'acr-login': 'myregistry',
      'storage-keys': a.id,
    });
    expect(r.errors).toEqual([expect.stringMatching(/Could not get 1 of 3 credentials; nothing was exported/)]);
    expectNothingExported(r);
    expect(r.state).toEqual({});
    expectMaskedAndNotLeaked(r, ['resources-suite-secret'], ctx.s.entra.issuedTokens());
  });
});

describe('credential sizes: an answer no service gives', () => {
  const chars = 'abcdefghijklmnopqrstuvwxyz0123456789';

  it('a listKeys answer with 2,000 one-letter keys: one clear error naming the account, no one-letter mask', async () => {
    const keys = Array.from({ length: 2000 }, (_, i) => chars[i % chars.length]!);
    const a = ctx.s.arm.addStorageAccount({ name: 'mldata', keys });
    const r = await ctx.step({ 'storage-keys': a.id });
    expect(r.errors).toEqual([
      expect.stringContaining(
        'storage-keys line 1: mldata#key1 (MLDATA_KEY): management.azure.com answered its listKeys for mldata with 2000 keys, more than the 8 a storage account lists: no such answer comes from the service, so it was not used or masked.',
      ),
    ]);
    expect(r.masks.filter((m) => m.trim().length < 16)).toEqual([]);
    expectNothingExported(r);
  });

  it('a storage key longer than any is refused', async () => {
    const a = ctx.s.arm.addStorageAccount({ name: 'mldata', keys: ['k'.repeat(2000), 'k'.repeat(88)] });
    const r = await ctx.step({ 'storage-keys': a.id });
    expect(r.errors).toEqual([
      expect.stringMatching(
        /listKeys for mldata with a key of 2000 characters, more than the 1024 characters one can be/,
      ),
    ]);
    expectNothingExported(r);
  });

  it('an ACR refresh token larger than any token is refused, and no Docker config is written', async () => {
    ctx.s.acr.addRegistry('myregistry', { refreshToken: 'r'.repeat(40 * 1024) });
    const r = await ctx.step({ 'acr-login': 'myregistry' });
    expect(r.errors).toEqual([
      expect.stringMatching(
        /myregistry\.azurecr\.io answered its token exchange with a refresh token of 40 KiB, more than the 32 KiB one can be/,
      ),
    ]);
    expect(r.masks.some((m) => m.startsWith('rrrr'))).toBe(false);
    expectNothingExported(r);
    expect(r.state).toEqual({});
  });
});

describe('acr-login', () => {
  /** Directories a test makes besides its steps' own (a HOME, a look-alike config directory), removed after it. */
  const made: string[] = [];
  const tempDir = (prefix: string) => {
    made.push(mkdtempSync(join(tmpdir(), prefix)));
    return made.at(-1)!;
  };
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('writes a job-scoped Docker config that authenticates at /v2/, never touches ~/.docker, and the post step removes it', async () => {
    ctx.s.acr.addRegistry('myregistry');
    ctx.s.acr.addRegistry('trainimages');
    const home = tempDir('kv-home-');
    const r = await ctx.step(
      { 'acr-login': 'myregistry\nHELM_PASSWORD=trainimages.azurecr.io', 'export-env': 'true' },
      { env: { HOME: home } },
    );
    expect(r.errors).toEqual([]);
    const dir = r.env.DOCKER_CONFIG!;
    expect(dir).toBe(r.outputs.DOCKER_CONFIG);
    expect(dir.startsWith(join(r.runnerTemp, 'keyvault-secrets-docker-'))).toBe(true);
    // File modes mean something on POSIX only (on Windows the directory's ACL does this: unit/read/export/portability.test.ts).
    /* eslint-disable jest/no-conditional-expect -- POSIX modes only; the Windows ACL has its own test (see above) */
    if (process.platform !== 'win32') {
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      expect(statSync(join(dir, 'config.json')).mode & 0o777).toBe(0o600);
    }
    /* eslint-enable jest/no-conditional-expect */
    const config = readDockerConfig(dir);
    expect(Object.keys(config.auths)).toEqual(['myregistry.azurecr.io', 'trainimages.azurecr.io']);
    expect(config.cliPluginsExtraDirs).toEqual([join(home, '.docker', 'cli-plugins')]);
    const [user, refresh] = Buffer.from(config.auths['myregistry.azurecr.io']!.auth, 'base64').toString().split(':');
    expect(user).toBe(ACR_TOKEN_USER);
    // What docker login checks: Basic auth with the 0000… user and the refresh token, through the proxy.
    expect(
      await registryCheck('myregistry.azurecr.io', config.auths['myregistry.azurecr.io']!.auth.replace(/^/, 'Basic ')),
    ).toBe(200);
    expect(await registryCheck('myregistry.azurecr.io')).toBe(401);
    expect(r.outputs.HELM_PASSWORD).toBe(
      Buffer.from(config.auths['trainimages.azurecr.io']!.auth, 'base64').toString().split(':')[1],
    );
    expect(issuedFor()).toEqual(['https://containerregistry.azure.net']); // one Entra token for both registries
    expect(requests('acr').filter((q) => q.path === '/oauth2/exchange')).toHaveLength(2);
    expectMaskedAndNotLeaked(r, [refresh!, r.outputs.HELM_PASSWORD!], ctx.s.entra.issuedTokens());
    expect(existsSync(join(home, '.docker'))).toBe(false);

    const post = await runPostStep(r, { env: ctx.s.env() });
    expect(post.log).toContain(`Removed the job's Docker config (${dir}).`);
    expect(existsSync(dir)).toBe(false);
  });

  it('the post step removes nothing when the saved Docker config location is not one this action creates', async () => {
    ctx.s.acr.addRegistry('myregistry');
    const r = await ctx.step({ 'acr-login': 'myregistry' });
    const elsewhere = tempDir('keyvault-secrets-docker-');
    const post = await runPostStep(
      { ...r, state: { 'docker-config': JSON.stringify({ dir: elsewhere, files: [join(elsewhere, 'config.json')] }) } },
      { env: ctx.s.env() },
    );
    expect(post.warnings).toEqual([
      'Ignored the saved Docker config location and removed nothing: the saved directory is not directly under RUNNER_TEMP.',
    ]);
    expect(existsSync(elsewhere)).toBe(true);
    expect(existsSync(r.outputs.DOCKER_CONFIG!)).toBe(true);
  });

  it('says to grant AcrPull, with the principal id, when the registry refuses the identity', async () => {
    ctx.s.acr.addRegistry('myregistry', { pullers: [] });
    const r = await ctx.step({ 'acr-login': 'myregistry' });
    expect(r.errors).toEqual([
      expect.stringContaining(
        `acr-login line 1: myregistry.azurecr.io (–): unauthorized: myregistry.azurecr.io refused the runner's identity (principal id ${SYSTEM.objectId}). Grant it AcrPull (AcrPush to push): az role assignment create --role AcrPull --assignee ${SYSTEM.objectId} --scope $(az acr show -n myregistry --query id -o tsv)`,
      ),
    ]);
    expectNothingExported(r);
  });

  it('names a registry that does not exist (the proxy cannot resolve it) and one that takes no Entra sign-in', async () => {
    ctx.s.acr.addRegistry('adminonly', { entraAuth: false });
    const r = await ctx.step({ 'acr-login': 'nosuchregistry\nadminonly' });
    expect(r.errors[0]).toMatch(
      /acr-login line 1: nosuchregistry\.azurecr\.io \(–\): not found: the registry nosuchregistry\.azurecr\.io does not exist or cannot be reached \(the proxy answered 502\)\. Check the name and the cloud input: az acr show -n nosuchregistry/,
    );
    expect(r.errors[0]).toMatch(
      /acr-login line 2: adminonly\.azurecr\.io \(–\): Microsoft Entra sign-in refused by adminonly\.azurecr\.io .*admin user or repository-scoped tokens/,
    );
    expectNothingExported(r);
  });
});
