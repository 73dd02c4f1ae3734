// Why a storage key or a registry login failed, in the user's terms, with the fix.
import { API_VERSIONS, type CloudName } from '../inputs/cloud.js';
import { factsOf, isAbort } from '../util/sdkErrors.js';
import type { StorageKeyReference } from '../inputs/resources.js';
import { CLOUD_RESOURCES } from '../inputs/resourceCatalog.js';
import { ServiceAnswerError, UnusableCredential } from './access.js';
import { ResourceRemediation as R } from './remediation.js';
import { untrusted } from '../runner/untrusted.js';

const DNS_CODES = ['ENOTFOUND', 'EAI_AGAIN'];
const PROXY_STATUSES = [403, 404, 502, 503, 504];
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

export function describeStorageFailure(
  error: unknown,
  ref: StorageKeyReference,
  principalId: string | undefined,
  deps: Context,
): string {
  if (error instanceof UnusableCredential)
    return R.unusableAnswer(CLOUD_RESOURCES[deps.cloud].arm, `listKeys for ${ref.account}`, error.message);
  if (error instanceof SharedKeyDisabled) return R.sharedKeyDisabled(ref.account);
  if (error instanceof NoSuchKey) return R.noSuchKey(ref.account, error.key);
  // A 429 is throttling even when the deadline ended the wait it asked for (azure/retryPolicy.ts hands it back).
  if (error instanceof ServiceAnswerError && error.status === 429)
    return R.armBusy(error.status, error.code, error.serviceMessage);
  if (isAbort(error) || deps.signal.aborted)
    return R.timeout(
      `Azure Resource Manager (listKeys, or the GET of the account's properties, for ${ref.account})`,
      deps.timeoutSeconds,
    );
  if (error instanceof ServiceAnswerError && error.code === undefined && PROXY_STATUSES.includes(error.status)) {
    return R.unreachable(CLOUD_RESOURCES[deps.cloud].arm, `the proxy answered ${error.status}`);
  }
  if (error instanceof ServiceAnswerError) {
    switch (error.code) {
      case 'AuthorizationFailed':
        return R.storageForbidden(ref.accountId, principalId);
      case 'SubscriptionNotFound':
        return R.subscriptionNotFound(ref.subscription, deps.cloud);
      case 'ResourceNotFound':
      case 'ResourceGroupNotFound':
        return R.storageNotFound(ref.account, ref.resourceGroup, ref.subscription, error.code);
      // ARM's answers for an API version the resource provider does not serve (in that cloud or region).
      case 'InvalidApiVersionParameter':
      case 'NoRegisteredProviderFound':
        return R.armApiVersion(deps.cloud, API_VERSIONS[deps.cloud].storage, error.code, error.serviceMessage);
    }
    if (error.status === 200) return R.oddAnswer(CLOUD_RESOURCES[deps.cloud].arm, 'listKeys', error.serviceMessage);
    if (error.status === 429 || error.status >= 500) return R.armBusy(error.status, error.code, error.serviceMessage);
    if (error.status === 403) return R.storageForbidden(ref.accountId, principalId);
    if (error.status === 404) return R.storageNotFound(ref.account, ref.resourceGroup, ref.subscription, 'HTTP 404');
    return R.armRefused(error.status, error.code, error.serviceMessage);
  }
  const facts = factsOf(error);
  if (facts.codes.includes(TOO_LARGE)) return R.tooLarge(CLOUD_RESOURCES[deps.cloud].arm, 'listKeys');
  return R.unreachable(
    CLOUD_RESOURCES[deps.cloud].arm,
    facts.status !== undefined ? `HTTP ${facts.status}` : (facts.codes[0] ?? 'no answer'),
  );
}

export function describeAcrFailure(
  error: unknown,
  registry: string,
  principalId: string | undefined,
  deps: Context,
): string {
  if (error instanceof UnusableCredential) return R.unusableAnswer(registry, 'token exchange', error.message);
  // Throttling is named as such, whatever the body says and even when the deadline ended the wait it asked for.
  if (error instanceof ServiceAnswerError && error.status === 429)
    return R.acrBusy(registry, error.status, error.code, error.serviceMessage);
  if (isAbort(error) || deps.signal.aborted) return R.timeout(`${registry}'s token exchange`, deps.timeoutSeconds);
  // ARM and ACR answer with their own error body; a bare 502/503/… came from the proxy, which is how "no such host" looks from behind one.
  if (error instanceof ServiceAnswerError && error.code === undefined && PROXY_STATUSES.includes(error.status))
    return R.acrNotFound(registry, `the proxy answered ${error.status}`);
  if (error instanceof ServiceAnswerError && error.status >= 500)
    return R.acrBusy(registry, error.status, error.code, error.serviceMessage);
  if (error instanceof ServiceAnswerError) {
    if (error.status === 401 || error.status === 403) {
      return /admin|not enabled|disabled|authentication-as-arm|audience/i.test(error.serviceMessage ?? '')
        ? R.acrNoEntra(registry, error.serviceMessage)
        : R.acrForbidden(registry, principalId);
    }
    if (error.status === 200) return R.oddAnswer(registry, 'token exchange', error.serviceMessage);
    if (error.status === 404) return R.acrNotFound(registry, 'HTTP 404');
    return R.acrNotFound(registry, `HTTP ${error.status}${error.code ? ` ${untrusted(error.code, 100)}` : ''}`);
  }
  const facts = factsOf(error);
  if (facts.codes.includes(TOO_LARGE)) return R.tooLarge(registry, 'token exchange');
  const dns = facts.codes.find((c) => DNS_CODES.includes(c));
  if (dns) return R.acrNotFound(registry, `DNS: ${dns}`);
  if (facts.status !== undefined && PROXY_STATUSES.includes(facts.status))
    return R.acrNotFound(registry, `the proxy answered ${facts.status}`);
  return R.unreachable(registry, facts.status !== undefined ? `HTTP ${facts.status}` : (facts.codes[0] ?? 'no answer'));
}
