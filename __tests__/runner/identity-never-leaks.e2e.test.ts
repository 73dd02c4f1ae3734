// The identity stage's inputs and answers, through the runner stand-in with RUNNER_DEBUG=1 and
// AZURE_LOG_LEVEL=verbose: the credentials the action reads to get its token (AKS's service account
// token, Container Apps' IDENTITY_HEADER) and the proxy's password never show; the token file is read
// only as a small regular file; identity answers are capped.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AKS_ISSUER } from '../../standin/index.mjs';
import { ROOT } from '../../standin/runner.mjs';
import {
  expectMaskedAndNotLeaked,
  expectNothingExported,
  sampleInputs,
  sampleVault,
  type StepResult,
  useStandin,
} from '../helpers/standin.js';

const ctx = useStandin();
const VALUE = 'identity-suite-secret-value';
const APP = { clientId: '9a7b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d', objectId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d' };
const AKS_SUBJECT = 'system:serviceaccount:arc-runners:gpu-runner';

const aks = (tokenFile: string) => ctx.s.envFor('workload-identity', { tokenFile, clientId: APP.clientId });
const federate = (subject = AKS_SUBJECT) =>
  ctx.s.entra.addFederatedIdentity({ ...APP, federated: [{ issuer: AKS_ISSUER, subject }] });

/** stdout and stderr as they came, less the ::add-mask:: lines the runner consumes: what a leak check must search. */
const raw = (r: StepResult) =>
  `${r.stdout}\n${r.stderr}`
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n');

function expectHiddenAndMasked(r: StepResult, credential: string) {
  expect(r.masks).toContain(credential);
  expect(raw(r)).not.toContain(credential);
  expect(r.log).not.toContain(credential);
  expect(r.summary).not.toContain(credential);
  expect(r.rawFiles.state).not.toContain(credential);
}

describe('federated credentials are masks before anything is printed', () => {
  it('AKS: the service account token, on success', async () => {
    federate();
    sampleVault(ctx.s, VALUE);
    const tokenFile = ctx.s.aks.serviceAccountToken();
    const saToken = (await import('node:fs')).readFileSync(tokenFile, 'utf8').trim();
    const r = await ctx.step(sampleInputs(), { env: aks(tokenFile) });
    expect(r.outputs).toEqual({ DB_PASSWORD: VALUE });
    expectHiddenAndMasked(r, saToken);
    // Registered before the value's and the access token's masks, i.e. before any request answered.
    const maskLines = r.stdout.split('\n').filter((l) => l.startsWith('::add-mask::'));
    expect(maskLines[0]).toBe(`::add-mask::${saToken}`);
    expectMaskedAndNotLeaked(r, [VALUE], ctx.s.entra.issuedTokens());
  });

  it('AKS: the service account token, when Entra refuses it (AADSTS70021)', async () => {
    federate('system:serviceaccount:other:runner');
    sampleVault(ctx.s, VALUE);
    const tokenFile = ctx.s.aks.serviceAccountToken();
    const saToken = (await import('node:fs')).readFileSync(tokenFile, 'utf8').trim();
    const r = await ctx.step(sampleInputs(), { env: aks(tokenFile) });
    expect(r.errors).toEqual([expect.stringMatching(/AADSTS70021/)]);
    expectHiddenAndMasked(r, saToken);
    expectNothingExported(r);
  });

  it('Container Apps / App Service: IDENTITY_HEADER, on success and on a refusal', async () => {
    sampleVault(ctx.s, VALUE);
    const header = ctx.s.appService.header;
    const ok = await ctx.step(sampleInputs(), { env: ctx.s.envFor('app-service') });
    expect(ok.outputs).toEqual({ DB_PASSWORD: VALUE });
    expectHiddenAndMasked(ok, header);
    const refused = await ctx.step(sampleInputs({ 'client-id': '00000000-1111-4222-8333-444444444444' }), {
      env: ctx.s.envFor('app-service'),
    });
    expect(refused.errors).toHaveLength(1);
    expectHiddenAndMasked(refused, header);
  });
});

describe('the proxy password is never printed', () => {
  const proxyWithPassword = () => {
    const url = new URL(ctx.s.proxyUrl);
    url.username = 'corp-user';
    url.password = 'Pr0xy-Passw0rd';
    return url.toString();
  };
  const basic = Buffer.from('corp-user:Pr0xy-Passw0rd').toString('base64');

  it.each(['verbose', 'info'])(
    'AZURE_LOG_LEVEL=%s: neither the password nor its Basic form, for the vault (IMDS) and Entra (AKS)',
    async (level) => {
      federate();
      sampleVault(ctx.s, VALUE);
      const proxy = proxyWithPassword();
      const env = { HTTPS_PROXY: proxy, https_proxy: proxy, AZURE_LOG_LEVEL: level };
      const imds = await ctx.step(sampleInputs(), { env });
      expect(imds.outputs).toEqual({ DB_PASSWORD: VALUE });
      const wi = await ctx.step(sampleInputs(), { env: { ...env, ...aks(ctx.s.aks.serviceAccountToken()) } });
      expect(wi.outputs).toEqual({ DB_PASSWORD: VALUE });
      for (const r of [imds, wi]) {
        expect(r.stderr).toMatch(/azure:/); // the SDK did log its requests
        for (const text of [raw(r), r.log]) {
          expect(text).not.toContain('Pr0xy-Passw0rd');
          expect(text).not.toContain(basic);
        }
        // Should anything else print it, the runner masks it.
        expect(r.masks).toContain('Pr0xy-Passw0rd');
      }
      expect(imds.stderr).toContain('[agent via proxy http://127.0.0.1:');
    },
  );
});

describe('the workload identity token file is read only as a small regular file', () => {
  it('a directory is refused, naming the file and the fix', async () => {
    federate();
    sampleVault(ctx.s, VALUE);
    const dir = join(ctx.s.caFile, '..', 'token-dir');
    mkdirSync(dir, { recursive: true });
    const r = await ctx.step(sampleInputs(), { env: aks(dir) });
    expect(r.errors).toEqual([
      expect.stringMatching(
        new RegExp(
          `token file ${dir.replaceAll('/', '\\/')} \\(AZURE_FEDERATED_TOKEN_FILE\\) is a directory, not a regular file.*azure\\.workload\\.identity/use`,
        ),
      ),
    ]);
    expect(ctx.s.requests().filter((q: { service: string }) => q.service === 'entra')).toEqual([]);
    expectNothingExported(r);
  });

  it('a file larger than 16 KiB is refused, and never presented to Entra', async () => {
    federate();
    sampleVault(ctx.s, VALUE);
    const huge = join(ctx.s.caFile, '..', 'huge-token');
    writeFileSync(huge, 'eyJ'.padEnd(4 * 1024 * 1024, 'A'));
    const r = await ctx.step(sampleInputs(), { env: aks(huge) });
    expect(r.errors).toEqual([
      expect.stringMatching(
        /token file .*huge-token \(AZURE_FEDERATED_TOKEN_FILE\) is 4194304 bytes, larger than the 16 KiB a service account token can be/,
      ),
    ]);
    expect(ctx.s.requests().filter((q: { service: string }) => q.service === 'entra')).toEqual([]);
    expect(r.masks.every((m) => m.length < 64 * 1024)).toBe(true);
  });

  it('a missing file says so', async () => {
    sampleVault(ctx.s, VALUE);
    const r = await ctx.step(sampleInputs(), { env: aks(join(ctx.s.caFile, '..', 'no-such-token')) });
    expect(r.errors).toEqual([
      expect.stringMatching(/token file .*no-such-token \(AZURE_FEDERATED_TOKEN_FILE\) cannot be opened \(ENOENT\)/),
    ]);
  });
});

describe('identity answers and tokens are capped', () => {
  const MiB = 1024 * 1024;
  const huge = (bytes: number) => ({
    status: 200,
    stream: { bytes, prefix: '{"token_type":"Bearer","expires_in":"86399","access_token":"eyJ', suffix: '"}' },
  });

  it('IMDS answering a 100 MiB token: a clear error at once, no 100 MiB mask, bounded memory', async () => {
    sampleVault(ctx.s, VALUE);
    ctx.s.fault('imds', [huge(100 * MiB)]);
    const r = await ctx.step(sampleInputs(), {
      entry: join(ROOT, '__tests__', 'fixtures', 'maxrss.mjs'),
      timeoutMs: 60_000,
    });
    expect(r.errors).toEqual([
      expect.stringMatching(
        /Refused the identity answer: 127\.0\.0\.1:\d+ answered with more than 64 KiB, larger than any token answer, so it was not read\..*169\.254\.169\.254/,
      ),
    ]);
    expect(Math.max(0, ...r.masks.map((m) => m.length))).toBeLessThan(64 * 1024);
    expect(r.stdout.length + r.stderr.length).toBeLessThan(1 * MiB);
    const maxRssKib = Number(/maxrss-kib=(\d+)/.exec(r.stderr)?.[1]);
    expect(maxRssKib).toBeGreaterThan(0);
    expect(maxRssKib).toBeLessThan(300 * 1024); // the old code held the answer several times over: ~1 GiB
    expect(r.durationMs).toBeLessThan(15_000);
    expect(ctx.s.stats.imdsRequests).toBe(1); // not retried
    expectNothingExported(r);
  });

  it('Container Apps answering 2 MiB, and Entra (through the proxy) answering 2 MiB', async () => {
    federate();
    sampleVault(ctx.s, VALUE);
    ctx.s.fault('app-service', [huge(2 * MiB)]);
    const app = await ctx.step(sampleInputs(), { env: ctx.s.envFor('app-service') });
    expect(app.errors).toEqual([expect.stringMatching(/answered with more than 64 KiB.*IDENTITY_ENDPOINT/)]);
    ctx.s.fault('entra', [huge(2 * MiB)], '/oauth2/v2.0/token');
    const wi = await ctx.step(sampleInputs(), { env: aks(ctx.s.aks.serviceAccountToken()) });
    expect(wi.errors).toEqual([
      expect.stringMatching(/login\.microsoftonline\.com answered with more than 64 KiB.*HTTPS_PROXY\/NO_PROXY/),
    ]);
    for (const r of [app, wi]) expect(Math.max(0, ...r.masks.map((m) => m.length))).toBeLessThan(64 * 1024);
  });

  it('a token longer than any access token, in an answer under the cap, is refused', async () => {
    sampleVault(ctx.s, VALUE);
    ctx.s.fault('imds', [
      { status: 200, body: { token_type: 'Bearer', expires_in: '86399', access_token: `eyJ${'A'.repeat(40 * 1024)}` } },
    ]);
    const r = await ctx.step(sampleInputs());
    expect(r.errors).toEqual([
      expect.stringMatching(/issued a token of 40 KiB, more than the 32 KiB an access token can be/),
    ]);
    expect(Math.max(0, ...r.masks.map((m) => m.length))).toBeLessThan(32 * 1024);
    expectNothingExported(r);
  });
});
