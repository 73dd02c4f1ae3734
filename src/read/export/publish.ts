// Masks every value, then writes: files, outputs (unless run keeps the values to its command), env vars if
// asked. All or nothing (exportEverything).
import { join } from 'node:path';
import { States } from '../../constants.js';
import { ActionError, errorMessage } from '../../util/errors.js';
import { createFilesDir, fileContent, removeWritten, type WrittenFiles, writeSecretFile } from './files.js';
import { ENV_FILE_NAME, envFileItem } from './envFile.js';
import { shareDirWithGroup } from './filesAccess.js';
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

/** Where the values go besides the masker, and what else the step writes beside its secret files. */
export interface ExportTargets {
  /** export-env: an env var per value, for every later step. */
  env: boolean;
  /** Step outputs: set unless `run` keeps the values to its command (and export-env does not ask for them). */
  outputs: boolean;
  /** files-group: the group the files and their directory are shared with. */
  filesGroup?: number;
  /** env-file: the name that receives its path, and its text (envFile.ts). */
  envFile?: { name: string; text: string };
  /** run's script, written beside the files (0600), as the runner writes a run: step's script. */
  script?: { name: string; text: string };
}

/** What exportAll wrote: every export as it now is (a file's value is its path), the files, and where. */
export interface Written {
  exported: ExportItem[];
  files: WrittenFiles | undefined;
  envFilePath?: string;
  scriptPath?: string;
}

/**
 * Inside exporter.atomically (exportEverything): writes files (the secret files, the env-file, run's script),
 * then outputs and env vars. The files' directory is removed whenever the export is taken back (a failed write
 * here, a later failure, a cancellation).
 */
export function exportAll(exporter: Exporter, items: ExportItem[], targets: ExportTargets): Written {
  const files = items.filter((i) => i.via === 'file');
  const result: Written = { exported: items, files: undefined };
  const extra = [targets.envFile && { ...targets.envFile, name: ENV_FILE_NAME }, targets.script].filter(
    (f): f is { name: string; text: string } => Boolean(f),
  );
  if (files.length > 0 || extra.length > 0) {
    const dir = createFilesDir(exporter.tempDir());
    const written: WrittenFiles = {
      dir,
      files: [...files.map((f) => join(dir, f.fileName!)), ...extra.map((f) => join(dir, f.name))],
    };
    result.files = written;
    exporter.onRollback(() => removeWritten(written).dirRemoved);
    // Saved first, so the post step removes them even if this step is killed halfway.
    exporter.saveState(States.WrittenFiles, JSON.stringify(written));
    if (targets.filesGroup !== undefined) shareWithGroup(dir, targets.filesGroup);
    files.forEach((item, i) => {
      const path = written.files[i]!;
      try {
        writeSecretFile(
          path,
          item.pem ? Buffer.from(item.pem.content, 'utf8') : fileContent(item.source.bundle),
          targets.filesGroup,
        );
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
    extra.forEach((file, i) => {
      const path = written.files[files.length + i]!;
      try {
        writeSecretFile(path, Buffer.from(file.text, 'utf8'));
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        throw new ActionError(
          say('export.env-file-or-script-not-written', {
            path,
            why: typeof code === 'string' ? code : 'write failed',
          }),
          errorMessage(error),
        );
      }
      if (file === targets.script) result.scriptPath = path;
      else result.envFilePath = path;
    });
  }
  if (targets.envFile && result.envFilePath)
    result.exported = [...items, envFileItem(targets.envFile.name, result.envFilePath)];
  for (const item of result.exported) {
    try {
      if (targets.outputs) exporter.setOutput(item.name, item.value);
      if (targets.env) exporter.exportVariable(item.name, item.value);
    } catch (error) {
      if (error instanceof ActionError) throw error;
      // @actions/core's message names its delimiter, never the value; still, say only the name.
      const { input, line } = item.source.ref;
      throw new ActionError(say('export.value-refused', { name: item.name, input, line }), errorMessage(error));
    }
  }
  return result;
}

/** files-group on the directory, before any file is in it; a failure is the export's. */
function shareWithGroup(dir: string, gid: number): void {
  try {
    shareDirWithGroup(dir, gid);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new ActionError(
      say('export.files-group-not-given', { dir, gid, why: typeof code === 'string' ? code : 'chown failed' }),
      errorMessage(error),
    );
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
