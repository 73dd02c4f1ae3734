// run's command, made ready before anything is fetched: its shell found on PATH as the runner finds it
// (WhichUtil), its working directory checked, its script's text made. A problem here fails the step before
// any request, so no value is fetched for a command that could not start.
import { accessSync, constants, statSync } from 'node:fs';
import nodePath from 'node:path';
import type { CommandInput } from '../../inputs/command.js';
import { say } from '../../messages/catalogue.js';
import { ActionError } from '../../util/errors.js';
import { BUILT_IN_SHELLS, scriptText, type ShellSpec, shellSpec } from './shell.js';

export interface PreparedCommand {
  /** The shell's path, found on PATH. */
  program: string;
  spec: ShellSpec;
  /** The directory the command runs in. */
  cwd: string;
  /** The script file, written beside the secret files (its name holds a ".", which no secret's file name does). */
  script: { name: string; text: string };
}

/** What findProgram asks of the file system (replaced in tests). */
export interface ProgramFs {
  isExecutableFile(path: string): boolean;
}
const nodeFs: ProgramFs = {
  isExecutableFile(path) {
    try {
      if (!statSync(path).isFile()) return false;
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  },
};

/**
 * A program's path as WhichUtil finds it: a full path as it is; otherwise the first directory of PATH holding
 * an executable file of that name (on Windows, with each PATHEXT extension unless the name has one).
 */
export function findProgram(
  name: string,
  env: Record<string, string | undefined>,
  platform: string,
  fs: ProgramFs = nodeFs,
): string | undefined {
  const path = platform === 'win32' ? nodePath.win32 : nodePath.posix;
  const isWindows = platform === 'win32';
  const pathVar = isWindows
    ? (Object.entries(env).find(([k]) => k.toUpperCase() === 'PATH')?.[1] ?? '')
    : (env.PATH ?? '');
  const extensions = isWindows ? (env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD').split(';').filter((e) => e !== '') : [''];
  const hasExtension = (base: string) => extensions.some((e) => e.toLowerCase() === path.extname(base).toLowerCase());
  const candidates = (base: string) => (isWindows && !hasExtension(base) ? extensions.map((e) => base + e) : [base]);
  if (path.isAbsolute(name)) return candidates(name).find((c) => fs.isExecutableFile(c));
  for (const dir of pathVar.split(path.delimiter)) {
    if (dir === '') continue;
    const found = candidates(path.join(dir, name)).find((c) => fs.isExecutableFile(c));
    if (found) return found;
  }
  return undefined;
}

/** Refuses, before any request, a command that could not start; otherwise all it needs to start. */
export function prepareCommand(
  input: CommandInput,
  env: Record<string, string | undefined>,
  platform: string,
  cwd: () => string = () => process.cwd(),
  fs: ProgramFs = nodeFs,
): PreparedCommand {
  const spec = shellSpec(input.shell, platform);
  if (!spec) throw new ActionError(say('inputs.unknown-shell', { shell: input.shell, builtIn: BUILT_IN_SHELLS }));
  const tried = [spec.program, ...spec.fallbacks];
  let program: string | undefined;
  for (const name of tried) if ((program = findProgram(name, env, platform, fs)) !== undefined) break;
  if (program === undefined) throw new ActionError(say('inputs.shell-not-found', { programs: tried }));
  const path = platform === 'win32' ? nodePath.win32 : nodePath.posix;
  const workspace = env.GITHUB_WORKSPACE || cwd();
  const dir = path.resolve(workspace, input.workingDirectory);
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    // missing: said below
  }
  if (!isDir) throw new ActionError(say('inputs.working-directory-missing', { dir }));
  return {
    program,
    spec,
    cwd: dir,
    script: { name: `run${spec.extension || '.script'}`, text: scriptText(spec.kind, input.script, platform) },
  };
}
