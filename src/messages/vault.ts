// What users read when Key Vault refuses or fails: the cause in plain words and the command that fixes it.
// vault/failures.ts classifies what a request threw into one of these; the stand-in's real error bodies test them.
import { principalArg } from '../util/shell.js';
import { entry, plural, principalWords } from './entry.js';

export interface VaultContext {
  /** Vault name, e.g. ml-prod-kv. */
  vault: string;
  /** Vault URL, e.g. https://ml-prod-kv.vault.azure.net/. */
  vaultUrl: string;
  /**
   * Secret name, with /version when one was asked for (or the wildcard, when listing). Absent where one
   * message speaks for several references of the vault (messages/references.ts): they are listed beside it.
   */
  secret?: string | undefined;
  cloud: string;
  /** The managed identity's object (principal) id, from the token's oid claim. */
  principalId?: string | undefined;
  /** Listing the vault for a wildcard (needs the list permission), not reading one secret. */
  listing?: boolean | undefined;
  /** Reading a secret a wildcard's listing named: the wildcard as written, and whether its other matches were read. */
  listedBy?: { wildcard: string; othersRead: boolean } | undefined;
}

const EXAMPLE: VaultContext = {
  vault: 'ml-prod-kv',
  vaultUrl: 'https://ml-prod-kv.vault.azure.net/',
  secret: 'db-password',
  cloud: 'AzureCloud',
  principalId: '22222222-3333-4444-8555-666666666666',
};
/** The vault's host (its URL, as the action built it from the name; itself if it is none). */
const host = (c: VaultContext) => (URL.canParse(c.vaultUrl) ? new URL(c.vaultUrl).hostname : c.vaultUrl);
// The principal id is the token's oid claim: a GUID, or it stays out of the command.
const principal = (c: VaultContext) => principalArg(c.principalId);
const principalText = (c: VaultContext) => principalWords(c.principalId);
const quoted = (c: VaultContext) => (c.secret === undefined ? 'these secrets' : `"${c.secret}"`);
const grantSecretsUser = (c: VaultContext) =>
  `az role assignment create --role "Key Vault Secrets User" --assignee ${principal(c)} --scope $(az keyvault show -n ${c.vault} --query id -o tsv)`;
/** The identity's role assignments on the vault that carry a condition (Azure ABAC), inherited ones included. */
const assignmentConditions = (c: VaultContext) =>
  `az role assignment list --assignee ${principal(c)} --scope $(az keyvault show -n ${c.vault} --query id -o tsv) --include-inherited --query "[?condition].{role:roleDefinitionName,condition:condition}" -o table`;
const PROXY_OR_PORTAL = "check HTTPS_PROXY/NO_PROXY and the runner's DNS.";

