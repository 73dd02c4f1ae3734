// The real Azure access: @azure/identity's ManagedIdentityCredential and one @azure/keyvault-secrets
// SecretClient per vault, used as they are, configured only through their own options. @azure/identity (with
// MSAL) is loaded once the first vault's challenge request is out, and evaluates while Key Vault answers it.
import type { ManagedIdentityCredential, TokenCredential } from '@azure/identity';
import type * as IdentityCredentials from './identitySdk.js';
import { SecretClient } from '@azure/keyvault-secrets';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import { untilAborted } from '../util/abort.js';
import type { AzureAccess, AzureAccessFactory, SecretBundle, SecretStore } from '../vault/access.js';
import { type CloudName, loginHost, vaultScope } from '../inputs/cloud.js';
import { IMDS_HOST, InputDefaults } from '../constants.js';
import { idTokenAttemptMs, requestIdTokenWithRetries } from '../identity/idToken.js';
import { type Clock, systemClock } from '../util/clock.js';
import type { IdentitySource } from '../identity/source.js';
import type { IdentitySelector } from '../inputs/config.js';
import { factsOf } from '../util/sdkErrors.js';
import { maskPieces } from '../export/mask.js';
import { federatedClaims } from '../identity/token.js';
import {
  AnsweredWithRetryAfter,
  checkTokenLength,
  createCappedHttpClient,
  createVaultHttpClient,
  type CappedHttpClient,
  IdentityAnswerTooLargeError,
} from './identityHttp.js';
import { createImdsAgent, ImdsBadAnswerError, type ImdsAgent } from './imdsAgent.js';
import { favourMemory, skipNodeFormData } from './runtime.js';
import { Redactor, routeSdkLogs } from './sdkLog.js';
import { type PipelineRetries, retryPolicy } from './retryPolicy.js';
import { RunTokenCredential } from './runTokenCredential.js';
import { readTokenFile } from './tokenFile.js';
import { createVaultAgent, proxyCredentials } from './vaultAgent.js';
import { authorizedPolicy, vaultPolicy, withinListing } from './vaultPolicy.js';

const USER_AGENT = 'keyvault-secrets-action';

/**
 * Key Vault's and Entra ID's pipelines retry what is passing, as the SDK did (up to 3 more requests, about 1, 2,
 * 4 s apart), but never a 429: the fetcher (vault/fetch.ts) and the identity stage decide about throttling,
 * and nothing below them asks again on its own (retryPolicy.ts).
 */
const SDK_RETRIES: PipelineRetries = { maxRetries: 3, baseMs: 1000, capMs: 8000, throttling: false };

/** The audience GitHub's ID token (and AKS's projected token) carry for Entra's token exchange. */
export const TOKEN_EXCHANGE_AUDIENCE = 'api://AzureADTokenExchange';

/** @azure/identity, with MSAL the largest part of the bundle. */
type IdentitySdk = typeof IdentityCredentials;

/**
 * A credential built on its first getToken, once @azure/identity is loaded (`sdk`): the vault's first request
 * (its challenge) goes out before the identity SDK is evaluated, and that evaluation runs while Key Vault answers.
 */
function lazyCredential(
  sdk: () => Promise<IdentitySdk>,
  build: (sdk: IdentitySdk) => TokenCredential,
): TokenCredential {
  let built: Promise<TokenCredential> | undefined;
  return {
    getToken: async (scopes, options) => {
      built ??= sdk().then(build);
      return (await untilAborted(built, options?.abortSignal)).getToken(scopes, options);
    },
  };
}

const REQUEST_CREATED = 'http.client.request.created';
/** How long the identity SDK's load waits at most for the first challenge to be written (a TLS handshake takes far less). */
export const CHALLENGE_OUT_GRACE_MS = 250;

/**
 * Settles once the first request node:http makes to `hostname` is written out, or has ended (an error, a closed
 * connection), or `settle` is called: evaluating @azure/identity takes the event loop for tens of milliseconds,
 * and a TLS handshake in progress would wait for it. After the request is out, it waits for Key Vault instead.
 * Also settles CHALLENGE_OUT_GRACE_MS after it began: a proxy that never answers the CONNECT (or a handshake that
 * never completes) must not hold the identity back until the deadline, where its wait would be reported as the
 * identity endpoint's timeout instead of the vault's stall.
 */
