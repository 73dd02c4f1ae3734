// What users read when the run's token (or a resource's) cannot be had: the cause in plain words and the
// command that fixes it, per identity source.
import { GITHUB_ISSUER, TOKEN_EXCHANGE_AUDIENCE } from '../constants.js';
import { untrusted } from '../policy/untrusted.js';
import { commandWord, isPlainWord, jsonArg } from '../util/shell.js';
import { entry, render, type Said } from './entry.js';

const VM_IDENTITY_ASSIGN = 'az vm identity assign -g <resource-group> -n <vm-name>';
const VMSS_IDENTITY_ASSIGN = 'az vmss identity assign -g <resource-group> -n <scale-set-name>';
const CONTAINERAPP_ASSIGN = 'az containerapp job identity assign -g <resource-group> -n <job-name>';
const ARC_WINDOWS_GROUP = 'Hybrid agent extension applications';
const ARC_WINDOWS_GROUP_ADD = `net localgroup "${ARC_WINDOWS_GROUP}" <runner-user> /add (PowerShell: Add-LocalGroupMember -Group "${ARC_WINDOWS_GROUP}" -Member <runner-user>)`;
const ARC_HIMDS_GROUP =
  'sudo usermod -aG himds <runner-user>, then restart the runner service (sudo ./svc.sh stop && sudo ./svc.sh start)';

/** Why the action waits for an unreachable IMDS (identity/imdsBoot.ts): said in the notice and in the failure. */
export const WAIT_REASONS = {
  named: 'auth: imds says this runner is an Azure VM',
  chassis: 'this machine is an Azure VM (chassis asset tag)',
} as const;

/** Where the token was to come from (identity/source.ts IdentitySource, as far as a message needs it). */
export type SourceFacts =
  /**
   * `oidcWithoutTenant`: auth: auto picked IMDS although client-id is given and the job may request a GitHub ID
   * token, so only tenant-id kept it from GitHub OIDC (IMDS's failures say so first).
   */
  | { kind: 'imds'; oidcWithoutTenant?: true | undefined }
  | { kind: 'app-service' | 'arc' }
  | { kind: 'workload-identity'; tokenFile: string; clientId: string; tenantId: string }
  | { kind: 'github-oidc'; clientId: string; tenantId: string };

/** What a failed token request is about: where the token was to come from, and what it presented. */
export interface IdentityContext {
  source: SourceFacts;
  /** "client-id 6f1c…" when a user-assigned identity is selected (identity/source.ts selectorText). */
  selector?: string | undefined;
  /** The endpoint asked (IMDS, IDENTITY_ENDPOINT, or Entra's authority). */
  endpoint: string;
  cloud: string;
  /** The runner's OS (process.platform), for the commands: Arc's fixes differ on Windows. Linux when not given. */
  platform?: string;
  /** iss, sub and aud (the first, if several) of the federated token presented to Entra (workload identity, GitHub OIDC). */
  claims?: { iss?: string; sub?: string; aud?: string } | undefined;
  /** What a GitHub ID token's subject tells (identity/githubSubject.ts), for a subject mismatch. */
  github?: GitHubSubjectFacts | undefined;
}

/**
 * What a job's GitHub ID token presented as its subject (github.com's issuer only), read by
 * identity/githubSubject.ts: its form, the start of the other form, the repository for `gh api`, and for a
 * subject that changes with every run, the flexible credential's expression. Plain text only.
 */
