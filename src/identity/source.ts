// Where the run's token comes from: every place a self-hosted runner on Azure holds an identity, and
// GitHub OIDC. Decided from the auth input and the environment before any request; pure.
import type { CloudName } from '../inputs/cloud.js';
import { Inputs } from '../constants.js';
import type { AuthMode, IdentitySelector } from '../inputs/config.js';
export { AUTH_MODES, type AuthMode } from '../inputs/config.js';
import type { InputProblem } from '../inputs/references.js';
import type { IdentitySource } from '../ports.js';
import { refuseInputs } from '../inputs/problems.js';
import { tokenProxyFromEnv, tokenProxyText } from './tokenProxy.js';

export const SOURCE_NAMES: Record<IdentitySource['kind'], string> = {
  imds: 'Azure VM/VMSS managed identity (IMDS)',
  'workload-identity': 'AKS workload identity',
  'app-service': 'Container Apps / App Service managed identity',
  arc: 'Azure Arc-enabled server managed identity (himds)',
  'github-oidc': 'GitHub OIDC (workload identity federation)',
};

/** "client-id 6f1c…" for a user-assigned selector; undefined for the system-assigned identity or a source without one. */
export function selectorText(source: IdentitySource): string | undefined {
  return 'identity' in source && source.identity.kind !== 'system'
    ? `${source.identity.kind} ${source.identity.id}`
    : undefined;
}

export interface SourceInputs {
  auth: AuthMode;
  identity: IdentitySelector;
  /** tenant-id: selects GitHub OIDC in auto mode, where no host variable says otherwise. */
  tenantId: string;
  cloud: CloudName;
}

type Env = Record<string, string | undefined>;

/**
 * auto picks the host the environment names, in this order: AZURE_FEDERATED_TOKEN_FILE → AKS
 * workload identity; IDENTITY_ENDPOINT with IDENTITY_HEADER → Container Apps / App Service;
 * IDENTITY_ENDPOINT with IMDS_ENDPOINT → Arc; then tenant-id given → GitHub OIDC; otherwise IMDS (a
 * VM or scale set, which no variable announces).
 */
export function detectMode(inputs: SourceInputs, env: Env): Exclude<AuthMode, 'auto'> {
  if (inputs.auth !== 'auto') return inputs.auth;
  if (env.AZURE_FEDERATED_TOKEN_FILE) return 'workload-identity';
  if (env.IDENTITY_ENDPOINT && env.IDENTITY_HEADER) return 'app-service';
  if (env.IDENTITY_ENDPOINT && env.IMDS_ENDPOINT) return 'arc';
  if (inputs.tenantId) return 'github-oidc';
  return 'imds';
}

const problem = (input: string, message: string): { problem: InputProblem } => ({ problem: { input, message } });
const selectorInput = (identity: IdentitySelector) => (identity.kind === 'system' ? undefined : identity.kind);

/** Where the runner service gets the Arc agent's variables, per OS (process.platform). */
export function arcVariablesMissing(platform: string): string {
  const values =
    'IDENTITY_ENDPOINT=http://localhost:40342/metadata/identity/oauth2/token, IMDS_ENDPOINT=http://localhost:40342';
  return platform === 'win32'
    ? `arc needs IDENTITY_ENDPOINT and IMDS_ENDPOINT, which the Connected Machine agent sets as system environment variables; add them to the runner's .env file in its directory (${values}), then restart the runner service (Restart-Service "actions.runner.*")`
    : `arc needs IDENTITY_ENDPOINT and IMDS_ENDPOINT, which the Connected Machine agent sets for services; add them to the runner service environment (${values})`;
}