function firstRequestOut(hostname: string, clock: Clock): { out: Promise<void>; settle: () => void } {
  let settle!: () => void;
  const out = new Promise<void>((resolve) => (settle = resolve));
  const grace = new AbortController();
  clock.sleep(CHALLENGE_OUT_GRACE_MS, grace.signal).then(settle, () => {});
  void out.then(() => grace.abort());
  const onCreated = (message: unknown) => {
    const request = (message as { request?: ClientRequest }).request;
    if (request?.host !== hostname) return;
    unsubscribe(REQUEST_CREATED, onCreated);
    request.once('finish', settle).once('close', settle);
  };
  subscribe(REQUEST_CREATED, onCreated);
  void out.then(() => unsubscribe(REQUEST_CREATED, onCreated));
  return { out, settle };
}

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

/** What credentialFor reports back while the credential works. */
interface CredentialHooks {
  /** A federated token about to be presented to Entra: for its claims in messages, a mask and the redactor. */
  presented(assertion: string): void;
  /** A credential the source reads from the environment or sends (IDENTITY_HEADER): a mask and the redactor. */
  credential(value: string): void;
  /** What the attempt waits for now, for the timeout message. */
  waiting(what: string): void;
}

/** A federated token read or issued for Entra: a JWT of 1–2 KiB. */
const MAX_FEDERATED_TOKEN_CHARS = 16 * 1024;

