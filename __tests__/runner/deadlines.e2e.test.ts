// Every identity wait is bounded by the step's timeout: each one hung in the stand-in, the
// bundled action run as a step, and the step ends near the deadline with one ::error:: that names
// what it waited for. (IMDS and Key Vault hangs: faults.e2e.test.ts.)
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { AKS_ISSUER, GITHUB_ISSUER, GITHUB_SUBJECT } from '../../standin/index.mjs';
import { expectNothingExported, sampleInputs, sampleVault, type StepResult, useStandin } from '../helpers/standin.js';
import { itIf, posix } from '../helpers/itIf.js';

const ctx = useStandin();
const APP = { clientId: '9a7b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d', objectId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d' };
const TIMEOUT_S = 2;

const VALUE = 'deadline-suite-value';
const inputs = (more: Record<string, string> = {}) => sampleInputs({ timeout: String(TIMEOUT_S), ...more });
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** One ::error::, the deadline held (a generous bound: these are whole processes), nothing exported. */
function expectEndedAtDeadline(r: StepResult, waited: RegExp) {
  expect(r.errors).toEqual([
    expect.stringMatching(new RegExp(`timed out after ${TIMEOUT_S} s waiting for ${waited.source}`)),
  ]);
  expect(r.durationMs).toBeLessThan((TIMEOUT_S + 5) * 1000);
  expectNothingExported(r);
}

describe('a hung identity wait ends the step at the deadline', () => {
  it('Container Apps / App Service: IDENTITY_ENDPOINT never answers', async () => {
    sampleVault(ctx.s, VALUE);
    ctx.s.fault('app-service', ['hang']);
    const r = await ctx.step(inputs(), { env: ctx.s.envFor('app-service'), timeoutMs: 20_000 });
    expectEndedAtDeadline(
      r,
      new RegExp(`the identity endpoint ${escape(ctx.s.appServiceUrl)}/msi/token to issue a token`),
    );
  });

  it('Azure Arc: himds never answers the first (challenge) request', async () => {
    sampleVault(ctx.s, VALUE);
    ctx.s.fault('arc', ['hang'], (q: { authorized?: boolean }) => !q.authorized);
    const r = await ctx.step(inputs(), { env: ctx.s.envFor('arc'), timeoutMs: 20_000 });
    expectEndedAtDeadline(
      r,
      new RegExp(`the identity endpoint ${escape(ctx.s.arcUrl)}/metadata/identity/oauth2/token to issue a token`),
    );
  });

  it('AKS: Entra ID, through the proxy, never answers the token exchange', async () => {
    ctx.s.entra.addFederatedIdentity({
      ...APP,
      federated: [{ issuer: AKS_ISSUER, subject: 'system:serviceaccount:arc-runners:gpu-runner' }],
    });
    sampleVault(ctx.s, VALUE);
    ctx.s.fault('entra', ['hang'], '/oauth2/v2.0/token');
    const r = await ctx.step(inputs(), {
      env: ctx.s.envFor('workload-identity', { tokenFile: ctx.s.aks.serviceAccountToken(), clientId: APP.clientId }),
      timeoutMs: 20_000,
    });
    expectEndedAtDeadline(
      r,
      new RegExp(
        `Microsoft Entra ID \\(https://login\\.microsoftonline\\.com/${ctx.s.entra.tenantId}\\) to exchange the service account token`,
      ),
    );
  });

  it('GitHub OIDC: the ID token endpoint never answers', async () => {
    ctx.s.entra.addFederatedIdentity({ ...APP, federated: [{ issuer: GITHUB_ISSUER, subject: GITHUB_SUBJECT }] });
    sampleVault(ctx.s, VALUE);
    // Every request hangs: a single hung one is given up after a third of the timeout and asked again.
    ctx.s.fault('github', Array(20).fill('hang'), '/_apis/pipelines/oidc/token');
    const r = await ctx.step(inputs({ 'tenant-id': ctx.s.entra.tenantId, 'client-id': APP.clientId }), {
      env: ctx.s.envFor('github-oidc'),
      timeoutMs: 20_000,
    });
    expectEndedAtDeadline(
      r,
      /GitHub's ID token endpoint \(ACTIONS_ID_TOKEN_REQUEST_URL\) to issue this job an ID token/,
    );
    expect(ctx.s.requests().filter((q: { service: string }) => q.service === 'entra')).toEqual([]);
  });

  it('GitHub OIDC: Entra ID never answers the token exchange', async () => {
    ctx.s.entra.addFederatedIdentity({ ...APP, federated: [{ issuer: GITHUB_ISSUER, subject: GITHUB_SUBJECT }] });
    sampleVault(ctx.s, VALUE);
    ctx.s.fault('entra', ['hang'], '/oauth2/v2.0/token');
    const r = await ctx.step(inputs({ 'tenant-id': ctx.s.entra.tenantId, 'client-id': APP.clientId }), {
      env: ctx.s.envFor('github-oidc'),
      timeoutMs: 20_000,
    });
    expectEndedAtDeadline(
      r,
      /Microsoft Entra ID \(https:\/\/login\.microsoftonline\.com\/[^)]+\) to exchange the job's ID token/,
    );
  });
});

describe('the workload identity token file', () => {
  itIf(posix, 'a FIFO needs mkfifo (Linux, macOS)')(
    'a FIFO (no writer) as AZURE_FEDERATED_TOKEN_FILE: refused with a clear error, well within timeout: 3',
    async () => {
      sampleVault(ctx.s, VALUE);
      const fifo = join(ctx.s.caFile, '..', `token-fifo-${process.pid}`);
      execFileSync('mkfifo', [fifo]);
      const r = await ctx.step(inputs({ timeout: '3' }), {
        env: ctx.s.envFor('workload-identity', { tokenFile: fifo, clientId: APP.clientId }),
        timeoutMs: 20_000,
      });
      // readFileSync blocked the event loop here: no deadline, no error, until the runner killed the step.
      expect(r.errors).toEqual([
        expect.stringMatching(
          new RegExp(
            `token file ${escape(fifo)} \\(AZURE_FEDERATED_TOKEN_FILE\\) is a FIFO \\(named pipe\\), not a regular file, so it was not read`,
          ),
        ),
      ]);
      expect(r.durationMs).toBeLessThan(8000);
      expectNothingExported(r);
    },
  );
});
