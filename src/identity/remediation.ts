// What users read when a token request fails: the cause in plain words and the command that fixes it, per identity source.
import { type CloudName, vaultResource } from '../inputs/cloud.js';
import type { FederatedClaims, IdentitySource } from '../ports.js';
import { selectorText } from './source.js';
import { untrusted } from '../runner/untrusted.js';
import { WAIT_REASONS } from './imdsBoot.js';
import { commandWord, isPlainWord, jsonArg } from '../util/shell.js';
import { GITHUB_ISSUER, TOKEN_EXCHANGE_AUDIENCE } from '../constants.js';
import {
  type FlexibleSuggestion,
  flexibleExpression,
  isGitHubDotCom,
  otherPrefix,
  repositoryPath,
  subjectForm,
} from './githubSubject.js';
import { type TokenProxy, type TokenProxyFailureReason, tokenProxyText } from './tokenProxy.js';

export const VM_IDENTITY_ASSIGN = 'az vm identity assign -g <resource-group> -n <vm-name>';
export const VMSS_IDENTITY_ASSIGN = 'az vmss identity assign -g <resource-group> -n <scale-set-name>';

/** The VM/VMSS (IMDS) texts, which other sources fall back on. */
export const ImdsRemediation = {
  identityNotFound: (selector: string | undefined) =>
    selector
      ? `The managed identity endpoint (IMDS) has no identity with ${selector} on this runner's VM: the user-assigned identity is not attached. ` +
        `Attach it: ${VM_IDENTITY_ASSIGN} --identities <identity resource id> (scale sets: ${VMSS_IDENTITY_ASSIGN} --identities <identity resource id>), or fix the id in the action's inputs.`
      : `This runner's VM has no system-assigned managed identity (IMDS answered "Identity not found"). ` +
        `Enable it: ${VM_IDENTITY_ASSIGN} (scale sets: ${VMSS_IDENTITY_ASSIGN}), then grant its principal id access to the vault; or select a user-assigned identity with client-id, object-id or resource-id.`,

  imdsUnreachable: (endpoint: string, detail: string) =>
    `The managed identity endpoint ${endpoint} cannot be reached (${detailWords(detail)}). This runner is not an Azure VM or scale set instance, or something blocks the endpoint. ` +
    `Run this job on an Azure VM/VMSS runner with a managed identity. If the runner uses a proxy, 169.254.169.254 must be in NO_PROXY (this action never proxies it, but a transparent proxy or firewall can still intercept it). ` +
    `On an Azure VM that has just started, set auth: imds: the action then waits for IMDS until the timeout.`,

  /** The action waits for IMDS (a VM that may have just booted): said once, in the log. */
  imdsWaiting: (endpoint: string, detail: string, reason: string, seconds: number) =>
    `IMDS (${endpoint}) ${unreachableWords(detail)}; ${reason}, which may have just booted: retrying until the ${seconds} s timeout.`,

  /** Still unreachable at the deadline, after waiting because the runner is known to be an Azure VM. */
  imdsStillUnreachable: (endpoint: string, detail: string, attempts: number, seconds: number, reason: string) =>
    `IMDS (${endpoint}) was still unreachable after ${attempts} attempt${attempts === 1 ? '' : 's'} within the ${seconds} s timeout (last: ${detailWords(detail)}); the action waited because ${reason}. ` +
    `On a VM that has just booted, raise timeout (IMDS normally answers within seconds of boot); if it persists, check that nothing on the VM blocks 169.254.169.254 (a host firewall, or a proxy: it must be in NO_PROXY)` +
    (reason === WAIT_REASONS.named
      ? `, and that this runner is an Azure VM at all: elsewhere, auth: imds is the wrong source.`
      : '.'),

  imdsError: (endpoint: string, status: string) =>
    `The managed identity endpoint ${endpoint} refused to issue a token (${status}). If a proxy or firewall answers for 169.254.169.254, let the runner reach it directly; otherwise check the VM's identity: az vm identity show -g <resource-group> -n <vm-name>`,

  imdsGaveUp: (endpoint: string, status: string, seconds: number) =>
    status === 'HTTP 429'
      ? `throttled: the managed identity endpoint ${endpoint} kept answering HTTP 429 Too Many Requests until the ${seconds} s deadline (each retry waited at least its Retry-After). Too many token requests from this machine at once: spread the jobs' schedules, or raise timeout.`
      : `The managed identity endpoint ${endpoint} kept failing (last: ${status}) until the ${seconds} s deadline. Retry the job; if it persists, check the VM's identity: az vm identity show -g <resource-group> -n <vm-name>`,

  imdsNotAToken: (endpoint: string) =>
    `The managed identity endpoint ${endpoint} answered with something that is not a token (cut short, or not JSON). A proxy or firewall may be answering for 169.254.169.254: let the runner reach it directly (NO_PROXY), then retry.`,
} as const;

