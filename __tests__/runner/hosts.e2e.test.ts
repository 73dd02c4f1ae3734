// Every place a self-hosted runner on Azure holds an identity, plus GitHub OIDC: for each, the
// bundled action as a step against the stand-in's emulation of that host, the success path (one token,
// at most one challenge per vault, no request to IMDS unless the host is a VM) and each failure's advice.
import { join } from 'node:path';
import { AKS_ISSUER, DEFAULT_IDENTITIES, GITHUB_ISSUER, GITHUB_SUBJECT, jwtClaims } from '../../standin/index.mjs';
import { ROOT } from '../../standin/runner.mjs';
import {
  arcKeyDirWritable,
  arcSkipReason,
  expectMaskedAndNotLeaked,
  expectNothingExported,
  sampleInputs,
  sampleVault,
  useStandin,
} from '../helpers/standin.js';
import { itIf } from '../helpers/itIf.js';

const ctx = useStandin();
const VALUE = 'hosts-suite-secret-value';
const [SYSTEM, USER] = DEFAULT_IDENTITIES as [(typeof DEFAULT_IDENTITIES)[0], (typeof DEFAULT_IDENTITIES)[0]];
const APP = { clientId: '9a7b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d', objectId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d' };
const AKS_SUBJECT = 'system:serviceaccount:arc-runners:gpu-runner';

const requests = (service: string) => ctx.s.requests().filter((r: { service: string }) => r.service === service);
/** The oid of the token Key Vault saw: whose identity read the secret. */
const readerOid = () => {
  const grant = [...ctx.s.entra.tokenGrants().values()].at(-1) as { identity: { objectId: string } } | undefined;
  return grant?.identity.objectId;
};

function expectOneTokenOneChallenge(service: string) {
  expect(requests('imds')).toHaveLength(service === 'imds' ? 1 : 0);
  expect(ctx.s.stats.challenges).toBeLessThanOrEqual(1);
  expect(ctx.s.entra.issuedTokens()).toHaveLength(1);
}

describe('Azure VM or scale set (IMDS)', () => {
  it('uses a sole user-assigned identity when there is no system-assigned one', async () => {
    ctx.s.imds.setIdentities([USER]);
    sampleVault(ctx.s, VALUE);
    const r = await ctx.step(sampleInputs());
    expect(r.outputs).toEqual({ DB_PASSWORD: VALUE });
    expect(r.log).toContain('Identity: Azure VM/VMSS managed identity (IMDS)');
    expect(readerOid()).toBe(USER.objectId);
    expectOneTokenOneChallenge('imds');
  });

  it('says to select one of several user-assigned identities, naming the inputs', async () => {
    ctx.s.imds.setIdentities([
      USER,
      {
        ...USER,
        clientId: '22222222-aaaa-4bbb-8ccc-000000000003',
        objectId: '33333333-aaaa-4bbb-8ccc-000000000004',
        resourceId: `${USER.resourceId}2`,
      },
    ]);
    sampleVault(ctx.s, VALUE);
    const r = await ctx.step(sampleInputs());
    expect(r.errors).toEqual([
      expect.stringMatching(
        /several user-assigned identities .*Select one with client-id, object-id or resource-id.*az vm identity show/,
      ),
    ]);
    expectNothingExported(r);
  });

  it('says when the cloud input is not the VM’s cloud', async () => {
    ctx.s.imds.setVaultResource('https://vault.azure.net');
    sampleVault(ctx.s, VALUE, { cloud: 'AzureUSGovernment' });
    const r = await ctx.step(sampleInputs({ cloud: 'AzureUSGovernment' }));
    expect(r.errors).toEqual([
      expect.stringMatching(
        /https:\/\/vault\.usgovcloudapi\.net was refused .*invalid_resource.*cloud is AzureUSGovernment.*az cloud show/,
      ),
    ]);
  });
});

describe('AKS workload identity (actions-runner-controller)', () => {
  const aks = (tokenFile: string, clientId = APP.clientId) => ({
    env: ctx.s.envFor('workload-identity', { tokenFile, clientId }),
  });
  const federate = (subject = AKS_SUBJECT) =>
    ctx.s.entra.addFederatedIdentity({ ...APP, federated: [{ issuer: AKS_ISSUER, subject }] });

  it('exchanges the pod’s service account token with Entra ID, over TLS through the proxy', async () => {
    federate();
    sampleVault(ctx.s, VALUE);
    const r = await ctx.step(sampleInputs(), aks(ctx.s.aks.serviceAccountToken()));
    expect(r.errors).toEqual([]);
    expect(r.outputs).toEqual({ DB_PASSWORD: VALUE });
    expect(r.log).toContain(`Identity: AKS workload identity, client id ${APP.clientId}`);
    expect(requests('entra').filter((q: { path: string }) => q.path.endsWith('/oauth2/v2.0/token'))).toHaveLength(1);
    expect(readerOid()).toBe(APP.objectId);
    expectOneTokenOneChallenge('workload-identity');
    expectMaskedAndNotLeaked(r, [VALUE], ctx.s.entra.issuedTokens());
  });

  it('AADSTS70021: prints the token’s issuer and subject and the command that adds the federated credential', async () => {
    federate('system:serviceaccount:other:runner');
    sampleVault(ctx.s, VALUE);
    const r = await ctx.step(sampleInputs(), aks(ctx.s.aks.serviceAccountToken()));
    expect(r.errors).toEqual([expect.stringMatching(/no federated credential .*AADSTS70021/)]);
    expect(r.errors[0]).toContain(
      `--issuer ${AKS_ISSUER} --subject ${AKS_SUBJECT} --audiences api://AzureADTokenExchange`,
    );
    expect(r.errors[0]).toContain('az identity federated-credential create');
    expectNothingExported(r);
  });

  it('AADSTS700024: says the projected token expired', async () => {
    federate();
    sampleVault(ctx.s, VALUE);
    const tokenFile = ctx.s.aks.serviceAccountToken({ lifetimeSeconds: -120 });
    const r = await ctx.step(sampleInputs(), aks(tokenFile));
    expect(r.errors).toEqual([
      expect.stringMatching(
        new RegExp(
          `AZURE_FEDERATED_TOKEN_FILE \\(${tokenFile}\\) has expired \\(AADSTS700024\\).*restart the runner pod`,
        ),
      ),
    ]);
  });

  it('AADSTS700016: says no identity has that client id', async () => {
    sampleVault(ctx.s, VALUE);
    const r = await ctx.step(
      sampleInputs(),
      aks(ctx.s.aks.serviceAccountToken(), '00000000-1111-4222-8333-444444444444'),
    );
    expect(r.errors).toEqual([
      expect.stringMatching(
        /no application or identity with client id 00000000-1111-4222-8333-444444444444 .*AADSTS700016.*azure\.workload\.identity\/client-id/,
      ),
    ]);
  });

  it.each(['object-id', 'resource-id'])(
    'refuses %s, which workload identity cannot honour, before any request',
    async (input) => {
      sampleVault(ctx.s, VALUE);
      const id = input === 'object-id' ? USER.objectId : USER.resourceId;
      const r = await ctx.step(sampleInputs({ [input]: id }), aks(ctx.s.aks.serviceAccountToken()));
      expect(r.errors).toEqual([
        expect.stringMatching(new RegExp(`${input}: AKS workload identity selects the identity by client id only`)),
      ]);
      expect(ctx.s.requests()).toEqual([]);
    },
  );
});

describe('Container Apps jobs and App Service (IDENTITY_ENDPOINT + IDENTITY_HEADER)', () => {
  const host = () => ({ env: ctx.s.envFor('app-service') });

  it('uses the system-assigned identity, and a user-assigned one by client id', async () => {
    sampleVault(ctx.s, VALUE);
    const system = await ctx.step(sampleInputs(), host());
    expect(system.outputs).toEqual({ DB_PASSWORD: VALUE });
    expect(system.log).toContain('Identity: Container Apps / App Service managed identity');
    expect(readerOid()).toBe(SYSTEM.objectId);
    expectOneTokenOneChallenge('app-service');
    const appRequest = requests('app-service')[0] as { query: Record<string, string> };
    expect(appRequest.query['api-version']).toBe('2019-08-01');

    ctx.s.reset();
    sampleVault(ctx.s, VALUE);
    const user = await ctx.step(sampleInputs({ 'client-id': USER.clientId }), host());
    expect(user.outputs).toEqual({ DB_PASSWORD: VALUE });
    expect(readerOid()).toBe(USER.objectId);
  });

  it('says to assign the identity to the job when the endpoint has none', async () => {
    sampleVault(ctx.s, VALUE);
    const r = await ctx.step(sampleInputs({ 'client-id': '00000000-1111-4222-8333-444444444444' }), host());
    expect(r.errors).toEqual([
      expect.stringMatching(
        /no user-assigned identity with client-id 00000000-1111-4222-8333-444444444444 .*az containerapp job identity assign -g <resource-group> -n <job-name> --user-assigned/,
      ),
    ]);
    ctx.s.appService.setIdentities([USER]);
    const none = await ctx.step(sampleInputs(), host());
    expect(none.errors).toEqual([
      expect.stringMatching(
        /has no system-assigned managed identity\. Enable it: az containerapp job identity assign .* --system-assigned/,
      ),
    ]);
    expect(requests('imds')).toEqual([]);
  });
});

// MSAL reads Arc's key only from /var/opt/azcmagent/tokens/ (on Windows: %ProgramData%\AzureConnectedMachineAgent\Tokens,
// which the stand-in does not write), so these run on Linux and macOS where that directory can be created.

describe('Azure Arc-enabled servers (himds)', () => {
  const host = () => ({ env: ctx.s.envFor('arc') });

  itIf(arcKeyDirWritable, arcSkipReason)("answers himds's key-file challenge and reads the secret", async () => {
    sampleVault(ctx.s, VALUE);
    const r = await ctx.step(sampleInputs(), host());
    expect(r.errors).toEqual([]);
    expect(r.outputs).toEqual({ DB_PASSWORD: VALUE });
    expect(r.log).toContain('Identity: Azure Arc-enabled server managed identity (himds)');
    expect(requests('arc').map((q) => [q.status, q.authorized])).toEqual([
      [401, false],
      [200, true],
    ]);
    expect(ctx.s.entra.issuedTokens()).toHaveLength(1);
  });

  it('refuses a user-assigned selector before any request: Arc has only the system-assigned identity', async () => {
    sampleVault(ctx.s, VALUE);
    const r = await ctx.step(sampleInputs({ 'client-id': USER.clientId }), host());
    expect(r.errors).toEqual([
      expect.stringMatching(/client-id: an Azure Arc-enabled server has only its system-assigned identity/),
    ]);
    expect(ctx.s.requests()).toEqual([]);
  });

  itIf(arcKeyDirWritable, arcSkipReason)(
    "says to add the runner's user to the himds group when it cannot read the key file",
    async () => {
      sampleVault(ctx.s, VALUE);
      // The key file this user may not read (mode 000; as root, which reads any file, a directory):
      // MSAL reports both as unable_to_read_secret_file, as it does for a user outside himds.
      ctx.s.arc.makeKeyUnreadable();
      const r = await ctx.step(sampleInputs(), host());
      expect(r.errors).toEqual([
        expect.stringMatching(
          /cannot read the Azure Arc agent's challenge key file .*sudo usermod -aG himds <runner-user>/,
        ),
      ]);
    },
  );
});

describe('GitHub OIDC (any runner)', () => {
  const oidc = (more: Record<string, string> = {}) =>
    sampleInputs({ 'tenant-id': ctx.s.entra.tenantId, 'client-id': APP.clientId, ...more });
  const federate = (subject = GITHUB_SUBJECT) =>
    ctx.s.entra.addFederatedIdentity({ ...APP, federated: [{ issuer: GITHUB_ISSUER, subject }] });

  it('exchanges the job’s GitHub ID token with Entra ID and reads the secret', async () => {
    federate();
    sampleVault(ctx.s, VALUE);
    const r = await ctx.step(oidc(), { env: ctx.s.envFor('github-oidc') });
    expect(r.errors).toEqual([]);
    expect(r.outputs).toEqual({ DB_PASSWORD: VALUE });
    expect(r.log).toContain(`Identity: GitHub OIDC (workload identity federation), client id ${APP.clientId}`);
    const idTokenRequests = requests('github').filter(
      (q: { path: string }) => q.path === '/_apis/pipelines/oidc/token',
    );
    expect(idTokenRequests.map((q) => q.query?.audience)).toEqual(['api://AzureADTokenExchange']);
    expect(readerOid()).toBe(APP.objectId);
    expectOneTokenOneChallenge('github-oidc');
    // The ID token is a credential too: masked, never printed.
    const idToken = r.masks.find((m) => jwtClaims(m)?.iss === GITHUB_ISSUER);
    expect(idToken).toBeDefined();
    expectMaskedAndNotLeaked(r, [VALUE], [...ctx.s.entra.issuedTokens(), idToken!]);
  });

  it('works in a sovereign cloud, against that cloud’s Entra host', async () => {
    federate();
    sampleVault(ctx.s, VALUE, { cloud: 'AzureUSGovernment' });
    const r = await ctx.step(oidc({ cloud: 'AzureUSGovernment' }), { env: ctx.s.envFor('github-oidc') });
    expect(r.outputs).toEqual({ DB_PASSWORD: VALUE });
    expect(new Set(requests('entra').map((q: { host: string }) => q.host))).toEqual(
      new Set(['login.microsoftonline.us']),
    );
  });

  it('names "permissions: id-token: write" when the job may not request an ID token, before any request', async () => {
    sampleVault(ctx.s, VALUE);
    const r = await ctx.step(oidc());
    expect(r.errors).toEqual([
      expect.stringMatching(/tenant-id: GitHub OIDC needs an ID token, .*"permissions: id-token: write"/),
    ]);
    expect(ctx.s.requests()).toEqual([]);
  });

  it('AADSTS70021: prints the token’s subject and the az ad app federated-credential create command', async () => {
    federate('repo:acme/training:environment:production');
    sampleVault(ctx.s, VALUE);
    const r = await ctx.step(oidc(), { env: ctx.s.envFor('github-oidc') });
    expect(r.errors).toEqual([
      expect.stringMatching(
        /no federated credential on the application .*AADSTS70021\)\. The token's subject is repo:acme\/training:ref:refs\/heads\/main/,
      ),
    ]);
    expect(r.errors[0]).toContain(
      `az ad app federated-credential create --id ${APP.clientId} --parameters '{"name":"github-actions","issuer":"${GITHUB_ISSUER}","subject":"${GITHUB_SUBJECT}","audiences":["api://AzureADTokenExchange"]}'`,
    );
    expectNothingExported(r);
  });

  it('says when GitHub refuses the job an ID token', async () => {
    federate();
    sampleVault(ctx.s, VALUE);
    const r = await ctx.step(oidc(), {
      env: { ...ctx.s.envFor('github-oidc'), ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'not-the-job-token' },
    });
    expect(r.errors).toEqual([
      expect.stringMatching(
        /GitHub did not issue this job an ID token \(HTTP 401\)\. Add "permissions: id-token: write"/,
      ),
    ]);
    expect(requests('entra')).toEqual([]);
  });

  it('refuses tenant-id without client-id, before any request', async () => {
    sampleVault(ctx.s, VALUE);
    const r = await ctx.step(sampleInputs({ 'tenant-id': ctx.s.entra.tenantId }), { env: ctx.s.envFor('github-oidc') });
    expect(r.errors).toEqual([expect.stringMatching(/client-id: GitHub OIDC needs both tenant-id and client-id/)]);
    expect(ctx.s.requests()).toEqual([]);
  });
});