export const VAULT_MESSAGES = {
  'vault.not-found': entry({
    section: 'vault',
    when: '404 `SecretNotFound`',
    problem: (c: VaultContext) =>
      c.secret === undefined
        ? `not found: ${c.vault} (${c.vaultUrl}) holds no secret of these names.`
        : `not found: there is no secret "${c.secret}" in ${c.vault} (${c.vaultUrl}).`,
    fix: (c) =>
      `Check the name (and version) for a typo, and that keyvault and cloud (${c.cloud}) name the vault that holds it: ` +
      `az keyvault secret list --vault-name ${c.vault} --query "[].name" -o tsv`,
    example: EXAMPLE,
  }),
  // Key Vault's role assignments may carry a condition on secret names (Azure ABAC, preview: StringStartsWith,
  // StringLike… on Microsoft.KeyVault/vaults/secrets:name), and a read it does not admit is refused with the
  // same ForbiddenByRbac as no role at all; listing is not narrowed by such a condition.
  'vault.forbidden-by-rbac': entry({
    section: 'vault',
    when: '403 `ForbiddenByRbac`',
    problem: (c: VaultContext) =>
      `forbidden by Azure RBAC: ${principalText(c)} may not ${c.listing ? 'list' : 'read'} secrets in ${c.vault}.`,
    fix: (c) =>
      `Grant it the "Key Vault Secrets User" role (it reads and lists): ${grantSecretsUser(c)}` +
      (c.listing
        ? ''
        : `. If it has that role, a condition on the assignment (Azure ABAC on secret names, preview) does not admit ${quoted(c)}: ${assignmentConditions(c)}`),
    example: EXAMPLE,
  }),
  'vault.forbidden-by-rbac-listed': entry({
    section: 'vault',
    when: '403 `ForbiddenByRbac` for a name a wildcard listed: listing is not narrowed by a condition on secret names (Azure ABAC), so it shows names the identity may not read',
    perReference: true,
    problem: (c: VaultContext & { listedBy: { wildcard: string; othersRead: boolean } }) =>
      c.listedBy.othersRead
        ? `forbidden by Azure RBAC: ${principalText(c)} read other secrets that the wildcard ${c.listedBy.wildcard} listed in ${c.vault}, but may not read ${quoted(c)}: ` +
          `a condition on its role assignment (Azure ABAC on secret names, preview) admits some names and not this one, and the listing shows every name.`
        : `forbidden by Azure RBAC: the wildcard ${c.listedBy.wildcard} listed ${quoted(c)} in ${c.vault}, but ${principalText(c)} may not read it.`,
    fix: (c) =>
      c.listedBy.othersRead
        ? `Narrow the wildcard to the names the condition admits, or change the condition: ${assignmentConditions(c)}`
        : `Listing needs only a reader role (Key Vault Reader); reading needs "Key Vault Secrets User" (it reads and lists): ${grantSecretsUser(c)}. ` +
          `If it has that role, a condition on the assignment (Azure ABAC on secret names, preview) does not admit this name: narrow the wildcard to the names it admits, or change the condition: ${assignmentConditions(c)}`,
    example: { ...EXAMPLE, secret: 'app-b', listedBy: { wildcard: 'app-*', othersRead: true } },
  }),
  'vault.forbidden-by-policy': entry({
    section: 'vault',
    when: '403 `ForbiddenByPolicy`, or `AccessDenied` (taken for an access policy refusal)',
    problem: (c: VaultContext) =>
      `forbidden by the vault's access policy: ${principalText(c)} ` +
      `lacks the secret ${c.listing ? 'get and list permissions' : 'get permission'} on ${c.vault}` +
      `${c.listing ? ' (a wildcard lists the vault)' : ''}.`,
    fix: (c) =>
      `Grant ${c.listing ? 'them' : 'it'}: ` +
      `az keyvault set-policy -n ${c.vault} --object-id ${principal(c)} --secret-permissions ${c.listing ? 'get list' : 'get'}`,
    example: EXAMPLE,
  }),
  'vault.forbidden-by-firewall': entry({
    section: 'vault',
    when: '403 `ForbiddenByFirewall`',
    problem: (c: VaultContext) => `blocked by the firewall of ${c.vault}: its network rules do not admit this runner.`,
    fix: (c) =>
      `Allow the runner's subnet ` +
      `(az keyvault network-rule add -n ${c.vault} --vnet-name <vnet> --subnet <subnet>) or reach the vault through a private endpoint.`,
    example: EXAMPLE,
  }),
  'vault.forbidden-by-connection': entry({
    section: 'vault',
    when: '403 `ForbiddenByConnection`',
    problem: (c: VaultContext) =>
      `blocked: ${c.vault} has public network access disabled, and this runner did not reach it through an approved private endpoint.`,
    fix: (c) =>
      `Reach it through a private endpoint (the runner's DNS must resolve ${host(c)} to the endpoint's private address: ` +
      `az network private-endpoint list --query "[].customDnsConfigs"), or allow the runner's network: ` +
      `az keyvault update -n ${c.vault} --public-network-access Enabled --default-action Deny, then az keyvault network-rule add -n ${c.vault} --subnet <subnet id>.`,
    example: EXAMPLE,
  }),
  'vault.secret-disabled': entry({
    section: 'vault',
    when: '403 `SecretDisabled`',
    perReference: true,
    problem: (c: VaultContext) => `disabled: the secret ${quoted(c)} is disabled in ${c.vault}.`,
    fix: (c) =>
      `Enable it (az keyvault secret set-attributes --vault-name ${c.vault} -n ${(c.secret ?? '<name>').split('/')[0]} --enabled true) or reference an enabled version.`,
    example: EXAMPLE,
  }),
  'vault.forbidden': entry({
    section: 'vault',
    when: '403 with another code',
    problem: (c: VaultContext & { code: string }) =>
      `forbidden (${c.code}): ${principalText(c)} may not ${c.listing ? 'list the secrets of' : c.secret === undefined ? 'read secrets in' : `read "${c.secret}" in`} ${c.vault}.`,
    fix: (c) =>
      `Grant it "Key Vault Secrets User" ` +
      `(az role assignment create --role "Key Vault Secrets User" --assignee ${principal(c)} --scope $(az keyvault show -n ${c.vault} --query id -o tsv)) ` +
      `or, for access policies, az keyvault set-policy -n ${c.vault} --object-id ${principal(c)} --secret-permissions ${c.listing ? 'get list' : 'get'}`,
    example: { ...EXAMPLE, code: 'Forbidden' },
  }),
  'vault.api-version-refused': entry({
    section: 'vault',
    when: '400 "The specified version (…) is not recognized": the vault\'s region does not serve the Key Vault API version the action sends in its cloud ([README](../README.md#us-government-and-china-clouds)); no older version is tried',
    problem: (c: VaultContext & { sent: string; newest?: string | undefined }) =>
      `API version not served: ${host(c)} (cloud ${c.cloud}) does not recognize Key Vault API version ${c.sent}, the one this action sends in ${c.cloud}` +
      `${c.newest ? `; it names ${c.newest} as the newest it serves` : ''}.`,
    fix: (c) =>
      `The vault's region does not serve that version yet, and no input changes it: ` +
      `report the cloud and the region (az keyvault show -n ${c.vault} --query location -o tsv) to the action's maintainers.`,
    example: {
      ...EXAMPLE,
      vault: 'gov-kv',
      vaultUrl: 'https://gov-kv.vault.usgovcloudapi.net/',
      cloud: 'AzureUSGovernment',
      sent: '7.5',
      newest: '7.4',
    },
  }),
  'vault.bad-parameter': entry({
    section: 'vault',
    when: '400',
    perReference: true,
    problem: (c: VaultContext & { code: string }) => `rejected by Key Vault as invalid (${c.code}).`,
    fix: (c) => `Check the reference ${quoted(c)}.`,
    example: { ...EXAMPLE, code: 'BadParameter' },
  }),
  'vault.unauthorized': entry({
    section: 'vault',
    when: '401 after the token was sent',
    problem: (c: VaultContext) => `unauthorized: ${c.vault} rejected the managed identity's token.`,
    fix: (c) =>
      `Check that the vault is in the same tenant as the identity (az keyvault show -n ${c.vault} --query properties.tenantId).`,
    example: EXAMPLE,
  }),
  'vault.other-audience': entry({
    section: 'vault',
    when: '401 challenge for another audience: see [A token only for its audience](security.md#a-token-only-for-its-audience)',
    problem: (c: VaultContext & { asked: string; expected: string }) =>
      `challenge for another audience: ${host(c)} asked for a token for ${c.asked}, not for Key Vault's "${c.expected}" (cloud ${c.cloud}); ` +
      `no token was requested for it, and ${c.vault} was sent none.`,
    fix: (c) =>
      `Likely causes: the cloud input (${c.cloud}) is not the vault's cloud; ` +
      `a proxy or stand-in answers for ${host(c)} (check HTTPS_PROXY/NO_PROXY and the runner's DNS); or ${host(c)} is not Key Vault.`,
    example: { ...EXAMPLE, asked: '"https://vault.usgovcloudapi.net"', expected: 'https://vault.azure.net' },
  }),
  'vault.vault-not-found': entry({
    section: 'vault',
    when: 'vault host not found (DNS, or the proxy, could not resolve it)',
    problem: (c: VaultContext & { detail: string }) =>
      `vault not found: ${host(c)} could not be reached (${c.detail}): no vault named ${c.vault} exists in ${c.cloud}, or a proxy blocks it.`,
    fix: () =>
      `Check the keyvault and cloud inputs (az keyvault list --query "[].name" -o tsv) and HTTPS_PROXY/NO_PROXY.`,
    example: { ...EXAMPLE, detail: 'DNS: ENOTFOUND' },
  }),
  'vault.unreachable': entry({
    section: 'vault',
    when: 'no answer from the vault (a connection refused or reset)',
    problem: (c: VaultContext & { detail: string }) => `unreachable: no answer from ${c.vaultUrl} (${c.detail}).`,
    fix: () => `Check the vault's name and cloud, the runner's network, and HTTPS_PROXY/NO_PROXY.`,
    example: { ...EXAMPLE, detail: 'ECONNREFUSED' },
  }),
  'vault.redirected': entry({
    section: 'vault',
    when: 'a redirect (3xx), which Key Vault never sends',
    problem: (c: VaultContext & { status: number }) =>
      `not Key Vault: ${host(c)} answered with a redirect (${c.status}), which Key Vault never sends.`,
    fix: () => `A proxy, captive portal or DNS override is answering for the vault; ${PROXY_OR_PORTAL}`,
    example: { ...EXAMPLE, status: 302 },
  }),
  'vault.not-key-vault': entry({
    section: 'vault',
    when: "an answer that is not Key Vault's JSON (an HTML page, or cut short)",
    problem: (c: VaultContext & { status?: number | undefined }) =>
      `not Key Vault: ${host(c)} answered${c.status ? ` ${c.status}` : ''} with a body that is not Key Vault's JSON (an HTML page, or cut short).`,
    fix: () => `A proxy or captive portal is answering for the vault; ${PROXY_OR_PORTAL}`,
    example: { ...EXAMPLE, status: 200 },
  }),
  'vault.listing-impostor': entry({
    section: 'vault',
    when: "a wildcard's listing links off the vault, or back to a page it gave",
    problem: (c: VaultContext & { reason: string }) => `listing ${c.vault} stopped: ${c.reason}.`,
    fix: (c) =>
      `Key Vault's own pages link only to the vault, each to a new page: a proxy or an impostor is answering for ${host(c)}; ${PROXY_OR_PORTAL}`,
    example: {
      ...EXAMPLE,
      secret: 'app-*',
      listing: true,
      reason:
        "page 2 links to https://elsewhere.example, not to the vault's own https://ml-prod-kv.vault.azure.net; it was not followed, so the run's token went nowhere else",
    },
  }),
  'vault.listing-too-large': entry({
    section: 'vault',
    when: "a wildcard's listing past what the action lists",
    perReference: true,
    problem: (c: VaultContext & { reason: string }) => `listing ${c.vault} stopped: ${c.reason}.`,
    fix: (c) => `Name the secrets you need instead of ${c.secret ?? 'the wildcard'}, or keep them in a smaller vault.`,
    example: { ...EXAMPLE, secret: 'app-*', listing: true, reason: 'it holds more than 25,000 secrets' },
  }),
  'vault.conflict': entry({
    section: 'vault',
    when: '409, 410',
    perReference: true,
    problem: (c: VaultContext & { status: number; code?: string | undefined }) =>
      `refused by Key Vault (${c.status}${c.code ? ` ${c.code}` : ''}) for ${quoted(c)} in ${c.vault}.`,
    fix: (c) =>
      `Check the secret's state: az keyvault secret show --vault-name ${c.vault} -n ${(c.secret ?? '<name>').split('/')[0]}`,
    example: { ...EXAMPLE, status: 409, code: 'Conflict' },
  }),
  'vault.throttled': entry({
    section: 'vault',
    when: '429 until the deadline (named as throttling, never as "not found" or a timeout)',
    problem: (c: VaultContext) => `throttled: ${c.vault} kept answering 429 Too Many Requests until the deadline.`,
    fix: () => `Lower concurrency, raise timeout, or spread jobs that read this vault over time.`,
    example: EXAMPLE,
  }),
  'vault.server-error': entry({
    section: 'vault',
    when: '5xx after the retries',
    problem: (c: VaultContext & { status: number }) =>
      `Key Vault answered ${c.status} for ${c.vault} and kept failing after retries.`,
    fix: () => `Retry the job; check https://status.azure.com if it persists.`,
    example: { ...EXAMPLE, status: 503 },
  }),
  'vault.timeout': entry({
    section: 'vault',
    when: '`timeout` ran out while a vault was asked',
    problem: (c: VaultContext & { seconds: number }) =>
      `timed out after ${c.seconds} s waiting for ${
        c.listing
          ? `${c.vault} to list its secrets${c.secret === undefined ? '' : ` (for ${c.secret})`}`
          : `${c.vault} to answer${c.secret === undefined ? '' : ` for "${c.secret}"`}`
      }.`,
    fix: () => `Raise the timeout input if the vault is slow, or check the runner's network.`,
    example: { ...EXAMPLE, seconds: 60 },
  }),
  'vault.unexpected': entry({
    section: 'vault',
    when: 'any other answer',
    problem: (c: VaultContext & { what: string }) =>
      `failed: an answer from ${c.vault} that this action does not understand (${c.what}).`,
    fix: () => `Re-run the job with debug logging (RUNNER_DEBUG=1) to see the detail.`,
    example: { ...EXAMPLE, what: 'HTTP 418' },
  }),
  'vault.nothing-matched': entry({
    section: 'vault',
    when: 'a wildcard matches nothing (a warning with `ignore-missing`)',
    problem: (c: { vault: string; prefix: string }) =>
      `nothing matched: no enabled secret in ${c.vault} starts with "${c.prefix}".`,
    fix: (c) =>
      `Check the prefix, keyvault and cloud: az keyvault secret list --vault-name ${c.vault} --query "[].name" -o tsv`,
    example: { vault: 'ml-prod-kv', prefix: 'app-' },
  }),
  'vault.not-found-ignored': entry({
    section: 'vault',
    level: 'warning',
    when: 'a secret that does not exist, with `ignore-missing`',
    problem: (a: { input: string; line: number; vault: string; secret: string; alias: string }) =>
      `${a.input} line ${a.line}: ${a.vault}/${a.secret} does not exist; ${a.alias} is not exported (ignore-missing).`,
    fix: () => '',
    example: { input: 'secrets', line: 3, vault: 'ml-prod-kv', secret: 'db-password', alias: 'DB_PASSWORD' },
  }),
  'vault.nothing-matched-ignored': entry({
    section: 'vault',
    level: 'warning',
    when: 'a wildcard that matches nothing, with `ignore-missing`',
    problem: (a: { input: string; line: number; text: string }) =>
      `${a.input} line ${a.line}: ${a.text} matched nothing (ignore-missing).`,
    fix: () => '',
    example: { input: 'secrets', line: 4, text: 'app-*' },
  }),
  'vault.invalid-listed-names': entry({
    section: 'vault',
    level: 'warning',
    when: 'a listing names a secret no Key Vault would have',
    problem: (a: { names: string[] }) =>
      `Skipped ${plural(a.names.length, 'listed name')} that no Key Vault would give (is a proxy answering for the vault?): ${a.names.join(', ')}`,
    fix: () => '',
    example: { names: ['ml-prod-kv: bad_name!'] },
  }),
  'vault.failed': entry({
    section: 'vault',
    when: 'any reference failed: the error lists each, with its cause and fix (one line for the references a vault refused alike)',
    problem: (a: { failed: number; total: number; lines: string[] }) =>
      `Could not read ${a.failed} of ${a.total} secrets; nothing was exported:\n${a.lines.join('\n')}`,
    fix: () => '',
    example: {
      failed: 1,
      total: 2,
      lines: ['  secrets line 2: ml-prod-kv/db-password (DB_PASSWORD): not found: …'],
    },
  }),
};
