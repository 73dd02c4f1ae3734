// What users read when Key Vault refuses or fails: the cause in plain words and the command that fixes it.
// Kept together so every message can be reviewed (and tested against the stand-in's real error bodies) in one place.
import { untrusted } from '../runner/untrusted.js';
import { principalArg } from '../util/shell.js';
import { SharedRemediation } from '../util/remediation.js';

export interface FailureContext {
  /** Vault name, e.g. ml-prod-kv. */
  vault: string;
  /** Vault URL, e.g. https://ml-prod-kv.vault.azure.net/. */
  vaultUrl: string;
  /** Secret name, with /version when one was asked for. */
  secret: string;
  cloud: string;
  /** The managed identity's object (principal) id, from the token's oid claim. */
  principalId?: string;
  /** Listing the vault for a wildcard (needs the list permission), not reading one secret. */
  listing?: boolean;
  /** Reading a secret a wildcard's listing named: the wildcard as written, and whether its other matches were read. */
  listedBy?: { wildcard: string; othersRead: boolean };
}

// The principal id is the token's oid claim: a GUID, or it stays out of the command.
const principal = (c: FailureContext) => principalArg(c.principalId);
const principalText = (c: FailureContext) =>
  c.principalId
    ? `the runner's managed identity (principal id ${untrusted(c.principalId, 80)})`
    : "the runner's managed identity";

const grantSecretsUser = (c: FailureContext) =>
  `az role assignment create --role "Key Vault Secrets User" --assignee ${principal(c)} --scope $(az keyvault show -n ${c.vault} --query id -o tsv)`;
/** The identity's role assignments on the vault that carry a condition (Azure ABAC), inherited ones included. */
const assignmentConditions = (c: FailureContext) =>
  `az role assignment list --assignee ${principal(c)} --scope $(az keyvault show -n ${c.vault} --query id -o tsv) --include-inherited --query "[?condition].{role:roleDefinitionName,condition:condition}" -o table`;

/**
 * ForbiddenByRbac for reading a secret. Key Vault's role assignments may carry a condition on secret names (Azure
 * ABAC, preview: StringStartsWith, StringLike… on Microsoft.KeyVault/vaults/secrets:name), and a read it does not
 * admit is refused with the same ForbiddenByRbac as no role at all. Listing is not narrowed by such a condition on
 * reads, so a wildcard can list names the identity may not read.
 */
function forbiddenRead(c: FailureContext): string {
  const who = principalText(c);
  const listed = c.listedBy;
  if (listed?.othersRead)
    return (
      `forbidden by Azure RBAC: ${who} read other secrets that the wildcard ${listed.wildcard} listed in ${c.vault}, but may not read "${c.secret}": ` +
      `a condition on its role assignment (Azure ABAC on secret names, preview) admits some names and not this one, and the listing shows every name. ` +
      `Narrow the wildcard to the names the condition admits, or change the condition: ${assignmentConditions(c)}`
    );
  if (listed)
    return (
      `forbidden by Azure RBAC: the wildcard ${listed.wildcard} listed "${c.secret}" in ${c.vault}, but ${who} may not read it. ` +
      `Listing needs only a reader role (Key Vault Reader); reading needs "Key Vault Secrets User" (it reads and lists): ${grantSecretsUser(c)}. ` +
      `If it has that role, a condition on the assignment (Azure ABAC on secret names, preview) does not admit this name: narrow the wildcard to the names it admits, or change the condition: ${assignmentConditions(c)}`
    );
  return (
    `forbidden by Azure RBAC: ${who} may not read secrets in ${c.vault}. Grant it the "Key Vault Secrets User" role (it reads and lists): ${grantSecretsUser(c)}. ` +
    `If it has that role, a condition on the assignment (Azure ABAC on secret names, preview) does not admit "${c.secret}": ${assignmentConditions(c)}`
  );
}

