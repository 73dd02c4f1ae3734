#!/usr/bin/env node
// npm run fault-table: each fault the stand-in can inject, run through the bundled action with debug
// logging on, as a table of outcome, elapsed time, requests and the start of the error.
import { AKS_ISSUER, DEFAULT_IDENTITIES, GITHUB_ISSUER, GITHUB_SUBJECT, startStandin } from '../standin/index.mjs';
import { runAction } from '../standin/runner.mjs';
const s = await startStandin();
const base = { keyvault: 'ml-prod-kv', secrets: 'db-password' };
const vault = (spec = {}) => s.keyvault.addVault('ml-prod-kv', { secrets: { 'db-password': 'v-123456' }, ...spec });
const APP = { clientId: '9a7b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d', objectId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d' };
const AKS_SUBJECT = 'system:serviceaccount:arc-runners:gpu-runner';
const cases = [
  [
    'KV 429 with Retry-After: 1',
    () => {
      vault();
      s.fault('vault', [{ status: 429, retryAfter: 1 }], '/secrets/');
    },
  ],
  [
    'KV 429 without Retry-After ×2',
    () => {
      vault();
      s.fault('vault', [{ status: 429 }, { status: 429 }], '/secrets/');
    },
  ],
  [
    'KV 500, 503',
    () => {
      vault();
      s.fault('vault', [500, 503], '/secrets/');
    },
  ],
  [
    'KV connection reset',
    () => {
      vault();
      s.fault('vault', ['reset'], '/secrets/');
    },
  ],
  [
    'KV hangs (timeout: 5)',
    () => {
      vault();
      s.fault('vault', ['hang', 'hang', 'hang', 'hang']);
    },
    { timeout: '5' },
  ],
  [
    'IMDS 500',
    () => {
      vault();
      s.fault('imds', [500]);
    },
  ],
  [
    'IMDS 410',
    () => {
      vault();
      s.fault('imds', [410]);
    },
  ],
  [
    'IMDS 429',
    () => {
      vault();
      s.fault('imds', [429]);
    },
  ],
  [
    'IMDS hangs (timeout: 5)',
    () => {
      vault();
      s.fault('imds', ['hang']);
    },
    { timeout: '5' },
  ],
  ['IMDS unreachable (closed port)', () => vault(), {}, { AZURE_POD_IDENTITY_AUTHORITY_HOST: 'http://127.0.0.1:9' }],
  ['IMDS 400 Identity not found', () => vault(), { 'client-id': '00000000-0000-4000-8000-0000000000ff' }],
  ['403 ForbiddenByRbac', () => vault({ grants: {} })],
  ['403 ForbiddenByPolicy', () => vault({ model: 'policy', grants: {} })],
  ['403 ForbiddenByFirewall', () => vault({ firewall: true })],
  ['403 SecretDisabled', () => vault({ secrets: { 'db-password': { value: 'x', enabled: false } } })],
  ['404 SecretNotFound', () => vault({ secrets: {} })],
  ['vault host not found (proxy 502)', () => {}, { keyvault: 'no-such-kv' }],
  ['bad input (PATH=db)', () => vault(), { secrets: 'PATH=db' }],
  [
    'fork pull request',
    () => vault(),
    {},
    {},
    {
      eventName: 'pull_request',
      event: { pull_request: { head: { repo: { full_name: 'm/x' } }, base: { repo: { full_name: 'a/x' } } } },
    },
  ],
  [
    'IMDS several user-assigned, no selector',
    () => {
      vault();
      s.imds.setIdentities([
        DEFAULT_IDENTITIES[1],
        { ...DEFAULT_IDENTITIES[1], clientId: 'c2', objectId: 'o2', resourceId: 'r2' },
      ]);
    },
  ],
  ['KV 403 ForbiddenByConnection', () => vault({ publicNetworkAccess: false })],
  [
    'KV 200 HTML page',
    () => {
      vault();
      s.fault('vault', Array(25).fill({ status: 200, body: '<html></html>', contentType: 'text/html' }), '/secrets/');
    },
  ],
  [
    'AKS workload identity',
    () => {
      vault();
      s.entra.addFederatedIdentity({ ...APP, federated: [{ issuer: AKS_ISSUER, subject: AKS_SUBJECT }] });
    },
    {},
    () => s.envFor('workload-identity', { tokenFile: s.aks.serviceAccountToken(), clientId: APP.clientId }),
  ],
  [
    'AKS AADSTS70021 (no federated credential)',
    () => vault(),
    {},
    () => s.envFor('workload-identity', { tokenFile: s.aks.serviceAccountToken(), clientId: APP.clientId }),
    {},
    () => s.entra.addFederatedIdentity({ ...APP, federated: [] }),
  ],
  [
    'AKS AADSTS700024 (token expired)',
    () => {
      vault();
      s.entra.addFederatedIdentity({ ...APP, federated: [{ issuer: AKS_ISSUER, subject: AKS_SUBJECT }] });
    },
    {},
    () =>
      s.envFor('workload-identity', {
        tokenFile: s.aks.serviceAccountToken({ lifetimeSeconds: -60 }),
        clientId: APP.clientId,
      }),
  ],
  ['Container Apps, system-assigned', () => vault(), {}, () => s.envFor('app-service')],
  [
    'Container Apps, identity not assigned',
    () => vault(),
    { 'client-id': '00000000-0000-4000-8000-0000000000ff' },
    () => s.envFor('app-service'),
  ],
  ['Arc (himds key-file challenge)', () => vault(), {}, () => s.envFor('arc')],
  [
    'GitHub OIDC',
    () => {
      vault();
      s.entra.addFederatedIdentity({ ...APP, federated: [{ issuer: GITHUB_ISSUER, subject: GITHUB_SUBJECT }] });
    },
    { 'tenant-id': s.entra.tenantId, 'client-id': APP.clientId },
    () => s.envFor('github-oidc'),
  ],
  [
    'GitHub OIDC AADSTS70021',
    () => vault(),
    { 'tenant-id': s.entra.tenantId, 'client-id': APP.clientId },
    () => s.envFor('github-oidc'),
    {},
    () => s.entra.addFederatedIdentity({ ...APP, federated: [] }),
  ],
  ['GitHub OIDC without id-token: write', () => vault(), { 'tenant-id': s.entra.tenantId, 'client-id': APP.clientId }],
];
console.log('| fault | outcome | elapsed | requests (identity/KV) | message starts |');
console.log('|---|---|---:|---|---|');
for (const [name, setup, inputs = {}, env = {}, extra = {}, more = () => {}] of cases) {
  s.reset();
  setup();
  more();
  const hostEnv = typeof env === 'function' ? env() : env;
  const r = await runAction({
    inputs: { ...base, ...inputs },
    env: { ...s.env(), RUNNER_DEBUG: '1', AZURE_LOG_LEVEL: 'verbose', ...hostEnv },
    ...extra,
  });
  const identityRequests = s.requests().filter((q) => q.service !== 'vault' && q.service !== 'github').length;
  const msg = (r.errors[0] ?? '')
    .replace(/\n/g, ' ')
    .replace(/^Could not read 1 of 1 secrets; nothing was exported:\s+secrets line 1: /, '')
    .slice(0, 70);
  console.log(
    `| ${name} | ${r.code === 0 ? 'success, exported' : 'failed, nothing exported'} | ${(r.durationMs / 1000).toFixed(2)} s | ${identityRequests}/${s.stats.vaultRequests} | ${msg} |`,
  );
  r.cleanup();
}
await s.stop();
