// What the export stage says about the values it exports, the runner's files it writes them to, and the
// job summary.
import { Inputs } from '../constants.js';
import { entry } from './entry.js';

const NOTHING = 'Nothing was exported.';
const ENV_FIXES = `Set ${Inputs.ExportEnv}: false and read the values as step outputs (steps.<id>.outputs.<ALIAS>), or read large secrets as files (${Inputs.Files}: …), whose path is exported instead.`;

/** A secret with an expiry or activation date: its alias, where it came from, and the date (YYYY-MM-DD). */
interface Dated {
  alias: string;
  vault: string;
  name: string;
  input: string;
  line: number;
  date: string;
}
const where = (a: Dated) => `${a.alias} (${a.vault}/${a.name}, ${a.input} line ${a.line})`;
const DATED: Dated = {
  alias: 'DB_PASSWORD',
  vault: 'ml-prod-kv',
  name: 'db-password',
  input: 'secrets',
  line: 1,
  date: '2025-01-31',
};

/** A pem: reference: its alias and the secret it names. */
interface Pem {
  alias: string;
  vault: string;
  name: string;
}
const PEM: Pem = { alias: 'TLS', vault: 'ml-prod-kv', name: 'web-tls' };

export const EXPORT_MESSAGES = {
  'export.secret-expired': entry({
    section: 'export',
    level: 'warning',
    when: 'a secret past its expiry date (Key Vault returns it anyway); with `fail-on-expired`, the failure below',
    problem: (a: Dated) => `${where(a)} expired on ${a.date}; Key Vault still returns it.`,
    fix: (a) => `Rotate it: az keyvault secret set --vault-name ${a.vault} -n ${a.name} --value … --expires <date>`,
    example: DATED,
  }),
  'export.secret-expiring': entry({
    section: 'export',
    level: 'warning',
    when: 'a secret that expires within `expiry-warning-days`',
    problem: (a: Dated & { days: number }) =>
      `${where(a)} expires on ${a.date} (in ${a.days} day${a.days === 1 ? '' : 's'}).`,
    fix: () => `Rotate it before then.`,
    example: { ...DATED, days: 9 },
  }),
  'export.secret-not-yet-valid': entry({
    section: 'export',
    level: 'warning',
    when: 'a secret before its activation date (nbf)',
    problem: (a: Dated) =>
      `${where(a)} is not valid until ${a.date} (its activation date, nbf); Key Vault returns it anyway.`,
    fix: () => '',
    example: DATED,
  }),
  'export.certificate-expired': entry({
    section: 'export',
    level: 'warning',
    when: '`files: pem:NAME`: a certificate past its notAfter; with `fail-on-expired`, the failure below',
    problem: (a: Dated) => `${where(a)}: its certificate expired on ${a.date} (notAfter); TLS peers refuse it.`,
    fix: () => `Renew the certificate in Key Vault.`,
    example: { ...DATED, alias: 'TLS', name: 'web-tls', input: 'files' },
  }),
  'export.certificate-expiring': entry({
    section: 'export',
    level: 'warning',
    when: '`files: pem:NAME`: a certificate that expires within `expiry-warning-days`',
    problem: (a: Dated & { days: number }) =>
      `${where(a)}: its certificate expires on ${a.date} (in ${a.days} day${a.days === 1 ? '' : 's'}).`,
    fix: () => `Renew it before then.`,
    example: { ...DATED, alias: 'TLS', name: 'web-tls', input: 'files', days: 9 },
  }),
  'export.certificate-not-yet-valid': entry({
    section: 'export',
    level: 'warning',
    when: '`files: pem:NAME`: a certificate before its notBefore',
    problem: (a: Dated) =>
      `${where(a)}: its certificate is not valid until ${a.date} (notBefore); TLS peers refuse it until then.`,
    fix: () => '',
    example: { ...DATED, alias: 'TLS', name: 'web-tls', input: 'files' },
  }),
  'export.expired': entry({
    section: 'export',
    when: 'expired secrets (or `pem:` certificates), with `fail-on-expired`',
    problem: (a: { lines: string[] }) =>
      `${a.lines.length === 1 ? 'A secret has' : `${a.lines.length} secrets have`} expired and fail-on-expired is set; nothing was exported:\n` +
      a.lines.join('\n'),
    fix: () => '',
    example: {
      lines: [
        '  DB_PASSWORD (ml-prod-kv/db-password, secrets line 1) expired on 2025-01-31; Key Vault still returns it. Rotate it: az keyvault secret set --vault-name ml-prod-kv -n db-password --value … --expires <date>',
      ],
    },
  }),
  'export.pem-returned-as-pfx': entry({
    section: 'export',
    when: '`files: pem:NAME`: Key Vault returned the certificate as PFX (it converts to PEM from API version 2025-07-01; [how to fix](files.md#certificates-as-pem))',
    problem: (a: Pem) =>
      `${a.alias}: Key Vault returned the certificate ${a.vault}/${a.name} as PFX, not PEM: Key Vault converts certificates to PEM from API version 2025-07-01, and this vault did not.`,
    fix: (a) =>
      `Keep the certificate as PEM (secret_props.contentType application/x-pem-file in its policy: az keyvault certificate set-attributes --vault-name ${a.vault} -n ${a.name} --policy @policy.json; its next version is kept so), ` +
      `or write the PFX with files: ${a.name} and convert it in a later step (openssl pkcs12 -nodes).`,
    example: PEM,
  }),
  'export.pem-pfx-not-a-certificate': entry({
    section: 'export',
    when: '`files: pem:NAME`: a secret holding a PFX that is no Key Vault certificate',
    problem: (a: Pem) =>
      `${a.alias}: ${a.vault}/${a.name} holds a PFX (application/x-pkcs12) but is no Key Vault certificate, and Key Vault converts only certificates to PEM.`,
    fix: (a) =>
      `Import it as one (az keyvault certificate import --vault-name ${a.vault} -n ${a.name} -f FILE.pfx), or keep it as PEM.`,
    example: PEM,
  }),
  'export.pem-not-a-certificate': entry({
    section: 'export',
    when: '`files: pem:NAME`: not a certificate with its key: what the secret lacks or holds besides (no private key, a key of no certificate, another block), never its content',
    problem: (a: Pem & { reason: string }) => `${a.alias}: ${a.vault}/${a.name} ${a.reason}.`,
    fix: (a) =>
      `pem: reads one private key and the certificates it goes with (a Key Vault certificate, or a secret holding them as PEM); without pem:, files: ${a.name} writes the secret as it is.`,
    example: { ...PEM, reason: 'holds no private key' },
  }),
  'export.empty-value': entry({
    section: 'export',
    level: 'warning',
    when: 'a value that is empty, only whitespace, or single characters',
    problem: (a: { alias: string }) =>
      `${a.alias} is empty, only whitespace, or single characters: it is exported, but cannot be masked (a one-character mask would hide that character in every line of the log).`,
    fix: () => '',
    example: { alias: 'FEATURE_FLAG' },
  }),
  'export.not-masked': entry({
    section: 'export',
    level: 'notice',
    when: 'a JSON leaf that is not masked',
    problem: (a: { name: string; why: string }) =>
      `${a.name} is not masked: ${a.why} (see docs/json.md, "How leaves are masked").`,
    fix: () => '',
    example: { name: 'CFG_PORT', why: 'a number, boolean or null is not a secret' },
  }),
  'export.env-variable-too-large': entry({
    section: 'export',
    when: 'with `export-env`, a value too large to be an environment variable',
    problem: (a: { names: string[]; more: number; rule: string }) =>
      `${a.names.join(', ')}${a.more > 0 ? `, and ${a.more} more` : ''}: too large to be an environment variable (${a.rule}; a later step could start no program). ${NOTHING}`,
    fix: () => ENV_FIXES,
    example: {
      names: ['CERT (secrets line 2, 140 KiB)'],
      more: 0,
      rule: 'Linux allows 128 KiB per environment variable',
    },
  }),
  'export.env-too-large': entry({
    section: 'export',
    when: 'with `export-env`, values that together leave later steps no room to start a program (E2BIG)',
    problem: (a: {
      count: number;
      added: string;
      inherited: string;
      total: string;
      os: string;
      argMax: string;
      budget: string;
    }) =>
      `The ${a.count} environment variables this step would export take ${a.added}; with the ${a.inherited} already in the environment, ` +
      `every later step would start with ${a.total}, and no program could start ` +
      `(E2BIG: ${a.os} allows ${a.argMax} for the environment and arguments together; ` +
      `this action keeps it under ${a.budget}). ${NOTHING}`,
    fix: () => ENV_FIXES,
    example: {
      count: 1000,
      added: '1.1 MiB',
      inherited: '0.0 MiB',
      total: '1.1 MiB',
      os: 'macOS',
      argMax: '1.0 MiB',
      budget: '0.8 MiB',
    },
  }),
  'export.masks-not-delivered': entry({
    section: 'export',
    when: 'the runner did not read the masks within `timeout`',
    problem: (a: { seconds: number }) =>
      `The runner did not read this step's log within timeout (${a.seconds} s), so it may not hold every value's mask yet; nothing was exported.`,
    fix: () => `Raise timeout, or look at what keeps the runner busy.`,
    example: { seconds: 60 },
  }),
  'export.no-file-command': entry({
    section: 'export',
    when: 'GITHUB_OUTPUT, GITHUB_ENV or GITHUB_STATE is not set (a run outside a runner)',
    problem: (a: { name: string }) =>
      `${a.name} is not set, so values could only be passed as stdout commands, which print them; nothing was exported.`,
    fix: () =>
      `GitHub's runner (v2.327.1 or later, the minimum for node24 actions) always sets it: run the action in a workflow on such a runner, ` +
      `or, when running it outside one (a local tool, a container, a script), set GITHUB_OUTPUT, GITHUB_ENV and GITHUB_STATE to files.`,
    example: { name: 'GITHUB_OUTPUT' },
  }),
  'export.file-command-failed': entry({
    section: 'export',
    when: "a runner's file command file cannot take an append (removed, a directory, a full disk)",
    problem: (a: { name: string; path: string; why: string }) =>
      `Could not append to ${a.name} (${a.path}): ${a.why}. ${NOTHING}`,
    fix: () =>
      `The runner creates this file for each step: check that nothing in the job removed or replaced it, and that its disk has room.`,
    example: {
      name: 'GITHUB_ENV',
      path: '/home/runner/work/_temp/_runner_file_commands/set_env_1',
      why: 'no such file',
    },
  }),
  'export.value-refused': entry({
    section: 'export',
    when: "a value holding the runner's file command delimiter",
    problem: (a: { name: string; input: string; line: number }) =>
      `Could not export ${a.name} (${a.input} line ${a.line}): the runner's file commands refused its value, which contains their delimiter. ${NOTHING}`,
    fix: () => '',
    example: { name: 'DB_PASSWORD', input: 'secrets', line: 1 },
  }),
  'export.no-runner-temp': entry({
    section: 'export',
    when: '`files` or `acr-login`, and RUNNER_TEMP is not set',
    problem: () => 'RUNNER_TEMP is not set, so the files input has nowhere safe to write.',
    fix: () => 'Run the action on a GitHub Actions runner.',
    example: {},
  }),
  'export.file-not-written': entry({
    section: 'export',
    when: '`files`: a secret file cannot be written',
    problem: (a: { name: string; input: string; line: number; dir: string; why: string }) =>
      `Could not write the file for ${a.name} (${a.input} line ${a.line}) in ${a.dir}: ${a.why}. ${NOTHING}`,
    fix: () => '',
    example: {
      name: 'KUBECONFIG',
      input: 'secrets',
      line: 1,
      dir: '/home/runner/work/_temp/kv-secrets-AbC123',
      why: 'a file of that name already exists',
    },
  }),
  'export.env-file-or-script-not-written': entry({
    section: 'export',
    when: "`env-file` or `run`: the env-file or the command's script cannot be written",
    problem: (a: { path: string; why: string }) => `Could not write ${a.path}: ${a.why}. ${NOTHING}`,
    fix: () => '',
    example: { path: '/home/runner/work/_temp/kv-secrets-AbC123/run.sh', why: 'ENOSPC' },
  }),
  'export.files-group-not-given': entry({
    section: 'export',
    when: "`files-group`: the files' directory cannot be given to the group (chown)",
    problem: (a: { dir: string; gid: number; why: string }) =>
      `Could not give ${a.dir} to group ${a.gid} (${a.why}), so no secret file was written. ${NOTHING}`,
    fix: () => '',
    example: { dir: '/home/runner/work/_temp/kv-secrets-AbC123', gid: 4243, why: 'EPERM' },
  }),
  'export.files-dir-not-private': entry({
    section: 'export',
    when: "`files` on Windows: the files' directory cannot be made private (icacls)",
    problem: (a: { dir: string; why: string }) =>
      `Could not make ${a.dir} readable by this user only (whoami /user, then icacls /inheritance:r /grant:r: ${a.why}), so no secret file was written there. ${NOTHING}`,
    fix: () => '',
    example: { dir: 'D:\\a\\_temp\\kv-secrets-AbC123', why: 'exit code 5' },
  }),
  'export.docker-config': entry({
    section: 'export',
    when: '`acr-login`: the Docker config cannot be written',
    problem: (a: { why: string }) =>
      `Could not write the Docker config for acr-login under RUNNER_TEMP: ${a.why}. ${NOTHING}`,
    fix: () => '',
    example: { why: 'ENOSPC' },
  }),
  'export.summary-not-written': entry({
    section: 'export',
    level: 'warning',
    when: 'the job summary cannot be written (the step still succeeds)',
    problem: (a: { code?: string | undefined }) =>
      `The secrets were exported, but the job summary could not be written${a.code ? ` (${a.code})` : ''}. The step still succeeds.`,
    fix: () => '',
    example: { code: 'EISDIR' },
  }),
};