/** The action's own code for its connect timeout (imdsAgent.ts), in words. */
const detailWords = (detail: string) => (detail === 'EIMDSUNREACHABLE' ? 'no TCP connection within 3 s' : detail);

/** "refused the connection" for ECONNREFUSED; the plain words for the others. */
function unreachableWords(detail: string): string {
  if (detail === 'ECONNREFUSED') return 'refused the connection (ECONNREFUSED)';
  if (detail === 'EIMDSUNREACHABLE') return 'accepted no connection within 3 s';
  return `cannot be reached (${detail})`;
}

/** What a failed token request is about: where the token was to come from, and what it presented. */
export interface IdentityContext {
  source: IdentitySource;
  /** The endpoint asked (IMDS, IDENTITY_ENDPOINT, or Entra's authority). */
  endpoint: string;
  cloud: CloudName;
  /** The runner's OS (process.platform), for the commands: Arc's fixes differ on Windows. Linux when not given. */
  platform?: string;
  /**
   * iss, sub and aud (the first, if several) of the federated token presented to Entra (workload identity, GitHub
   * OIDC), and a GitHub ID token's repository claims.
   */
  claims?: FederatedClaims;
}

/**
 * auto used IMDS although client-id is given and the job may request a GitHub ID token: GitHub OIDC lacked only
 * tenant-id. Said first in IMDS's failures, whose own words ("run this job on an Azure VM") would mislead there.
 */
export function withOidcTenantHint(source: IdentitySource, message: string): string {
  if (source.kind !== 'imds' || !source.oidcWithoutTenant) return message;
  return (
    `client-id is given and this job may request a GitHub ID token (ACTIONS_ID_TOKEN_REQUEST_URL is set), but tenant-id is not: GitHub OIDC needs both, so auth: auto used this machine's managed identity (IMDS) instead. ` +
    `To sign in with GitHub OIDC, add tenant-id (az account show --query tenantId -o tsv). If you meant the managed identity: ${message}`
  );
}

/** GitHub's subject forms, for the messages (githubSubject.ts reads which one a token presented). */
const NAME_FORM = 'repo:OWNER/REPO:…';
const ID_FORM = 'repo:OWNER@OWNER_ID/REPO@REPO_ID:…';
/** Reads what GitHub sends a repository: its subject template, the opt-in, and the start of every subject. */
const oidcSettings = (path: string) =>
  `gh api repos/${path}/actions/oidc/customization/sub (sub_claim_prefix starts every subject it sends; use_immutable_subject is the opt-in)`;

/**
 * What a GitHub ID token's subject tells about a subject mismatch: the form it presented (said with the token's
 * claims), the other direction and its fixes, where to read what GitHub sends, and for a subject that changes with
 * every run, the flexible credential that matches them all. Only prefixes, owner/repo and the expression come from
 * the token, each plain text (githubSubject.ts): the rest of the subject is shown once, escaped, before.
 */