describe('auth', () => {
  it('refuses a named source this host cannot give, before any request', async () => {
    sampleVault(ctx.s, VALUE);
    const r = await ctx.step(sampleInputs({ auth: 'app-service' }));
    expect(r.errors).toEqual([expect.stringMatching(/auth: app-service needs IDENTITY_ENDPOINT and IDENTITY_HEADER/)]);
    const bad = await ctx.step(sampleInputs({ auth: 'magic' }));
    expect(bad.errors).toEqual([
      expect.stringMatching(/auth: "magic" is not one of auto, imds, workload-identity, app-service, arc, github-oidc/),
    ]);
    expect(ctx.s.requests()).toEqual([]);
  });

  it('a named source wins over what the environment suggests', async () => {
    sampleVault(ctx.s, VALUE);
    const r = await ctx.step(sampleInputs({ auth: 'imds' }), { env: ctx.s.envFor('app-service') });
    expect(r.outputs).toEqual({ DB_PASSWORD: VALUE });
    expect(requests('app-service')).toEqual([]);
  });
});

describe('Key Vault answers on every host', () => {
  it('ForbiddenByConnection: says the vault takes private endpoints only', async () => {
    sampleVault(ctx.s, VALUE, { publicNetworkAccess: false });
    const r = await ctx.step(sampleInputs());
    expect(r.errors).toEqual([
      expect.stringMatching(/ml-prod-kv has public network access disabled.*private endpoint/),
    ]);
  });

  it('AccessDenied: names the access policy permission to grant', async () => {
    sampleVault(ctx.s, VALUE);
    ctx.s.fault(
      'vault',
      [
        {
          status: 403,
          body: { error: { code: 'Forbidden', message: 'Access denied', innererror: { code: 'AccessDenied' } } },
        },
      ],
      '/secrets/db-password',
    );
    const r = await ctx.step(sampleInputs());
    expect(r.errors).toEqual([
      expect.stringMatching(
        new RegExp(`az keyvault set-policy -n ml-prod-kv --object-id ${SYSTEM.objectId} --secret-permissions get`),
      ),
    ]);
  });

  it('without a proxy, a vault name that does not resolve is "vault not found (DNS: ENOTFOUND)"', async () => {
    sampleVault(ctx.s, VALUE);
    const noDns = join(ROOT, '__tests__', 'fixtures', 'no-dns.cjs');
    const r = await ctx.step(sampleInputs({ keyvault: 'no-such-vault-kv' }), {
      env: { HTTPS_PROXY: '', https_proxy: '', NODE_OPTIONS: `--require ${noDns}` },
    });
    expect(r.errors).toEqual([
      expect.stringMatching(
        /vault not found: no-such-vault-kv\.vault\.azure\.net could not be reached \(DNS: ENOTFOUND\)/,
      ),
    ]);
    expect(ctx.s.stats.connects).toBe(0);
  });
});