export function resolveIdentitySource(
  inputs: SourceInputs,
  env: Env,
  platform: string = process.platform,
): { source: IdentitySource } | { problem: InputProblem } {
  const mode = detectMode(inputs, env);
  const selector = selectorInput(inputs.identity);
  if (inputs.tenantId && mode !== 'github-oidc' && mode !== 'workload-identity') {
    return problem(
      Inputs.TenantId,
      `is used only with GitHub OIDC and AKS workload identity, but auth is ${mode}; remove tenant-id or set auth: github-oidc`,
    );
  }
  switch (mode) {
    case 'imds': {
      // GitHub OIDC but for tenant-id: IMDS's failures say so (messages/identity.ts, withOidcTenantHint).
      const oidcWithoutTenant =
        inputs.auth === 'auto' &&
        inputs.identity.kind === 'client-id' &&
        Boolean(env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
      return {
        source: { kind: 'imds', identity: inputs.identity, ...(oidcWithoutTenant ? { oidcWithoutTenant: true } : {}) },
      };
    }
    case 'app-service': {
      if (!env.IDENTITY_ENDPOINT || !env.IDENTITY_HEADER)
        return problem(
          Inputs.Auth,
          'app-service needs IDENTITY_ENDPOINT and IDENTITY_HEADER, which Container Apps and App Service set when the app has a managed identity; they are not set here',
        );
      return { source: { kind: 'app-service', endpoint: env.IDENTITY_ENDPOINT, identity: inputs.identity } };
    }
    case 'arc': {
      if (selector)
        return problem(
          selector,
          'an Azure Arc-enabled server has only its system-assigned identity; remove client-id, object-id and resource-id',
        );
      if (!env.IDENTITY_ENDPOINT || !env.IMDS_ENDPOINT) return problem(Inputs.Auth, arcVariablesMissing(platform));
      return { source: { kind: 'arc', endpoint: env.IDENTITY_ENDPOINT } };
    }
    case 'workload-identity': {
      if (selector === 'object-id' || selector === 'resource-id')
        return problem(
          selector,
          'AKS workload identity selects the identity by client id only (AZURE_CLIENT_ID, or client-id); remove object-id and resource-id',
        );
      const tokenFile = env.AZURE_FEDERATED_TOKEN_FILE;
      const clientId = inputs.identity.kind === 'client-id' ? inputs.identity.id : env.AZURE_CLIENT_ID;
      const tenantId = inputs.tenantId || env.AZURE_TENANT_ID;
      if (!tokenFile || !clientId || !tenantId) {
        const missing = [
          !tokenFile && 'AZURE_FEDERATED_TOKEN_FILE',
          !clientId && 'AZURE_CLIENT_ID (or client-id)',
          !tenantId && 'AZURE_TENANT_ID (or tenant-id)',
        ]
          .filter(Boolean)
          .join(', ');
        return problem(
          Inputs.Auth,
          `workload-identity needs ${missing}. The workload identity webhook sets them in pods labelled azure.workload.identity/use: "true" whose service account is annotated with azure.workload.identity/client-id`,
        );
      }
      const binding = tokenProxyFromEnv(env);
      if ('problem' in binding) return problem(Inputs.Auth, binding.problem);
      return {
        source: {
          kind: 'workload-identity',
          tokenFile,
          clientId,
          tenantId,
          ...(env.AZURE_AUTHORITY_HOST ? { authorityHost: env.AZURE_AUTHORITY_HOST } : {}),
          ...(binding.tokenProxy ? { tokenProxy: binding.tokenProxy } : {}),
        },
      };
    }
    case 'github-oidc': {
      if (selector === 'object-id' || selector === 'resource-id')
        return problem(
          selector,
          'GitHub OIDC names the app registration (or user-assigned identity) by client-id; remove object-id and resource-id',
        );
      if (!inputs.tenantId || inputs.identity.kind !== 'client-id') {
        return problem(
          inputs.tenantId ? Inputs.ClientId : Inputs.TenantId,
          'GitHub OIDC needs both tenant-id and client-id: the tenant, and the client id of the app registration or user-assigned identity that trusts this repository',
        );
      }
      if (!env.ACTIONS_ID_TOKEN_REQUEST_URL || !env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
        return problem(
          Inputs.TenantId,
          'GitHub OIDC needs an ID token, and this job may not request one: add "permissions: id-token: write" (and contents: read) to the job or workflow',
        );
      }
      return { source: { kind: 'github-oidc', tenantId: inputs.tenantId, clientId: inputs.identity.id } };
    }
  }
}

/** Where the token comes from, decided before any request; a source this host cannot give is bad input. */
export function identitySource(inputs: SourceInputs, env: Env, platform: string = process.platform): IdentitySource {
  const resolved = resolveIdentitySource(inputs, env, platform);
  if ('problem' in resolved) return refuseInputs([resolved.problem]);
  return resolved.source;
}

/** The source for the log: "Azure VM/VMSS managed identity (IMDS), user-assigned (client id …)". */
export function describeSource(source: IdentitySource): string {
  const selector = selectorText(source);
  const clientId = 'clientId' in source ? `, client id ${source.clientId}` : '';
  const binding =
    source.kind === 'workload-identity' && source.tokenProxy ? `, through ${tokenProxyText(source.tokenProxy)}` : '';
  return `${SOURCE_NAMES[source.kind]}${selector ? `, user-assigned (${selector})` : ''}${clientId}${binding}`;
}
