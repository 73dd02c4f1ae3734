// What users read when a token, a storage key or a registry login fails: cause and fix.
// resources/failures.ts classifies what a request threw into one of these.
import { untrusted } from '../policy/untrusted.js';
import { principalArg, shellArg } from '../util/shell.js';
import { entry, principalWords } from './entry.js';

// The principal id comes from a token's claims: into a command only as a GUID (util/shell.ts).
const oid = principalArg;
const who = (principalId: string | undefined) => principalWords(principalId, "the runner's identity", 64);
/** What the service said: its code and message, escaped and capped. */
const said = (code: string | undefined, message: string | undefined) =>
  code || message
    ? ` (${[code && untrusted(code, 100), message && untrusted(message, 300)].filter(Boolean).join(': ')})`
    : '';
const registryName = (registry: string) => registry.split('.')[0];

const PRINCIPAL = '22222222-3333-4444-8555-666666666666';
const SUB = '44444444-5555-4666-8777-888888888888';
const ACCOUNT_ID = `/subscriptions/${SUB}/resourceGroups/ml-rg/providers/Microsoft.Storage/storageAccounts/mldata`;
const REGISTRY = 'myregistry.azurecr.io';
const ARM = 'management.azure.com';
const REPLACED = 'Check that nothing (a proxy, a mirror) answers in its place.';

