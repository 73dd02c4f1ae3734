// The real Azure access: @azure/identity's ManagedIdentityCredential and one @azure/keyvault-secrets
// SecretClient per vault, used as they are, configured only through their own options.
import { ManagedIdentityCredential, type GetTokenOptions, type TokenCredential } from '@azure/identity';
import { SecretClient } from '@azure/keyvault-secrets';
import { untilAborted } from '../abort.js';
import type { AccessToken, AzureAccess, AzureAccessFactory, SecretBundle, SecretStore } from '../access.js';
import { vaultScope } from '../cloud.js';
import { IMDS_HOST } from '../constants.js';
import type { IdentitySelector } from '../inputs.js';
import { createImdsAgent, ImdsBadAnswerError, type ImdsAgent } from './imdsAgent.js';
import { factsOf } from '../failures.js';
import { Redactor, routeSdkLogs } from './sdkLog.js';
import { createVaultAgent } from './vaultAgent.js';

const USER_AGENT = 'keyvault-secrets-action';

function credentialFor(identity: IdentitySelector, agent: ImdsAgent): ManagedIdentityCredential {
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

export const createAzureAccess: AzureAccessFactory = async ({ identity, cloud }) => {
  const redactor = new Redactor();
  routeSdkLogs(redactor, (line) => process.stderr.write(`${line}\n`));
  const scope = vaultScope(cloud);
  const imdsAgent = createImdsAgent();
  const managedIdentity = credentialFor(identity, imdsAgent);
  const credential = new RunTokenCredential(scope, managedIdentity);
  const clients = new Map<string, SecretStore>();
  const authority = process.env.AZURE_POD_IDENTITY_AUTHORITY_HOST;
  const access: AzureAccess = {
    imdsEndpoint: authority ? authority.replace(/\/$/, '') : `http://${IMDS_HOST}`,
    acquireToken: async (signal) => {
      imdsAgent.answered = false;
      try {
        const token = await managedIdentity.getToken(scope, { abortSignal: signal });
        redactor.add(token.token);
        return token;
      } catch (error) {
        // An answer with no error status that still gave no token: MSAL calls that a network error.
        const status = factsOf(error).status ?? Number(/Http status code: (\d{3})/.exec(factsOf(error).text)?.[1] ?? NaN);
        if (imdsAgent.answered && !(status >= 300)) throw new ImdsBadAnswerError('the endpoint answered, but not with a token', { cause: error });
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
          getSecret: async (name, version, signal) => toBundle(await client.getSecret(name, { abortSignal: signal, ...(version ? { version } : {}) })),
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
