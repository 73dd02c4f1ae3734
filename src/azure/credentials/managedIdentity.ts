// The managed identity sources MSAL reaches itself: IMDS (a VM or scale set), App Service / Container Apps
// (IDENTITY_ENDPOINT with IDENTITY_HEADER) and Arc (the himds agent), through @azure/identity's
// ManagedIdentityCredential, configured only through its own options.
import type { ManagedIdentityCredential } from '@azure/identity';
import { IMDS_HOST } from '../../constants.js';
import type { IdentitySource } from '../../ports.js';
import type { IdentitySelector } from '../../inputs/config.js';
import type { CappedHttpClient } from '../identityHttp.js';
import type { ImdsAgent } from '../imdsAgent.js';
import { type IdentitySdk, lazyCredential } from '../loadOrder.js';
import { USER_AGENT } from '../../constants.js';
import type { CredentialContext, SourceCredential } from './context.js';

export type ManagedIdentitySource = Extract<IdentitySource, { kind: 'imds' | 'app-service' | 'arc' }>;

function managedIdentityCredential(
  { ManagedIdentityCredential }: IdentitySdk,
  identity: IdentitySelector,
  agent: ImdsAgent,
  httpClient: CappedHttpClient,
): ManagedIdentityCredential {
  const common = {
    agent,
    // Streams each answer and cuts it off past its cap (identityHttp.ts).
    httpClient,
    // The action retries IMDS itself (acquireToken in main.ts): bounded by the step's deadline, fast on
    // "unreachable", and on 429 with or without Retry-After. This also turns off @azure/identity's own IMDS
    // retry policy (its maxRetries comes from here) and MSAL's (disableInternalRetries).
    retryOptions: { maxRetries: 0 },
    userAgentOptions: { userAgentPrefix: USER_AGENT },
  };
  switch (identity.kind) {
    case 'system':
      return new ManagedIdentityCredential(common);
    case 'client-id':
      return new ManagedIdentityCredential({ ...common, clientId: identity.id });
    case 'object-id':
      return new ManagedIdentityCredential({ ...common, objectId: identity.id });
    case 'resource-id':
      return new ManagedIdentityCredential({ ...common, resourceId: identity.id });
  }
}

/**
 * The variables by which MSAL (and @azure/identity) pick a managed identity source themselves, in their
 * own order. A source named in the auth input wins: the others' variables are hidden from this process.
 */
const OTHER_SOURCES_VARIABLES: Record<ManagedIdentitySource['kind'], string[]> = {
  imds: [
    'IDENTITY_ENDPOINT',
    'IDENTITY_HEADER',
    'IDENTITY_SERVER_THUMBPRINT',
    'IMDS_ENDPOINT',
    'MSI_ENDPOINT',
    'MSI_SECRET',
    'AZURE_FEDERATED_TOKEN_FILE',
  ],
  'app-service': ['IDENTITY_SERVER_THUMBPRINT', 'MSI_ENDPOINT', 'MSI_SECRET', 'AZURE_FEDERATED_TOKEN_FILE'],
  arc: ['IDENTITY_HEADER', 'IDENTITY_SERVER_THUMBPRINT', 'MSI_ENDPOINT', 'MSI_SECRET', 'AZURE_FEDERATED_TOKEN_FILE'],
};

export function managedIdentitySource(source: ManagedIdentitySource, context: CredentialContext): SourceCredential {
  const { agent, httpClient, hooks, identitySdk } = context;
  for (const name of OTHER_SOURCES_VARIABLES[source.kind]) delete process.env[name];
  switch (source.kind) {
    case 'imds': {
      const authority = process.env.AZURE_POD_IDENTITY_AUTHORITY_HOST;
      return {
        credential: lazyCredential(identitySdk, (sdk) =>
          managedIdentityCredential(sdk, source.identity, agent, httpClient),
        ),
        endpoint: authority ? authority.replace(/\/$/, '') : `http://${IMDS_HOST}`,
      };
    }
    case 'app-service':
      // MSAL picks the App Service source from IDENTITY_ENDPOINT and IDENTITY_HEADER; the header is a secret.
      if (process.env.IDENTITY_HEADER) hooks.credential(process.env.IDENTITY_HEADER);
      return {
        credential: lazyCredential(identitySdk, (sdk) =>
          managedIdentityCredential(sdk, source.identity, agent, httpClient),
        ),
        endpoint: source.endpoint,
      };
    case 'arc':
      // MSAL picks the Arc source from IDENTITY_ENDPOINT and IMDS_ENDPOINT, and answers himds's key-file challenge
      // (the key it sends is masked on its way out: identityHttp.ts).
      return {
        credential: lazyCredential(identitySdk, (sdk) =>
          managedIdentityCredential(sdk, { kind: 'system' }, agent, httpClient),
        ),
        endpoint: source.endpoint,
      };
  }
}
