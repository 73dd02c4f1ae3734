// Secrets as files: a fresh 0700 directory under RUNNER_TEMP, one 0600 file per secret, removed by the post step.
import { closeSync, mkdtempSync, openSync, rmdirSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { SecretBundle } from './access.js';

/** What the post step needs to remove exactly what this step wrote. */
export interface WrittenFiles {
  dir: string;
  files: string[];
}

const PKCS12 = 'application/x-pkcs12';

/** Key Vault keeps a certificate's PFX as base64 text: the file gets the decoded bytes. PEM and everything else: the text. */
export function fileContent(bundle: SecretBundle): Buffer {
  return bundle.contentType?.toLowerCase() === PKCS12 ? Buffer.from(bundle.value, 'base64') : Buffer.from(bundle.value, 'utf8');
}

/** A new directory only this user can enter (mkdtemp creates it 0700). */
export function createFilesDir(runnerTemp: string): string {
  return mkdtempSync(join(runnerTemp, 'keyvault-secrets-'));
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

/** Removes the files listed, then the directory if nothing else is in it. Returns what it removed. */
export function removeWritten({ dir, files }: WrittenFiles): string[] {
  const removed: string[] = [];
  for (const file of files) {
    if (!file.startsWith(`${dir}/`)) continue; // only ever inside the step's own directory
    try {
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
