// One vault's store: an @azure/keyvault-secrets SecretClient, used as it is, configured only through its own
// options, with the run's one token (runTokenCredential.ts).
import { KnownContentType, SecretClient, type SecretClientOptions } from '@azure/keyvault-secrets';
import { API_VERSIONS, type CloudName } from '../inputs/cloud.js';
import { maskPieces } from '../policy/masking.js';
import type { Clock } from '../util/clock.js';
import type { SecretBundle, SecretStore, SecretWriter } from '../ports.js';
import { createVaultHttpClient } from './identityHttp.js';
import { retryPolicy } from './retryPolicy.js';
import type { RunTokenCredential } from './runTokenCredential.js';
import { USER_AGENT } from '../constants.js';
import { SDK_RETRIES } from './sdkOptions.js';
import type { Redactor } from './sdkLog.js';
import { createVaultAgent } from './vaultAgent.js';
import { authorizedPolicy, vaultPolicy, withinListing } from './vaultPolicy.js';

/** The cloud's pinned Key Vault API version, checked against the versions this SDK speaks. */
const keyVaultVersion = (cloud: CloudName): NonNullable<SecretClientOptions['serviceVersion']> =>
  API_VERSIONS[cloud].keyVault;

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
    ...(p.managed ? { managed: true } : {}),
  };
}

export interface VaultStoreOptions {
  credential: RunTokenCredential;
  /** The vault's cloud: it picks the Key Vault API version sent (inputs/cloud.ts API_VERSIONS). */
  cloud: CloudName;
  clock: Clock;
  /** Keeps the values out of the SDK's log lines until they are masked. */
  redactor: Redactor;
  /** Called once each request of the store's has settled (loadOrder.ts: the first vault's challenge is out). */
  sent: () => void;
}

export function createVaultStore(
  url: string,
  { credential, cloud, clock, redactor, sent }: VaultStoreOptions,
): SecretStore {
  const agent = createVaultAgent(url);
  let onAuthorized!: () => void;
  const authorized = new Promise<void>((resolve) => (onAuthorized = resolve));
  const client = new SecretClient(url, credential, {
    // The cloud's pinned version, never the SDK's newest: a cloud that lags answers that one with 400.
    serviceVersion: keyVaultVersion(cloud),
    userAgentOptions: { userAgentPrefix: USER_AGENT },
    retryOptions: { maxRetries: 0 },
    // The listing guard first: a page retried here is still one page.
    additionalPolicies: [
      vaultPolicy(),
      { position: 'perCall', policy: retryPolicy(SDK_RETRIES, clock) },
      authorizedPolicy(() => onAuthorized()),
    ],
    httpClient: createVaultHttpClient(new URL(url).host),
    ...(agent ? { agent } : {}),
    // The credential admits the cloud's Key Vault audience alone, and every vault host is under it: stricter
    // than the SDK's check, which would throw its own error (naming only a host) for some of what it refuses.
    disableChallengeResourceVerification: true,
  });
  const write: SecretWriter = {
    setSecret: async (name, value, { contentType, expiresOn, tags }, signal) => {
      // Redacted from the SDK's log lines before it is sent (AZURE_LOG_LEVEL=verbose): the caller masked it already.
      redactor.addLater(() => maskPieces(value));
      const answer = await client
        .setSecret(name, value, {
          abortSignal: signal,
          ...(contentType !== undefined ? { contentType } : {}),
          ...(expiresOn ? { expiresOn } : {}),
          ...(tags ? { tags } : {}),
        })
        .finally(sent);
      // The answer echoes the value: only the version id leaves this function.
      return { version: answer.properties.version ?? '' };
    },
    listVersions: async (name, signal) => {
      const versions = [];
      for await (const p of client.listPropertiesOfSecretVersions(name, { abortSignal: signal }))
        versions.push({
          version: p.version ?? '',
          enabled: p.enabled ?? true,
          ...(p.createdOn ? { createdOn: p.createdOn } : {}),
        });
      return versions;
    },
    disableVersion: async (name, version, signal) => {
      await client.updateSecretProperties(name, version, { enabled: false, abortSignal: signal });
    },
    getDeletedSecret: async (name, signal) => {
      const deleted = await client.getDeletedSecret(name, { abortSignal: signal });
      return deleted.properties.scheduledPurgeDate ? { scheduledPurgeDate: deleted.properties.scheduledPurgeDate } : {};
    },
    recoverDeletedSecret: async (name, signal) => {
      // The poller's first request is the POST; the set step's next PUT tells when the recovery is done.
      const poller = await client.beginRecoverDeletedSecret(name, { abortSignal: signal });
      poller.stopPolling();
    },
    purgeDeletedSecret: async (name, signal) => {
      await client.purgeDeletedSecret(name, { abortSignal: signal });
    },
  };
  return {
    authorized,
    write,
    getSecret: async (name, version, signal, as) => {
      const options = {
        abortSignal: signal,
        ...(version ? { version } : {}),
        // Sent whatever the API version: a vault that predates it answers with the PFX, which the export stage refuses.
        ...(as === 'pem' ? { outContentType: KnownContentType.PEM } : {}),
      };
      const bundle = toBundle(await client.getSecret(name, options).finally(sent));
      // Not masked yet (that comes once every secret is in): the SDK's own log lines must not show it meanwhile.
      redactor.addLater(() => maskPieces(bundle.value));
      return bundle;
    },
    // Each page checked before it is requested, and bounded by the deadline (vaultPolicy.ts).
    listSecrets: (signal) =>
      withinListing(url, signal, async (tracker) => {
        const listing = [];
        for await (const p of client.listPropertiesOfSecrets({ abortSignal: signal })) {
          tracker.named();
          listing.push({ name: p.name, enabled: p.enabled ?? true });
        }
        return listing;
      }).finally(sent),
  };
}