/** The credential for this source, and where it gets tokens (for messages). */
function credentialFor(
  source: IdentitySource,
  cloud: CloudName,
  agent: ImdsAgent,
  httpClient: CappedHttpClient,
  hooks: CredentialHooks,
  timing: { clock: Clock; timeoutSeconds: number },
  identitySdk: () => Promise<IdentitySdk>,
): { credential: TokenCredential; endpoint: string; waitsFor?: string } {
  const entra = (authorityHost: string | undefined) =>
    (authorityHost ?? `https://${loginHost(cloud)}`).replace(/\/$/, '');
  /** Entra through the action's own agent (HTTPS_PROXY/NO_PROXY as for the vaults), so the SDK never builds one that logs the proxy URL. */
  const entraOptions = (authorityHost: string) => {
    const entraAgent = createVaultAgent(authorityHost);
    return {
      authorityHost,
      httpClient,
      retryOptions: { maxRetries: 0 },
      additionalPolicies: [{ position: 'perCall' as const, policy: retryPolicy(SDK_RETRIES, timing.clock) }],
      ...(entraAgent ? { agent: entraAgent } : {}),
      userAgentOptions: { userAgentPrefix: USER_AGENT },
    };
  };
  /**
   * Entra's exchange of a federated token for an access token (built once @azure/identity is loaded), built anew
   * after a failed one: MSAL remembers Entra ID's 429 or 5xx and answers its next request with it, unsent, for the
   * answer's Retry-After or a minute; the identity stage's next attempt (after at least that Retry-After) must
   * reach Entra ID, not fail on the remembered answer as if Entra ID had refused.
   */
  const assertionExchange = (
    app: { tenantId: string; clientId: string },
    authorityHost: string,
    assertion: () => string,
  ): TokenCredential => {
    const build = () =>
      lazyCredential(
        identitySdk,
        (sdk) =>
          new sdk.ClientAssertionCredential(
            app.tenantId,
            app.clientId,
            () => Promise.resolve(assertion()),
            entraOptions(authorityHost),
          ),
      );
    let current = build();
    return {
      getToken: async (scopes, options) => {
        try {
          return await current.getToken(scopes, options);
        } catch (error) {
          current = build();
          throw error;
        }
      },
    };
  };
  if (source.kind === 'imds' || source.kind === 'app-service' || source.kind === 'arc') {
    for (const name of OTHER_SOURCES_VARIABLES[source.kind]) delete process.env[name];
  }
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
    case 'workload-identity': {
      const authorityHost = entra(source.authorityHost);
      const endpoint = `${authorityHost}/${source.tenantId}`;
      const exchanging = `Microsoft Entra ID (${endpoint}) to exchange the service account token`;
      // What WorkloadIdentityCredential does (a ClientAssertionCredential with the file's trimmed content,
      // the same tenant, client id, authority host and options), except that the action reads the file:
      // asynchronously, as a regular file only, capped (tokenFile.ts). The SDK would read whatever is there.
      let assertion = '';
      const exchange = assertionExchange(source, authorityHost, () => assertion);
      return {
        credential: {
          getToken: async (scopes, options) => {
            hooks.waiting(
              `the workload identity token file ${source.tokenFile} (AZURE_FEDERATED_TOKEN_FILE) to be read`,
            );
            assertion = await untilAborted(readTokenFile(source.tokenFile), options?.abortSignal);
            hooks.presented(assertion);
            hooks.waiting(exchanging);
            return exchange.getToken(scopes, options);
          },
        },
        endpoint,
        waitsFor: exchanging,
      };
    }
    case 'github-oidc': {
      const authorityHost = entra(undefined);
      const endpoint = `${authorityHost}/${source.tenantId}`;
      const exchanging = `Microsoft Entra ID (${endpoint}) to exchange the job's ID token`;
      const asking = "GitHub's ID token endpoint (ACTIONS_ID_TOKEN_REQUEST_URL) to issue this job an ID token";
      // One ID token per run (it lives minutes; the run needs one Entra token). Only an issued token is
      // kept: a failed request is asked again (identity/idToken.ts), and a later attempt starts afresh.
      let idToken: string | undefined;
      const exchange = assertionExchange(source, authorityHost, () => idToken ?? '');
      const attemptMs = idTokenAttemptMs(timing.timeoutSeconds);
      const issue = async (signal: AbortSignal | undefined) => {
        hooks.waiting(asking);
        const { getIdToken } = await import('../runner/idToken.js');
        const token = await requestIdTokenWithRetries(
          () => getIdToken(TOKEN_EXCHANGE_AUDIENCE, process.env, attemptMs),
          {
            signal: signal ?? new AbortController().signal,
            clock: timing.clock,
            attemptMs,
            onRetry: (failed, last) =>
              hooks.waiting(
                `${asking} (${failed} attempt${failed === 1 ? '' : 's'} failed, the last with ${last}; asking again)`,
              ),
          },
        );
        if (token.length > MAX_FEDERATED_TOKEN_CHARS)
          throw new IdentityAnswerTooLargeError(
            `GitHub's ID token endpoint issued an ID token of ${Math.round(token.length / 1024)} KiB, more than the ${MAX_FEDERATED_TOKEN_CHARS / 1024} KiB one can be`,
          );
        hooks.presented(token); // a mask before anything else happens
        return token;
      };
      return {
        credential: {
          getToken: async (scopes, options) => {
            idToken ??= await issue(options?.abortSignal as AbortSignal | undefined); // the step's deadline
            hooks.waiting(exchanging);
            return exchange.getToken(scopes, options);
          },
        },
        endpoint,
        waitsFor: exchanging,
      };
    }
  }
}

