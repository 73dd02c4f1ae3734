// Which identity source the inputs and the environment select.
import { type AuthMode, resolveIdentitySource } from '../../../src/identity/source.js';
import type { IdentitySelector } from '../../../src/inputs/config.js';

describe('resolveIdentitySource', () => {
  const GUID = '9a7b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d';
  const AKS = {
    AZURE_FEDERATED_TOKEN_FILE: '/var/run/secrets/azure/wi/token/azure-identity-token',
    AZURE_CLIENT_ID: GUID,
    AZURE_TENANT_ID: GUID,
  };
  const ACA = { IDENTITY_ENDPOINT: 'http://localhost:42356/msi/token', IDENTITY_HEADER: 'h' };
  const ARC = {
    IDENTITY_ENDPOINT: 'http://localhost:40342/metadata/identity/oauth2/token',
    IMDS_ENDPOINT: 'http://localhost:40342',
  };
  const OIDC = { ACTIONS_ID_TOKEN_REQUEST_URL: 'https://x/token', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't' };
  const system = { kind: 'system' } as const;
  const byClient = { kind: 'client-id', id: GUID } as const;
  const byObject = { kind: 'object-id', id: GUID } as const;
  type Case = [
    string,
    Partial<{ auth: AuthMode; identity: IdentitySelector; tenantId: string }>,
    Record<string, string>,
    string,
  ];
  it.each<Case>([
    ['a VM by default', {}, {}, 'imds'],
    ['AKS from its variables', {}, AKS, 'workload-identity'],
    ['AKS even with tenant-id (it overrides AZURE_TENANT_ID)', { tenantId: GUID }, AKS, 'workload-identity'],
    ['Container Apps from its variables', {}, ACA, 'app-service'],
    ['Arc from its variables', {}, ARC, 'arc'],
    ['GitHub OIDC from tenant-id', { tenantId: GUID, identity: byClient }, OIDC, 'github-oidc'],
    ['a named source over the environment', { auth: 'imds' }, ACA, 'imds'],
    ['object-id on AKS', { identity: byObject }, AKS, 'problem object-id'],
    ['a selector on Arc', { identity: byClient }, ARC, 'problem client-id'],
    ['tenant-id on Container Apps', { tenantId: GUID }, ACA, 'problem tenant-id'],
    ['GitHub OIDC without id-token: write', { tenantId: GUID, identity: byClient }, {}, 'problem tenant-id'],
    ['GitHub OIDC without client-id', { tenantId: GUID }, OIDC, 'problem client-id'],
    ['arc named, without its variables', { auth: 'arc' }, {}, 'problem auth'],
    ['workload-identity named, without a token file', { auth: 'workload-identity' }, {}, 'problem auth'],
  ])('%s', (_, inputs, env, expected) => {
    const resolved = resolveIdentitySource(
      { auth: 'auto', identity: system, tenantId: '', cloud: 'AzureCloud', ...inputs },
      env,
    );
    expect('problem' in resolved ? `problem ${resolved.problem.input}` : resolved.source.kind).toBe(expected);
  });

  it.each<[string, Partial<{ auth: AuthMode; identity: IdentitySelector }>, Record<string, string>, boolean]>([
    ['auto, client-id, the ID-token variables', { identity: byClient }, OIDC, true],
    ['auth: imds named', { auth: 'imds', identity: byClient }, OIDC, false],
    ['no client-id', {}, OIDC, false],
    ['object-id (GitHub OIDC takes client-id only)', { identity: byObject }, OIDC, false],
    ['only the URL', { identity: byClient }, { ACTIONS_ID_TOKEN_REQUEST_URL: 'https://x/token' }, false],
    ['no ID-token variables', { identity: byClient }, {}, false],
  ])('IMDS because tenant-id is missing: %s → %s', (_, inputs, env, expected) => {
    const resolved = resolveIdentitySource(
      { auth: 'auto', identity: system, tenantId: '', cloud: 'AzureCloud', ...inputs },
      env,
    );
    expect('source' in resolved && resolved.source.kind === 'imds' && resolved.source.oidcWithoutTenant === true).toBe(
      expected,
    );
  });
});