export const RESOURCE_MESSAGES = {
  'resources.no-token': entry({
    section: 'resources',
    when: 'no token for a resource: what the identity said (as for the Key Vault token, above)',
    problem: (a: { resource: string; reason: string }) => `no token for ${a.resource}: ${a.reason}`,
    fix: () => '',
    example: {
      resource: 'api://ml-training-api',
      reason:
        'Microsoft Entra ID knows no resource api://ml-training-api in this tenant (invalid_resource, AADSTS500011). Check the application id URI (…)',
    },
  }),
  'resources.unusable-token': entry({
    section: 'resources',
    when: 'the identity endpoint issues a token too short or too long to be one',
    problem: (a: { problem: string }) => `the identity endpoint issued ${a.problem}: it was not used or masked.`,
    fix: () => `Check that nothing else answers as the identity endpoint.`,
    example: { problem: 'a token of 3 characters, fewer than the 8 one has' },
  }),
  'resources.unusable-expiry': entry({
    section: 'resources',
    when: "a token's expiry is no time",
    problem: (a: { timestamp: number }) =>
      `the identity endpoint answered with an expiry that is no time (${untrusted(String(a.timestamp), 40)} ms), so ALIAS_EXPIRES_ON cannot be set.`,
    fix: () =>
      `Re-run the job; if it persists, the identity endpoint (or a proxy in front of it) is answering wrongly.`,
    example: { timestamp: 8.64e15 + 1 },
  }),
  'resources.storage-forbidden': entry({
    section: 'resources',
    when: 'storage-keys: ARM 403 `AuthorizationFailed`',
    problem: (a: { accountId: string; principalId?: string | undefined }) =>
      `AuthorizationFailed: ${who(a.principalId)} may not list the keys of this storage account.`,
    fix: (a) =>
      `Grant it the key operator role: ` +
      `az role assignment create --role "Storage Account Key Operator Service Role" --assignee ${oid(a.principalId)} --scope ${shellArg(a.accountId)}`,
    example: { accountId: ACCOUNT_ID, principalId: PRINCIPAL },
  }),
  'resources.storage-not-found': entry({
    section: 'resources',
    when: 'storage-keys: ARM 404, `ResourceNotFound`, `ResourceGroupNotFound`',
    problem: (a: { account: string; resourceGroup: string; subscription: string; code: string }) =>
      `${a.code}: there is no storage account ${a.account} in resource group ${a.resourceGroup} of subscription ${a.subscription}.`,
    fix: (a) => `Check the id: az storage account show -n ${a.account} --query id -o tsv`,
    example: { account: 'mldata', resourceGroup: 'ml-rg', subscription: SUB, code: 'ResourceNotFound' },
  }),
  'resources.subscription-not-found': entry({
    section: 'resources',
    when: 'storage-keys: ARM `SubscriptionNotFound`',
    problem: (a: { subscription: string; cloud: string }) =>
      `SubscriptionNotFound: subscription ${a.subscription} does not exist in ${a.cloud}, or is in another tenant.`,
    fix: () => `Check the id and the cloud input: az account list --query "[].id" -o tsv`,
    example: { subscription: SUB, cloud: 'AzureCloud' },
  }),
  'resources.shared-key-disabled': entry({
    section: 'resources',
    when: 'storage-keys: the account has `allowSharedKeyAccess: false`',
    problem: (a: { account: string }) =>
      `shared key access disabled: ${a.account} has allowSharedKeyAccess false, so its keys authorize nothing.`,
    fix: (a) =>
      `Use Microsoft Entra access instead: ` +
      `tokens: storage (with the "Storage Blob Data Reader" role, or azcopy login --identity); or allow keys: az storage account update -n ${a.account} --allow-shared-key-access true`,
    example: { account: 'mldata' },
  }),
  'resources.no-such-key': entry({
    section: 'resources',
    when: 'storage-keys: ARM lists no such key',
    problem: (a: { account: string; key: string }) => `${a.key} missing: ARM listed no ${a.key} for ${a.account}.`,
    fix: (a) =>
      `Regenerate it: az storage account keys renew -n ${a.account} --key ${a.key === 'key2' ? 'secondary' : 'primary'}`,
    example: { account: 'mldata', key: 'key2' },
  }),
  'resources.arm-api-version': entry({
    section: 'resources',
    when: 'storage-keys: ARM `InvalidApiVersionParameter` or `NoRegisteredProviderFound` (the Microsoft.Storage API version the action sends is not served there)',
    problem: (a: { cloud: string; version: string; code: string; message?: string | undefined }) =>
      `API version not served: Azure Resource Manager in ${a.cloud} refused Microsoft.Storage API version ${a.version}, the one this action sends there${said(a.code, a.message)}.`,
    fix: () => `No input changes it: report the cloud and the storage account's region to the action's maintainers.`,
    example: {
      cloud: 'AzureChinaCloud',
      version: '2023-05-01',
      code: 'NoRegisteredProviderFound',
      message: "No registered resource provider found for location 'chinanorth3' and API version '2023-05-01'.",
    },
  }),
  'resources.arm-refused': entry({
    section: 'resources',
    when: 'storage-keys: ARM refuses with another status',
    problem: (a: { status: number; code?: string | undefined; message?: string | undefined }) =>
      `refused by Azure Resource Manager: HTTP ${a.status}${said(a.code, a.message)}.`,
    fix: () => `Check the resource id and the identity's role assignments.`,
    example: { status: 409, code: 'Conflict', message: 'The account is being created.' },
  }),
  'resources.arm-busy': entry({
    section: 'resources',
    when: 'storage-keys: ARM answers 429 or 5xx after the retries',
    problem: (a: { status: number; code?: string | undefined; message?: string | undefined }) =>
      `Azure Resource Manager answered HTTP ${a.status}${said(a.code, a.message)}: it is throttling or unavailable, and the retries within the step ran out.`,
    fix: () => `Re-run the job; runners that list keys at the same moment should spread their schedules.`,
    example: { status: 429, code: 'TooManyRequests', message: undefined },
  }),
  'resources.acr-forbidden': entry({
    section: 'resources',
    when: 'acr-login: the registry refuses the identity (401, 403)',
    problem: (a: { registry: string; principalId?: string | undefined }) =>
      `unauthorized: ${a.registry} refused ${who(a.principalId)}.`,
    fix: (a) =>
      `Grant it AcrPull (AcrPush to push): ` +
      `az role assignment create --role AcrPull --assignee ${oid(a.principalId)} --scope $(az acr show -n ${registryName(a.registry)} --query id -o tsv). ` +
      `A registry that allows anonymous pull needs no login: remove it from acr-login.`,
    example: { registry: REGISTRY, principalId: PRINCIPAL },
  }),
  'resources.acr-no-entra': entry({
    section: 'resources',
    when: 'acr-login: the registry accepts no Microsoft Entra sign-in',
    problem: (a: { registry: string; message?: string | undefined }) =>
      `Microsoft Entra sign-in refused by ${a.registry}${said(undefined, a.message)}: the registry accepts only its admin user or repository-scoped tokens.`,
    fix: (a) =>
      `Enable Entra authentication (az acr config authentication-as-arm update -r ${registryName(a.registry)} --status enabled), or log in with docker/login-action and a token from Key Vault.`,
    example: { registry: REGISTRY, message: 'authentication-as-arm is disabled' },
  }),
  'resources.acr-not-found': entry({
    section: 'resources',
    when: 'acr-login: no such registry (404, DNS, or the proxy)',
    problem: (a: { registry: string; why: string }) =>
      `not found: the registry ${a.registry} does not exist or cannot be reached (${a.why}).`,
    fix: (a) =>
      `Check the name and the cloud input: az acr show -n ${registryName(a.registry)} --query loginServer -o tsv`,
    example: { registry: REGISTRY, why: 'DNS: ENOTFOUND' },
  }),
  'resources.acr-throttled': entry({
    section: 'resources',
    when: 'acr-login: the registry answers 429 after the retries',
    problem: (a: { registry: string; code?: string | undefined; message?: string | undefined }) =>
      `throttled: ${a.registry} answered its token exchange with HTTP 429 Too Many Requests${said(a.code, a.message)}, and kept doing so through the retries within the step (each waiting at least its Retry-After).`,
    fix: () => `Re-run the job; runners that log in to it at the same moment should spread their schedules.`,
    example: { registry: REGISTRY, code: 'TOOMANYREQUESTS', message: undefined },
  }),
  'resources.acr-unavailable': entry({
    section: 'resources',
    when: 'acr-login: the registry answers 5xx after the retries',
    problem: (a: { registry: string; status: number; code?: string | undefined; message?: string | undefined }) =>
      `${a.registry} answered its token exchange with HTTP ${a.status}${said(a.code, a.message)}: the registry is unavailable, and the retries within the step ran out.`,
    fix: () => `Re-run the job; check https://status.azure.com if it persists.`,
    example: { registry: REGISTRY, status: 503, code: undefined, message: undefined },
  }),
  'resources.odd-answer': entry({
    section: 'resources',
    when: 'ARM or a registry answers 200, but not as the service does',
    problem: (a: { host: string; what: string; message?: string | undefined }) =>
      `${a.host} answered its ${a.what} with 200 but not as the service does${said(undefined, a.message)}.`,
    fix: () => REPLACED,
    example: { host: REGISTRY, what: 'token exchange', message: 'no refresh_token' },
  }),
  'resources.unusable-answer': entry({
    section: 'resources',
    when: 'ARM or a registry answers with more keys, or longer ones, than the service gives',
    problem: (a: { host: string; what: string; problem: string }) =>
      `${a.host} answered its ${a.what} with ${a.problem}: no such answer comes from the service, so it was not used or masked.`,
    fix: () => REPLACED,
    example: { host: ARM, what: 'listKeys for mldata', problem: '2000 keys, more than the 8 a storage account lists' },
  }),
  'resources.too-large': entry({
    section: 'resources',
    when: 'ARM or a registry answers with more than 256 KiB',
    problem: (a: { host: string; what: string }) =>
      `${a.host} answered its ${a.what} with more than 256 KiB, which no such answer is (something else may answer in its place); it was not read.`,
    fix: () => '',
    example: { host: REGISTRY, what: 'token exchange' },
  }),
  'resources.unreachable': entry({
    section: 'resources',
    when: 'ARM or a registry cannot be reached',
    problem: (a: { host: string; why: string }) => `cannot reach ${a.host} (${a.why}).`,
    fix: (a) => `If the runner uses a proxy, it must allow ${a.host}.`,
    example: { host: ARM, why: 'ECONNREFUSED' },
  }),
  'resources.timeout': entry({
    section: 'resources',
    when: '`timeout` ran out while ARM or a registry was asked',
    problem: (a: { what: string; seconds: number }) =>
      `timed out: ${a.what} did not answer within the step's ${a.seconds} s timeout.`,
    fix: () => `Raise timeout or check the network.`,
    example: { what: `${REGISTRY}'s token exchange`, seconds: 60 },
  }),
  'resources.failed': entry({
    section: 'resources',
    when: 'any credential failed: the error lists each, with its cause and fix (one line for those that share them)',
    problem: (a: { failed: number; total: number; lines: string[] }) =>
      `Could not get ${a.failed} of ${a.total} credentials; nothing was exported:\n${a.lines.join('\n')}`,
    fix: () => '',
    example: { failed: 1, total: 1, lines: ['  acr-login line 1: myregistry.azurecr.io (–): unauthorized: …'] },
  }),
};