// eslint-disable-next-line @typescript-eslint/require-await -- async so that anything thrown while building the credential and clients is the rejection AzureAccessFactory promises
export const createAzureAccess: AzureAccessFactory = async (options) => {
  const {
    source,
    cloud,
    mask = () => {},
    clock = systemClock,
    timeoutSeconds = InputDefaults.TimeoutSeconds,
  } = options;
  skipNodeFormData();
  favourMemory();
  const redactor = new Redactor();
  routeSdkLogs(redactor, (line) => process.stderr.write(`${line}\n`));
  const masked = new Set<string>();
  /** A credential this run reads or sends: a mask at once (never printed before it is one), and redacted from SDK logs. */
  const secret = (value: string) => {
    if (value.length < 4 || masked.has(value)) return;
    masked.add(value);
    mask(value);
    redactor.add(value);
  };
  // The proxy's password (the runner does not know it): the agents never print it, and should anything else, it is masked.
  for (const credential of proxyCredentials()) secret(credential);
  const scope = vaultScope(cloud);
  const imdsAgent = createImdsAgent();
  const identityHttp = createCappedHttpClient(secret);
  let assertion: string | undefined;
  let waiting = '';
  /** The first vault's challenge request, which the identity SDK's load waits to see sent (firstRequestOut). */
  let challengeOut: ReturnType<typeof firstRequestOut> | undefined;
  let identitySdk: Promise<IdentitySdk> | undefined;
  /** Loaded once, after the first vault's challenge is out (the bundle splits it off: identitySdk.ts). */
  const loadIdentitySdk = () =>
    (identitySdk ??= (challengeOut?.out ?? Promise.resolve()).then(() => import('./identitySdk.js')));
  const {
    credential: managedIdentity,
    endpoint,
    waitsFor,
  } = credentialFor(
    source,
    cloud,
    imdsAgent,
    identityHttp,
    {
      presented: (presented) => {
        secret(presented);
        assertion = presented;
      },
      credential: secret,
      waiting: (what) => (waiting = what),
    },
    { clock, timeoutSeconds },
    loadIdentitySdk,
  );
  // A vault asking for the token has had its challenge answered: whatever node:http reported, it is out.
  const credential = new RunTokenCredential(scope, () => challengeOut?.settle());
  const clients = new Map<string, SecretStore>();
  const access: AzureAccess = {
    identityEndpoint: endpoint,
    federatedClaims: () => (assertion ? federatedClaims(assertion) : undefined),
    waitingFor: () => waiting,
    acquireToken: async (signal, otherScope) => {
      imdsAgent.answered = false;
      // Set again by the agent while MSAL connects (the annotation keeps TypeScript from narrowing it to undefined).
      imdsAgent.connectError = undefined as string | undefined;
      // Set again by the HTTP client while the SDK works (the annotation keeps TypeScript from narrowing it to undefined).
      identityHttp.oversized = undefined as IdentityAnswerTooLargeError | undefined;
      identityHttp.retryAfter = undefined as string | undefined;
      waiting = waitsFor ?? `the identity endpoint ${endpoint} to issue a token`;
      // Loading at once, also where the credential reads a file or asks GitHub first (its failure is getToken's).
      void loadIdentitySdk().catch(() => {});
      try {
        const token = await managedIdentity.getToken(otherScope ?? scope, { abortSignal: signal });
        if (!token) throw new Error('the credential returned no token');
        checkTokenLength(token.token, endpoint);
        redactor.add(token.token);
        return token;
      } catch (error) {
        // Cut off for its size: whatever the SDK made of that, the answer was too large.
        if (identityHttp.oversized) throw identityHttp.oversized;
        // An answer with no error status that still gave no token: MSAL calls that a network error.
        const { text } = factsOf(error);
        if (
          imdsAgent.answered &&
          /network_error|network unreachable|no "?expiresOn|Http status code: 2\d\d/i.test(text)
        ) {
          throw new ImdsBadAnswerError('the endpoint answered, but not with a token', { cause: error });
        }
        // No connection at all: the socket's own code (ECONNREFUSED on a VM whose IMDS is not up yet), which MSAL drops.
        if (!imdsAgent.answered && imdsAgent.connectError)
          throw Object.assign(
            new Error(`no connection to the identity endpoint (${imdsAgent.connectError})`, { cause: error }),
            { code: imdsAgent.connectError },
          );
        // The endpoint's Retry-After, which MSAL drops: the identity stage waits at least that long before asking again.
        const retryAfter = identityHttp.retryAfter;
        throw retryAfter === undefined ? error : new AnsweredWithRetryAfter(error, retryAfter);
      }
    },
    shareToken: (outcome) => credential.share(outcome),
    vault(url) {
      let store = clients.get(url);
      if (!store) {
        // Only the first vault's: a token request is never held back by more than one challenge.
        const out = identitySdk ? undefined : (challengeOut ??= firstRequestOut(new URL(url).hostname, clock));
        const sent = () => out?.settle();
        const agent = createVaultAgent(url);
        let onAuthorized!: () => void;
        const authorized = new Promise<void>((resolve) => (onAuthorized = resolve));
        const client = new SecretClient(url, credential, {
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
        store = {
          authorized,
          getSecret: async (name, version, signal) => {
            const bundle = toBundle(
              await client.getSecret(name, { abortSignal: signal, ...(version ? { version } : {}) }).finally(sent),
            );
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
        clients.set(url, store);
      }
      return store;
    },
  };
  return access;
};