export interface GitHubSubjectFacts {
  form: 'names' | 'ids' | 'custom';
  /** The start of the other form for the same repository (repo:OWNER@OWNER_ID/REPO@REPO_ID, or repo:OWNER/REPO). */
  other?: string | undefined;
  /** OWNER/REPO, or <owner>/<repo>. */
  path: string;
  /** For one tag, merge queue branch or pull request ref: what an exact subject matches, what the expression covers. */
  flexible?: { one: string; covers: string; expression: string } | undefined;
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

/** A federated token refused by Entra (AKS workload identity or GitHub OIDC). */
interface Federated {
  code: number;
  aks: boolean;
  clientId: string;
  tenantId: string;
  /** AZURE_FEDERATED_TOKEN_FILE (AKS). */
  tokenFile?: string | undefined;
  cloud: string;
  claims?: { iss?: string; sub?: string; aud?: string } | undefined;
  github?: GitHubSubjectFacts | undefined;
}

const CLIENT = '33333333-4444-4555-8666-777777777777';
const TENANT = '11111111-2222-4333-8444-555555555555';
const IMDS = 'http://169.254.169.254/metadata/identity/oauth2/token';
const ENTRA = 'https://login.microsoftonline.com/11111111-2222-4333-8444-555555555555';
const githubExample = (code: number): Federated => ({
  code,
  aks: false,
  clientId: CLIENT,
  tenantId: TENANT,
  cloud: 'AzureCloud',
  claims: { iss: GITHUB_ISSUER, sub: 'repo:acme/training:environment:Production', aud: TOKEN_EXCHANGE_AUDIENCE },
});

/** GitHub's subject forms, for the messages (identity/githubSubject.ts reads which one a token presented). */
const NAME_FORM = 'repo:OWNER/REPO:…';
const ID_FORM = 'repo:OWNER@OWNER_ID/REPO@REPO_ID:…';
/** Reads what GitHub sends a repository: its subject template, the opt-in, and the start of every subject. */
const oidcSettings = (path: string) =>
  `gh api repos/${path}/actions/oidc/customization/sub (sub_claim_prefix starts every subject it sends; use_immutable_subject is the opt-in)`;

/**
 * What a GitHub ID token's subject tells about a subject mismatch: the form it presented (said with the token's
 * claims), the other direction and its fixes, where to read what GitHub sends, and for a subject that changes with
 * every run, the flexible credential that matches them all. Only prefixes, owner/repo and the expression come from
 * the token, each plain text (identity/githubSubject.ts): the rest of the subject is shown once, escaped, before.
 */
function githubSubjectAdvice(f: Federated): { form: string; after: string } {
  const what = FEDERATION_MISMATCH[f.code];
  const g = f.github;
  if (f.aks || !g || (what !== 'any' && what !== 'subject' && what !== 'subject-case')) return { form: '', after: '' };
  const read = ` What GitHub sends this repository: ${oidcSettings(g.path)}.`;
  const flex = g.flexible && f.cloud === 'AzureCloud' ? flexibleAdvice(g.flexible, f.clientId) : '';
  switch (g.form) {
    case 'names':
      return {
        form: ` That is the name form (${NAME_FORM}), which GitHub sends while the repository has not opted in to immutable subjects.`,
        after:
          ` If the credential was made for the immutable form instead (its subject starting ${g.other}:, as the Azure portal now writes it), add the name form as above, or opt the repository in to immutable subjects (its OIDC settings) so that GitHub sends the form the credential holds.` +
          read +
          flex,
      };
    case 'ids':
      return {
        form: ` That is the immutable form (${ID_FORM}), which GitHub sends for a repository created, renamed or transferred since 2026-07-15, or opted in.`,
        after:
          ` A credential made for the name form (its subject starting ${g.other}:) no longer matches: add the immutable form as above (its ids survive a rename) and delete the old one; only a repository that opted in can go back to names, by turning the opt-in off.` +
          read +
          flex,
      };
    case 'custom':
      return {
        form: ` That is not one of GitHub's default subjects (${NAME_FORM} or ${ID_FORM}): the repository or its organization customizes it (include_claim_keys).`,
        after: read,
      };
    default:
      return { form: '', after: '' };
  }
}

/** The flexible credential for a subject that changes with every run: where it applies, and how it is made. */
function flexibleAdvice(flexible: NonNullable<GitHubSubjectFacts['flexible']>, clientId: string): string {
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

/** The claims shown (escaped) and put into the commands (plain words only), and the commands that add a credential. */
function federation(f: Federated) {
  const { aks } = f;
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
  const iss = claim(f.claims?.iss, issDefault, '<issuer>');
  const sub = claim(f.claims?.sub, subDefault, '<subject>');
  const aud = claim(f.claims?.aud, TOKEN_EXCHANGE_AUDIENCE, '<audience>');
  const unsafe = [!iss.plain && 'issuer', !sub.plain && 'subject'].filter(Boolean);
  const unsafeNote = unsafe.length
    ? ` The token's ${unsafe.join(' and ')} holds characters that are not safe to paste into a shell, so the commands below show ${unsafe.map((u) => `<${u}>`).join(' and ')} in ${unsafe.length > 1 ? 'their' : 'its'} place: fill in the value you mean to trust, quoted for your shell.`
    : '';
  const clientId = commandWord(f.clientId, '<client-id>');
  const what = FEDERATION_MISMATCH[f.code] ?? 'any';
  const audienceArg = what === 'audience' ? aud.arg : TOKEN_EXCHANGE_AUDIENCE;
  const name = aks ? 'actions-runner' : 'github-actions';
  const identityCommand = `az identity federated-credential create --name ${name} --identity-name <identity-name> --resource-group <resource-group> --issuer ${iss.arg} --subject ${sub.arg} --audiences ${audienceArg}`;
  const appCommand = `az ad app federated-credential create --id ${clientId} --parameters ${jsonArg({ name, issuer: iss.arg, subject: sub.arg, audiences: [audienceArg] })}`;
  const owner = aks
    ? `the identity with client id ${untrusted(f.clientId, 80)}`
    : `the application ${untrusted(f.clientId, 80)}`;
  const token = aks ? "this pod's service account token" : "this job's GitHub token";
  const github = githubSubjectAdvice(f);
  const presented = `The token's issuer is ${iss.text}, its subject ${sub.text}${what === 'audience' ? ` and its audience ${aud.text}` : ''}.${github.form}${unsafeNote}`;
  const addIt = aks
    ? `Add it: ${identityCommand} (for an app registration: ${appCommand}).`
    : `Add it: ${appCommand} (for a user-assigned identity: ${identityCommand}).${github.after}`;
  return { iss, sub, unsafeNote, clientId, identityCommand, appCommand, owner, token, presented, addIt, github };
}

const clientIdText = (aks: boolean) =>
  aks
    ? "AZURE_CLIENT_ID (the azure.workload.identity/client-id annotation on the runner's service account)"
    : 'client-id';
const tenantText = (aks: boolean) => (aks ? 'AZURE_TENANT_ID' : 'tenant-id');

/** The action's own code for its connect timeout (azure/imdsAgent.ts), in words. */
const detailWords = (detail: string) => (detail === 'EIMDSUNREACHABLE' ? 'no TCP connection within 3 s' : detail);

/** "refused the connection" for ECONNREFUSED; the plain words for the others. */
function unreachableWords(detail: string): string {
  if (detail === 'ECONNREFUSED') return 'refused the connection (ECONNREFUSED)';
  if (detail === 'EIMDSUNREACHABLE') return 'accepted no connection within 3 s';
  return `cannot be reached (${detail})`;
}

const win = (platform: string | undefined) => platform === 'win32';

/** IMDS could not be reached: said alone, and after the hint that GitHub OIDC lacked only tenant-id. */
const IMDS_UNREACHABLE = entry({
  section: 'identity',
  when: 'IMDS unreachable (`auth: auto`, no sign of Azure): fails within seconds (3 s connect timeout, no retries)',
  problem: (a: { endpoint: string; detail: string }) =>
    `The managed identity endpoint ${a.endpoint} cannot be reached (${detailWords(a.detail)}). This runner is not an Azure VM or scale set instance, or something blocks the endpoint.`,
  fix: () =>
    `Run this job on an Azure VM/VMSS runner with a managed identity. If the runner uses a proxy, 169.254.169.254 must be in NO_PROXY (this action never proxies it, but a transparent proxy or firewall can still intercept it). ` +
    `On an Azure VM that has just started, set auth: imds: the action then waits for IMDS until the timeout.`,
  example: { endpoint: IMDS, detail: 'EIMDSUNREACHABLE' },
});

export const IDENTITY_MESSAGES = {
  'identity.imds-no-system-identity': entry({
    section: 'identity',
    when: 'IMDS answers 400 "Identity not found"',
    problem: () => `This runner's VM has no system-assigned managed identity (IMDS answered "Identity not found").`,
    fix: () =>
      `Enable it: ${VM_IDENTITY_ASSIGN} (scale sets: ${VMSS_IDENTITY_ASSIGN}), then grant its principal id access to the vault; or select a user-assigned identity with client-id, object-id or resource-id.`,
    example: {},
  }),
  'identity.imds-identity-not-attached': entry({
    section: 'identity',
    when: 'IMDS answers 400 "Identity not found" for the identity client-id, object-id or resource-id selects',
    problem: (a: { selector: string }) =>
      `The managed identity endpoint (IMDS) has no identity with ${a.selector} on this runner's VM: the user-assigned identity is not attached.`,
    fix: () =>
      `Attach it: ${VM_IDENTITY_ASSIGN} --identities <identity resource id> (scale sets: ${VMSS_IDENTITY_ASSIGN} --identities <identity resource id>), or fix the id in the action's inputs.`,
    example: { selector: `client-id ${CLIENT}` },
  }),
  'identity.ambiguous': entry({
    section: 'identity',
    when: 'IMDS: "Multiple user assigned identities exist"',
    problem: () =>
      `This VM has several user-assigned identities and no system-assigned one, so IMDS cannot choose ("Multiple user assigned identities exist").`,
    fix: () =>
      `Select one with client-id, object-id or resource-id; list them with: az vm identity show -g <resource-group> -n <vm-name> --query userAssignedIdentities (scale sets: az vmss identity show …).`,
    example: {},
  }),
  'identity.app-service-no-system-identity': entry({
    section: 'identity',
    when: 'Container Apps / App Service: no system-assigned identity',
    problem: () => `This Container Apps job (or app) has no system-assigned managed identity.`,
    fix: () =>
      `Enable it: ${CONTAINERAPP_ASSIGN} --system-assigned ` +
      `(apps: az containerapp identity assign -g <resource-group> -n <app-name> --system-assigned; App Service: az webapp identity assign), then grant its principal id access to the vault; or select a user-assigned identity with client-id, object-id or resource-id.`,
    example: {},
  }),
  'identity.app-service-identity-not-attached': entry({
    section: 'identity',
    when: 'Container Apps / App Service: "No User Assigned or Delegated Managed Identity found"',
    problem: (a: { selector: string }) =>
      `The Container Apps / App Service identity endpoint has no user-assigned identity with ${a.selector} ("No User Assigned or Delegated Managed Identity found").`,
    fix: () =>
      `Attach it: ${CONTAINERAPP_ASSIGN} --user-assigned <identity resource id> ` +
      `(apps: az containerapp identity assign …; App Service: az webapp identity assign …), or fix the id in the action's inputs.`,
    example: { selector: `client-id ${CLIENT}` },
  }),
  'identity.arc-no-identity': entry({
    section: 'identity',
    when: 'Arc: the agent issued no identity',
    problem: (_: { platform?: string | undefined }) =>
      `The Azure Arc agent (himds) issued no identity for this server.`,
    fix: (a) =>
      `Check the agent: azcmagent show (it must be Connected; ${win(a.platform) ? 'Get-Service himds' : 'sudo systemctl status himdsd'}), then grant the server's principal id access to the vault.`,
    example: { platform: 'linux' },
  }),
  'identity.arc-key-unreadable': entry({
    section: 'identity',
    when: "Arc: the agent's key file is unreadable",
    // The key file's directory and who may read it differ by OS (MSAL reads it only from there:
    // docs/authentication.md, "Azure Arc-enabled servers").
    problem: (a: { platform?: string | undefined }) =>
      win(a.platform)
        ? `The runner's user cannot read the Azure Arc agent's challenge key file in %ProgramData%\\AzureConnectedMachineAgent\\Tokens: only administrators and members of the "${ARC_WINDOWS_GROUP}" group can.`
        : `The runner's user cannot read the Azure Arc agent's challenge key file in /var/opt/azcmagent/tokens: only root and members of the himds group can.`,
    fix: (a) =>
      win(a.platform)
        ? `Add the runner service's account to that group: ${ARC_WINDOWS_GROUP_ADD}, then restart the runner service (Restart-Service "actions.runner.*").`
        : `Add the runner's user to that group: ${ARC_HIMDS_GROUP}.`,
    example: { platform: 'linux' },
  }),
  'identity.unknown-resource': entry({
    section: 'identity',
    when: '`invalid_resource` / AADSTS500011 for a resource `tokens`, `storage-keys` or `acr-login` names',
    problem: (a: { scope: string; cloud: string }) =>
      `Microsoft Entra ID knows no resource ${untrusted(a.scope.replace(/\/\.default$/, ''))} in this tenant (invalid_resource, AADSTS500011).`,
    fix: (a) => {
      const resource = a.scope.replace(/\/\.default$/, '');
      return (
        `Check the application id URI ` +
        `(az ad sp list --filter "servicePrincipalNames/any(n:n eq '${commandWord(resource, '<app-id-uri>')}')" --query "[].appId"), and for a well-known name that cloud (${a.cloud}) is the runner's cloud.`
      );
    },
    example: { scope: 'api://ml-training-api/.default', cloud: 'AzureCloud' },
  }),
  'identity.wrong-cloud': entry({
    section: 'identity',
    when: '`invalid_resource` / AADSTS50001 for the Key Vault token',
    problem: (a: { resource: string; cloud: string }) =>
      `The token for ${a.resource} was refused as an unknown resource (invalid_resource): cloud is ${a.cloud}, which is not the cloud this runner's identity lives in.`,
    fix: () =>
      `Set cloud to that cloud (az cloud show --query name -o tsv): AzureCloud, AzureUSGovernment or AzureChinaCloud.`,
    example: { resource: 'https://vault.usgovcloudapi.net', cloud: 'AzureUSGovernment' },
  }),
  'identity.entra-refused': entry({
    section: 'identity',
    when: 'any other AADSTS code',
    problem: (a: { code: number }) => `Microsoft Entra ID refused the token (AADSTS${a.code});`,
    fix: (a) => `see https://login.microsoftonline.com/error?code=${a.code}`,
    example: { code: 50076 },
  }),
  'identity.entra-refused-exchange': entry({
    section: 'identity',
    when: 'any other AADSTS code (AKS workload identity, GitHub OIDC)',
    problem: (a: { code: number; clientId: string }) =>
      `Microsoft Entra ID refused the token exchange for client id ${a.clientId} (AADSTS${a.code});`,
    fix: (a) => `see https://login.microsoftonline.com/error?code=${a.code}`,
    example: { code: 50076, clientId: CLIENT },
  }),
  'identity.no-federated-credential': entry({
    section: 'identity',
    when: 'AADSTS70021 (AKS, GitHub OIDC)',
    problem: (f: Federated) => {
      const { iss, sub, unsafeNote, github } = federation(f);
      return f.aks
        ? `Microsoft Entra ID has no federated credential on the identity with client id ${untrusted(f.clientId, 80)} that matches this pod's service account token (AADSTS70021). The token's issuer is ${iss.text} and its subject is ${sub.text}.${unsafeNote}`
        : `Microsoft Entra ID has no federated credential on the application ${untrusted(f.clientId, 80)} that matches this job's GitHub token (AADSTS70021). The token's subject is ${sub.text} (issuer ${iss.text}).${github.form}${unsafeNote}`;
    },
    fix: (f) => {
      const { iss, sub, appCommand, github } = federation(f);
      return f.aks
        ? `Add one: az identity federated-credential create --name actions-runner --identity-name <identity-name> --resource-group <resource-group> --issuer ${iss.arg} --subject ${sub.arg} --audiences ${TOKEN_EXCHANGE_AUDIENCE} ` +
            `(for an app registration: ${appCommand}).`
        : `Add it: ${appCommand} ` +
            `(for a user-assigned identity: az identity federated-credential create --name github-actions --identity-name <identity-name> --resource-group <resource-group> --issuer ${iss.arg} --subject ${sub.arg} --audiences ${TOKEN_EXCHANGE_AUDIENCE}).${github.after}`;
    },
    example: githubExample(70021),
  }),
  'identity.federated-issuer': entry({
    section: 'identity',
    when: 'AADSTS700211 (AKS, GitHub OIDC)',
    problem: (f: Federated) => {
      const { owner, token, presented } = federation(f);
      return `Microsoft Entra ID has no federated credential on ${owner} with the issuer of ${token} (AADSTS${f.code}). ${presented}`;
    },
    fix: (f) =>
      (f.aks
        ? "The credential's issuer must be the cluster's OIDC issuer URL exactly, trailing slash included (az aks show -g <rg> -n <cluster> --query oidcIssuerProfile.issuerUrl -o tsv)."
        : `GitHub's issuer is ${GITHUB_ISSUER} exactly (no trailing slash), unless the enterprise set a custom issuer.`) +
      ` ${federation(f).addIt}`,
    example: githubExample(700211),
  }),
  'identity.federated-subject': entry({
    section: 'identity',
    when: 'AADSTS700213, 7002137 (AKS, GitHub OIDC); for GitHub OIDC (and AADSTS70021, 7002138) the form presented, names or immutable ids, and for a tag, merge queue or pull request ref the flexible credential',
    problem: (f: Federated) => {
      const { owner, token, presented } = federation(f);
      return (
        `Microsoft Entra ID has no federated credential on ${owner} with the subject of ${token} (AADSTS${f.code}). ${presented}` +
        (f.aks
          ? ' The subject is system:serviceaccount:<namespace>:<service-account> of the runner pod.'
          : ' GitHub sets it from the trigger: …:ref:refs/heads/<branch>, …:environment:<name> for a job with an environment, …:pull_request for pull requests.')
      );
    },
    fix: (f) => federation(f).addIt,
    // GitHub OIDC: the form presented (names, or the immutable ids), the other form's start, and where to read it.
    example: {
      ...githubExample(700213),
      github: { form: 'names', other: 'repo:acme@5544123/training@821093847', path: 'acme/training' },
    },
  }),
  'identity.federated-subject-case': entry({
    section: 'identity',
    when: 'AADSTS7002138 (AKS, GitHub OIDC): Entra compares subjects case-sensitively',
    problem: (f: Federated) => {
      const { owner, token, presented } = federation(f);
      return `A federated credential on ${owner} matches the subject of ${token} only when case is ignored, and Microsoft Entra ID compares subjects case-sensitively (AADSTS${f.code}). ${presented}`;
    },
    fix: (f) => {
      const { clientId, addIt } = federation(f);
      return (
        `Replace the credential whose subject differs in case (list them: ${f.aks ? 'az identity federated-credential list --identity-name <identity-name> --resource-group <resource-group>' : `az ad app federated-credential list --id ${clientId}`}) with one holding the exact subject.` +
        ` ${addIt}`
      );
    },
    example: githubExample(7002138),
  }),
  'identity.federated-audience': entry({
    section: 'identity',
    when: 'AADSTS700212, 7002121 (AKS, GitHub OIDC)',
    problem: (f: Federated) => {
      const { owner, token, presented } = federation(f);
      return `Microsoft Entra ID has no federated credential on ${owner} with the audience of ${token} (AADSTS${f.code}). ${presented}`;
    },
    fix: (f) =>
      (f.aks
        ? `The workload identity webhook projects the token for ${TOKEN_EXCHANGE_AUDIENCE}; the credential's audiences must include the token's.`
        : `The action asks GitHub for ${TOKEN_EXCHANGE_AUDIENCE}; the credential's audiences must include it.`) +
      ` ${federation(f).addIt}`,
    example: githubExample(700212),
  }),
  'identity.federated-token-expired': entry({
    section: 'identity',
    when: 'AADSTS700024 (AKS, GitHub OIDC)',
    problem: (f: Federated) =>
      f.aks
        ? `The service account token in AZURE_FEDERATED_TOKEN_FILE (${f.tokenFile}) has expired (AADSTS700024).`
        : `The job's GitHub ID token had expired when Microsoft Entra ID received it (AADSTS700024).`,
    fix: (f) =>
      f.aks
        ? `The kubelet refreshes projected tokens while the pod runs; restart the runner pod, and check the node's clock.`
        : `Re-run the job, and check the runner's clock.`,
    example: githubExample(700024),
  }),
  'identity.unknown-client': entry({
    section: 'identity',
    when: 'AADSTS700016 (AKS, GitHub OIDC)',
    problem: (f: Federated) =>
      `Microsoft Entra ID has no application or identity with client id ${f.clientId} in tenant ${f.tenantId} (AADSTS700016).`,
    fix: (f) =>
      `Check ${clientIdText(f.aks)}, ${tenantText(f.aks)} and cloud (${f.cloud}): az identity show -g <resource-group> -n <identity-name> --query "{clientId:clientId,tenantId:tenantId}"`,
    example: githubExample(700016),
  }),
  'identity.unknown-tenant': entry({
    section: 'identity',
    when: 'AADSTS90002 (AKS, GitHub OIDC)',
    problem: (f: Federated) => `Microsoft Entra ID has no tenant ${f.tenantId} in ${f.cloud} (AADSTS90002).`,
    fix: (f) => `Check ${tenantText(f.aks)} (az account show --query tenantId -o tsv) and cloud.`,
    example: githubExample(90002),
  }),
  'identity.no-id-token': entry({
    section: 'identity',
    when: 'GitHub OIDC: no `id-token: write`, or GitHub refuses the ID token',
    problem: (a: { status: string; attempts?: number | undefined }) =>
      `GitHub did not issue this job an ID token (${a.status}${(a.attempts ?? 1) > 1 ? `, after ${a.attempts} attempts` : ''}).`,
    fix: () =>
      `Add "permissions: id-token: write" to the job (a job triggered by a fork's pull request never gets one), and check that ACTIONS_ID_TOKEN_REQUEST_URL reaches GitHub.`,
    example: { status: 'HTTP 403', attempts: 1 },
  }),
  'identity.token-file': entry({
    section: 'identity',
    when: 'AKS: the token file is not a small regular file',
    problem: (a: { file: string; why: string }) =>
      `The workload identity token file ${a.file} (AZURE_FEDERATED_TOKEN_FILE) ${a.why}, so it was not read.`,
    fix: () =>
      `The workload identity webhook projects the pod's service account token there as a small regular file: ` +
      `check that the pod is labelled azure.workload.identity/use: "true", that AZURE_FEDERATED_TOKEN_FILE is the webhook's (/var/run/secrets/azure/wi/token/azure-identity-token from webhook v1.6.0, /var/run/secrets/azure/tokens/azure-identity-token before), and that nothing else is mounted there (kubectl describe pod <runner-pod>).`,
    example: { file: '/var/run/secrets/azure/wi/token/azure-identity-token', why: 'is empty' },
  }),
  'identity.imds-unreachable': IMDS_UNREACHABLE,
  'identity.imds-waiting': entry({
    section: 'identity',
    level: 'notice',
    when: 'IMDS unreachable where the runner is known to be an Azure VM (`auth: imds`, or the chassis asset tag): said once, then waited for',
    problem: (a: { endpoint: string; detail: string; reason: string; seconds: number }) =>
      `IMDS (${a.endpoint}) ${unreachableWords(a.detail)}; ${a.reason}, which may have just booted: retrying until the ${a.seconds} s timeout.`,
    fix: () => '',
    example: { endpoint: IMDS, detail: 'ECONNREFUSED', reason: WAIT_REASONS.named, seconds: 60 },
  }),
  'identity.imds-still-unreachable': entry({
    section: 'identity',
    when: 'IMDS unreachable until the deadline (`auth: imds`, or the Azure chassis asset tag); see [A VM that has just booted](authentication.md#a-vm-that-has-just-booted)',
    problem: (a: { endpoint: string; detail: string; attempts: number; seconds: number; reason: string }) =>
      `IMDS (${a.endpoint}) was still unreachable after ${a.attempts} attempt${a.attempts === 1 ? '' : 's'} within the ${a.seconds} s timeout (last: ${detailWords(a.detail)}); the action waited because ${a.reason}.`,
    fix: (a) =>
      `On a VM that has just booted, raise timeout (IMDS normally answers within seconds of boot); if it persists, check that nothing on the VM blocks 169.254.169.254 (a host firewall, or a proxy: it must be in NO_PROXY)` +
      (a.reason === WAIT_REASONS.named
        ? `, and that this runner is an Azure VM at all: elsewhere, auth: imds is the wrong source.`
        : '.'),
    example: { endpoint: IMDS, detail: 'ECONNREFUSED', attempts: 14, seconds: 60, reason: WAIT_REASONS.named },
  }),
  'identity.github-oidc-needs-tenant': entry({
    section: 'identity',
    when: 'IMDS fails with `client-id` and no `tenant-id`, in a job that may request a GitHub ID token (`auth: auto`): said first, then what IMDS failed with',
    // IMDS's own words ("run this job on an Azure VM") would mislead where only tenant-id kept GitHub OIDC out.
    problem: (_: { imds: string }) =>
      `client-id is given and this job may request a GitHub ID token (ACTIONS_ID_TOKEN_REQUEST_URL is set), but tenant-id is not: GitHub OIDC needs both, so auth: auto used this machine's managed identity (IMDS) instead.`,
    fix: (a) =>
      `To sign in with GitHub OIDC, add tenant-id (az account show --query tenantId -o tsv). If you meant the managed identity: ${a.imds}`,
    example: {
      imds: render('identity.imds-unreachable', IMDS_UNREACHABLE, IMDS_UNREACHABLE.example).text,
    },
  }),
  'identity.app-service-unreachable': entry({
    section: 'identity',
    when: 'Container Apps / App Service: IDENTITY_ENDPOINT unreachable',
    problem: (a: { endpoint: string; detail: string }) =>
      `The managed identity endpoint ${a.endpoint} (IDENTITY_ENDPOINT) cannot be reached (${a.detail}).`,
    fix: () =>
      `Run the job in the Container Apps job or app whose identity it is; IDENTITY_ENDPOINT and IDENTITY_HEADER come from the platform.`,
    example: { endpoint: 'http://localhost:42356/msi/token', detail: 'ECONNREFUSED' },
  }),
  'identity.arc-unreachable': entry({
    section: 'identity',
    when: "Arc: the agent's endpoint unreachable",
    problem: (a: { endpoint: string; detail: string; platform?: string | undefined }) =>
      `The Azure Arc agent's identity endpoint ${a.endpoint} cannot be reached (${a.detail}).`,
    fix: (a) =>
      `Check that the agent runs: ${win(a.platform) ? 'Get-Service himds (PowerShell)' : 'sudo systemctl status himdsd'}; azcmagent show.`,
    example: {
      endpoint: 'http://localhost:40342/metadata/identity/oauth2/token',
      detail: 'ECONNREFUSED',
      platform: 'linux',
    },
  }),
  'identity.entra-unreachable': entry({
    section: 'identity',
    when: 'AKS, GitHub OIDC: Microsoft Entra ID unreachable',
    problem: (a: { endpoint: string; detail: string; cloud: string }) =>
      `Microsoft Entra ID (${a.endpoint}) cannot be reached (${a.detail}).`,
    fix: (a) => `Check the runner's network, HTTPS_PROXY/NO_PROXY, and cloud (${a.cloud}).`,
    example: { endpoint: ENTRA, detail: 'ENOTFOUND', cloud: 'AzureCloud' },
  }),
  'identity.refused': entry({
    section: 'identity',
    when: 'the identity endpoint refuses with another status',
    problem: (a: { endpoint: string; status: string }) =>
      `The managed identity endpoint ${a.endpoint} refused to issue a token (${a.status}).`,
    fix: () =>
      `If a proxy or firewall answers for 169.254.169.254, let the runner reach it directly; otherwise check the VM's identity: az vm identity show -g <resource-group> -n <vm-name>`,
    example: { endpoint: IMDS, status: 'HTTP 403' },
  }),
  'identity.imds-throttled': entry({
    section: 'identity',
    when: 'IMDS (or IDENTITY_ENDPOINT) answers 429 until the deadline',
    problem: (a: { endpoint: string; seconds: number }) =>
      `throttled: the managed identity endpoint ${a.endpoint} kept answering HTTP 429 Too Many Requests until the ${a.seconds} s deadline (each retry waited at least its Retry-After).`,
    fix: () => `Too many token requests from this machine at once: spread the jobs' schedules, or raise timeout.`,
    example: { endpoint: IMDS, seconds: 60 },
  }),
  'identity.imds-kept-failing': entry({
    section: 'identity',
    when: 'IMDS (or IDENTITY_ENDPOINT) answers 404, 410 or 5xx until the deadline',
    problem: (a: { endpoint: string; status: string; seconds: number }) =>
      `The managed identity endpoint ${a.endpoint} kept failing (last: ${a.status}) until the ${a.seconds} s deadline.`,
    fix: () =>
      `Retry the job; if it persists, check the VM's identity: az vm identity show -g <resource-group> -n <vm-name>`,
    example: { endpoint: IMDS, status: 'HTTP 503', seconds: 60 },
  }),
  'identity.entra-throttled': entry({
    section: 'identity',
    when: 'AKS, GitHub OIDC: Microsoft Entra ID answers 429 until the deadline',
    problem: (a: { endpoint: string; seconds: number }) =>
      `throttled: Microsoft Entra ID (${a.endpoint}) kept answering HTTP 429 Too Many Requests until the ${a.seconds} s deadline (each retry waited at least its Retry-After).`,
    fix: () => `Too many token requests for this tenant or app at once: spread the jobs' schedules, or raise timeout.`,
    example: { endpoint: ENTRA, seconds: 60 },
  }),
  'identity.entra-kept-failing': entry({
    section: 'identity',
    when: 'AKS, GitHub OIDC: Microsoft Entra ID answers 5xx until the deadline',
    problem: (a: { endpoint: string; status: string; seconds: number }) =>
      `Microsoft Entra ID (${a.endpoint}) kept failing (last: ${a.status}) until the ${a.seconds} s deadline, each retry after a backoff: it was unavailable.`,
    fix: () => `Retry the job, or raise timeout to ride out a longer outage.`,
    example: { endpoint: ENTRA, status: 'HTTP 503', seconds: 60 },
  }),
  'identity.not-a-token': entry({
    section: 'identity',
    when: 'the identity endpoint answers with something that is not a token',
    problem: (a: { endpoint: string }) =>
      `The managed identity endpoint ${a.endpoint} answered with something that is not a token (cut short, or not JSON).`,
    fix: () =>
      `A proxy or firewall may be answering for 169.254.169.254: let the runner reach it directly (NO_PROXY), then retry.`,
    example: { endpoint: IMDS },
  }),
  'identity.answer-too-large': entry({
    section: 'identity',
    when: 'an identity answer larger than any token answer',
    problem: (a: { kind: SourceFacts['kind']; cloud: string; what: string }) =>
      `Refused the identity answer: ${a.what}, larger than any token answer, so it was not read.`,
    fix: (a) => {
      const where =
        a.kind === 'imds'
          ? 'that this runner is an Azure VM and that nothing else answers for 169.254.169.254 (AZURE_POD_IDENTITY_AUTHORITY_HOST, a local proxy or firewall)'
          : a.kind === 'app-service' || a.kind === 'arc'
            ? 'IDENTITY_ENDPOINT, and that nothing else answers there'
            : `HTTPS_PROXY/NO_PROXY and the cloud (${a.cloud}): a proxy or captive portal may be answering for Microsoft Entra ID`;
      return `Something other than the identity endpoint is answering; check ${where}.`;
    },
    example: { kind: 'imds', cloud: 'AzureCloud', what: '169.254.169.254 answered with more than 64 KiB' },
  }),
  'identity.unexpected-identity': entry({
    section: 'identity',
    when: 'Refused the identity (`expected-tenant-id`, `expected-principal-id`)',
    problem: (a: {
      /** The source's name as the log says it (identity/source.ts SOURCE_NAMES). */
      sourceName: string;
      /** The resource the token is for: the run's vault audience, or one tokens, storage-keys or acr-login asked for. */
      resource: string;
      expected: { tenantId?: string | undefined; principalId?: string | undefined };
      /** The token's tid, oid and appid (azp), as it carries them. */
      actual: { tenantId?: string | undefined; objectId?: string | undefined; clientId?: string | undefined };
      mismatched: ('tenant' | 'principal')[];
      kind: SourceFacts['kind'];
      selector?: string | undefined;
    }) => {
      const claim = (value: string | undefined, name: string) =>
        value === undefined ? `none (no ${name} claim)` : untrusted(value, 80);
      const issued = `tenant ${claim(a.actual.tenantId, 'tid')}, principal id ${claim(a.actual.objectId, 'oid')}, client id ${claim(a.actual.clientId, 'appid')}`;
      const expected = [
        a.mismatched.includes('tenant') && `expected-tenant-id is ${a.expected.tenantId}`,
        a.mismatched.includes('principal') &&
          `expected-principal-id is ${a.expected.principalId} (the principal id or the client id)`,
      ]
        .filter(Boolean)
        .join(' and ');
      return (
        `Refused the identity: ${a.sourceName} issued a token (for ${untrusted(a.resource, 200)}) to ${issued}, but ${expected}. ` +
        `Nothing was read or requested with it, and nothing was exported.`
      );
    },
    fix: (a) => {
      const which = a.selector ? ` for ${a.selector}` : ' (its system-assigned one)';
      const where = {
        imds: `This runner's VM or scale set gives another identity${which} than this job expects. Check that the job ran on the runners meant for it (runs-on) and the identity it selects (client-id, object-id or resource-id; none: the VM's system-assigned identity). The VM's identities: az vm identity show -g <resource-group> -n <vm-name> (scale sets: az vmss identity show …)`,
        'app-service': `This Container Apps job (or app) gives another identity${which} than this job expects. Its identities: az containerapp job identity show -g <resource-group> -n <job-name>`,
        arc: `This Azure Arc-enabled server's identity is not the one this job expects: check that the job ran on the runners meant for it (runs-on). The server's identity: az connectedmachine show -g <resource-group> -n <machine-name> --query identity`,
        'workload-identity': `The identity the runner pod's service account names (azure.workload.identity/client-id, AZURE_CLIENT_ID and AZURE_TENANT_ID, or client-id and tenant-id) is not the one this job expects. Its ids: az identity show -g <resource-group> -n <identity-name> --query "{principalId:principalId,clientId:clientId,tenantId:tenantId}"`,
        'github-oidc': `The application or identity that tenant-id and client-id name is not the one this job expects. Its ids: az ad sp show --id <client-id> --query "{principalId:id,clientId:appId,tenantId:appOwnerOrganizationId}"`,
      }[a.kind];
      return `${where}. If this identity is the right one, set expected-tenant-id and expected-principal-id to its ids.`;
    },
    example: {
      sourceName: 'Azure VM/VMSS managed identity (IMDS)',
      resource: 'https://vault.azure.net',
      expected: { principalId: '0b1ec700-aaaa-4bbb-8ccc-00000000000b' },
      actual: { tenantId: TENANT, objectId: '5e7a11ce-0000-4000-8000-00000000000a', clientId: CLIENT },
      mismatched: ['principal'],
      kind: 'imds',
    },
  }),
  'identity.timeout': entry({
    section: 'identity',
    when: '`timeout` ran out while the identity endpoint was asked for the token',
    problem: (a: { what: string; seconds: number }) =>
      `Managed identity: timed out after ${a.seconds} s waiting for ${a.what}.`,
    fix: () => `Raise the timeout input if the vault is slow, or check the runner's network.`,
    example: { what: `the identity endpoint ${IMDS} to issue a token`, seconds: 60 },
  }),
};

type Messages = typeof IDENTITY_MESSAGES;
const say = <K extends keyof Messages>(id: K, args: Messages[K]['example']): Said =>
  render(id, IDENTITY_MESSAGES[id] as never, args);

/** No identity where the source looked: per source, and whether a user-assigned one was selected. */
export function identityNotFound(c: IdentityContext): Said {
  switch (c.source.kind) {
    case 'app-service':
      return c.selector
        ? say('identity.app-service-identity-not-attached', { selector: c.selector })
        : say('identity.app-service-no-system-identity', {});
    case 'arc':
      return say('identity.arc-no-identity', { platform: c.platform });
    default:
      return withOidcTenantHint(
        c.source,
        c.selector
          ? say('identity.imds-identity-not-attached', { selector: c.selector })
          : say('identity.imds-no-system-identity', {}),
      );
  }
}

/**
 * IMDS's failure, said after the hint that GitHub OIDC lacked only tenant-id where auth: auto used IMDS for
 * that reason (SourceFacts' oidcWithoutTenant); the failure alone otherwise.
 */
export function withOidcTenantHint(source: SourceFacts, imds: Said): Said {
  return source.kind === 'imds' && source.oidcWithoutTenant
    ? say('identity.github-oidc-needs-tenant', { imds: imds.text })
    : imds;
}

/** Entra refused the token, by its AADSTS code: a federated token's mismatch names what did not match. */
export function entraRefusal(code: number, c: IdentityContext): Said {
  const source = c.source;
  if (source.kind !== 'workload-identity' && source.kind !== 'github-oidc')
    return say('identity.entra-refused', { code });
  const f: Federated = {
    code,
    aks: source.kind === 'workload-identity',
    clientId: source.clientId,
    tenantId: source.tenantId,
    tokenFile: source.kind === 'workload-identity' ? source.tokenFile : undefined,
    cloud: c.cloud,
    claims: c.claims,
    github: c.github,
  };
  switch (FEDERATION_MISMATCH[code]) {
    case 'any':
      return say('identity.no-federated-credential', f);
    case 'issuer':
      return say('identity.federated-issuer', f);
    case 'subject':
      return say('identity.federated-subject', f);
    case 'subject-case':
      return say('identity.federated-subject-case', f);
    case 'audience':
      return say('identity.federated-audience', f);
  }
  switch (code) {
    case 700024:
      return say('identity.federated-token-expired', f);
    case 700016:
      return say('identity.unknown-client', f);
    case 90002:
      return say('identity.unknown-tenant', f);
    default:
      return say('identity.entra-refused-exchange', { code, clientId: source.clientId });
  }
}

/** The identity endpoint could not be reached: per source. */
export function identityUnreachable(c: IdentityContext, detail: string): Said {
  switch (c.source.kind) {
    case 'imds':
      return withOidcTenantHint(c.source, say('identity.imds-unreachable', { endpoint: c.endpoint, detail }));
    case 'app-service':
      return say('identity.app-service-unreachable', { endpoint: c.endpoint, detail });
    case 'arc':
      return say('identity.arc-unreachable', { endpoint: c.endpoint, detail, platform: c.platform });
    default:
      return say('identity.entra-unreachable', { endpoint: c.endpoint, detail, cloud: c.cloud });
  }
}

/** What was passing (429, 5xx) lasted until the deadline: throttling is named as such. */
export function identityGaveUp(c: IdentityContext, status: string, seconds: number): Said {
  const entra = c.source.kind === 'workload-identity' || c.source.kind === 'github-oidc';
  if (status === 'HTTP 429')
    return entra
      ? say('identity.entra-throttled', { endpoint: c.endpoint, seconds })
      : say('identity.imds-throttled', { endpoint: c.endpoint, seconds });
  return entra
    ? say('identity.entra-kept-failing', { endpoint: c.endpoint, status, seconds })
    : say('identity.imds-kept-failing', { endpoint: c.endpoint, status, seconds });
}
