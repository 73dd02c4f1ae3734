// Secrets as files: a fresh 0700 directory under RUNNER_TEMP (on Windows: an ACL for this user only),
// one 0600 file per secret, removed by the post step.
import {
  closeSync,
  lstatSync,
  mkdtempSync,
  openSync,
  readdirSync,
  realpathSync,
  rmdirSync,
  rmSync,
  writeSync,
} from 'node:fs';
import nodePath, { basename, join, type PlatformPath } from 'node:path';
import type { SecretBundle } from '../../ports.js';
import { ActionError, errorMessage } from '../../util/errors.js';
import { isPortableFileName, restrictToCurrentUser, type RunProgram } from './windows.js';
import { shareFileWithGroup } from './filesAccess.js';

/** What the post step needs to remove exactly what this step wrote. */
export interface WrittenFiles {
  dir: string;
  files: string[];
}

const PKCS12 = 'application/x-pkcs12';

/** A certificate's PFX, as Key Vault keeps it: base64 text. */
export const isPkcs12 = (bundle: SecretBundle) => bundle.contentType?.trim().toLowerCase() === PKCS12;

/** A PFX file gets the decoded bytes; PEM and everything else: the text. */
export function fileContent(bundle: SecretBundle): Buffer {
  return isPkcs12(bundle) ? Buffer.from(bundle.value, 'base64') : Buffer.from(bundle.value, 'utf8');
}

/** The prefix of every directory this action creates under RUNNER_TEMP. */
export const FILES_DIR_PREFIX = 'keyvault-secrets-';

/**
 * whoami and icacls, bounded: neither should take more than a moment. node:child_process is loaded only
 * here (Windows), not on every run's path.
 */
const runProgram: RunProgram = (file, args) =>
  process.getBuiltinModule('node:child_process').execFileSync(file, args, {
    encoding: 'utf8',
    windowsHide: true,
    timeout: 15_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });

/**
 * A new directory only this user can enter. mkdtemp creates it 0700, which is what protects it on
 * Linux and macOS; NTFS ignores the mode, so on Windows the directory gets an ACL with one entry,
 * this user, inherited by the files written in it. If that fails, the directory is removed and the
 * step fails: no secret is written where others could read it.
 */
export function createFilesDir(
  runnerTemp: string,
  platform: NodeJS.Platform = process.platform,
  run: RunProgram = runProgram,
): string {
  return createPrivateDir(runnerTemp, FILES_DIR_PREFIX, platform, run);
}

/** createFilesDir's directory with another prefix (acr-login's Docker config: keyvault-secrets-docker-). */
export function createPrivateDir(
  runnerTemp: string,
  prefix: string,
  platform: NodeJS.Platform = process.platform,
  run: RunProgram = runProgram,
): string {
  const dir = mkdtempSync(join(runnerTemp, prefix));
  if (platform !== 'win32') return dir;
  try {
    restrictToCurrentUser(dir, run, process.env.SystemRoot);
  } catch (error) {
    rmdirSync(dir);
    const code = (error as { code?: unknown; status?: unknown } | undefined) ?? {};
    const why =
      typeof code.code === 'string'
        ? code.code
        : typeof code.status === 'number'
          ? `exit code ${code.status}`
          : 'it failed';
    throw new ActionError(
      `Could not make ${dir} readable by this user only (whoami /user, then icacls /inheritance:r /grant:r: ${why}), so no secret file was written there. Nothing was exported.`,
      errorMessage(error),
    );
  }
  return dir;
}

/** Writes one file, readable by this user only (and by `group`, when given: files-group); never overwrites. */
export function writeSecretFile(path: string, content: Buffer, group?: number): void {
  const fd = openSync(path, 'wx', 0o600);
  try {
    if (group !== undefined) shareFileWithGroup(fd, group);
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
}

/**
 * What saved state may name, checked before anything is removed: a directory directly under
 * RUNNER_TEMP whose name this action gives, not a symlink, and files directly inside it. Paths are
 * compared after realpath, so neither ".." nor a symlink leads anywhere else. State is a file any
 * earlier step could have written to, so it is not trusted.
 */
export function checkWritten(
  state: string,
  runnerTemp: string | undefined,
): { written: WrittenFiles } | { problem: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(state);
  } catch {
    return { problem: 'the saved state is not JSON' };
  }
  const { dir, files } = (parsed ?? {}) as { dir?: unknown; files?: unknown };
  if (typeof dir !== 'string' || !Array.isArray(files) || !files.every((f): f is string => typeof f === 'string'))
    return { problem: 'the saved state does not name a directory and its files' };
  if (!runnerTemp) return { problem: 'RUNNER_TEMP is not set' };
  const named = checkWrittenPaths(dir, files);
  if (named !== undefined) return { problem: named };
  try {
    const temp = realpathSync(runnerTemp);
    if (!lstatSync(dir).isDirectory() || realpathSync(dir) !== join(temp, basename(dir)))
      return { problem: 'the saved directory is not directly under RUNNER_TEMP' };
  } catch {
    return { problem: 'the saved directory does not exist' };
  }
  return { written: { dir, files } };
}

