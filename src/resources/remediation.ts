// What users read when a token, a storage key or a registry login fails: cause and fix.
import { untrusted } from '../runner/untrusted.js';
import { principalArg, shellArg } from '../util/shell.js';

// The principal id comes from a token's claims: into a command only as a GUID (util/shell.ts).
const oid = principalArg;
const who = (principalId: string | undefined) =>
  principalId ? `the runner's identity (principal id ${untrusted(principalId, 64)})` : "the runner's identity";
const said = (code: string | undefined, message: string | undefined) =>
  code || message
    ? ` (${[code && untrusted(code, 100), message && untrusted(message, 300)].filter(Boolean).join(': ')})`
    : '';

export const ResourceRemediation = {
  token: (resource: string, message: string) => `no token for ${resource}: ${message}`,

  unusableExpiry: (timestamp: number) =>
    `the identity endpoint answered with an expiry that is no time (${untrusted(String(timestamp), 40)} ms), so ALIAS_EXPIRES_ON cannot be set. Re-run the job; if it persists, the identity endpoint (or a proxy in front of it) is answering wrongly.`,

  storageForbidden: (accountId: string, principalId: string | undefined) =>
    `AuthorizationFailed: ${who(principalId)} may not list the keys of this storage account. Grant it the key operator role: ` +
    `az role assignment create --role "Storage Account Key Operator Service Role" --assignee ${oid(principalId)} --scope ${shellArg(accountId)}`,

  storageNotFound: (account: string, resourceGroup: string, subscription: string, code: string) =>
    `${code}: there is no storage account ${account} in resource group ${resourceGroup} of subscription ${subscription}. Check the id: az storage account show -n ${account} --query id -o tsv`,

  subscriptionNotFound: (subscription: string, cloud: string) =>
    `SubscriptionNotFound: subscription ${subscription} does not exist in ${cloud}, or is in another tenant. Check the id and the cloud input: az account list --query "[].id" -o tsv`,

  sharedKeyDisabled: (account: string) =>
    `shared key access disabled: ${account} has allowSharedKeyAccess false, so its keys authorize nothing. Use Microsoft Entra access instead: ` +
    `tokens: storage (with the "Storage Blob Data Reader" role, or azcopy login --identity); or allow keys: az storage account update -n ${account} --allow-shared-key-access true`,

  noSuchKey: (account: string, key: string) =>
    `${key} missing: ARM listed no ${key} for ${account}. Regenerate it: az storage account keys renew -n ${account} --key ${key === 'key2' ? 'secondary' : 'primary'}`,

  armApiVersion: (cloud: string, version: string, code: string, message: string | undefined) =>
    `API version not served: Azure Resource Manager in ${cloud} refused Microsoft.Storage API version ${version}, the one this action sends there${said(code, message)}. ` +
    `No input changes it: report the cloud and the storage account's region to the action's maintainers.`,

  armRefused: (status: number, code: string | undefined, message: string | undefined) =>
    `refused by Azure Resource Manager: HTTP ${status}${said(code, message)}. Check the resource id and the identity's role assignments.`,

  acrForbidden: (registry: string, principalId: string | undefined) =>
    `unauthorized: ${registry} refused ${who(principalId)}. Grant it AcrPull (AcrPush to push): ` +
    `az role assignment create --role AcrPull --assignee ${oid(principalId)} --scope $(az acr show -n ${registry.split('.')[0]} --query id -o tsv). ` +
    `A registry that allows anonymous pull needs no login: remove it from acr-login.`,

  acrNoEntra: (registry: string, message: string | undefined) =>
    `Microsoft Entra sign-in refused by ${registry}${said(undefined, message)}: the registry accepts only its admin user or repository-scoped tokens. ` +
    `Enable Entra authentication (az acr config authentication-as-arm update -r ${registry.split('.')[0]} --status enabled), or log in with docker/login-action and a token from Key Vault.`,

  acrNotFound: (registry: string, why: string) =>
    `not found: the registry ${registry} does not exist or cannot be reached (${why}). Check the name and the cloud input: az acr show -n ${registry.split('.')[0]} --query loginServer -o tsv`,

  acrBusy: (registry: string, status: number, code: string | undefined, message: string | undefined) =>
    status === 429
      ? `throttled: ${registry} answered its token exchange with HTTP 429 Too Many Requests${said(code, message)}, and kept doing so through the retries within the step (each waiting at least its Retry-After). ` +
        `Re-run the job; runners that log in to it at the same moment should spread their schedules.`
      : `${registry} answered its token exchange with HTTP ${status}${said(code, message)}: the registry is unavailable, and the retries within the step ran out. Re-run the job; check https://status.azure.com if it persists.`,

  armBusy: (status: number, code: string | undefined, message: string | undefined) =>
    `Azure Resource Manager answered HTTP ${status}${said(code, message)}: it is throttling or unavailable, and the retries within the step ran out. ` +
    `Re-run the job; runners that list keys at the same moment should spread their schedules.`,

  oddAnswer: (host: string, what: string, message: string | undefined) =>
    `${host} answered its ${what} with 200 but not as the service does${said(undefined, message)}. Check that nothing (a proxy, a mirror) answers in its place.`,

  unusableAnswer: (host: string, what: string, problem: string) =>
    `${host} answered its ${what} with ${problem}: no such answer comes from the service, so it was not used or masked. Check that nothing (a proxy, a mirror) answers in its place.`,

  unusableToken: (problem: string) =>
    `the identity endpoint issued ${problem}: it was not used or masked. Check that nothing else answers as the identity endpoint.`,

  tooLarge: (host: string, what: string) =>
    `${host} answered its ${what} with more than 256 KiB, which no such answer is (something else may answer in its place); it was not read.`,

  unreachable: (host: string, why: string) =>
    `cannot reach ${host} (${why}). If the runner uses a proxy, it must allow ${host}.`,

  timeout: (what: string, seconds: number) =>
    `timed out: ${what} did not answer within the step's ${seconds} s timeout. Raise timeout or check the network.`,
};
