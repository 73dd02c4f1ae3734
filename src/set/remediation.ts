// What users read when the set step is refused or fails: the cause, and the role, command or option that fixes it.
import { untrusted } from '../runner/untrusted.js';
import { principalArg } from '../util/shell.js';
import type { SetConfig } from './inputs.js';

export interface WriteContext {
  vault: string;
  secret: string;
  principalId?: string;
}

const who = (c: WriteContext) =>
  c.principalId
    ? `the runner's managed identity (principal id ${untrusted(c.principalId, 80)})`
    : "the runner's managed identity";

/** The Key Vault data actions the options need, beyond setSecret. */
export function dataActions(set: Pick<SetConfig, 'skipUnchanged' | 'keepVersions' | 'onDeleted'>): string[] {
  return [
    'Microsoft.KeyVault/vaults/secrets/setSecret/action',
    ...(set.skipUnchanged || set.onDeleted === 'recover' ? ['Microsoft.KeyVault/vaults/secrets/getSecret/action'] : []),
    ...(set.keepVersions > 0 || set.onDeleted !== 'fail'
      ? ['Microsoft.KeyVault/vaults/secrets/readMetadata/action']
      : []),
    ...(set.keepVersions > 0 ? ['Microsoft.KeyVault/vaults/secrets/update/action'] : []),
    ...(set.onDeleted === 'recover' ? ['Microsoft.KeyVault/vaults/secrets/recover/action'] : []),
    ...(set.onDeleted === 'purge' ? ['Microsoft.KeyVault/vaults/secrets/purge/action'] : []),
  ];
}

/** The access-policy permissions the options need. */
export function policyPermissions(set: Pick<SetConfig, 'skipUnchanged' | 'keepVersions' | 'onDeleted'>): string[] {
  return [
    'set',
    ...(set.skipUnchanged || set.onDeleted === 'recover' ? ['get'] : []),
    ...(set.keepVersions > 0 ? ['list'] : []),
    ...(set.onDeleted === 'recover' ? ['recover'] : []),
    ...(set.onDeleted === 'purge' ? ['purge'] : []),
  ];
}

export const SetRemediation = {
  pullRequestRefused: (event: string) =>
    `This step writes secrets, and this run is a ${untrusted(event, 60)} event: refused, so that a pull request cannot overwrite a vault's secrets. ` +
    'Write from a push, schedule or workflow_dispatch workflow; or, for a workflow whose pull requests are trusted, set allow-pull-requests: true (a fork is refused all the same).',

  forkRefused: (head: string) =>
    `This step writes secrets, and this run is a pull request from ${untrusted(head, 100)}, a fork: always refused, whatever the inputs say.`,

  forbiddenByRbac: (c: WriteContext, set: SetConfig) =>
    `forbidden by Azure RBAC: ${who(c)} may not write "${c.secret}" in ${c.vault}. ` +
    `The least-privileged grant is a custom role holding only ${dataActions(set).join(', ')}, ` +
    `or the built-in "Key Vault Secrets Officer", assigned on the secret or the vault: ` +
    `az role assignment create --role "Key Vault Secrets Officer" --assignee ${principalArg(c.principalId)} --scope "$(az keyvault show -n ${c.vault} --query id -o tsv)/secrets/${c.secret}". ` +
    'To let it write only some names (such as handoff-*), add a condition on the secret name to the assignment (Azure ABAC): see docs/writing.md.',

  forbiddenByPolicy: (c: WriteContext, set: SetConfig) =>
    `forbidden by the vault's access policy: ${who(c)} lacks the secret ${policyPermissions(set).join(' and ')} permission on ${c.vault}. ` +
    `Grant it: az keyvault set-policy -n ${c.vault} --object-id ${principalArg(c.principalId)} --secret-permissions ${policyPermissions(set).join(' ')}`,

  deleted: (c: WriteContext, purgeDate: Date | undefined) =>
    `"${c.secret}" is deleted but recoverable in ${c.vault} (soft delete), and its name cannot be reused until it is recovered or purged` +
    `${purgeDate ? `; Key Vault purges it on ${purgeDate.toISOString()}` : ''}. Nothing was written for it. Either recover it ` +
    `(on-deleted: recover, or az keyvault secret recover --vault-name ${c.vault} -n ${c.secret}), which brings back its old versions and writes the new one over them; ` +
    `or purge it (on-deleted: purge, or az keyvault secret purge --vault-name ${c.vault} -n ${c.secret}), which destroys them for good and needs the purge permission.`,

  purgeProtected: (c: WriteContext) =>
    `"${c.secret}" is deleted in ${c.vault}, and the vault has purge protection: nobody can purge a deleted name before its retention period ends, ` +
    'which is what purge protection is for. Recover it instead (on-deleted: recover), or write under another name.',

  stillBusy: (c: WriteContext, what: 'recovered' | 'purged', timeoutSeconds: number) =>
    `"${c.secret}" was still being ${what} in ${c.vault} when the step's timeout (${timeoutSeconds} s) ran out; nothing was written for it. ` +
    'Run the step again in a minute, or raise timeout.',

  noWriter: () => 'This Azure access cannot write secrets.',
};
