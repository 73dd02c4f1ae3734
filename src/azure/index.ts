// The real Azure access: @azure/identity's ManagedIdentityCredential and one @azure/keyvault-secrets
// SecretClient per vault, used as they are, configured only through their own options.
import { readFileSync } from 'node:fs';
import { ClientAssertionCredential, ManagedIdentityCredential, WorkloadIdentityCredential, type GetTokenOptions, type TokenCredential } from '@azure/identity';
import { SecretClient } from '@azure/keyvault-secrets';
import { untilAborted } from '../abort.js';
import type { AccessToken, AzureAccess, AzureAccessFactory, SecretBundle, SecretStore } from '../access.js';
import { type CloudName, loginHost, vaultScope } from '../cloud.js';
import { IMDS_HOST } from '../constants.js';
import type { IdentitySource } from '../identitySource.js';
import type { IdentitySelector } from '../inputs.js';
import { factsOf } from '../failures.js';
import { maskPieces } from '../mask.js';
import { stringClaims } from '../token.js';
import { createImdsAgent, ImdsBadAnswerError, type ImdsAgent } from './imdsAgent.js';
import { favourMemory, skipNodeFormData } from './runtime.js';
import { Redactor, routeSdkLogs } from './sdkLog.js';
import { createVaultAgent } from './vaultAgent.js';

const USER_AGENT = 'keyvault-secrets-action';

/** The audience GitHub's ID token (and AKS's projected token) carry for Entra's token exchange. */
export const TOKEN_EXCHANGE_AUDIENCE = 'api://AzureADTokenExchange';

function managedIdentityCredential(identity: IdentitySelector, agent: ImdsAgent): ManagedIdentityCredential {
  const common = {
    agent,
    // The action retries IMDS itself (acquireToken in main.ts): bounded by the step's deadline,
    // fast on "unreachable", and also on 429 without Retry-After, which the SDK does not retry.
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
 * The credential the vault clients use: it hands them the run's one token, acquired (and retried)
 * by the action, so a run makes exactly one IMDS request however many vaults it reads.
 */
class RunTokenCredential implements TokenCredential {
  #settle!: (outcome: AccessToken | Error) => void;
  readonly #token = new Promise<AccessToken>((resolve, reject) => {
    this.#settle = (outcome) => (outcome instanceof Error ? reject(outcome) : resolve(outcome));
  });

  constructor(
    private readonly scope: string,
    private readonly inner: TokenCredential,
  ) {
    this.#token.catch(() => {}); // a failure is reported by the action, not as an unhandled rejection
  }

  share(outcome: AccessToken | Error): void {
    this.#settle(outcome);
  }

  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    const requested = ([] as string[]).concat(scopes);
    // Another audience (not expected from Key Vault) goes to the real credential.
    if (requested.length !== 1 || requested[0] !== this.scope) return (await this.inner.getToken(scopes, options))!;
    return untilAborted(this.#token, options?.abortSignal);
  }
}

function toBundle(secret: Awaited<ReturnType<SecretClient['getSecret']>>): SecretBundle {
  const p = secret.properties;
  return {
    value: secret.value ?? '',
    version: p.version ?? '',
    ...(p.contentType ? { contentType: p.contentType } : {}),
    enabled: p.enabled ?? true,
    ...(p.updatedOn ? { updatedOn: p.updatedOn } : {}),
    ...(p.expiresOn ? { expiresOn: p.expiresOn } : {}),
    ...(p.notBefore ? { notBefore: p.notBefore } : {}),
  };
}

/**
 * The variables by which MSAL (and @azure/identity) pick a managed identity source themselves, in their
 * own order. A source named in the auth input wins: the others' variables are hidden from this process.
 */
const OTHER_SOURCES_VARIABLES: Record<'imds' | 'app-service' | 'arc', string[]> = {
  imds: ['IDENTITY_ENDPOINT', 'IDENTITY_HEADER', 'IDENTITY_SERVER_THUMBPRINT', 'IMDS_ENDPOINT', 'MSI_ENDPOINT', 'MSI_SECRET', 'AZURE_FEDERATED_TOKEN_FILE'],
  'app-service': ['IDENTITY_SERVER_THUMBPRINT', 'MSI_ENDPOINT', 'MSI_SECRET', 'AZURE_FEDERATED_TOKEN_FILE'],
  arc: ['IDENTITY_HEADER', 'IDENTITY_SERVER_THUMBPRINT', 'MSI_ENDPOINT', 'MSI_SECRET', 'AZURE_FEDERATED_TOKEN_FILE'],
};

