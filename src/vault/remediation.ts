// What users read when something fails: the cause in plain words and the command that fixes it.
// Kept together so every message can be reviewed (and tested against the stand-in's real error bodies) in one place.
import { type CloudName, vaultResource } from '../inputs/cloud.js';
import { type IdentitySource, selectorText } from '../identity/source.js';
import { untrusted } from '../runner/untrusted.js';

// Commands printed for an admin to paste. Text the action did not write itself (token claims, ids from
// a token or the platform) goes into a command only when it is one plain word in every shell an admin
// may paste into (sh, PowerShell, cmd): letters, digits and "._:/@+=-", not starting with "-". Any other
// text is shown escaped in the prose, and the command holds a placeholder in its place.
const PLAIN_WORD = /^(?!-)[A-Za-z0-9._:/@+=-]{1,400}$/;
export const isPlainWord = (text: string) => PLAIN_WORD.test(text);
/** One POSIX shell word: the text as is when plain, otherwise single-quoted (a quote inside written '\''). */
export const shellArg = (text: string) => (isPlainWord(text) ? text : `'${text.replaceAll("'", "'\\''")}'`);
/** A JSON argument for the shell: JSON-escaped, then one single-quoted word. */
export const jsonArg = (value: unknown) => shellArg(JSON.stringify(value));
/** Foreign text for a command: itself when plain, else the placeholder. */
const commandWord = (text: string | undefined, placeholder: string) => (text !== undefined && isPlainWord(text) ? text : placeholder);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
}

// The principal id is the token's oid claim: a GUID, or it stays out of the command.
const principal = (c: FailureContext) => (c.principalId !== undefined && GUID.test(c.principalId) ? c.principalId : '<principalId>');
const principalText = (c: FailureContext) => (c.principalId ? `the runner's managed identity (principal id ${untrusted(c.principalId, 80)})` : "the runner's managed identity");

export const VM_IDENTITY_ASSIGN = 'az vm identity assign -g <resource-group> -n <vm-name>';
export const VMSS_IDENTITY_ASSIGN = 'az vmss identity assign -g <resource-group> -n <scale-set-name>';

