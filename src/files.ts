// Secrets as files: a fresh 0700 directory under RUNNER_TEMP, one 0600 file per secret, removed by the post step.
import { closeSync, lstatSync, mkdtempSync, openSync, realpathSync, rmdirSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, sep } from 'node:path';
import type { SecretBundle } from './access.js';

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

/** A new directory only this user can enter (mkdtemp creates it 0700). */
export function createFilesDir(runnerTemp: string): string {
  return mkdtempSync(join(runnerTemp, FILES_DIR_PREFIX));
}

/** Writes one file, readable by this user only; never overwrites. */
export function writeSecretFile(path: string, content: Buffer): void {
  const fd = openSync(path, 'wx', 0o600);
  try {
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
export function checkWritten(state: string, runnerTemp: string | undefined): { written: WrittenFiles } | { problem: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(state);
  } catch {
    return { problem: 'the saved state is not JSON' };
  }
  const { dir, files } = (parsed ?? {}) as { dir?: unknown; files?: unknown };
  if (typeof dir !== 'string' || !Array.isArray(files) || !files.every((f): f is string => typeof f === 'string')) return { problem: 'the saved state does not name a directory and its files' };
  if (!runnerTemp) return { problem: 'RUNNER_TEMP is not set' };
  if (!isAbsolute(dir) || dir.split(sep).includes('..') || !basename(dir).startsWith(FILES_DIR_PREFIX)) return { problem: 'the saved directory is not one this action creates' };
  try {
    const temp = realpathSync(runnerTemp);
    if (!lstatSync(dir).isDirectory() || realpathSync(dir) !== join(temp, basename(dir))) return { problem: 'the saved directory is not directly under RUNNER_TEMP' };
  } catch {
    return { problem: 'the saved directory does not exist' };
  }
  if (!files.every((f) => dirname(f) === dir && !basename(f).startsWith('.') && basename(f) !== '..')) return { problem: 'a saved file is not directly inside the saved directory' };
  return { written: { dir, files } };
}

/** Removes the regular files listed (never a symlink or a directory), then the directory if nothing else is in it. Returns what it removed. */
export function removeWritten({ dir, files }: WrittenFiles): string[] {
  const removed: string[] = [];
  for (const file of files) {
    if (dirname(file) !== dir) continue; // only ever inside the step's own directory
    try {
      if (!lstatSync(file).isFile()) continue;
      rmSync(file);
      removed.push(file);
    } catch {
      // already gone
    }
  }
  try {
    rmdirSync(dir); // fails, and so keeps the directory, if anything else is in it
    removed.push(dir);
  } catch {
    // not empty, or already gone
  }
  return removed;
}