export function githubSubjectAdvice(
  claims: FederatedClaims | undefined,
  clientId: string,
  cloud: CloudName,
): { form: string; after: string } {
  const sub = claims?.sub;
  if (sub === undefined || !isGitHubDotCom(claims?.iss)) return { form: '', after: '' };
  const form = subjectForm(sub);
  const other = otherPrefix(form, claims ?? {});
  const path = repositoryPath(form, claims ?? {}) ?? '<owner>/<repo>';
  const read = ` What GitHub sends this repository: ${oidcSettings(path)}.`;
  const flexible = flexibleExpression(sub, claims?.iss);
  const flex = flexible && cloud === 'AzureCloud' ? flexibleAdvice(flexible, clientId) : '';
  switch (form.form) {
    case 'names':
      return {
        form: ` That is the name form (${NAME_FORM}), which GitHub sends while the repository has not opted in to immutable subjects.`,
        after:
          ` If the credential was made for the immutable form instead (its subject starting ${other}:, as the Azure portal now writes it), add the name form as above, or opt the repository in to immutable subjects (its OIDC settings) so that GitHub sends the form the credential holds.` +
          read +
          flex,
      };
    case 'ids':
      return {
        form: ` That is the immutable form (${ID_FORM}), which GitHub sends for a repository created, renamed or transferred since 2026-07-15, or opted in.`,
        after:
          ` A credential made for the name form (its subject starting ${other}:) no longer matches: add the immutable form as above (its ids survive a rename) and delete the old one; only a repository that opted in can go back to names, by turning the opt-in off.` +
          read +
          flex,
      };
    case 'custom':
      return {
        form: ` That is not one of GitHub's default subjects (${NAME_FORM} or ${ID_FORM}): the repository or its organization customizes it (include_claim_keys).`,
        after: read,
      };
  }
}

/** The flexible credential for a subject that changes with every run: where it applies, and how it is made. */
function flexibleAdvice(flexible: FlexibleSuggestion, clientId: string): string {
  const body = {
    name: 'github-actions-flexible',
    issuer: GITHUB_ISSUER,
    audiences: [TOKEN_EXCHANGE_AUDIENCE],
    claimsMatchingExpression: { value: flexible.expression, languageVersion: 1 },
  };
  return (
    ` An exact subject matches ${flexible.one} only; one flexible federated credential matches ${flexible.covers}: ${flexible.expression} ` +
    `(preview; on an app registration only, not on a managed identity; made through Microsoft Graph beta, which az ad app federated-credential does not do): ` +
    `az rest --method post --url https://graph.microsoft.com/beta/applications/<application-object-id>/federatedIdentityCredentials --body ${jsonArg(body)} ` +
    `(the object id: az ad app show --id ${commandWord(clientId, '<client-id>')} --query id -o tsv).`
  );
}

/**
 * Entra's codes for a federated token no credential matches, by what did not match:
 * AADSTS70021 (generic, older), 700211 issuer, 700212 and 7002121 audience, 700213 and 7002137 subject,
 * 7002138 subject equal only when case is ignored (Entra compares case-sensitively since 2024).
 */
export const FEDERATION_MISMATCH: Record<number, 'any' | 'issuer' | 'subject' | 'subject-case' | 'audience'> = {
  70021: 'any',
  700211: 'issuer',
  700212: 'audience',
  7002121: 'audience',
  700213: 'subject',
  7002137: 'subject',
  7002138: 'subject-case',
};

const CONTAINERAPP_ASSIGN = 'az containerapp job identity assign -g <resource-group> -n <job-name>';
const ARC_WINDOWS_GROUP = 'Hybrid agent extension applications';
const ARC_WINDOWS_GROUP_ADD = `net localgroup "${ARC_WINDOWS_GROUP}" <runner-user> /add (PowerShell: Add-LocalGroupMember -Group "${ARC_WINDOWS_GROUP}" -Member <runner-user>)`;
const ARC_HIMDS_GROUP =
  'sudo usermod -aG himds <runner-user>, then restart the runner service (sudo ./svc.sh stop && sudo ./svc.sh start)';

/** The identity binding's token proxy, when the source sends its token exchange to one. */
const tokenProxyOf = (c: IdentityContext): TokenProxy | undefined =>
  c.source.kind === 'workload-identity' ? c.source.tokenProxy : undefined;

const sentence = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

/** What the proxy checks, and the commands that show it. */
const identityBindingCheck = (clientId: string) =>
  `check that an identity binding maps this identity to this cluster (az aks identity-binding list -g <resource-group> --cluster-name <cluster>), ` +
  `and that a ClusterRole bound to the runner's service account grants the verb use-managed-identity on the resource ${commandWord(clientId, '<client-id>')} in the API group cid.wi.aks.azure.com`;

