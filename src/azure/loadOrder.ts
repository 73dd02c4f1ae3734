// The order the run's first requests go out in: the first vault's challenge request before @azure/identity
// (with MSAL the largest part of the bundle) is evaluated, so that evaluation runs while Key Vault answers.
import type { TokenCredential } from '@azure/identity';
import type * as IdentityCredentials from './identitySdk.js';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import { untilAborted } from '../util/abort.js';
import type { Clock } from '../util/clock.js';

/** @azure/identity, with MSAL the largest part of the bundle. */
export type IdentitySdk = typeof IdentityCredentials;

/**
 * A credential built on its first getToken, once @azure/identity is loaded (`sdk`): the vault's first request
 * (its challenge) goes out before the identity SDK is evaluated, and that evaluation runs while Key Vault answers.
 */
export function lazyCredential(
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

export interface IdentitySdkLoader {
  /** Loaded once, after the first vault's challenge is out (the bundle splits it off: identitySdk.ts). */
  load: () => Promise<IdentitySdk>;
  /**
   * For a new vault client: what it calls once a request of its own has settled. Only the first vault's
   * challenge is waited for (a token request is never held back by more than one), and none once the load began.
   */
  challengeFor: (url: string) => () => void;
  /** A vault asking for the token has had its challenge answered: whatever node:http reported, it is out. */
  asked: () => void;
}

export function identitySdkLoader(clock: Clock): IdentitySdkLoader {
  /** The first vault's challenge request, which the identity SDK's load waits to see sent (firstRequestOut). */
  let challengeOut: ReturnType<typeof firstRequestOut> | undefined;
  let identitySdk: Promise<IdentitySdk> | undefined;
  return {
    load: () => (identitySdk ??= (challengeOut?.out ?? Promise.resolve()).then(() => import('./identitySdk.js'))),
    challengeFor(url) {
      const out = identitySdk ? undefined : (challengeOut ??= firstRequestOut(new URL(url).hostname, clock));
      return () => out?.settle();
    },
    asked: () => challengeOut?.settle(),
  };
}