/** The credential for this source, and where it gets tokens (for messages). */
function credentialFor(source: IdentitySource, cloud: CloudName, agent: ImdsAgent, presented: (assertion: string) => void): { credential: TokenCredential; endpoint: string } {
  const entra = (authorityHost: string | undefined) => (authorityHost ?? `https://${loginHost(cloud)}`).replace(/\/$/, '');
  if (source.kind === 'imds' || source.kind === 'app-service' || source.kind === 'arc') {
    for (const name of OTHER_SOURCES_VARIABLES[source.kind]) delete process.env[name];
  }
  switch (source.kind) {
    case 'imds': {
      const authority = process.env.AZURE_POD_IDENTITY_AUTHORITY_HOST;
      return { credential: managedIdentityCredential(source.identity, agent), endpoint: authority ? authority.replace(/\/$/, '') : `http://${IMDS_HOST}` };
    }
    case 'app-service':
      // MSAL picks the App Service source from IDENTITY_ENDPOINT and IDENTITY_HEADER.
      return { credential: managedIdentityCredential(source.identity, agent), endpoint: source.endpoint };
    case 'arc':
      // MSAL picks the Arc source from IDENTITY_ENDPOINT and IMDS_ENDPOINT, and answers himds's key-file challenge.
      return { credential: managedIdentityCredential({ kind: 'system' }, agent), endpoint: source.endpoint };
    case 'workload-identity': {
      const authorityHost = entra(source.authorityHost);
      const credential = new WorkloadIdentityCredential({ tenantId: source.tenantId, clientId: source.clientId, tokenFilePath: source.tokenFile, authorityHost, userAgentOptions: { userAgentPrefix: USER_AGENT } });
      return {
        credential: {
          getToken: async (scopes, options) => {
            // What the message names if Entra refuses it: the token file's iss and sub, read as the SDK reads it.
            try {
              presented(readFileSync(source.tokenFile, 'utf8').trim());
            } catch {
              // the SDK reports an unreadable file itself
            }
            return credential.getToken(scopes, options);
          },
        },
        endpoint: `${authorityHost}/${source.tenantId}`,
      };
    }
    case 'github-oidc': {
      const authorityHost = entra(undefined);
      // One ID token per run (it lives minutes; the run needs one Entra token).
      let assertion: Promise<string> | undefined;
      const getAssertion = () =>
        (assertion ??= (async () => {
          const { getIDToken } = await import('@actions/core');
          const token = await getIDToken(TOKEN_EXCHANGE_AUDIENCE); // core masks it
          presented(token);
          return token;
        })());
      return { credential: new ClientAssertionCredential(source.tenantId, source.clientId, getAssertion, { authorityHost, userAgentOptions: { userAgentPrefix: USER_AGENT } }), endpoint: `${authorityHost}/${source.tenantId}` };
    }
  }
}

export const createAzureAccess: AzureAccessFactory = async ({ source, cloud }) => {
  skipNodeFormData();
  favourMemory();
  const redactor = new Redactor();
  routeSdkLogs(redactor, (line) => process.stderr.write(`${line}\n`));
  const scope = vaultScope(cloud);
  const imdsAgent = createImdsAgent();
  let assertion: string | undefined;
  const { credential: managedIdentity, endpoint } = credentialFor(source, cloud, imdsAgent, (presented) => {
    assertion = presented;
    redactor.add(presented);
  });
  const credential = new RunTokenCredential(scope, managedIdentity);
  const clients = new Map<string, SecretStore>();
  const access: AzureAccess = {
    identityEndpoint: endpoint,
    federatedClaims: () => (assertion ? stringClaims(assertion, ['iss', 'sub']) : undefined),
    acquireToken: async (signal) => {
      imdsAgent.answered = false;
      try {
        const token = await managedIdentity.getToken(scope, { abortSignal: signal });
        if (!token) throw new Error('the credential returned no token');
        redactor.add(token.token);
        return token;
      } catch (error) {
        // An answer with no error status that still gave no token: MSAL calls that a network error.
        const { text } = factsOf(error);
        if (imdsAgent.answered && /network_error|network unreachable|no "?expiresOn|Http status code: 2\d\d/i.test(text)) {
          throw new ImdsBadAnswerError('the endpoint answered, but not with a token', { cause: error });
        }
        throw error;
      }
    },
    shareToken: (outcome) => credential.share(outcome),
    vault(url) {
      let store = clients.get(url);
      if (!store) {
        const agent = createVaultAgent(url);
        const client = new SecretClient(url, credential, { userAgentOptions: { userAgentPrefix: USER_AGENT }, ...(agent ? { agent } : {}) });
        store = {
          getSecret: async (name, version, signal) => {
            const bundle = toBundle(await client.getSecret(name, { abortSignal: signal, ...(version ? { version } : {}) }));
            // Not masked yet (that comes once every secret is in): the SDK's own log lines must not show it meanwhile.
            for (const piece of maskPieces(bundle.value)) redactor.add(piece);
            return bundle;
          },
          listSecrets: async (signal) => {
            const listing = [];
            for await (const p of client.listPropertiesOfSecrets({ abortSignal: signal })) listing.push({ name: p.name, enabled: p.enabled ?? true });
            return listing;
          },
        };
        clients.set(url, store);
      }
      return store;
    },
  };
  return access;
};
