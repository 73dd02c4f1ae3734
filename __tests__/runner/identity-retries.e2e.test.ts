// Identity retries through the runner stand-in: GitHub's ID token asked again for what is passing,
// IMDS on a VM that has just booted, and Entra's specific federated-credential codes.
import { AKS_ISSUER, GITHUB_ISSUER, GITHUB_SUBJECT, jwtClaims } from '../../standin/index.mjs';
import {
  expectMaskedAndNotLeaked,
  expectNothingExported,
  sampleInputs,
  sampleVault,
  useStandin,
} from '../helpers/standin.js';

const ctx = useStandin();
const VALUE = 'retries-suite-secret-value';
const APP = { clientId: '9a7b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d', objectId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d' };
const ID_TOKEN_PATH = '/_apis/pipelines/oidc/token';

const oidc = (more: Record<string, string> = {}) =>
  sampleInputs({ 'tenant-id': ctx.s.entra.tenantId, 'client-id': APP.clientId, ...more });
const federate = () =>
  ctx.s.entra.addFederatedIdentity({ ...APP, federated: [{ issuer: GITHUB_ISSUER, subject: GITHUB_SUBJECT }] });
const requests = (service: string) => ctx.s.requests().filter((q: { service: string }) => q.service === service);
const idTokenRequests = () => requests('github').filter((q: { path: string }) => q.path === ID_TOKEN_PATH);

describe('GitHub OIDC asks for the ID token again when GitHub fails in passing', () => {
  it.each([
    ['a 503', 503],
    ['a 429 (which @actions/core never retries)', 429],
    ['a dropped connection (which @actions/core never retries)', 'reset'],
  ])('%s, then the token: the step succeeds with one ID token, error-free', async (_, fault) => {
    federate();
    sampleVault(ctx.s, VALUE);
    ctx.s.fault('github', [fault], ID_TOKEN_PATH);
    const r = await ctx.step(oidc(), { env: ctx.s.envFor('github-oidc') });
    expect(r.errors).toEqual([]);
    expect(r.warnings ?? []).toEqual([]);
    expect(r.outputs).toEqual({ DB_PASSWORD: VALUE });
    expect(idTokenRequests().map((q: { status: number }) => q.status)).toEqual([fault === 'reset' ? 0 : fault, 200]);
    // One ID token issued and presented: one exchange with Entra.
    expect(requests('entra').filter((q: { path: string }) => q.path.endsWith('/oauth2/v2.0/token'))).toHaveLength(1);
    const idTokens = r.masks.filter((m) => jwtClaims(m)?.iss === GITHUB_ISSUER);
    expect(idTokens).toHaveLength(1);
    expectMaskedAndNotLeaked(r, [VALUE], [...ctx.s.entra.issuedTokens(), ...idTokens]);
  });

  it('a 429 with Retry-After: 2, then the token: asked again no sooner than 2 s (the backoff alone is 0.5 s)', async () => {
    federate();
    sampleVault(ctx.s, VALUE);
    ctx.s.fault('github', [{ status: 429, retryAfter: 2 }], ID_TOKEN_PATH);
    const r = await ctx.step(oidc(), { env: ctx.s.envFor('github-oidc') });
    expect(r.errors).toEqual([]);
    expect(r.outputs).toEqual({ DB_PASSWORD: VALUE });
    const [first, second] = idTokenRequests() as { at: number }[];
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(1900);
  });

  it('a request that never answers is given up after a third of the timeout, and asked again', async () => {
    federate();
    sampleVault(ctx.s, VALUE);
    ctx.s.fault('github', ['hang'], ID_TOKEN_PATH);
    const r = await ctx.step(oidc({ timeout: '6' }), { env: ctx.s.envFor('github-oidc'), timeoutMs: 20_000 });
    expect(r.errors).toEqual([]);
    expect(r.outputs).toEqual({ DB_PASSWORD: VALUE });
    expect(idTokenRequests()).toHaveLength(2);
    expect(r.durationMs).toBeGreaterThanOrEqual(2000); // the first attempt's 2 s
    expect(r.durationMs).toBeLessThan(6000);
  });

  it('401 (the job may not have one): fails at once, no second request, naming id-token: write', async () => {
    federate();
    sampleVault(ctx.s, VALUE);
    const r = await ctx.step(oidc(), {
      env: { ...ctx.s.envFor('github-oidc'), ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'not-the-job-token' },
    });
    expect(r.errors).toEqual([
      expect.stringMatching(
        /^GitHub did not issue this job an ID token \(HTTP 401\)\. Add "permissions: id-token: write"/,
      ),
    ]);
    expect(idTokenRequests()).toHaveLength(1);
    expect(requests('entra')).toEqual([]);
    expectNothingExported(r);
  });

  it('503 every time with timeout: 5: one clear error at the deadline naming the failed attempts', async () => {
    federate();
    sampleVault(ctx.s, VALUE);
    ctx.s.fault('github', Array(50).fill(503), ID_TOKEN_PATH);
    const r = await ctx.step(oidc({ timeout: '5' }), { env: ctx.s.envFor('github-oidc'), timeoutMs: 20_000 });
    expect(r.errors).toEqual([
      expect.stringMatching(
        /timed out after 5 s waiting for GitHub's ID token endpoint \(ACTIONS_ID_TOKEN_REQUEST_URL\) to issue this job an ID token \(\d attempts failed, the last with HTTP 503; asking again\)/,
      ),
    ]);
    const attempts = Number(/\((\d) attempts failed/.exec(r.errors[0]!)?.[1]);
    // Jittered pauses of about 0.5, 1, 2 s: a handful of requests, not a storm.
    expect(idTokenRequests().length).toBeGreaterThanOrEqual(3);
    expect(idTokenRequests().length).toBeLessThanOrEqual(6);
    expect(attempts).toBeGreaterThanOrEqual(idTokenRequests().length - 1);
    expect(r.durationMs).toBeLessThan(10_000);
    expect(requests('entra')).toEqual([]);
    expectNothingExported(r);
  });
});

describe("Entra's specific federated-credential codes, each with its fix", () => {
  const AKS_SUBJECT = 'system:serviceaccount:arc-runners:gpu-runner';
  const hosts = {
    aks: {
      subject: AKS_SUBJECT,
      issuer: AKS_ISSUER,
      run: (more: Record<string, string> = {}) =>
        ctx.step(sampleInputs(more), {
          env: ctx.s.envFor('workload-identity', {
            tokenFile: ctx.s.aks.serviceAccountToken(),
            clientId: APP.clientId,
          }),
        }),
    },
    github: {
      subject: GITHUB_SUBJECT,
      issuer: GITHUB_ISSUER,
      run: (more: Record<string, string> = {}) => ctx.step(oidc(more), { env: ctx.s.envFor('github-oidc') }),
    },
  };
  type Credential = { issuer: string; subject: string; audiences?: string[] };
  const cases: [string, number, (h: { subject: string; issuer: string }) => Credential, RegExp][] = [
    [
      'issuer',
      700211,
      (h) => ({ issuer: 'https://other-issuer.example/', subject: h.subject }),
      /with the issuer of .*\(AADSTS700211\)/,
    ],
    [
      'subject',
      700213,
      (h) => ({ issuer: h.issuer, subject: `${h.subject}-other` }),
      /with the subject of .*\(AADSTS700213\)/,
    ],
    [
      'subject case',
      7002138,
      (h) => ({ issuer: h.issuer, subject: h.subject.toUpperCase() }),
      /only when case is ignored.*\(AADSTS7002138\)/,
    ],
    [
      'audience',
      700212,
      (h) => ({ issuer: h.issuer, subject: h.subject, audiences: ['api://AzureADMyOrg'] }),
      /with the audience of .*\(AADSTS700212\).* and its audience api:\/\/AzureADTokenExchange\./,
    ],
  ];
  describe.each(['aks', 'github'] as const)('%s', (name) => {
    it.each(cases)(
      '%s mismatch → AADSTS%i: the presented claims and the create command',
      async (_, code, credential, cause) => {
        const h = hosts[name];
        ctx.s.entra.useCodes('specific');
        ctx.s.entra.addFederatedIdentity({ ...APP, federated: [credential(h)] });
        sampleVault(ctx.s, VALUE);
        const r = await h.run();
        expect(r.errors).toEqual([expect.stringMatching(cause)]);
        expect(r.errors[0]).toContain(`The token's issuer is ${h.issuer}, its subject ${h.subject}`);
        const app = `az ad app federated-credential create --id ${APP.clientId} --parameters '{"name":"${name === 'aks' ? 'actions-runner' : 'github-actions'}","issuer":"${h.issuer}","subject":"${h.subject}","audiences":["api://AzureADTokenExchange"]}'`;
        expect(r.errors[0]).toContain(app);
        expect(r.errors[0]).toContain(
          `az identity federated-credential create --name ${name === 'aks' ? 'actions-runner' : 'github-actions'} --identity-name <identity-name> --resource-group <resource-group> --issuer ${h.issuer} --subject ${h.subject} --audiences api://AzureADTokenExchange`,
        );
        expect(
          requests('entra')
            .filter((q: { path: string; status: number }) => q.path.endsWith('/oauth2/v2.0/token'))
            .map((q: { status: number }) => q.status),
        ).toEqual([401]); // Entra's 401 invalid_client for these codes, not retried
        expectNothingExported(r);
      },
    );
  });
});