export const Remediation = {
  identityNotFound: (selector: string | undefined) =>
    selector
      ? `The managed identity endpoint (IMDS) has no identity with ${selector} on this runner's VM: the user-assigned identity is not attached. ` +
        `Attach it: ${VM_IDENTITY_ASSIGN} --identities <identity resource id> (scale sets: ${VMSS_IDENTITY_ASSIGN} --identities <identity resource id>), or fix the id in the action's inputs.`
      : `This runner's VM has no system-assigned managed identity (IMDS answered "Identity not found"). ` +
        `Enable it: ${VM_IDENTITY_ASSIGN} (scale sets: ${VMSS_IDENTITY_ASSIGN}), then grant its principal id access to the vault; or select a user-assigned identity with client-id, object-id or resource-id.`,

  imdsUnreachable: (endpoint: string, detail: string) =>
    `The managed identity endpoint ${endpoint} cannot be reached (${detail}). This runner is not an Azure VM or scale set instance, or something blocks the endpoint. ` +
    `Run this job on an Azure VM/VMSS runner with a managed identity. If the runner uses a proxy, 169.254.169.254 must be in NO_PROXY (this action never proxies it, but a transparent proxy or firewall can still intercept it).`,

  imdsError: (endpoint: string, status: string) =>
    `The managed identity endpoint ${endpoint} refused to issue a token (${status}). If a proxy or firewall answers for 169.254.169.254, let the runner reach it directly; otherwise check the VM's identity: az vm identity show -g <resource-group> -n <vm-name>`,

  imdsGaveUp: (endpoint: string, status: string, seconds: number) =>
    `The managed identity endpoint ${endpoint} kept failing (last: ${status}) until the ${seconds} s deadline. Retry the job; if it persists, check the VM's identity: az vm identity show -g <resource-group> -n <vm-name>`,

  notFound: (c: FailureContext) =>
    `not found: there is no secret "${c.secret}" in ${c.vault} (${c.vaultUrl}). Check the name (and version) for a typo, and that keyvault and cloud (${c.cloud}) name the vault that holds it: ` +
    `az keyvault secret list --vault-name ${c.vault} --query "[].name" -o tsv`,

  forbiddenByRbac: (c: FailureContext) =>
    `forbidden by Azure RBAC: ${principalText(c)} may not ${c.listing ? 'list' : 'read'} secrets in ${c.vault}. Grant it the "Key Vault Secrets User" role (it reads and lists): ` +
    `az role assignment create --role "Key Vault Secrets User" --assignee ${principal(c)} --scope $(az keyvault show -n ${c.vault} --query id -o tsv)`,

  forbiddenByPolicy: (c: FailureContext, permissions = 'get') =>
    `forbidden by the vault's access policy: ${principalText(c)} lacks the secret ${permissions.split(' ').join(' and ')} permission${permissions.includes(' ') ? 's' : ''} on ${c.vault}${c.listing ? ' (a wildcard lists the vault)' : ''}. Grant ${permissions.includes(' ') ? 'them' : 'it'}: ` +
    `az keyvault set-policy -n ${c.vault} --object-id ${principal(c)} --secret-permissions ${permissions}`,

  forbiddenByFirewall: (c: FailureContext) =>
    `blocked by the firewall of ${c.vault}: its network rules do not admit this runner. Allow the runner's subnet ` +
    `(az keyvault network-rule add -n ${c.vault} --vnet-name <vnet> --subnet <subnet>) or reach the vault through a private endpoint.`,

  forbiddenByConnection: (c: FailureContext) =>
    `blocked: ${c.vault} has public network access disabled, and this runner did not reach it through an approved private endpoint. ` +
    `Reach it through a private endpoint (the runner's DNS must resolve ${new URL(c.vaultUrl).hostname} to the endpoint's private address: az network private-endpoint list --query "[].customDnsConfigs"), or allow the runner's network: az keyvault update -n ${c.vault} --public-network-access Enabled --default-action Deny, then az keyvault network-rule add -n ${c.vault} --subnet <subnet id>.`,

  secretDisabled: (c: FailureContext) =>
    `disabled: the secret "${c.secret}" is disabled in ${c.vault}. Enable it (az keyvault secret set-attributes --vault-name ${c.vault} -n ${c.secret.split('/')[0]} --enabled true) or reference an enabled version.`,

  forbidden: (c: FailureContext, code: string) =>
    `forbidden (${code}): ${principalText(c)} may not ${c.listing ? 'list the secrets of' : `read "${c.secret}" in`} ${c.vault}. Grant it "Key Vault Secrets User" ` +
    `(az role assignment create --role "Key Vault Secrets User" --assignee ${principal(c)} --scope $(az keyvault show -n ${c.vault} --query id -o tsv)) ` +
    `or, for access policies, az keyvault set-policy -n ${c.vault} --object-id ${principal(c)} --secret-permissions ${c.listing ? 'get list' : 'get'}`,

  badParameter: (c: FailureContext, message: string) => `rejected by Key Vault as invalid (${message}). Check the reference "${c.secret}".`,

  throttled: (c: FailureContext) =>
    `throttled: ${c.vault} kept answering 429 Too Many Requests until the deadline. Lower concurrency, raise timeout, or spread jobs that read this vault over time.`,

  unauthorized: (c: FailureContext) =>
    `unauthorized: ${c.vault} rejected the managed identity's token. Check that the vault is in the same tenant as the identity (az keyvault show -n ${c.vault} --query properties.tenantId).`,

  vaultNotFound: (c: FailureContext, detail: string) =>
    `vault not found: ${new URL(c.vaultUrl).hostname} could not be reached (${detail}): no vault named ${c.vault} exists in ${c.cloud}, or a proxy blocks it. ` +
    `Check the keyvault and cloud inputs (az keyvault list --query "[].name" -o tsv) and HTTPS_PROXY/NO_PROXY.`,

  unreachable: (c: FailureContext, detail: string) =>
    `unreachable: no answer from ${c.vaultUrl} (${detail}). Check the vault's name and cloud, the runner's network, and HTTPS_PROXY/NO_PROXY.`,

  serverError: (c: FailureContext, status: number) => `Key Vault answered ${status} for ${c.vault} and kept failing after retries. Retry the job; check https://status.azure.com if it persists.`,

  listingRefused: (c: FailureContext, reason: string, kind: 'link' | 'size') =>
    `listing ${c.vault} stopped: ${reason}. ` +
    (kind === 'link'
      ? `Key Vault's own pages link only to the vault, each to a new page: a proxy or an impostor is answering for ${new URL(c.vaultUrl).hostname}; check HTTPS_PROXY/NO_PROXY and the runner's DNS.`
      : `Name the secrets you need instead of ${c.secret}, or keep them in a smaller vault.`),

  timeout: (what: string, seconds: number) =>
    `timed out after ${seconds} s waiting for ${what}. Raise the timeout input if the vault is slow, or check the runner's network.`,

  eventUnreadable: (event: string, why: string) =>
    `Refusing to fetch secrets: this is a ${event} event and its payload cannot be read (${why}), so the fork guard cannot tell whether a fork's code is running. ` +
    `The runner always provides it; if this job runs outside GitHub Actions, set GITHUB_EVENT_NAME and GITHUB_EVENT_PATH, or allow-fork-pull-requests: true.`,

  forkLookupNeedsToken: (repository: string, number: number) =>
    `Refusing to fetch secrets: a comment on pull request #${number} of ${repository} triggered this run, and without a token the fork guard cannot look up whether it comes from a fork. ` +
    `Leave github-token at its default (\${{ github.token }}), with permissions: pull-requests: read, or set allow-fork-pull-requests: true.`,

  /** `refused`: GitHub answered 401, 403 or 404, which is what a token without the permission gets. */
  forkLookupFailed: (repository: string, number: number, status: string, refused = true) =>
    `Refusing to fetch secrets: a comment on pull request #${number} of ${repository} triggered this run, and looking the pull request up failed (${status}), so the fork guard cannot tell whether it comes from a fork. ` +
    (refused
      ? `Give the job permissions: pull-requests: read (and contents: read), or set allow-fork-pull-requests: true.`
      : `Check the runner's route to GitHub's API (GITHUB_API_URL, HTTPS_PROXY/NO_PROXY) and https://www.githubstatus.com, then re-run; or set allow-fork-pull-requests: true.`),

  forkLookupTimedOut: (repository: string, number: number, seconds: number) =>
    `Refusing to fetch secrets: a comment on pull request #${number} of ${repository} triggered this run, and GitHub's API did not answer the fork guard's lookup within the timeout (${seconds} s), so it cannot tell whether the pull request comes from a fork. ` +
    `Check the runner's route to GitHub's API (GITHUB_API_URL, HTTPS_PROXY/NO_PROXY), raise timeout, or set allow-fork-pull-requests: true.`,

  unexpectedFailure: (kind: string) =>
    `Unexpected failure (${kind}); nothing was exported. Re-run the job with debug logging (RUNNER_DEBUG=1) for the detail, and report it with that log.`,

  summaryNotWritten: (code: string | undefined) =>
    `The secrets were exported, but the job summary could not be written${code ? ` (${code})` : ''}. The step still succeeds.`,

  invalidListedNames: (names: readonly string[]) =>
    `Skipped ${names.length} listed name${names.length === 1 ? '' : 's'} that no Key Vault would give (is a proxy answering for the vault?): ${names.join(', ')}`,

  imdsNotAToken: (endpoint: string) =>
    `The managed identity endpoint ${endpoint} answered with something that is not a token (cut short, or not JSON). A proxy or firewall may be answering for 169.254.169.254: let the runner reach it directly (NO_PROXY), then retry.`,

  unexpected: (c: FailureContext, what: string) =>
    `failed: an answer from ${c.vault} that this action does not understand (${what}). Re-run the job with debug logging (RUNNER_DEBUG=1) to see the detail.`,

  redirected: (c: FailureContext, status: number) =>
    `not Key Vault: ${new URL(c.vaultUrl).hostname} answered with a redirect (${status}), which Key Vault never sends. A proxy, captive portal or DNS override is answering for the vault; check HTTPS_PROXY/NO_PROXY and the runner's DNS.`,

  notKeyVault: (c: FailureContext, status: number | undefined) =>
    `not Key Vault: ${new URL(c.vaultUrl).hostname} answered${status ? ` ${status}` : ''} with a body that is not Key Vault's JSON (an HTML page, or cut short). A proxy or captive portal is answering for the vault; check HTTPS_PROXY/NO_PROXY and the runner's DNS.`,

  conflict: (c: FailureContext, status: number, code: string | undefined) =>
    `refused by Key Vault (${status}${code ? ` ${code}` : ''}) for "${c.secret}" in ${c.vault}. Check the secret's state: az keyvault secret show --vault-name ${c.vault} -n ${c.secret.split('/')[0]}`,
} as const;