const WEBHOOK_SETS_THEM =
  'The workload identity webhook sets AZURE_KUBERNETES_TOKEN_PROXY, AZURE_KUBERNETES_SNI_NAME and the CA for a pod annotated azure.workload.identity/use-identity-binding: "true"; kubectl describe pod <runner-pod> shows them.';

/** A TLS failure's system code, in words: which check the proxy's certificate failed. */
function tlsWords(code: string, proxy: TokenProxy): string {
  if (/^(ERR_TLS_CERT_ALTNAME_INVALID|HOSTNAME_MISMATCH)$/.test(code))
    return `its certificate is not for ${proxy.sniName ?? untrusted(new URL(proxy.url).hostname, 120)}: ${code}`;
  if (/^CERT_(HAS_EXPIRED|NOT_YET_VALID)$/.test(code)) return `its certificate is expired or not yet valid: ${code}`;
  if (/CERT|ISSUER|SIGNATURE|^INVALID_CA$/.test(code)) return `its certificate is not issued by that CA: ${code}`;
  return `the proxy ended the handshake, as it does for an SNI name it does not serve: ${code}`;
}

/**
 * AKS identity bindings: the token exchange went to the cluster's token proxy (identity/tokenProxy.ts), whose
 * failures are the proxy's, its CA's and its identity binding's, not Entra ID's.
 */
