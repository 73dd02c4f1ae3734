// AKS identity bindings: a runner pod annotated azure.workload.identity/use-identity-binding: "true" sends its
// token exchange to the cluster's token proxy (AZURE_KUBERNETES_TOKEN_PROXY), trusting only the CA the webhook
// names and checking its SNI name. The bundled action as a step against the stand-in's proxy (a TLS server with
// a CA of its own): the fetch through it, each failure's one ::error::, a stall ended at the deadline, and no
// token or credential in the output with debug logging on.
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { aadsts } from '../../standin/entra.mjs';
import { AKS_ISSUER, TOKEN_PROXY_SNI_NAME } from '../../standin/index.mjs';
import {
  expectMaskedAndNotLeaked,
  expectNothingExported,
  sampleInputs,
  sampleVault,
  type StepResult,
  useStandin,
} from '../helpers/standin.js';

const ctx = useStandin();
// The proxy's CAs and certificates are made on first use: RSA keys, slow on a loaded machine.
beforeAll(() => void ctx.s.tokenProxy.caPem, 120_000);
const VALUE = 'identity-binding-secret-value';
const APP = { clientId: '9a7b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d', objectId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d' };
const TOKEN_PATH = '/oauth2/v2.0/token';

type Request = { service: string; host: string; path: string; method?: string };
const requests = (service: string) => (ctx.s.requests() as Request[]).filter((r) => r.service === service);

/** A pod with an identity binding: workload identity's variables and the token proxy's; `proxy` overrides them. */
function pod(proxy: Record<string, string> = {}, proxyOptions: { caData?: boolean } = {}) {
  ctx.s.entra.addFederatedIdentity({
    ...APP,
    federated: [{ issuer: AKS_ISSUER, subject: 'system:serviceaccount:arc-runners:gpu-runner' }],
  });
  sampleVault(ctx.s, VALUE);
  const tokenFile = ctx.s.aks.serviceAccountToken();
  return {
    tokenFile,
    env: {
      ...ctx.s.envFor('workload-identity', { tokenFile, clientId: APP.clientId }),
      ...ctx.s.tokenProxy.env(proxyOptions),
      ...proxy,
    },
  };
}

/** One ::error:: matching `message`, nothing exported, and nothing asked of Entra but through the proxy. */
function expectRefused(r: StepResult, message: RegExp) {
  expect(r.errors).toEqual([expect.stringMatching(message)]);
  expectNothingExported(r);
  expect(requests('entra').length).toBeLessThanOrEqual(requests('token-proxy').length);
}

describe('a runner pod with an AKS identity binding', () => {
  it('exchanges its service account token through the token proxy, over TLS that trusts only its CA', async () => {
    const setup = pod();
    const r = await ctx.step(sampleInputs(), { env: setup.env });
    expect(r.errors).toEqual([]);
    expect(r.outputs).toEqual({ DB_PASSWORD: VALUE });
    expect(r.log).toContain(
      `Identity: AKS workload identity, client id ${APP.clientId}, through the AKS identity binding token proxy ${ctx.s.tokenProxy.url}/ (SNI name ${TOKEN_PROXY_SNI_NAME})`,
    );
    // The token request reached the proxy, with its SNI name, at Entra's path; Entra saw only what the proxy passed on.
    const exchanges = requests('token-proxy').filter((q) => q.path.endsWith(TOKEN_PATH));
    expect(exchanges).toEqual([
      expect.objectContaining({
        host: TOKEN_PROXY_SNI_NAME,
        method: 'POST',
        path: `/${ctx.s.entra.tenantId}${TOKEN_PATH}`,
      }),
    ]);
    expect(requests('entra')).toHaveLength(requests('token-proxy').length);
    expect(new Set(ctx.s.tokenProxy.handshakes())).toEqual(new Set([TOKEN_PROXY_SNI_NAME]));
    // RUNNER_DEBUG=1 and AZURE_LOG_LEVEL=verbose (useStandin): no token, and not the pod's own, anywhere.
    const saToken = readFileSync(setup.tokenFile, 'utf8').trim();
    expect(r.masks).toContain(saToken);
    expectMaskedAndNotLeaked(r, [VALUE], [...ctx.s.entra.issuedTokens(), saToken]);
  });

  it('takes the CA inline (AZURE_KUBERNETES_CA_DATA) as well', async () => {
    const r = await ctx.step(sampleInputs(), pod({}, { caData: true }));
    expect(r.errors).toEqual([]);
    expect(r.outputs).toEqual({ DB_PASSWORD: VALUE });
  });

  it('refuses a certificate from any other CA, even one the runner trusts (NODE_EXTRA_CA_CERTS)', async () => {
    // The foreign CA is trusted process-wide, as a corporate CA is: the proxy's must still be the only trust.
    const trusted = join(ctx.s.caFile, '..', 'trusted-with-foreign.pem');
    writeFileSync(trusted, `${readFileSync(ctx.s.caFile, 'utf8')}\n${ctx.s.tokenProxy.foreignCaPem}`);
    ctx.s.tokenProxy.presentForeignCertificate();
    const setup = pod();
    const r = await ctx.step(sampleInputs(), { env: { ...setup.env, NODE_EXTRA_CA_CERTS: trusted } });
    expectRefused(
      r,
      /The TLS handshake with the AKS identity binding token proxy .* failed \(its certificate is not issued by that CA: UNABLE_TO_VERIFY_LEAF_SIGNATURE\), so nothing was sent\. The action trusts the proxy only through the CA in AZURE_KUBERNETES_CA_FILE/,
    );
    expect(requests('token-proxy')).toEqual([]);
  });

  it('says when the CA the webhook names is not the proxy’s', async () => {
    const r = await ctx.step(sampleInputs(), pod({ AZURE_KUBERNETES_CA_FILE: ctx.s.caFile }));
    expectRefused(r, /TLS handshake .* failed \(its certificate is not issued by that CA: [A-Z_]+\)/);
  });

  it('says when the proxy serves no certificate for the SNI name', async () => {
    const r = await ctx.step(sampleInputs(), pod({ AZURE_KUBERNETES_SNI_NAME: 'other-cluster.standin.invalid' }));
    expectRefused(
      r,
      /TLS handshake with the AKS identity binding token proxy \S+ \(SNI name other-cluster\.standin\.invalid\) failed \(the proxy ended the handshake, as it does for an SNI name it does not serve: ECONNRESET\)/,
    );
    expect(ctx.s.tokenProxy.handshakes()).toContain('other-cluster.standin.invalid');
  });

  it.each<[string, (dir: string) => string, RegExp]>([
    ['missing', (dir) => join(dir, 'no-such-ca.crt'), /cannot be opened \(ENOENT\)/],
    ['a directory', (dir) => dir, /is a directory, not a regular file/],
    [
      'not PEM',
      (dir) => {
        writeFileSync(join(dir, 'not-pem.crt'), 'this is not a certificate\n');
        return join(dir, 'not-pem.crt');
      },
      /holds no PEM certificate/,
    ],
  ])('says when the CA file is %s, before sending anything', async (_, file, problem) => {
    const caFile = file(join(ctx.s.caFile, '..'));
    const r = await ctx.step(sampleInputs(), pod({ AZURE_KUBERNETES_CA_FILE: caFile }));
    expectRefused(
      r,
      new RegExp(
        `The token proxy's CA file ${caFile.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\(AZURE_KUBERNETES_CA_FILE\\) ${problem.source}[^,]*, so the AKS identity binding token proxy .* could not be trusted and was sent nothing`,
      ),
    );
    expect(requests('token-proxy')).toEqual([]);
  });

  it('refuses an http proxy, or an SNI name that is no DNS name, before any request', async () => {
    for (const [proxy, message] of [
      [{ AZURE_KUBERNETES_TOKEN_PROXY: 'http://127.0.0.1:1' }, /auth: AZURE_KUBERNETES_TOKEN_PROXY .* must be https/],
      [{ AZURE_KUBERNETES_SNI_NAME: 'a b' }, /auth: AZURE_KUBERNETES_SNI_NAME \(a b\) is not a DNS name/],
    ] as const) {
      ctx.s.reset();
      const r = await ctx.step(sampleInputs(), pod(proxy));
      expect(r.errors).toEqual([expect.stringMatching(message)]);
      expect(ctx.s.requests()).toEqual([]);
    }
  });

  it('says when the proxy cannot be reached', async () => {
    const closed = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const r = await ctx.step(sampleInputs(), pod({ AZURE_KUBERNETES_TOKEN_PROXY: `https://127.0.0.1:${closed}` }));
    expectRefused(
      r,
      /The AKS identity binding token proxy https:\/\/127\.0\.0\.1:\d+\/ \(SNI name \S+\) cannot be reached \(ECONNREFUSED\)\. The action connects to it directly, never through HTTPS_PROXY/,
    );
  });

  it('says when the proxy answers with something that is not JSON', async () => {
    ctx.s.fault(
      'token-proxy',
      [{ status: 200, body: '<html>sign in to the guest network</html>', contentType: 'text/html' }],
      TOKEN_PATH,
    );
    const r = await ctx.step(sampleInputs(), pod());
    expectRefused(
      r,
      /answered with something that is not a token answer \(HTTP 200, text\/html, not JSON\), so it was not read/,
    );
  });

  it('cuts off an oversized answer at the cap, naming the proxy', async () => {
    ctx.s.fault(
      'token-proxy',
      [{ status: 200, stream: { bytes: 8 * 1024 * 1024, prefix: '{"access_token":"' } }],
      TOKEN_PATH,
    );
    const r = await ctx.step(sampleInputs(), pod());
    expectRefused(
      r,
      /Refused the identity answer: .* answered with more than 64 KiB, larger than any token answer, so it was not read\. Something other than the AKS identity binding token proxy/,
    );
    expect(r.masks.every((m: string) => m.length < 64 * 1024)).toBe(true);
  });

  it('AADSTS70021 through the proxy: points at the identity binding and the ClusterRole, not at a federated credential to add', async () => {
    ctx.s.fault(
      'token-proxy',
      [
        {
          status: 400,
          body: aadsts('invalid_client', 70021, 'No matching federated identity record found for presented assertion.'),
        },
      ],
      TOKEN_PATH,
    );
    const r = await ctx.step(sampleInputs(), pod());
    expectRefused(
      r,
      /refused the token exchange sent through the AKS identity binding token proxy .* \(AADSTS70021\): .*az aks identity-binding list .*use-managed-identity on the resource 9a7b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d in the API group cid\.wi\.aks\.azure\.com/,
    );
    expect(r.errors[0]).not.toContain('az identity federated-credential create');
  });
});

describe('a token proxy that refuses, or is unavailable', () => {
  it('says when the proxy refuses the service account itself (a status, no AADSTS code)', async () => {
    ctx.s.fault('token-proxy', [{ status: 403, body: { error: 'forbidden' } }], TOKEN_PATH);
    const r = await ctx.step(sampleInputs(), pod());
    expectRefused(
      r,
      /^The AKS identity binding token proxy \S+ \(SNI name \S+\) refused the token exchange \(HTTP 403\)\. The proxy checks that the runner's service account may use the identity: .*use-managed-identity on the resource 9a7b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d/,
    );
  });

  it('retries an unavailable proxy (503, not JSON) within the deadline, and ends the step there naming the proxy', async () => {
    const busy = { status: 503, body: 'upstream busy', contentType: 'text/plain' };
    ctx.s.fault('token-proxy', Array(40).fill(busy), TOKEN_PATH);
    const r = await ctx.step(sampleInputs({ timeout: '3' }), { ...pod(), timeoutMs: 20_000 });
    // Retried as any 503 is, inside the SDK's pipeline and by the identity stage: whichever holds the deadline says so.
    expectRefused(
      r,
      /(timed out after 3 s waiting for the AKS identity binding token proxy \S+ \(SNI name \S+\) to exchange the service account token|The AKS identity binding token proxy .* kept failing \(last: HTTP 503\) until the 3 s deadline)/,
    );
    expect(requests('token-proxy').filter((q) => q.path.endsWith(TOKEN_PATH)).length).toBeGreaterThan(1);
    expect(r.durationMs).toBeLessThan(8000);
  });
});

describe('a stalled token proxy', () => {
  it('ends the step at the deadline, naming what it waited for', async () => {
    ctx.s.fault('token-proxy', ['hang'], TOKEN_PATH);
    const r = await ctx.step(sampleInputs({ timeout: '2' }), { ...pod(), timeoutMs: 20_000 });
    expect(r.errors).toEqual([
      expect.stringMatching(
        /timed out after 2 s waiting for the AKS identity binding token proxy https:\/\/127\.0\.0\.1:\d+\/ \(SNI name identity-binding\.standin\.invalid\) to exchange the service account token/,
      ),
    ]);
    expect(r.durationMs).toBeLessThan(7000);
    expectNothingExported(r);
  });
});
