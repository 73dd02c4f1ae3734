// Env exports that no later process could start with. GITHUB_ENV values reach every later step of the
// job, and the kernel refuses to start a program whose environment is too big (execve: E2BIG), so one
// oversized export would break every `run:` step after this one. Refused before anything is written.
import { say } from '../../messages/catalogue.js';
import type { Said } from '../../messages/entry.js';
import { ActionError } from '../../util/errors.js';
import type { ExportItem } from './plan.js';

/** Linux: environment and arguments together (ARG_MAX, `getconf ARG_MAX`: a quarter of the 8 MiB default stack). */
export const LINUX_ARG_MAX = 2 * 1024 * 1024;
/** Linux: one "NAME=value" string (MAX_ARG_STRLEN, 32 pages). */
export const LINUX_MAX_ARG_STRLEN = 128 * 1024;
/** macOS: environment and arguments together (`getconf ARG_MAX`). */
export const MACOS_ARG_MAX = 1024 * 1024;
/** Windows: one variable, "NAME=value", in UTF-16 code units (the block itself has no fixed limit). */
export const WINDOWS_MAX_VARIABLE = 32_767;
/** Left for a later step's own arguments and the variables the runner adds per step (INPUT_*, GITHUB_*). */
export const EXEC_HEADROOM = 256 * 1024;
/** A file export's value is its path under RUNNER_TEMP; this is a generous bound for it. */
const FILE_PATH_BOUND = 512;

/** process.platform of the runner: 'linux', 'darwin', 'win32' or another. */
export type Platform = string;

const KiB = (bytes: number) => `${Math.ceil(bytes / 1024)} KiB`;
const MiB = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');
/** What one variable costs execve: "NAME=value\0" and its pointer. */
const entryBytes = (name: string, value: string) => utf8(name) + 1 + utf8(value) + 1 + 8;

/**
 * Why the env vars these items would export make later steps unable to start programs, or undefined
 * when they fit. `env` is this step's environment, which later steps inherit (plus what it exports).
 */
export function envExportProblem(
  items: readonly ExportItem[],
  exportEnv: boolean,
  env: Record<string, string | undefined>,
  platform: Platform,
): Said | undefined {
  if (!exportEnv || items.length === 0) return undefined;
  const valueOf = (item: ExportItem) => (item.via === 'file' ? 'x'.repeat(FILE_PATH_BOUND) : item.value);
  if (platform === 'win32') {
    const long = items.filter((i) => i.name.length + 1 + valueOf(i).length > WINDOWS_MAX_VARIABLE);
    if (long.length > 0)
      return oneTooLong(
        long,
        `Windows allows ${WINDOWS_MAX_VARIABLE} characters per environment variable`,
        (i) => `${Math.ceil(valueOf(i).length / 1024)}K characters`,
      );
    return undefined; // the block as a whole has no fixed limit on Windows
  }
  if (platform === 'linux') {
    const long = items.filter((i) => utf8(i.name) + 1 + utf8(valueOf(i)) + 1 > LINUX_MAX_ARG_STRLEN);
    if (long.length > 0)
      return oneTooLong(long, `Linux allows ${KiB(LINUX_MAX_ARG_STRLEN)} per environment variable`, (i) =>
        KiB(utf8(valueOf(i))),
      );
  }
  const argMax = platform === 'darwin' ? MACOS_ARG_MAX : LINUX_ARG_MAX;
  const exported = new Map(items.map((i) => [i.name, valueOf(i)]));
  let inherited = 0;
  for (const [name, value] of Object.entries(env))
    if (value !== undefined && !exported.has(name)) inherited += entryBytes(name, value);
  let added = 0;
  for (const [name, value] of exported) added += entryBytes(name, value);
  const budget = argMax - EXEC_HEADROOM;
  if (inherited + added <= budget) return undefined;
  return say('export.env-too-large', {
    count: exported.size,
    added: MiB(added),
    inherited: MiB(inherited),
    total: MiB(inherited + added),
    os: platform === 'darwin' ? 'macOS' : 'Linux',
    argMax: MiB(argMax),
    budget: MiB(budget),
  });
}

function oneTooLong(long: readonly ExportItem[], rule: string, size: (i: ExportItem) => string): Said {
  const names = long.slice(0, 10).map((i) => `${i.name} (${i.source.ref.input} line ${i.source.ref.line}, ${size(i)})`);
  return say('export.env-variable-too-large', { names, more: long.length - names.length, rule });
}

/** Refuses, before anything is exported, an env export that no later process could start with. */
export function refuseOversizedEnv(...args: Parameters<typeof envExportProblem>): void {
  const problem = envExportProblem(...args);
  if (problem) throw new ActionError(problem);
}
