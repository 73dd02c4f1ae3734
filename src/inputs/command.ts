// The inputs that say where the values go besides outputs: one command (run, shell, working-directory), an
// env-file for Docker, and the group the files are shared with. Pure: every mistake is an InputProblem.
import { Inputs } from '../constants.js';
import { ALIAS, type InputProblem, type NamedExport } from './references.js';

/** `run` as written: the command, and the shell and directory it runs in. */
export interface CommandInput {
  script: string;
  /** The shell input, trimmed; '' for the runner's default shell. */
  shell: string;
  /** The working-directory input, trimmed; '' for the workspace. */
  workingDirectory: string;
}

export interface CommandInputs {
  command?: CommandInput;
  /** The name whose output and variable receive the env-file's path. */
  envFile?: string;
  /** The numeric group the files (and their directory) are shared with. */
  filesGroup?: number;
}

/** The largest gid: 2^32 - 2 ((gid_t) -1 means "no change" to chown). */
const MAX_GID = 4_294_967_294;

export function readCommandInputs(
  read: (name: string) => string,
  hasFiles: boolean,
): { inputs: CommandInputs; problems: InputProblem[]; named: NamedExport[] } {
  const problems: InputProblem[] = [];
  const inputs: CommandInputs = {};
  const named: NamedExport[] = [];

  // The command as written: the runner does not trim a run: script either.
  const script = read(Inputs.Run);
  const shell = read(Inputs.Shell).trim();
  const workingDirectory = read(Inputs.WorkingDirectory).trim();
  if (script.trim() !== '') inputs.command = { script, shell, workingDirectory };
  else
    for (const [name, value] of [
      [Inputs.Shell, shell],
      [Inputs.WorkingDirectory, workingDirectory],
    ] as const)
      if (value !== '') problems.push({ input: name, message: `applies to run, which is not given` });

  const envFile = read(Inputs.EnvFile).trim();
  if (envFile !== '') {
    if (/^(true|false)$/i.test(envFile))
      problems.push({
        input: Inputs.EnvFile,
        message: `names the output and variable that receive the file's path, not a boolean: write env-file: ENV_FILE`,
      });
    else if (!ALIAS.test(envFile))
      problems.push({
        input: Inputs.EnvFile,
        message: `"${envFile}" is not a variable name (letters, digits and _, not starting with a digit), e.g. ENV_FILE`,
      });
    else {
      inputs.envFile = envFile;
      named.push({ input: Inputs.EnvFile, line: 1, alias: envFile, text: envFile });
    }
  }

  const group = read(Inputs.FilesGroup).trim();
  if (group !== '') {
    if (!/^[0-9]{1,10}$/.test(group) || Number(group) > MAX_GID)
      problems.push({
        input: Inputs.FilesGroup,
        message: `"${group}" is not a numeric group id; find one with: getent group NAME | cut -d: -f3 (or id -g for the runner user's own)`,
      });
    else if (!hasFiles) problems.push({ input: Inputs.FilesGroup, message: 'applies to files, which names no secret' });
    else inputs.filesGroup = Number(group);
  }
  return { inputs, problems, named };
}
