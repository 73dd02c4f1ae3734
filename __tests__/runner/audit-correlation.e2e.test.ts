// Who made a request, in the services' own logs: every Azure request (Key Vault, Entra ID, IMDS and the other
// identity endpoints, ARM, ACR) carries the action's User-Agent (its version and the workflow run) and a client
// request id; a failure's ::error:: names the ids an operator looks the request up by.
import { DEFAULT_IDENTITIES, GITHUB_ISSUER } from '../../standin/index.mjs';
import { ACTION_VERSION } from '../../src/azure/userAgent.js';
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
  useStandin,
} from '../helpers/standin.js';

const ctx = useStandin();
// The token proxy's CAs and certificates are made on first use: RSA keys, slow on a loaded machine.
beforeAll(() => void ctx.s.tokenProxy.caPem, 120_000);
const APP = FEDERATED_APP;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** What the runner sets for a JavaScript action's step (actions/runner NodeScriptActionHandler.cs). */
const RUN = {
  GITHUB_RUN_ID: '16892745310',
  GITHUB_RUN_ATTEMPT: '3',
  ACTIONS_ORCHESTRATION_ID: '89c72d20-71e7-4948-8eb8-0d8f0e417443.train.__default',
};
const PREFIX =
  `keyvault-secrets-action/${ACTION_VERSION} run_id/16892745310 attempt/3 repository/acme/training ` +
  'actions_orchestration_id/89c72d20-71e7-4948-8eb8-0d8f0e417443.train.__default';

const LEADS = `^${PREFIX.replace(/[.]/g, '\\.')} `;

/** The Azure requests of the last run: every service the stand-in has but GitHub's. */
const azureRequests = () => ctx.s.requests().filter((r) => r.service !== 'github');

/** Each host: the services a run through it asks. */
const SERVICES: Record<IdentitySourceName, string[]> = {
  imds: ['imds', 'vault'],
  'app-service': ['app-service', 'vault'],
  arc: ['arc', 'vault'],
  'workload-identity': ['entra', 'vault'],
  'identity-binding': ['token-proxy', 'entra', 'vault'],
  'github-oidc': ['entra', 'vault'],
};

/** One run on `host` naming a secret and a token: every request it makes carries the prefix and a client request id. */
async function expectEveryRequestCarriesThem(host: IdentitySourceName) {
  const services = SERVICES[host];
  const { env, inputs } = identitySourceSetups(ctx.s)[host]();
  sampleVault(ctx.s, 'audit-value');
  const r = await ctx.step(sampleInputs({ ...inputs, tokens: 'management' }), { env: { ...env, ...RUN } });
  expect(r.errors).toEqual([]);
  const seen = azureRequests();
  expect(new Set(seen.map((q) => q.service))).toEqual(new Set(services));
  for (const q of seen) {
    // Ours first; the SDK's own parts after it (azsdk-js-identity or -keyvault-secrets, core-rest-pipeline, Node).
    expect({ service: q.service, userAgent: q.userAgent }).toEqual({
      service: q.service,
      userAgent: expect.stringMatching(new RegExp(`${LEADS}azsdk-js-.* core-rest-pipeline/`)),
    });
    expect(q.clientRequestId).toMatch(GUID);
  }
  // Each request the vault answered with the token has an id of its own (its challenge shares it: one request, sent twice).
  const authorized = ctx.s.requests('vault').filter((q) => q.authorized);
  expect(new Set(authorized.map((q) => q.clientRequestId)).size).toBe(authorized.length);
}

