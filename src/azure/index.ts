// The real Azure access: @azure/identity's ManagedIdentityCredential and one @azure/keyvault-secrets
// SecretClient per vault, used as they are, configured only through their own options.
import { ManagedIdentityCredential, type GetTokenOptions, type TokenCredential } from '@azure/identity';
import { SecretClient } from '@azure/keyvault-secrets';
import type { AccessToken, AzureAccess, AzureAccessFactory, SecretBundle, SecretStore } from '../access.js';
import { vaultScope } from '../cloud.js';
import { IMDS_HOST } from '../constants.js';
import type { IdentitySelector } from '../inputs.js';
import { createImdsAgent } from './imdsAgent.js';
import { Redactor, routeSdkLogs } from './sdkLog.js';

const USER_AGENT = 'keyvault-secrets-action';

function credentialFor(identity: IdentitySelector): ManagedIdentityCredential {
  const common = {
    agent: createImdsAgent(),
    // The action retries IMDS itself (src/retry.ts): bounded by the step's deadline, fast on
    // "unreachable", and also on 429 without Retry-After, which the SDK does not retry.
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
 * Hands every client the one token this run acquired, so a run makes exactly one IMDS request
 * however many vaults it reads; other scopes (none expected) go to the real credential.
 */
class OneTokenCredential implements TokenCredential {
  #pending = new Map<string, Promise<AccessToken>>();
  constructor(private readonly inner: TokenCredential) {}

  getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    const key = ([] as string[]).concat(scopes).join(' ');
    let token = this.#pending.get(key);
    if (!token) {
      token = this.inner.getToken(scopes, options).then((t) => {
        if (!t) throw new Error('ManagedIdentityCredential returned no token');
        return t;
      });
      token.catch(() => this.#pending.delete(key));
      this.#pending.set(key, token);
    }
    return token;
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
  const credential = new OneTokenCredential(credentialFor(identity));
  const scope = vaultScope(cloud);
  const clients = new Map<string, SecretStore>();
  const authority = process.env.AZURE_POD_IDENTITY_AUTHORITY_HOST;
  const access: AzureAccess = {
    imdsEndpoint: authority ? authority.replace(/\/$/, '') : `http://${IMDS_HOST}`,
    acquireToken: async (signal) => {
      const token = await credential.getToken(scope, { abortSignal: signal });
      redactor.add(token.token);
      return token;
    },
    vault(url) {
      let store = clients.get(url);
      if (!store) {
        const client = new SecretClient(url, credential, { userAgentOptions: { userAgentPrefix: USER_AGENT } });
        store = {
          getSecret: async (name, version, signal) => toBundle(await client.getSecret(name, { abortSignal: signal, ...(version ? { version } : {}) })),
        };
        clients.set(url, store);
      }
      return store;
    },
  };
  return access;
};