export const TokenProxyRemediation = {
  /** What failed before the proxy gave an answer the SDK reads. */
  failed(proxy: TokenProxy, reason: TokenProxyFailureReason, detail: string): string {
    const where = tokenProxyText(proxy);
    const ca =
      'file' in proxy.ca
        ? `the CA in AZURE_KUBERNETES_CA_FILE (${untrusted(proxy.ca.file, 200)})`
        : 'the CA in AZURE_KUBERNETES_CA_DATA';
    switch (reason) {
      case 'ca-file':
        return (
          `The token proxy's CA file ${'file' in proxy.ca ? untrusted(proxy.ca.file, 200) : ''} (AZURE_KUBERNETES_CA_FILE) ${detail}, so ${where} could not be trusted and was sent nothing. ` +
          `The webhook mounts the cluster's CA bundle there: check that the volume is mounted and nothing else is (kubectl describe pod <runner-pod>). An empty file is a CA rotation in progress: retry the job.`
        );
      case 'tls':
        return (
          `The TLS handshake with ${where} failed (${tlsWords(detail, proxy)}), so nothing was sent. The action trusts the proxy only through ${ca}, never the runner's own CAs, and checks its certificate against ${proxy.sniName ? 'AZURE_KUBERNETES_SNI_NAME' : "the URL's host"}. ` +
          `Check that these are the webhook's current values; after the cluster rotates its CA, restart the runner pod. Something else answering at AZURE_KUBERNETES_TOKEN_PROXY (a proxy or firewall in between) fails here too. ${WEBHOOK_SETS_THEM}`
        );
      case 'unreachable':
        return (
          `${sentence(where)} cannot be reached (${detail}). The action connects to it directly, never through HTTPS_PROXY: ` +
          `check that the runner pod may reach AZURE_KUBERNETES_TOKEN_PROXY (network policies, the cluster's API server address) and that the cluster has identity bindings (az aks identity-binding list -g <resource-group> --cluster-name <cluster>). ${WEBHOOK_SETS_THEM}`
        );
      case 'not-json':
        return (
          `${sentence(where)} answered with something that is not a token answer (${detail}, not JSON), so it was not read. ` +
          `Something other than the cluster's token proxy may be answering at AZURE_KUBERNETES_TOKEN_PROXY: check the address. ${WEBHOOK_SETS_THEM}`
        );
    }
  },

  /** Entra ID's refusal, passed on by the proxy: a federated credential mismatch is the identity binding's. */
  entra: (proxy: TokenProxy, code: number, clientId: string) =>
    `Microsoft Entra ID refused the token exchange sent through ${tokenProxyText(proxy)} for the identity with client id ${untrusted(clientId, 80)} (AADSTS${code}): no federated credential matched the proxy's assertion. ` +
    `With identity bindings AKS keeps that credential itself (aks-identity-binding, on the identity): ${identityBindingCheck(clientId)}.`,

  /** The proxy's own refusal (a status and no AADSTS code). */
  refused: (proxy: TokenProxy, status: string, clientId: string) =>
    `${sentence(tokenProxyText(proxy))} refused the token exchange (${status}). The proxy checks that the runner's service account may use the identity: ${identityBindingCheck(clientId)}.`,

  tooLarge: (proxy: TokenProxy, what: string) =>
    `Refused the identity answer: ${what}, larger than any token answer, so it was not read. Something other than ${tokenProxyText(proxy)} is answering; check AZURE_KUBERNETES_TOKEN_PROXY (kubectl describe pod <runner-pod>).`,

  gaveUp: (proxy: TokenProxy, status: string, seconds: number) =>
    status === 'HTTP 429'
      ? `throttled: ${tokenProxyText(proxy)} kept answering HTTP 429 Too Many Requests until the ${seconds} s deadline (each retry waited at least its Retry-After). Spread the jobs' schedules, or raise timeout.`
      : `${sentence(tokenProxyText(proxy))} kept failing (last: ${status}) until the ${seconds} s deadline, each retry after a backoff. Retry the job, or raise timeout; if it persists, check the cluster's identity bindings (az aks identity-binding list -g <resource-group> --cluster-name <cluster>).`,
} as const;

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
        return `The Azure Arc agent (himds) issued no identity for this server. Check the agent: azcmagent show (it must be Connected; ${c.platform === 'win32' ? 'Get-Service himds' : 'sudo systemctl status himdsd'}), then grant the server's principal id access to the vault.`;
      default:
        return withOidcTenantHint(c.source, ImdsRemediation.identityNotFound(selector));
    }
  },

  ambiguousIdentity: () =>
    `This VM has several user-assigned identities and no system-assigned one, so IMDS cannot choose ("Multiple user assigned identities exist"). ` +
    `Select one with client-id, object-id or resource-id; list them with: az vm identity show -g <resource-group> -n <vm-name> --query userAssignedIdentities (scale sets: az vmss identity show …).`,

  /** A token for another resource (tokens, storage-keys, acr-login) refused as unknown. */
  unknownResource: (scope: string, cloud: string) => {
    const resource = scope.replace(/\/\.default$/, '');
    return (
      `Microsoft Entra ID knows no resource ${untrusted(resource)} in this tenant (invalid_resource, AADSTS500011). Check the application id URI ` +
      `(az ad sp list --filter "servicePrincipalNames/any(n:n eq '${commandWord(resource, '<app-id-uri>')}')" --query "[].appId"), and for a well-known name that cloud (${cloud}) is the runner's cloud.`
    );
  },

  wrongCloud: (c: IdentityContext) =>
    `The token for ${vaultResource(c.cloud)} was refused as an unknown resource (invalid_resource): cloud is ${c.cloud}, which is not the cloud this runner's identity lives in. ` +
    `Set cloud to that cloud (az cloud show --query name -o tsv): AzureCloud, AzureUSGovernment or AzureChinaCloud.`,

  entra(code: number, c: IdentityContext): string {
    const source = c.source;
    if (source.kind !== 'workload-identity' && source.kind !== 'github-oidc')
      return `Microsoft Entra ID refused the token (AADSTS${code}); see https://login.microsoftonline.com/error?code=${code}`;
    const aks = source.kind === 'workload-identity';
    const proxy = tokenProxyOf(c);
    if (proxy && code in FEDERATION_MISMATCH) return TokenProxyRemediation.entra(proxy, code, source.clientId);
    // iss and sub come from the federated token: shown escaped, and in the commands only as plain words.
    const issDefault = aks
      ? '<your AKS OIDC issuer: az aks show -g <rg> -n <cluster> --query oidcIssuerProfile.issuerUrl -o tsv>'
      : GITHUB_ISSUER;
    const subDefault = aks
      ? 'system:serviceaccount:<namespace>:<service-account>'
      : 'repo:<owner>/<repo>:ref:refs/heads/<branch>';
    const claim = (value: string | undefined, fallback: string, placeholder: string) =>
      value === undefined
        ? { text: fallback, arg: fallback, plain: true }
        : { text: untrusted(value, 300), arg: commandWord(value, placeholder), plain: isPlainWord(value) };
    const iss = claim(c.claims?.iss, issDefault, '<issuer>');
    const sub = claim(c.claims?.sub, subDefault, '<subject>');
    const unsafe = [!iss.plain && 'issuer', !sub.plain && 'subject'].filter(Boolean);
    const unsafeNote = unsafe.length
      ? ` The token's ${unsafe.join(' and ')} holds characters that are not safe to paste into a shell, so the commands below show ${unsafe.map((u) => `<${u}>`).join(' and ')} in ${unsafe.length > 1 ? 'their' : 'its'} place: fill in the value you mean to trust, quoted for your shell.`
      : '';
    const clientId = commandWord(source.clientId, '<client-id>');
    const params = (name: string, audience = TOKEN_EXCHANGE_AUDIENCE) =>
      jsonArg({ name, issuer: iss.arg, subject: sub.arg, audiences: [audience] });
    // GitHub's subject forms and the flexible credential, for a subject that did not match (githubSubjectAdvice).
    const github =
      !aks &&
      (code === 70021 || FEDERATION_MISMATCH[code] === 'subject' || FEDERATION_MISMATCH[code] === 'subject-case')
        ? githubSubjectAdvice(c.claims, source.clientId, c.cloud)
        : { form: '', after: '' };
    const clientIdText = aks
      ? "AZURE_CLIENT_ID (the azure.workload.identity/client-id annotation on the runner's service account)"
      : 'client-id';
    const tenantText = aks ? 'AZURE_TENANT_ID' : 'tenant-id';
    switch (code) {
      case 70021:
        return aks
          ? `Microsoft Entra ID has no federated credential on the identity with client id ${untrusted(source.clientId, 80)} that matches this pod's service account token (AADSTS70021). The token's issuer is ${iss.text} and its subject is ${sub.text}.${unsafeNote} ` +
              `Add one: az identity federated-credential create --name actions-runner --identity-name <identity-name> --resource-group <resource-group> --issuer ${iss.arg} --subject ${sub.arg} --audiences ${TOKEN_EXCHANGE_AUDIENCE} ` +
              `(for an app registration: az ad app federated-credential create --id ${clientId} --parameters ${params('actions-runner')}).`
          : `Microsoft Entra ID has no federated credential on the application ${untrusted(source.clientId, 80)} that matches this job's GitHub token (AADSTS70021). The token's subject is ${sub.text} (issuer ${iss.text}).${github.form}${unsafeNote} ` +
              `Add it: az ad app federated-credential create --id ${clientId} --parameters ${params('github-actions')} ` +
              `(for a user-assigned identity: az identity federated-credential create --name github-actions --identity-name <identity-name> --resource-group <resource-group> --issuer ${iss.arg} --subject ${sub.arg} --audiences ${TOKEN_EXCHANGE_AUDIENCE}).${github.after}`;
      case 700211:
      case 700212:
      case 7002121:
      case 700213:
      case 7002137:
      case 7002138: {
        // Entra's newer codes name what did not match (docs/troubleshooting.md, "The identity").
        const what = FEDERATION_MISMATCH[code] as Exclude<(typeof FEDERATION_MISMATCH)[number], 'any'>;
        const aud = claim(c.claims?.aud, TOKEN_EXCHANGE_AUDIENCE, '<audience>');
        const audienceArg = what === 'audience' ? aud.arg : TOKEN_EXCHANGE_AUDIENCE;
        const owner = aks
          ? `the identity with client id ${untrusted(source.clientId, 80)}`
          : `the application ${untrusted(source.clientId, 80)}`;
        const token = aks ? "this pod's service account token" : "this job's GitHub token";
        const presented = `The token's issuer is ${iss.text}, its subject ${sub.text}${what === 'audience' ? ` and its audience ${aud.text}` : ''}.${github.form}${unsafeNote}`;
        const cause = {
          issuer:
            `Microsoft Entra ID has no federated credential on ${owner} with the issuer of ${token} (AADSTS${code}). ${presented} ` +
            (aks
              ? "The credential's issuer must be the cluster's OIDC issuer URL exactly, trailing slash included (az aks show -g <rg> -n <cluster> --query oidcIssuerProfile.issuerUrl -o tsv)."
              : `GitHub's issuer is ${GITHUB_ISSUER} exactly (no trailing slash), unless the enterprise set a custom issuer.`),
          subject:
            `Microsoft Entra ID has no federated credential on ${owner} with the subject of ${token} (AADSTS${code}). ${presented}` +
            (aks
              ? ' The subject is system:serviceaccount:<namespace>:<service-account> of the runner pod.'
              : ' GitHub sets it from the trigger: …:ref:refs/heads/<branch>, …:environment:<name> for a job with an environment, …:pull_request for pull requests.'),
          'subject-case':
            `A federated credential on ${owner} matches the subject of ${token} only when case is ignored, and Microsoft Entra ID compares subjects case-sensitively (AADSTS${code}). ${presented} ` +
            `Replace the credential whose subject differs in case (list them: ${aks ? 'az identity federated-credential list --identity-name <identity-name> --resource-group <resource-group>' : `az ad app federated-credential list --id ${clientId}`}) with one holding the exact subject.`,
          audience:
            `Microsoft Entra ID has no federated credential on ${owner} with the audience of ${token} (AADSTS${code}). ${presented} ` +
            (aks
              ? `The workload identity webhook projects the token for ${TOKEN_EXCHANGE_AUDIENCE}; the credential's audiences must include the token's.`
              : `The action asks GitHub for ${TOKEN_EXCHANGE_AUDIENCE}; the credential's audiences must include it.`),
        }[what];
        const name = aks ? 'actions-runner' : 'github-actions';
        const identityCommand = `az identity federated-credential create --name ${name} --identity-name <identity-name> --resource-group <resource-group> --issuer ${iss.arg} --subject ${sub.arg} --audiences ${audienceArg}`;
        const appCommand = `az ad app federated-credential create --id ${clientId} --parameters ${params(name, audienceArg)}`;
        return aks
          ? `${cause} Add it: ${identityCommand} (for an app registration: ${appCommand}).`
          : `${cause} Add it: ${appCommand} (for a user-assigned identity: ${identityCommand}).${github.after}`;
      }
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

  /** Arc: the key file's directory and who may read it differ by OS (MSAL reads it only from there: docs/authentication.md, "Azure Arc-enabled servers"). */
  arcKeyUnreadable: (platform = 'linux') =>
    platform === 'win32'
      ? `The runner's user cannot read the Azure Arc agent's challenge key file in %ProgramData%\\AzureConnectedMachineAgent\\Tokens: only administrators and members of the "${ARC_WINDOWS_GROUP}" group can. ` +
        `Add the runner service's account to that group: ${ARC_WINDOWS_GROUP_ADD}, then restart the runner service (Restart-Service "actions.runner.*").`
      : `The runner's user cannot read the Azure Arc agent's challenge key file in /var/opt/azcmagent/tokens: only root and members of the himds group can. Add the runner's user to that group: ${ARC_HIMDS_GROUP}.`,

  /** GitHub refused the ID token (what is passing is retried until the deadline, whose message names the attempts). */
  noIdToken: (status: string, attempts = 1) =>
    `GitHub did not issue this job an ID token (${status}${attempts > 1 ? `, after ${attempts} attempts` : ''}). Add "permissions: id-token: write" to the job (a job triggered by a fork's pull request never gets one), and check that ACTIONS_ID_TOKEN_REQUEST_URL reaches GitHub.`,

  unreachable(c: IdentityContext, detail: string): string {
    switch (c.source.kind) {
      case 'imds':
        return withOidcTenantHint(c.source, ImdsRemediation.imdsUnreachable(c.endpoint, detail));
      case 'app-service':
        return `The managed identity endpoint ${c.endpoint} (IDENTITY_ENDPOINT) cannot be reached (${detail}). Run the job in the Container Apps job or app whose identity it is; IDENTITY_ENDPOINT and IDENTITY_HEADER come from the platform.`;
      case 'arc':
        return `The Azure Arc agent's identity endpoint ${c.endpoint} cannot be reached (${detail}). Check that the agent runs: ${c.platform === 'win32' ? 'Get-Service himds (PowerShell)' : 'sudo systemctl status himdsd'}; azcmagent show.`;
      default:
        if (tokenProxyOf(c)) return TokenProxyRemediation.failed(tokenProxyOf(c)!, 'unreachable', detail);
        return `Microsoft Entra ID (${c.endpoint}) cannot be reached (${detail}). Check the runner's network, HTTPS_PROXY/NO_PROXY, and cloud (${c.cloud}).`;
    }
  },

  notAToken: (c: IdentityContext) => ImdsRemediation.imdsNotAToken(c.endpoint),

  tokenFile: (file: string, problem: string) =>
    `The workload identity token file ${file} (AZURE_FEDERATED_TOKEN_FILE) ${problem}, so it was not read. The workload identity webhook projects the pod's service account token there as a small regular file: ` +
    `check that the pod is labelled azure.workload.identity/use: "true", that AZURE_FEDERATED_TOKEN_FILE is the webhook's (/var/run/secrets/azure/wi/token/azure-identity-token from webhook v1.6.0, /var/run/secrets/azure/tokens/azure-identity-token before), and that nothing else is mounted there (kubectl describe pod <runner-pod>).`,

  /** AKS identity bindings: the CA file, the handshake, the connection, or an answer not JSON. */
  tokenProxy: (c: IdentityContext, reason: TokenProxyFailureReason, detail: string) => {
    const proxy = tokenProxyOf(c);
    return proxy
      ? TokenProxyRemediation.failed(proxy, reason, detail)
      : `The token exchange failed (${reason}: ${untrusted(detail, 80)}).`;
  },

  tooLarge(c: IdentityContext, what: string): string {
    if (tokenProxyOf(c)) return TokenProxyRemediation.tooLarge(tokenProxyOf(c)!, what);
    const where =
      c.source.kind === 'imds'
        ? 'that this runner is an Azure VM and that nothing else answers for 169.254.169.254 (AZURE_POD_IDENTITY_AUTHORITY_HOST, a local proxy or firewall)'
        : c.source.kind === 'app-service' || c.source.kind === 'arc'
          ? 'IDENTITY_ENDPOINT, and that nothing else answers there'
          : `HTTPS_PROXY/NO_PROXY and the cloud (${c.cloud}): a proxy or captive portal may be answering for Microsoft Entra ID`;
    return `Refused the identity answer: ${what}, larger than any token answer, so it was not read. Something other than the identity endpoint is answering; check ${where}.`;
  },
  refused: (c: IdentityContext, status: string) =>
    c.source.kind === 'workload-identity' && c.source.tokenProxy
      ? TokenProxyRemediation.refused(c.source.tokenProxy, status, c.source.clientId)
      : ImdsRemediation.imdsError(c.endpoint, status),
  gaveUp: (c: IdentityContext, status: string, seconds: number) =>
    tokenProxyOf(c)
      ? TokenProxyRemediation.gaveUp(tokenProxyOf(c)!, status, seconds)
      : c.source.kind === 'workload-identity' || c.source.kind === 'github-oidc'
        ? status === 'HTTP 429'
          ? `throttled: Microsoft Entra ID (${c.endpoint}) kept answering HTTP 429 Too Many Requests until the ${seconds} s deadline (each retry waited at least its Retry-After). Too many token requests for this tenant or app at once: spread the jobs' schedules, or raise timeout.`
          : `Microsoft Entra ID (${c.endpoint}) kept failing (last: ${status}) until the ${seconds} s deadline, each retry after a backoff: it was unavailable. Retry the job, or raise timeout to ride out a longer outage.`
        : ImdsRemediation.imdsGaveUp(c.endpoint, status, seconds),
} as const;