export const Remediation = {
  notFound: (c: FailureContext) =>
    `not found: there is no secret "${c.secret}" in ${c.vault} (${c.vaultUrl}). Check the name (and version) for a typo, and that keyvault and cloud (${c.cloud}) name the vault that holds it: ` +
    `az keyvault secret list --vault-name ${c.vault} --query "[].name" -o tsv`,

  forbiddenByRbac: (c: FailureContext) =>
    c.listing
      ? `forbidden by Azure RBAC: ${principalText(c)} may not list secrets in ${c.vault}. Grant it the "Key Vault Secrets User" role (it reads and lists): ${grantSecretsUser(c)}`
      : forbiddenRead(c),

  forbiddenByPolicy: (c: FailureContext, permissions = 'get') =>
    `forbidden by the vault's access policy: ${principalText(c)} ` +
    `lacks the secret ${permissions.split(' ').join(' and ')} permission${permissions.includes(' ') ? 's' : ''} on ${c.vault}` +
    `${c.listing ? ' (a wildcard lists the vault)' : ''}. Grant ${permissions.includes(' ') ? 'them' : 'it'}: ` +
    `az keyvault set-policy -n ${c.vault} --object-id ${principal(c)} --secret-permissions ${permissions}`,

  forbiddenByFirewall: (c: FailureContext) =>
    `blocked by the firewall of ${c.vault}: its network rules do not admit this runner. Allow the runner's subnet ` +
    `(az keyvault network-rule add -n ${c.vault} --vnet-name <vnet> --subnet <subnet>) or reach the vault through a private endpoint.`,

  forbiddenByConnection: (c: FailureContext) =>
    `blocked: ${c.vault} has public network access disabled, and this runner did not reach it through an approved private endpoint. ` +
    `Reach it through a private endpoint (the runner's DNS must resolve ${new URL(c.vaultUrl).hostname} to the endpoint's private address: ` +
    `az network private-endpoint list --query "[].customDnsConfigs"), or allow the runner's network: ` +
    `az keyvault update -n ${c.vault} --public-network-access Enabled --default-action Deny, then az keyvault network-rule add -n ${c.vault} --subnet <subnet id>.`,

  secretDisabled: (c: FailureContext) =>
    `disabled: the secret "${c.secret}" is disabled in ${c.vault}. ` +
    `Enable it (az keyvault secret set-attributes --vault-name ${c.vault} -n ${c.secret.split('/')[0]} --enabled true) or reference an enabled version.`,

  forbidden: (c: FailureContext, code: string) =>
    `forbidden (${code}): ${principalText(c)} may not ${c.listing ? 'list the secrets of' : `read "${c.secret}" in`} ${c.vault}. Grant it "Key Vault Secrets User" ` +
    `(az role assignment create --role "Key Vault Secrets User" --assignee ${principal(c)} --scope $(az keyvault show -n ${c.vault} --query id -o tsv)) ` +
    `or, for access policies, az keyvault set-policy -n ${c.vault} --object-id ${principal(c)} --secret-permissions ${c.listing ? 'get list' : 'get'}`,

  /** The vault's cloud does not serve the Key Vault API version the action pins for it (inputs/cloud.ts API_VERSIONS). */
  apiVersionRefused: (c: FailureContext, sent: string, newest: string | undefined) =>
    `API version not served: ${new URL(c.vaultUrl).hostname} (cloud ${c.cloud}) does not recognize Key Vault API version ${sent}, the one this action sends in ${c.cloud}` +
    `${newest ? `; it names ${newest} as the newest it serves` : ''}. The vault's region does not serve that version yet, and no input changes it: ` +
    `report the cloud and the region (az keyvault show -n ${c.vault} --query location -o tsv) to the action's maintainers.`,

  badParameter: (c: FailureContext, message: string) =>
    `rejected by Key Vault as invalid (${message}). Check the reference "${c.secret}".`,

  throttled: (c: FailureContext) =>
    `throttled: ${c.vault} kept answering 429 Too Many Requests until the deadline. Lower concurrency, raise timeout, or spread jobs that read this vault over time.`,

  unauthorized: (c: FailureContext) =>
    `unauthorized: ${c.vault} rejected the managed identity's token. Check that the vault is in the same tenant as the identity (az keyvault show -n ${c.vault} --query properties.tenantId).`,

  vaultNotFound: (c: FailureContext, detail: string) =>
    `vault not found: ${new URL(c.vaultUrl).hostname} could not be reached (${detail}): no vault named ${c.vault} exists in ${c.cloud}, or a proxy blocks it. ` +
    `Check the keyvault and cloud inputs (az keyvault list --query "[].name" -o tsv) and HTTPS_PROXY/NO_PROXY.`,

  unreachable: (c: FailureContext, detail: string) =>
    `unreachable: no answer from ${c.vaultUrl} (${detail}). Check the vault's name and cloud, the runner's network, and HTTPS_PROXY/NO_PROXY.`,

  serverError: (c: FailureContext, status: number) =>
    `Key Vault answered ${status} for ${c.vault} and kept failing after retries. Retry the job; check https://status.azure.com if it persists.`,

  listingRefused: (c: FailureContext, reason: string, kind: 'link' | 'size') =>
    `listing ${c.vault} stopped: ${reason}. ` +
    (kind === 'link'
      ? `Key Vault's own pages link only to the vault, each to a new page: a proxy or an impostor is answering for ${new URL(c.vaultUrl).hostname}; check HTTPS_PROXY/NO_PROXY and the runner's DNS.`
      : `Name the secrets you need instead of ${c.secret}, or keep them in a smaller vault.`),

  otherAudience: (c: FailureContext, asked: string, expected: string) => {
    const host = new URL(c.vaultUrl).hostname;
    return (
      `challenge for another audience: ${host} asked for a token for ${asked}, not for Key Vault's "${expected}" (cloud ${c.cloud}); ` +
      `no token was requested for it, and ${c.vault} was sent none. Likely causes: the cloud input (${c.cloud}) is not the vault's cloud; ` +
      `a proxy or stand-in answers for ${host} (check HTTPS_PROXY/NO_PROXY and the runner's DNS); or ${host} is not Key Vault.`
    );
  },

  invalidListedNames: (names: readonly string[]) =>
    `Skipped ${names.length} listed name${names.length === 1 ? '' : 's'} that no Key Vault would give (is a proxy answering for the vault?): ${names.join(', ')}`,

  unexpected: (c: FailureContext, what: string) =>
    `failed: an answer from ${c.vault} that this action does not understand (${what}). Re-run the job with debug logging (RUNNER_DEBUG=1) to see the detail.`,

  redirected: (c: FailureContext, status: number) =>
    `not Key Vault: ${new URL(c.vaultUrl).hostname} answered with a redirect (${status}), which Key Vault never sends. ` +
    `A proxy, captive portal or DNS override is answering for the vault; check HTTPS_PROXY/NO_PROXY and the runner's DNS.`,

  notKeyVault: (c: FailureContext, status: number | undefined) =>
    `not Key Vault: ${new URL(c.vaultUrl).hostname} answered${status ? ` ${status}` : ''} with a body that is not Key Vault's JSON (an HTML page, or cut short). ` +
    `A proxy or captive portal is answering for the vault; check HTTPS_PROXY/NO_PROXY and the runner's DNS.`,

  conflict: (c: FailureContext, status: number, code: string | undefined) =>
    `refused by Key Vault (${status}${code ? ` ${code}` : ''}) for "${c.secret}" in ${c.vault}. Check the secret's state: az keyvault secret show --vault-name ${c.vault} -n ${c.secret.split('/')[0]}`,

  timeout: SharedRemediation.timeout,
} as const;