export const FORK_GUARD = (event: string, head: string, base: string) =>
  `Refusing to fetch secrets for a ${event} event from the fork ${head} into ${base}: the fork's code would run with this runner's managed identity. ` +
  `GitHub withholds repository secrets from fork pull requests for this reason. If you trust every fork (for example, the job needs approval), set allow-fork-pull-requests: true.`;

export const EMPTY_VALUE_WARNING = (alias: string) => `${alias} is empty (or only whitespace): it is exported, but such a value cannot be masked.`;

/** What a failed token request is about: where the token was to come from, and what it presented. */
export interface IdentityContext {
  source: IdentitySource;
  /** The endpoint asked (IMDS, IDENTITY_ENDPOINT, or Entra's authority). */
  endpoint: string;
  cloud: CloudName;
  /** iss and sub of the federated token presented to Entra (workload identity, GitHub OIDC). */
  claims?: { iss?: string; sub?: string };
}

const CONTAINERAPP_ASSIGN = 'az containerapp job identity assign -g <resource-group> -n <job-name>';
const ARC_HIMDS_GROUP = 'sudo usermod -aG himds <runner-user>, then restart the runner service (sudo ./svc.sh stop && sudo ./svc.sh start)';

/** The fix for each way a token request fails, per identity source. */
export const IdentityRemediation = {
  identityNotFound(c: IdentityContext): string {
    const selector = selectorText(c.source);
    switch (c.source.kind) {
      case 'app-service':
        return selector
          ? `The Container Apps / App Service identity endpoint has no user-assigned identity with ${selector} ("No User Assigned or Delegated Managed Identity found"). Attach it: ${CONTAINERAPP_ASSIGN} --user-assigned <identity resource id> ` +
              `(apps: az containerapp identity assign …; App Service: az webapp identity assign …), or fix the id in the action's inputs.`
          : `This Container Apps job (or app) has no system-assigned managed identity. Enable it: ${CONTAINERAPP_ASSIGN} --system-assigned ` +
              `(apps: az containerapp identity assign -g <resource-group> -n <app-name> --system-assigned; App Service: az webapp identity assign), then grant its principal id access to the vault; or select a user-assigned identity with client-id, object-id or resource-id.`;
      case 'arc':
        return `The Azure Arc agent (himds) issued no identity for this server. Check the agent: azcmagent show (it must be Connected), then grant the server's principal id access to the vault.`;
      default:
        return Remediation.identityNotFound(selector);
    }
  },

  ambiguousIdentity: () =>
    `This VM has several user-assigned identities and no system-assigned one, so IMDS cannot choose ("Multiple user assigned identities exist"). ` +
    `Select one with client-id, object-id or resource-id; list them with: az vm identity show -g <resource-group> -n <vm-name> --query userAssignedIdentities (scale sets: az vmss identity show …).`,

  wrongCloud: (c: IdentityContext) =>
    `The token for ${vaultResource(c.cloud)} was refused as an unknown resource (invalid_resource): cloud is ${c.cloud}, which is not the cloud this runner's identity lives in. ` +
    `Set cloud to that cloud (az cloud show --query name -o tsv): AzureCloud, AzureUSGovernment or AzureChinaCloud.`,

  entra(code: number, c: IdentityContext): string {
    const source = c.source;
    if (source.kind !== 'workload-identity' && source.kind !== 'github-oidc') return `Microsoft Entra ID refused the token (AADSTS${code}); see https://login.microsoftonline.com/error?code=${code}`;
    const aks = source.kind === 'workload-identity';
    // iss and sub come from the federated token: shown escaped, and in the commands only as plain words.
    const issDefault = aks ? '<your AKS OIDC issuer: az aks show -g <rg> -n <cluster> --query oidcIssuerProfile.issuerUrl -o tsv>' : 'https://token.actions.githubusercontent.com';
    const subDefault = aks ? 'system:serviceaccount:<namespace>:<service-account>' : 'repo:<owner>/<repo>:ref:refs/heads/<branch>';
    const claim = (value: string | undefined, fallback: string, placeholder: string) =>
      value === undefined ? { text: fallback, arg: fallback, plain: true } : { text: untrusted(value, 300), arg: commandWord(value, placeholder), plain: isPlainWord(value) };
    const iss = claim(c.claims?.iss, issDefault, '<issuer>');
    const sub = claim(c.claims?.sub, subDefault, '<subject>');
    const unsafe = [!iss.plain && 'issuer', !sub.plain && 'subject'].filter(Boolean);
    const unsafeNote = unsafe.length
      ? ` The token's ${unsafe.join(' and ')} holds characters that are not safe to paste into a shell, so the commands below show ${unsafe.map((u) => `<${u}>`).join(' and ')} in ${unsafe.length > 1 ? 'their' : 'its'} place: fill in the value you mean to trust, quoted for your shell.`
      : '';
    const clientId = commandWord(source.clientId, '<client-id>');
    const params = (name: string) => jsonArg({ name, issuer: iss.arg, subject: sub.arg, audiences: ['api://AzureADTokenExchange'] });
    const clientIdText = aks ? 'AZURE_CLIENT_ID (the azure.workload.identity/client-id annotation on the runner\'s service account)' : 'client-id';
    const tenantText = aks ? 'AZURE_TENANT_ID' : 'tenant-id';
    switch (code) {
      case 70021:
        return aks
          ? `Microsoft Entra ID has no federated credential on the identity with client id ${untrusted(source.clientId, 80)} that matches this pod's service account token (AADSTS70021). The token's issuer is ${iss.text} and its subject is ${sub.text}.${unsafeNote} ` +
              `Add one: az identity federated-credential create --name actions-runner --identity-name <identity-name> --resource-group <resource-group> --issuer ${iss.arg} --subject ${sub.arg} --audiences api://AzureADTokenExchange ` +
              `(for an app registration: az ad app federated-credential create --id ${clientId} --parameters ${params('actions-runner')}).`
          : `Microsoft Entra ID has no federated credential on the application ${untrusted(source.clientId, 80)} that matches this job's GitHub token (AADSTS70021). The token's subject is ${sub.text} (issuer ${iss.text}).${unsafeNote} ` +
              `Add it: az ad app federated-credential create --id ${clientId} --parameters ${params('github-actions')} ` +
              `(for a user-assigned identity: az identity federated-credential create --name github-actions --identity-name <identity-name> --resource-group <resource-group> --issuer ${iss.arg} --subject ${sub.arg} --audiences api://AzureADTokenExchange).`;
      case 700024:
        return aks
          ? `The service account token in AZURE_FEDERATED_TOKEN_FILE (${source.tokenFile}) has expired (AADSTS700024). The kubelet refreshes projected tokens while the pod runs; restart the runner pod, and check the node's clock.`
          : `The job's GitHub ID token had expired when Microsoft Entra ID received it (AADSTS700024). Re-run the job, and check the runner's clock.`;
      case 700016:
        return `Microsoft Entra ID has no application or identity with client id ${source.clientId} in tenant ${source.tenantId} (AADSTS700016). Check ${clientIdText}, ${tenantText} and cloud (${c.cloud}): az identity show -g <resource-group> -n <identity-name> --query "{clientId:clientId,tenantId:tenantId}"`;
      case 90002:
        return `Microsoft Entra ID has no tenant ${source.tenantId} in ${c.cloud} (AADSTS90002). Check ${tenantText} (az account show --query tenantId -o tsv) and cloud.`;
      default:
        return `Microsoft Entra ID refused the token exchange for client id ${source.clientId} (AADSTS${code}); see https://login.microsoftonline.com/error?code=${code}`;
    }
  },

  arcKeyUnreadable: () =>
    `The runner's user cannot read the Azure Arc agent's challenge key file in /var/opt/azcmagent/tokens: only root and members of the himds group can. Add the runner's user to that group: ${ARC_HIMDS_GROUP}.`,

  noIdToken: (status: string) =>
    `GitHub did not issue this job an ID token (${status}). Add "permissions: id-token: write" to the job (a job triggered by a fork's pull request never gets one), and check that ACTIONS_ID_TOKEN_REQUEST_URL reaches GitHub.`,

  unreachable(c: IdentityContext, detail: string): string {
    switch (c.source.kind) {
      case 'imds':
        return Remediation.imdsUnreachable(c.endpoint, detail);
      case 'app-service':
        return `The managed identity endpoint ${c.endpoint} (IDENTITY_ENDPOINT) cannot be reached (${detail}). Run the job in the Container Apps job or app whose identity it is; IDENTITY_ENDPOINT and IDENTITY_HEADER come from the platform.`;
      case 'arc':
        return `The Azure Arc agent's identity endpoint ${c.endpoint} cannot be reached (${detail}). Check that the agent runs: sudo systemctl status himdsd; azcmagent show.`;
      default:
        return `Microsoft Entra ID (${c.endpoint}) cannot be reached (${detail}). Check the runner's network, HTTPS_PROXY/NO_PROXY, and cloud (${c.cloud}).`;
    }
  },

  notAToken: (c: IdentityContext) => Remediation.imdsNotAToken(c.endpoint),

  tokenFile: (file: string, problem: string) =>
    `The workload identity token file ${file} (AZURE_FEDERATED_TOKEN_FILE) ${problem}, so it was not read. The workload identity webhook projects the pod's service account token there as a small regular file: ` +
    `check that the pod is labelled azure.workload.identity/use: "true", that AZURE_FEDERATED_TOKEN_FILE is the webhook's (usually /var/run/secrets/azure/tokens/azure-identity-token), and that nothing else is mounted there (kubectl describe pod <runner-pod>).`,

  tooLarge(c: IdentityContext, what: string): string {
    const where = c.source.kind === 'imds' ? 'that this runner is an Azure VM and that nothing else answers for 169.254.169.254 (AZURE_POD_IDENTITY_AUTHORITY_HOST, a local proxy or firewall)'
      : c.source.kind === 'app-service' || c.source.kind === 'arc' ? 'IDENTITY_ENDPOINT, and that nothing else answers there'
      : `HTTPS_PROXY/NO_PROXY and the cloud (${c.cloud}): a proxy or captive portal may be answering for Microsoft Entra ID`;
    return `Refused the identity answer: ${what}, larger than any token answer, so it was not read. Something other than the identity endpoint is answering; check ${where}.`;
  },
  refused: (c: IdentityContext, status: string) => Remediation.imdsError(c.endpoint, status),
  gaveUp: (c: IdentityContext, status: string, seconds: number) => Remediation.imdsGaveUp(c.endpoint, status, seconds),
} as const;
