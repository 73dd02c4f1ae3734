// The real Azure access: the source's credential (credentials/), the run's one token shared with one
// @azure/keyvault-secrets SecretClient per vault (runTokenCredential.ts, vaultStore.ts). @azure/identity (with
// MSAL) is loaded once the first vault's challenge request is out, and evaluates while Key Vault answers it
// (loadOrder.ts). Here: what they share (the redactor and masks) and what a failed token request means.
import type { AzureAccess, AzureAccessFactory, SecretStore } from '../ports.js';
import { vaultScope } from '../inputs/cloud.js';
import { factsOf } from '../util/sdkErrors.js';
import { federatedClaims } from '../identity/token.js';
import { credentialFor } from './credentials/index.js';
import {
  AnsweredWithRetryAfter,
  checkTokenLength,
  createCappedHttpClient,
  type IdentityAnswerTooLargeError,
} from './identityHttp.js';
import { createImdsAgent, ImdsBadAnswerError } from './imdsAgent.js';
import { identitySdkLoader } from './loadOrder.js';
import { favourMemory, skipNodeFormData } from './runtime.js';
import { Redactor, routeSdkLogs } from './sdkLog.js';
import { RunTokenCredential } from './runTokenCredential.js';
import { proxyCredentials } from './vaultAgent.js';
import { createVaultStore } from './vaultStore.js';

// eslint-disable-next-line @typescript-eslint/require-await -- async so that anything thrown while building the credential and clients is the rejection AzureAccessFactory promises
export const createAzureAccess: AzureAccessFactory = async (options) => {
  const { source, cloud, mask = () => {}, clock, timeoutSeconds } = options;
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
  const identitySdk = identitySdkLoader(clock);
  const {
    credential: sourceCredential,
    endpoint,
    waitsFor,
  } = credentialFor(source, {
    cloud,
    agent: imdsAgent,
    httpClient: identityHttp,
    hooks: {
      presented: (presented) => {
        secret(presented);
        assertion = presented;
      },
      credential: secret,
      waiting: (what) => (waiting = what),
    },
    clock,
    timeoutSeconds,
    identitySdk: identitySdk.load,
  });
  const credential = new RunTokenCredential(scope, identitySdk.asked);
  const stores = new Map<string, SecretStore>();
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
      void identitySdk.load().catch(() => {});
      try {
        const token = await sourceCredential.getToken(otherScope ?? scope, { abortSignal: signal });
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
      let store = stores.get(url);
      if (!store) {
        store = createVaultStore(url, { credential, cloud, clock, redactor, sent: identitySdk.challengeFor(url) });
        stores.set(url, store);
      }
      return store;
    },
  };
  return access;
};
