// Classifies why a storage key or a registry login failed into the catalogue's kind for it
// (messages/resources.ts), with the arguments its message needs.
import { API_VERSIONS, type CloudName } from '../inputs/cloud.js';
import { DNS_CODES, factsOf, isAbort, PROXY_STATUSES } from '../util/sdkErrors.js';
import type { StorageKeyReference } from '../inputs/resources.js';
import { CLOUD_RESOURCES } from '../inputs/resourceCatalog.js';
import type { Failure } from '../messages/catalogue.js';
import { untrusted } from '../policy/untrusted.js';
import { ServiceAnswerError, UnusableCredential } from './access.js';

/** The capped client's code for an answer past its cap (azure/identityHttp.ts IdentityAnswerTooLargeError). */
const TOO_LARGE = 'EIDENTITYTOOLARGE';

/** The account has allowSharedKeyAccess false. */
export class SharedKeyDisabled extends Error {}
export class NoSuchKey extends Error {
  constructor(readonly key: string) {
    super(`no ${key}`);
  }
}

interface Context {
  cloud: CloudName;
  timeoutSeconds: number;
  signal: AbortSignal;
}

/** What ARM or a registry said: its status, code and message (each escaped where it is printed). */
const answer = (error: ServiceAnswerError) => ({
  status: error.status,
  code: error.code,
  message: error.serviceMessage,
});

export function classifyStorageFailure(
  error: unknown,
  ref: StorageKeyReference,
  principalId: string | undefined,
  deps: Context,
): Failure {
  const arm = CLOUD_RESOURCES[deps.cloud].arm;
  if (error instanceof UnusableCredential)
    return {
      id: 'resources.unusable-answer',
      args: { host: arm, what: `listKeys for ${ref.account}`, problem: error.message },
    };
  if (error instanceof SharedKeyDisabled)
    return { id: 'resources.shared-key-disabled', args: { account: ref.account } };
  if (error instanceof NoSuchKey)
    return { id: 'resources.no-such-key', args: { account: ref.account, key: error.key } };
  // A 429 is throttling even when the deadline ended the wait it asked for (azure/retryPolicy.ts hands it back).
  if (error instanceof ServiceAnswerError && error.status === 429)
    return { id: 'resources.arm-busy', args: answer(error) };
  if (isAbort(error) || deps.signal.aborted)
    return {
      id: 'resources.timeout',
      args: {
        what: `Azure Resource Manager (listKeys, or the GET of the account's properties, for ${ref.account})`,
        seconds: deps.timeoutSeconds,
      },
    };
  // ARM answers with its own error body; a bare 502/503/… came from the proxy.
  if (error instanceof ServiceAnswerError && error.code === undefined && PROXY_STATUSES.includes(error.status))
    return { id: 'resources.unreachable', args: { host: arm, why: `the proxy answered ${error.status}` } };
  if (error instanceof ServiceAnswerError) {
    const notFound = (code: string): Failure => ({
      id: 'resources.storage-not-found',
      args: { account: ref.account, resourceGroup: ref.resourceGroup, subscription: ref.subscription, code },
    });
    switch (error.code) {
      case 'AuthorizationFailed':
        return { id: 'resources.storage-forbidden', args: { accountId: ref.accountId, principalId } };
      case 'SubscriptionNotFound':
        return { id: 'resources.subscription-not-found', args: { subscription: ref.subscription, cloud: deps.cloud } };
      case 'ResourceNotFound':
      case 'ResourceGroupNotFound':
        return notFound(error.code);
      // ARM's answers for an API version the resource provider does not serve (in that cloud or region).
      case 'InvalidApiVersionParameter':
      case 'NoRegisteredProviderFound':
        return {
          id: 'resources.arm-api-version',
          args: {
            cloud: deps.cloud,
            version: API_VERSIONS[deps.cloud].storage,
            code: error.code,
            message: error.serviceMessage,
          },
        };
    }
    if (error.status === 200)
      return { id: 'resources.odd-answer', args: { host: arm, what: 'listKeys', message: error.serviceMessage } };
    if (error.status === 429 || error.status >= 500) return { id: 'resources.arm-busy', args: answer(error) };
    if (error.status === 403)
      return { id: 'resources.storage-forbidden', args: { accountId: ref.accountId, principalId } };
    if (error.status === 404) return notFound('HTTP 404');
    return { id: 'resources.arm-refused', args: answer(error) };
  }
  const facts = factsOf(error);
  if (facts.codes.includes(TOO_LARGE)) return { id: 'resources.too-large', args: { host: arm, what: 'listKeys' } };
  return {
    id: 'resources.unreachable',
    args: { host: arm, why: facts.status !== undefined ? `HTTP ${facts.status}` : (facts.codes[0] ?? 'no answer') },
  };
}

export function classifyAcrFailure(
  error: unknown,
  registry: string,
  principalId: string | undefined,
  deps: Context,
): Failure {
  const notFound = (why: string): Failure => ({ id: 'resources.acr-not-found', args: { registry, why } });
  const busy = (e: ServiceAnswerError): Failure =>
    e.status === 429
      ? { id: 'resources.acr-throttled', args: { registry, code: e.code, message: e.serviceMessage } }
      : { id: 'resources.acr-unavailable', args: { registry, ...answer(e) } };
  if (error instanceof UnusableCredential)
    return {
      id: 'resources.unusable-answer',
      args: { host: registry, what: 'token exchange', problem: error.message },
    };
  // Throttling is named as such, whatever the body says and even when the deadline ended the wait it asked for.
  if (error instanceof ServiceAnswerError && error.status === 429) return busy(error);
  if (isAbort(error) || deps.signal.aborted)
    return { id: 'resources.timeout', args: { what: `${registry}'s token exchange`, seconds: deps.timeoutSeconds } };
  // ARM and ACR answer with their own error body; a bare 502/503/… came from the proxy, which is how "no such host" looks from behind one.
  if (error instanceof ServiceAnswerError && error.code === undefined && PROXY_STATUSES.includes(error.status))
    return notFound(`the proxy answered ${error.status}`);
  if (error instanceof ServiceAnswerError && error.status >= 500) return busy(error);
  if (error instanceof ServiceAnswerError) {
    if (error.status === 401 || error.status === 403) {
      return /admin|not enabled|disabled|authentication-as-arm|audience/i.test(error.serviceMessage ?? '')
        ? { id: 'resources.acr-no-entra', args: { registry, message: error.serviceMessage } }
        : { id: 'resources.acr-forbidden', args: { registry, principalId } };
    }
    if (error.status === 200)
      return {
        id: 'resources.odd-answer',
        args: { host: registry, what: 'token exchange', message: error.serviceMessage },
      };
    if (error.status === 404) return notFound('HTTP 404');
    return notFound(`HTTP ${error.status}${error.code ? ` ${untrusted(error.code, 100)}` : ''}`);
  }
  const facts = factsOf(error);
  if (facts.codes.includes(TOO_LARGE))
    return { id: 'resources.too-large', args: { host: registry, what: 'token exchange' } };
  const dns = facts.codes.find((c) => DNS_CODES.includes(c));
  if (dns) return notFound(`DNS: ${dns}`);
  if (facts.status !== undefined && PROXY_STATUSES.includes(facts.status))
    return notFound(`the proxy answered ${facts.status}`);
  return {
    id: 'resources.unreachable',
    args: {
      host: registry,
      why: facts.status !== undefined ? `HTTP ${facts.status}` : (facts.codes[0] ?? 'no answer'),
    },
  };
}
