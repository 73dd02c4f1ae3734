// Bad input, refused as one error that lists every problem (each in its input's own words, written where
// the rule is: inputs/references.ts, inputs/resources.ts, inputs/config.ts); and the inputs only the runner
// can check (run's shell and working directory, files-group's membership), refused before any request too.
import { Inputs } from '../constants.js';
import { entry } from './entry.js';

export const INPUT_MESSAGES = {
  'inputs.problems': entry({
    section: 'inputs',
    when: 'any input has a problem: every problem at once, each with its line or input name, before any network call',
    problem: (a: { lines: string[] }) =>
      `The inputs have ${a.lines.length === 1 ? 'a problem' : `${a.lines.length} problems`}; nothing was fetched:\n${a.lines.join('\n')}`,
    fix: () => '',
    example: {
      lines: [
        '  secrets line 2: "db_password" is not a valid secret name: Key Vault names use 1–127 letters, digits and dashes',
        '  timeout: "soon" is not a number greater than 0 and at most 21600',
      ],
    },
  }),
  'inputs.names-need-fix': entry({
    section: 'inputs',
    when: "a wildcard's matches or a JSON secret's keys bring in names that break a rule (protected, duplicate, not a name)",
    problem: (a: { lines: string[] }) =>
      `Nothing was exported; ${a.lines.length === 1 ? 'one name needs' : `${a.lines.length} names need`} a fix:\n${a.lines.join('\n')}`,
    fix: () => '',
    example: {
      lines: [
        '  secrets line 3: "app-path", matched by app-*, exports APP_PATH, already exported by "APP_PATH=path" on line 1; give one of them another alias',
      ],
    },
  }),
  'inputs.unknown-shell': entry({
    section: 'inputs',
    when: '`run`: a `shell` that is neither a built-in shell nor a command with {0}',
    problem: (a: { shell: string; builtIn: string[] }) =>
      `${Inputs.Shell}: "${a.shell}" is neither a built-in shell (${a.builtIn.join(', ')}) nor a command with {0} for the script's path, such as "perl {0}"; nothing was fetched.`,
    fix: () => '',
    example: { shell: 'fish', builtIn: ['cmd', 'pwsh', 'powershell', 'bash', 'sh', 'python'] },
  }),
  'inputs.shell-not-found': entry({
    section: 'inputs',
    when: "`run`: the shell is not on the runner's PATH (found as the runner finds it)",
    problem: (a: { programs: string[] }) =>
      `${Inputs.Run}: ${a.programs.join(' or ')} is not on this runner's PATH, so the command could not start; nothing was fetched.`,
    fix: () => `Install it, or name another shell (${Inputs.Shell}).`,
    example: { programs: ['pwsh'] },
  }),
  'inputs.working-directory-missing': entry({
    section: 'inputs',
    when: '`run`: `working-directory` is not a directory on the runner',
    problem: (a: { dir: string }) =>
      `${Inputs.WorkingDirectory}: ${a.dir} is not a directory on this runner, so the command could not start; nothing was fetched.`,
    fix: () => '',
    example: { dir: '/home/runner/work/training/training/deploy' },
  }),
  'inputs.files-group-on-windows': entry({
    section: 'inputs',
    when: '`files-group` on Windows, which has no file groups',
    problem: () =>
      `${Inputs.FilesGroup}: Windows has no file groups; the files are readable by the runner's user only (an ACL).`,
    fix: () => `Remove ${Inputs.FilesGroup}.`,
    example: {},
  }),
  'inputs.files-group-not-member': entry({
    section: 'inputs',
    when: "`files-group`: a group the runner's user is not a member of (root may name any)",
    problem: (a: { uid: number; gid: number; groups: number[] }) =>
      `${Inputs.FilesGroup}: the runner's user (uid ${a.uid}) is not a member of group ${a.gid}, so it cannot give the files to that group; nothing was fetched.`,
    fix: (a) =>
      `Add it on the runner machine (sudo usermod -aG $(getent group ${a.gid} | cut -d: -f1) $(id -un)), then restart the runner service, which reads its groups when it starts; ` +
      `or name one of its groups (${a.groups.join(', ')}: id -G lists them).`,
    example: { uid: 1001, gid: 4243, groups: [1001, 118] },
  }),
};