describe('every Azure request carries the User-Agent and a client request id', () => {
  it.each<IdentitySourceName>(['imds', 'app-service', 'workload-identity', 'identity-binding', 'github-oidc'])(
    '%s: the identity endpoint and Key Vault',
    (host) => expectEveryRequestCarriesThem(host),
  );

  itIf(arcKeyDirWritable, arcSkipReason)('arc: the identity endpoint and Key Vault', () =>
    expectEveryRequestCarriesThem('arc'),
  );

  it('ARM and ACR: storage-keys and acr-login', async () => {
    const account = ctx.s.arm.addStorageAccount({ name: 'mldata' });
    ctx.s.acr.addRegistry('myregistry');
    const r = await ctx.step({ 'storage-keys': account.id, 'acr-login': 'myregistry' }, { env: RUN });
    expect(r.errors).toEqual([]);
    const seen = azureRequests();
    expect(new Set(seen.map((q) => q.service))).toEqual(new Set(['imds', 'arm', 'acr']));
    for (const q of seen) {
      expect(q.userAgent).toMatch(new RegExp(`${LEADS}(azsdk-js-identity/\\S+ )?core-rest-pipeline/`));
      expect(q.clientRequestId).toMatch(GUID);
    }
  });

  it("the set step's writes (and its identity's requests) too", async () => {
    const kv = sampleVault(ctx.s, 'audit-value');
    const r = await ctx.setStep({ keyvault: kv.name, secrets: 'api-key=generate:32' }, { env: RUN });
    expect(r.errors).toEqual([]);
    const seen = azureRequests();
    expect(seen.filter((q) => q.method === 'PUT' && q.authorized)).toHaveLength(1);
    for (const q of seen) {
      expect(q.userAgent).toMatch(new RegExp(`${LEADS}azsdk-js-.* core-rest-pipeline/`));
      expect(q.clientRequestId).toMatch(GUID);
    }
  });

  it("the run's values from the environment are left out where they are not in the runner's shape; the run succeeds", async () => {
    sampleVault(ctx.s, 'audit-value');
    const r = await ctx.step(sampleInputs(), {
      env: {
        GITHUB_RUN_ID: '1 X-Injected: 1',
        GITHUB_RUN_ATTEMPT: '1\r',
        GITHUB_REPOSITORY: 'acme/training"; x',
        ACTIONS_ORCHESTRATION_ID: 'abc def"(ü)',
      },
    });
    expect(r.outputs).toEqual({ DB_PASSWORD: 'audit-value' });
    for (const q of azureRequests())
      expect(q.userAgent).toMatch(
        new RegExp(`^keyvault-secrets-action/${ACTION_VERSION} actions_orchestration_id/abc_def____ azsdk-js-`),
      );
  });
});

describe("a failure's ::error:: names the ids the service's log finds it by", () => {
  it("Key Vault's x-ms-request-id, and the x-ms-client-request-id of the request it refused", async () => {
    sampleVault(ctx.s, 'audit-value', { grants: {} });
    const r = await ctx.step(sampleInputs(), { env: RUN });
    const refused = ctx.s.requests('vault').filter((q) => q.authorized && q.status === 403);
    expect(refused).toHaveLength(1);
    const [q] = refused as [(typeof refused)[0]];
    expect(q.requestId).toMatch(GUID);
    expect(r.errors).toEqual([
      expect.stringContaining(
        `forbidden by Azure RBAC: the runner's managed identity (principal id ${DEFAULT_IDENTITIES[0]!.objectId})`,
      ),
    ]);
    expect(r.errors[0]).toMatch(
      new RegExp(
        `For the service's logs: x-ms-request-id ${q.requestId}, x-ms-client-request-id ${q.clientRequestId}\\.`,
      ),
    );
    expectNothingExported(r);
  });

  it("ARM's x-ms-request-id, x-ms-correlation-request-id and client request id", async () => {
    const account = ctx.s.arm.addStorageAccount({ name: 'mldata', keyOperators: [] });
    const r = await ctx.step({ 'storage-keys': account.id }, { env: RUN });
    const refused = ctx.s.requests('arm').filter((q) => q.status === 403);
    expect(refused.length).toBeGreaterThan(0);
    const ids = refused.map((q) => q.requestId);
    expect(r.errors).toHaveLength(1);
    const named =
      /x-ms-request-id ([0-9a-f-]{36}), x-ms-correlation-request-id ([0-9a-f-]{36}), x-ms-client-request-id ([0-9a-f-]{36})\./.exec(
        r.errors[0]!,
      );
    expect(named).not.toBeNull();
    expect(ids).toContain(named![1]);
    expect(refused.map((q) => q.clientRequestId)).toContain(named![3]);
    expectNothingExported(r);
  });

  it("Microsoft Entra ID's trace id, correlation id and timestamp, from its refusal (AADSTS70021)", async () => {
    ctx.s.entra.addFederatedIdentity({
      ...APP,
      federated: [{ issuer: GITHUB_ISSUER, subject: 'repo:acme/other:ref:refs/heads/main' }],
    });
    sampleVault(ctx.s, 'audit-value');
    const r = await ctx.step(sampleInputs({ 'tenant-id': ctx.s.entra.tenantId, 'client-id': APP.clientId }), {
      env: { ...ctx.s.envFor('github-oidc'), ...RUN },
    });
    expect(r.errors).toEqual([
      expect.stringMatching(
        /AADSTS70021.* For Microsoft Entra ID's sign-in logs: trace id [0-9a-f-]{36}, correlation id [0-9a-f-]{36}, timestamp \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\.$/,
      ),
    ]);
  });
});
