// The SDK's pager requests a listing's second page onwards with no abort signal, wherever the
// previous page's nextLink points, as often as it points there. One pipeline policy on each vault
// client (the SDK's own extension point, ahead of its retry and authentication policies) holds
// every listing request to the run's deadline and to the checks in listing.ts, before it is sent.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { SecretClientOptions } from '@azure/keyvault-secrets';
import { ListingTracker } from '../vault/listing.js';

type PolicyConfig = NonNullable<SecretClientOptions['additionalPolicies']>[number];

interface Listing {
  tracker: ListingTracker;
  signal: AbortSignal;
}

/** The listing a request belongs to: set for the duration of one listSecrets call, followed through the SDK's awaits. */
const current = new AsyncLocalStorage<Listing>();

/** Runs `list` as one listing of the vault: every page it requests is checked and bounded by `signal`. */
export function withinListing<T>(
  vaultUrl: string,
  signal: AbortSignal,
  list: (tracker: ListingTracker) => Promise<T>,
): Promise<T> {
  const tracker = new ListingTracker(vaultUrl);
  return current.run({ tracker, signal }, () => list(tracker));
}

/** The policy for a vault's client; requests outside a listing (each carries its own signal) pass unchanged. */
export function vaultPolicy(): PolicyConfig {
  return {
    position: 'perCall',
    policy: {
      name: 'keyvault-secrets-action-vault-guard',
      async sendRequest(request, next) {
        const listing = current.getStore();
        if (listing) {
          listing.signal.throwIfAborted();
          request.abortSignal ??= listing.signal;
          listing.tracker.page(request.url);
        }
        return next(request);
      },
    },
  };
}

/**
 * The policy that says when a vault's challenge is answered: it runs after Key Vault's authentication
 * policy (perRetry), so the first request it sees with an Authorization header is the first one sent
 * with the token, and from then on every request gets that token without meeting a challenge.
 */
export function authorizedPolicy(onAuthorized: () => void): PolicyConfig {
  return {
    position: 'perRetry',
    policy: {
      name: 'keyvault-secrets-action-authorized',
      sendRequest(request, next) {
        if (request.headers.has('authorization')) onAuthorized();
        return next(request);
      },
    },
  };
}
