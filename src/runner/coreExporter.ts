// The Exporter backed by @actions/core: masks and file commands exactly as the runner expects.
import { closeSync, existsSync, ftruncateSync, openSync, statSync } from 'node:fs';
import * as core from './actionsCore.js';
import { ActionError, errorMessage } from '../util/errors.js';
import { say } from '../messages/catalogue.js';
import type { Exporter } from '../ports.js';
import { recordUndo, rollBack, type Undo } from './rollback.js';
import { addMask } from './commands.js';
import { flushed } from './stdio.js';

type RequiredFileCommand = 'GITHUB_OUTPUT' | 'GITHUB_ENV' | 'GITHUB_STATE';
/** Every file command file the export writes: cut back to its length before the export when it is taken back. */
const WRITTEN = ['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_STEP_SUMMARY', 'GITHUB_STATE'] as const;

/** Undoes the export's file commands: truncates each file back to its size now. */
function checkpoint(): Undo {
  const sizes = WRITTEN.map((name) => {
    const path = process.env[name];
    const stat = path && existsSync(path) ? statSync(path) : undefined;
    return { name, path, size: stat?.size ?? 0, file: stat?.isFile() ?? false };
  });
  // Only regular files are cut back: a directory or a device (the very failure being undone) cannot be
  // opened or truncated, and an error here would replace the export's own clear one.
  return (laterComplete) => {
    for (const { name, path, size, file } of sizes) {
      if (!path || !file) continue;
      // The saved state names the secret files for the post step: kept while one of them is still there.
      if (name === 'GITHUB_STATE' && !laterComplete) continue;
      try {
        const fd = openSync(path, 'r+');
        try {
          ftruncateSync(fd, size);
        } finally {
          closeSync(fd);
        }
      } catch {
        // Replaced or removed meanwhile: nothing of this step's left to cut.
      }
    }
    return true;
  };
}

/** Without these files @actions/core falls back to stdout commands, which would print the value. */
function requireFileCommand(name: RequiredFileCommand): void {
  if (!process.env[name]) {
    // Every runner that can start a node24 action (v2.327.1 or later) sets it: this is a run outside a
    // runner, or a tool or wrapper that imitates one without the file commands.
    throw new ActionError(say('export.no-file-command', { name }));
  }
}

/**
 * A file command file that is set but cannot take an append (missing, a directory, a full disk): one clear error
 * naming it, not @actions/core's, which the export step would take for a value carrying the delimiter.
 */
function appending<T>(name: RequiredFileCommand, write: () => T): T {
  const path = process.env[name];
  try {
    return write();
  } catch (error) {
    // @actions/core's own check (and the batch's, the same): `Missing file at path: …`, with no code.
    const missing = errorMessage(error).startsWith('Missing file at path:');
    const code = missing ? 'ENOENT' : (error as { code?: unknown }).code;
    if (typeof code !== 'string') throw error;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory, not a file' : code;
    throw new ActionError(say('export.file-command-failed', { name, path: path ?? '', why }), errorMessage(error));
  }
}

export function createCoreExporter(): Exporter {
  let batch: ReturnType<NonNullable<typeof core.fileCommandBatch>> | undefined;
  return {
    setSecret: addMask, // gathered: one write to stdout for all the masks of a tick
    masksDelivered: (signal) => flushed(process.stdout, signal),
    setOutput: (name, value) => {
      requireFileCommand('GITHUB_OUTPUT');
      appending('GITHUB_OUTPUT', () => (batch ? batch.setOutput(name, value) : core.setOutput(name, value)));
    },
    exportVariable: (name, value) => {
      requireFileCommand('GITHUB_ENV');
      appending('GITHUB_ENV', () => (batch ? batch.exportVariable(name, value) : core.exportVariable(name, value)));
    },
    atomically(writes) {
      recordUndo(checkpoint());
      const envBefore = { ...process.env };
      try {
        // The writes of one export, each file appended once at the end (actionsCore.ts).
        batch = core.fileCommandBatch?.();
        try {
          const result = writes();
          const held = batch;
          if (held) appending('GITHUB_OUTPUT', () => held.write('OUTPUT'));
          if (held) appending('GITHUB_ENV', () => held.write('ENV'));
          return result;
        } finally {
          batch = undefined;
        }
      } catch (error) {
        rollBack();
        for (const key of Object.keys(process.env)) if (!(key in envBefore)) delete process.env[key];
        Object.assign(process.env, envBefore);
        throw error;
      }
    },
    onRollback: recordUndo,
    saveState: (name, value) => {
      requireFileCommand('GITHUB_STATE');
      core.saveState(name, value);
    },
    tempDir: () => {
      // The post step removes files only from under RUNNER_TEMP, so they are written nowhere else.
      if (!process.env.RUNNER_TEMP) throw new ActionError(say('export.no-runner-temp', {}));
      return process.env.RUNNER_TEMP;
    },
    writeSummary: async (markdown) => {
      if (process.env.GITHUB_STEP_SUMMARY) await core.appendSummary(markdown);
    },
  };
}
