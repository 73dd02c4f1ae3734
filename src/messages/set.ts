// What the set step says when it refuses to write, or a write fails: the cause, and the role, command or option
// that fixes it. A failed write's message is one line of `set.write-failed`, which lists what was written and
// what not, since a write cannot be undone.
import { SetInputs } from '../constants.js';
import { untrusted } from '../policy/untrusted.js';
import { principalArg } from '../util/shell.js';
import { entry, principalWords } from './entry.js';

/** The secret a write was for, and the identity that wrote it (its principal id once the token is in). */
export interface WriteContext {
  vault: string;
  secret: string;
  principalId?: string | undefined;
}

/** The set step's options that decide what a write needs beyond setSecret. */
export interface WriteOptions {
  skipUnchanged: boolean;
  keepVersions: number;
  onDeleted: 'fail' | 'recover' | 'purge';
}

/** The Key Vault data actions the options need, beyond setSecret. */
export function dataActions(set: WriteOptions): string[] {
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
export function policyPermissions(set: WriteOptions): string[] {
  return [
    'set',
    ...(set.skipUnchanged || set.onDeleted === 'recover' ? ['get'] : []),
    ...(set.keepVersions > 0 ? ['list'] : []),
    ...(set.onDeleted === 'recover' ? ['recover'] : []),
    ...(set.onDeleted === 'purge' ? ['purge'] : []),
  ];
}

const who = (c: WriteContext) => principalWords(c.principalId);

/** A secret written (or left alone as unchanged), and what happened to its older versions. */
export interface Written {
  name: string;
  version: string;
  skipped: boolean;
  /** Older versions this run disabled (keep-versions). */
  disabled: string[];
  /** Why disabling older versions failed, after the write. */
  rotationError?: string | undefined;
}

/** A secret not written, and why (that failure's own message). */
export interface NotWritten {
  name: string;
  error: string;
}

const WRITE: WriteContext = {
  vault: 'ml-prod-kv',
  secret: 'db-password',
  principalId: '22222222-3333-4444-8555-666666666666',
};
const DEFAULT_OPTIONS: WriteOptions = { skipUnchanged: false, keepVersions: 0, onDeleted: 'fail' };

export const SET_MESSAGES = {
  'set.problems': entry({
    section: 'set',
    when: 'any input of the set step has a problem, or a value cannot be read: every problem at once, before any request',
    problem: (a: { lines: string[] }) =>
      `The inputs have ${a.lines.length === 1 ? 'a problem' : `${a.lines.length} problems`}; nothing was written:\n${a.lines.join('\n')}`,
    fix: () => '',
    example: {
      lines: [
        '  secrets: line 2: the name is not a Key Vault secret name (1 to 127 letters, digits and -)',
        '  keep-versions: "all" is not a whole number from 0 to 1000',
      ],
    },
  }),
  'set.pull-request-refused': entry({
    section: 'set',
    when: 'a pull request event (or a comment on a pull request), without `allow-pull-requests: true`',
    problem: (a: { event: string }) =>
      `This step writes secrets, and this run is a ${untrusted(a.event, 60)} event: refused, so that a pull request cannot overwrite a vault's secrets.`,
    fix: () =>
      `Write from a push, schedule or workflow_dispatch workflow; or, for a workflow whose pull requests are trusted, set ${SetInputs.AllowPullRequests}: true (a fork is refused all the same).`,
    example: { event: 'pull_request' },
  }),
  'set.fork-refused': entry({
    section: 'set',
    when: 'a pull request from a fork, whatever the inputs say',
    problem: (a: { head: string }) =>
      `This step writes secrets, and this run is a pull request from ${untrusted(a.head, 100)}, a fork: always refused, whatever the inputs say.`,
    fix: () => '',
    example: { head: 'mallory/training' },
  }),
  'set.write-failed': entry({
    section: 'set',
    when: 'a write failed, or disabling older versions after one: the error lists each secret written, with its version, and each not written, with its cause and fix',
    problem: (a: { written: Written[]; notWritten: NotWritten[] }) => {
      const total = a.written.length + a.notWritten.length;
      const n = a.notWritten.length;
      const lines = [
        n === total
          ? `Nothing was written: ${n === 1 ? 'the secret' : `all ${n} secrets`} failed.`
          : `${a.written.length} of ${total} secrets ${a.written.length === 1 ? 'was' : 'were'} written; Key Vault keeps them (a write cannot be undone).`,
      ];
      if (a.written.length > 0) {
        lines.push('Written:');
        for (const o of a.written)
          lines.push(
            `  ${o.name}: version ${o.version}${o.skipped ? ' (unchanged, left alone)' : ''}` +
              `${o.disabled.length > 0 ? `; disabled ${o.disabled.join(', ')}` : ''}` +
              `${o.rotationError ? `; disabling older versions failed: ${o.rotationError}` : ''}`,
          );
      }
      if (n > 0) {
        lines.push('Not written:');
        for (const o of a.notWritten) lines.push(`  ${o.name}: ${o.error}`);
      }
      return lines.join('\n');
    },
    fix: () => '',
    example: {
      written: [
        {
          name: 'app-api-key',
          version: '0f3a9c2e5b7d4e1f8a6c5b4d3e2f1a09',
          skipped: false,
          disabled: ['7b1e0d9c8a6f4e3d2c1b0a9f8e7d6c5b'],
        },
      ],
      notWritten: [
        {
          name: 'db-password',
          error:
            '"db-password" was still being recovered in ml-prod-kv when the step\'s timeout (60 s) ran out; nothing was written for it. Run the step again in a minute, or raise timeout.',
        },
      ],
    },
  }),
  'set.forbidden-by-rbac': entry({
    section: 'set',
    when: 'a write refused by Azure RBAC (403 ForbiddenByRbac): a line of the error above',
    problem: (a: WriteContext & { options: WriteOptions }) =>
      `forbidden by Azure RBAC: ${who(a)} may not write "${a.secret}" in ${a.vault}.`,
    fix: (a) =>
      `The least-privileged grant is a custom role holding only ${dataActions(a.options).join(', ')}, ` +
      `or the built-in "Key Vault Secrets Officer", assigned on the secret or the vault: ` +
      `az role assignment create --role "Key Vault Secrets Officer" --assignee ${principalArg(a.principalId)} --scope "$(az keyvault show -n ${a.vault} --query id -o tsv)/secrets/${a.secret}". ` +
      'To let it write only some names (such as handoff-*), add a condition on the secret name to the assignment (Azure ABAC): see docs/writing.md.',
    example: { ...WRITE, options: DEFAULT_OPTIONS },
  }),
  'set.forbidden-by-policy': entry({
    section: 'set',
    when: "a write refused by the vault's access policy (403 ForbiddenByPolicy, AccessDenied): a line of the error above",
    problem: (a: WriteContext & { options: WriteOptions }) =>
      `forbidden by the vault's access policy: ${who(a)} lacks the secret ${policyPermissions(a.options).join(' and ')} permission on ${a.vault}.`,
    fix: (a) =>
      `Grant it: az keyvault set-policy -n ${a.vault} --object-id ${principalArg(a.principalId)} --secret-permissions ${policyPermissions(a.options).join(' ')}`,
    example: { ...WRITE, options: { ...DEFAULT_OPTIONS, skipUnchanged: true } },
  }),
  'set.deleted': entry({
    section: 'set',
    when: 'a name deleted but recoverable (409 ObjectIsDeletedButRecoverable), with `on-deleted: fail`: a line of the error above',
    problem: (a: WriteContext & { purgeDate?: string | undefined }) =>
      `"${a.secret}" is deleted but recoverable in ${a.vault} (soft delete), and its name cannot be reused until it is recovered or purged` +
      `${a.purgeDate ? `; Key Vault purges it on ${a.purgeDate}` : ''}. Nothing was written for it.`,
    fix: (a) =>
      `Either recover it (${SetInputs.OnDeleted}: recover, or az keyvault secret recover --vault-name ${a.vault} -n ${a.secret}), which brings back its old versions and writes the new one over them; ` +
      `or purge it (${SetInputs.OnDeleted}: purge, or az keyvault secret purge --vault-name ${a.vault} -n ${a.secret}), which destroys them for good and needs the purge permission.`,
    example: { ...WRITE, purgeDate: '2025-03-14T09:26:53.000Z' },
  }),
  'set.purge-protected': entry({
    section: 'set',
    when: 'with `on-deleted: purge`, a deleted name in a vault with purge protection: a line of the error above',
    problem: (a: WriteContext) =>
      `"${a.secret}" is deleted in ${a.vault}, and the vault has purge protection: nobody can purge a deleted name before its retention period ends, ` +
      'which is what purge protection is for.',
    fix: () => `Recover it instead (${SetInputs.OnDeleted}: recover), or write under another name.`,
    example: WRITE,
  }),
  'set.still-busy': entry({
    section: 'set',
    when: 'with `on-deleted: recover` or `purge`, Key Vault still recovering (or purging) the name when `timeout` ran out: a line of the error above',
    problem: (a: WriteContext & { what: 'recovered' | 'purged'; seconds: number }) =>
      `"${a.secret}" was still being ${a.what} in ${a.vault} when the step's timeout (${a.seconds} s) ran out; nothing was written for it.`,
    fix: () => 'Run the step again in a minute, or raise timeout.',
    example: { ...WRITE, what: 'recovered', seconds: 60 },
  }),
  'set.no-writer': entry({
    section: 'set',
    when: "the vault's store has no write side (a bug: the action's own store always has one): a line of the error above",
    problem: () => 'This Azure access cannot write secrets.',
    fix: () => '',
    example: {},
  }),
};
