// Masks every value, then writes: files, outputs always, env vars if asked. All or nothing (exportEverything).
import { join } from 'node:path';
import { States } from '../../constants.js';
import { ActionError, errorMessage } from '../../util/errors.js';
import { createFilesDir, fileContent, removeWritten, type WrittenFiles, writeSecretFile } from './files.js';
import type { ExportItem } from './plan.js';
import { say } from '../../messages/catalogue.js';
import type { Exporter, Log } from '../../ports.js';
import { untrusted } from '../../policy/untrusted.js';
import type { PemPart } from '../../inputs/references.js';

/** Registers every value (and line) with the masker before anything is written. */
export function maskAll(exporter: Exporter, log: Log, items: readonly ExportItem[]): void {
  const masked = new Set<string>();
  const mask = (piece: string) => {
    if (!masked.has(piece)) exporter.setSecret(piece);
    masked.add(piece);
  };
  for (const item of items) {
    item.masks.forEach(mask);
    if (item.unmaskedBecause) log.info(say('export.not-masked', { name: item.name, why: item.unmaskedBecause }).text);
    else if (item.masks.length === 0) log.warning(say('export.empty-value', { alias: item.name }).text);
  }
}

/**
 * Inside exporter.atomically (exportEverything): writes files, then outputs and env vars. The files' directory is
 * removed whenever the export is taken back (a failed write here, a later failure, a cancellation).
 */
export function exportAll(exporter: Exporter, items: ExportItem[], exportEnv: boolean): void {
  const files = items.filter((i) => i.via === 'file');
  if (files.length > 0) {
    const dir = createFilesDir(exporter.tempDir());
    const written: WrittenFiles = { dir, files: files.map((f) => join(dir, f.fileName!)) };
    exporter.onRollback(() => removeWritten(written).dirRemoved);
    // Saved first, so the post step removes them even if this step is killed halfway.
    exporter.saveState(States.WrittenFiles, JSON.stringify(written));
    files.forEach((item, i) => {
      const path = written.files[i]!;
      try {
        writeSecretFile(path, item.pem ? Buffer.from(item.pem.content, 'utf8') : fileContent(item.source.bundle));
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        throw new ActionError(
          say('export.file-not-written', {
            name: item.name,
            input: item.source.ref.input,
            line: item.source.ref.line,
            dir: written.dir,
            why:
              code === 'EEXIST'
                ? 'a file of that name already exists'
                : typeof code === 'string'
                  ? code
                  : 'write failed',
          }),
          errorMessage(error),
        );
      }
      item.value = path;
    });
  }
  for (const item of items) {
    try {
      exporter.setOutput(item.name, item.value);
      if (exportEnv) exporter.exportVariable(item.name, item.value);
    } catch (error) {
      if (error instanceof ActionError) throw error;
      // @actions/core's message names its delimiter, never the value; still, say only the name.
      const { input, line } = item.source.ref;
      throw new ActionError(say('export.value-refused', { name: item.name, input, line }), errorMessage(error));
    }
  }
}

export const shortVersion = (version: string) => untrusted(version, 8);

/** What each file of a pem: reference holds, in words. */
export const PEM_PART_NAMES: Record<PemPart, string> = {
  cert: 'certificate',
  key: 'private key',
  chain: 'chain',
};

/** One log line per export: name, where it came from, which version. Never a value. */
export function describeExport(item: ExportItem): string {
  const { ref, bundle } = item.source;
  const from = `${ref.vault.name}/${untrusted(ref.name)}${item.jsonPath ? ` → ${item.jsonPath}` : ''} (version ${shortVersion(bundle.version)})`;
  if (item.pem) return `${item.name} ← ${from}, its ${PEM_PART_NAMES[item.pem.part]} as the PEM file ${item.value}`;
  return item.via === 'file' ? `${item.name} ← ${from}, as the file ${item.value}` : `${item.name} ← ${from}`;
}