/**
 * The checks on saved paths that need no file system, for the platform's path rules (path.win32 on
 * Windows, where "\\" and "/" both separate; compared exactly, so a path spelt another way fails safe; file names
 * must be portable ones, as every name this action writes is). Undefined when they pass.
 */
export function checkWrittenPaths(
  dir: string,
  files: readonly string[],
  path: PlatformPath = nodePath,
): string | undefined {
  if (!path.isAbsolute(dir) || dir.split(/[\\/]/).includes('..') || !path.basename(dir).startsWith(FILES_DIR_PREFIX))
    return 'the saved directory is not one this action creates';
  // Every name this action writes is portable (plan.ts uniqueFileName, config.json): no device name ("NUL" opens the
  // device on Windows), no ":" (an NTFS alternate data stream), no trailing dot or space (Windows drops them).
  const inside = (f: string) =>
    path.dirname(f) === dir &&
    !f.split(/[\\/]/).includes('..') &&
    !path.basename(f).startsWith('.') &&
    isPortableFileName(path.basename(f));
  if (!files.every(inside)) return 'a saved file is not directly inside the saved directory';
  return undefined;
}

/** The file system calls removeWritten makes (replaced in tests: a Windows file held open fails with EBUSY or EPERM). */
export interface RemoveFs {
  lstatSync(path: string): { isFile(): boolean };
  rmSync(path: string): void;
  rmdirSync(path: string): void;
  readdirSync(path: string): string[];
}
const nodeFs: RemoveFs = {
  lstatSync,
  rmSync: (p) => rmSync(p),
  rmdirSync: (p) => rmdirSync(p),
  readdirSync: (p) => readdirSync(p),
};

export interface Removal {
  /** Files removed (or already gone). */
  removed: string[];
  /** Files that could not be removed, with the error's code. */
  failed: { file: string; code: string }[];
  /** Listed paths that are no longer regular files (a symlink or a directory now): left alone. */
  replaced: string[];
  /** Whether the directory is gone. */
  dirRemoved: boolean;
  /** When it is not: names in it this action did not write (replaced ones included), and why rmdir failed. */
  others: string[];
  dirCode?: string;
}

const codeOf = (error: unknown) => {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]{0,31}$/.test(code) ? code : 'unknown error';
};

/** Removes the regular files listed (never a symlink or a directory), then the directory if nothing else is in it. Says what it could not remove, and why. */
export function removeWritten({ dir, files }: WrittenFiles, fs: RemoveFs = nodeFs): Removal {
  const result: Removal = { removed: [], failed: [], replaced: [], dirRemoved: false, others: [] };
  for (const file of files) {
    if (nodePath.dirname(file) !== dir) continue; // only ever inside the step's own directory
    try {
      if (!fs.lstatSync(file).isFile()) {
        result.replaced.push(file);
        continue;
      }
      fs.rmSync(file);
      result.removed.push(file);
    } catch (error) {
      if (codeOf(error) === 'ENOENT')
        result.removed.push(file); // already gone
      else result.failed.push({ file, code: codeOf(error) });
    }
  }
  try {
    fs.rmdirSync(dir); // fails, and so keeps the directory, if anything else is in it
    result.dirRemoved = true;
  } catch (error) {
    if (codeOf(error) === 'ENOENT') {
      result.dirRemoved = true;
      return result;
    }
    result.dirCode = codeOf(error);
    const ours = new Set(result.failed.map((f) => nodePath.basename(f.file)));
    try {
      result.others = fs.readdirSync(dir).filter((name) => !ours.has(name));
    } catch {
      // unreadable: nothing to say about what is in it
    }
  }
  return result;
}
