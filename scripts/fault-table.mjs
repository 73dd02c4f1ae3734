#!/usr/bin/env node
// npm run fault-table: each fault the stand-in can inject, run through the bundled action with debug
// logging on, as a table of outcome, elapsed time, requests and the start of the error.
import { startStandin } from '../standin/index.mjs';
import { runAction } from '../standin/runner.mjs';
const s = await startStandin();
const base = { keyvault: 'ml-prod-kv', secrets: 'db-password' };
const vault = (spec = {}) => s.addVault('ml-prod-kv', { secrets: { 'db-password': 'v-123456' }, ...spec });
const cases = [
  ['KV 429 with Retry-After: 1', () => { vault(); s.fault('vault', [{ status: 429, retryAfter: 1 }], '/secrets/'); }],
  ['KV 429 without Retry-After ×2', () => { vault(); s.fault('vault', [{ status: 429 }, { status: 429 }], '/secrets/'); }],
  ['KV 500, 503', () => { vault(); s.fault('vault', [500, 503], '/secrets/'); }],
  ['KV connection reset', () => { vault(); s.fault('vault', ['reset'], '/secrets/'); }],
  ['KV hangs (timeout: 5)', () => { vault(); s.fault('vault', ['hang', 'hang', 'hang', 'hang']); }, { timeout: '5' }],
  ['IMDS 500', () => { vault(); s.fault('imds', [500]); }],
  ['IMDS 410', () => { vault(); s.fault('imds', [410]); }],
  ['IMDS 429', () => { vault(); s.fault('imds', [429]); }],
  ['IMDS hangs (timeout: 5)', () => { vault(); s.fault('imds', ['hang']); }, { timeout: '5' }],
  ['IMDS unreachable (closed port)', () => vault(), {}, { AZURE_POD_IDENTITY_AUTHORITY_HOST: 'http://127.0.0.1:9' }],
  ['IMDS 400 Identity not found', () => vault(), { 'client-id': '00000000-0000-4000-8000-0000000000ff' }],
  ['403 ForbiddenByRbac', () => vault({ grants: {} })],
  ['403 ForbiddenByPolicy', () => vault({ model: 'policy', grants: {} })],
  ['403 ForbiddenByFirewall', () => vault({ firewall: true })],
  ['403 SecretDisabled', () => vault({ secrets: { 'db-password': { value: 'x', enabled: false } } })],
  ['404 SecretNotFound', () => vault({ secrets: {} })],
  ['vault host not found (proxy 502)', () => {}, { keyvault: 'no-such-kv' }],
  ['bad input (PATH=db)', () => vault(), { secrets: 'PATH=db' }],
  ['fork pull request', () => vault(), {}, {}, { eventName: 'pull_request', event: { pull_request: { head: { repo: { full_name: 'm/x' } }, base: { repo: { full_name: 'a/x' } } } } }],
];
console.log('| fault | outcome | elapsed | requests (IMDS/KV) | message starts |');
console.log('|---|---|---:|---|---|');
for (const [name, setup, inputs = {}, env = {}, extra = {}] of cases) {
  s.reset(); setup();
  const r = await runAction({ inputs: { ...base, ...inputs }, env: { ...s.env(), RUNNER_DEBUG: '1', AZURE_LOG_LEVEL: 'verbose', ...env }, ...extra });
  const msg = (r.errors[0] ?? '').replace(/\n/g, ' ').replace(/^Could not read 1 of 1 secrets; nothing was exported:\s+secrets line 1: /, '').slice(0, 70);
  console.log(`| ${name} | ${r.code === 0 ? 'success, exported' : 'failed, nothing exported'} | ${(r.durationMs / 1000).toFixed(2)} s | ${s.stats.imdsRequests}/${s.stats.vaultRequests} | ${msg} |`);
  r.cleanup();
}
await s.stop();
