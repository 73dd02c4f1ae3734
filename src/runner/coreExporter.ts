// The Exporter backed by @actions/core: masks and file commands exactly as the runner expects.
import { closeSync, existsSync, ftruncateSync, openSync, statSync } from 'node:fs';
import * as core from './actionsCore.js';
import { ActionError } from '../util/errors.js';
import type { Exporter } from './log.js';
import { flushed, gather } from './stdio.js';

const FILE_COMMANDS = ['GITHUB_OUTPUT', 'GITHUB_ENV'] as const;
type RequiredFileCommand = (typeof FILE_COMMANDS)[number] | 'GITHUB_STATE';

/** Truncates each file command file back to its size before the writes. */
function checkpoint(): () => void {
  const sizes = FILE_COMMANDS.map((name) => {
    const path = process.env[name];
    return { path, size: path && existsSync(path) ? statSync(path).size : 0 };
  });
  return () => {
    for (const { path, size } of sizes) {
      if (!path || !existsSync(path)) continue;
      const fd = openSync(path, 'r+');
      try {
        ftruncateSync(fd, size);
      } finally {
        closeSync(fd);
      }
    }
  };
}

/** Without these files @actions/core falls back to stdout commands, which would print the value. */
function requireFileCommand(name: RequiredFileCommand): void {
  if (!process.env[name]) {
    // Every runner that can start a node24 action (v2.327.1 or later) sets it: this is a run outside a
    // runner, or a tool or wrapper that imitates one without the file commands.
    throw new ActionError(
      `${name} is not set, so values could only be passed as stdout commands, which print them; nothing was exported. ` +
        `GitHub's runner (v2.327.1 or later, the minimum for node24 actions) always sets it: run the action in a workflow on such a runner, ` +
        `or, when running it outside one (a local tool, a container, a script), set GITHUB_OUTPUT, GITHUB_ENV and GITHUB_STATE to files.`,
    );
  }
}

export function createCoreExporter(): Exporter {
  let batch: ReturnType<NonNullable<typeof core.fileCommandBatch>> | undefined;
  return {
    setSecret: (value) => {
      gather(process.stdout); // @actions/core writes it to stdout: one write for all the masks of this tick
      core.setSecret(value);
    },
    masksDelivered: (signal) => flushed(process.stdout, signal),
    setOutput: (name, value) => {
      requireFileCommand('GITHUB_OUTPUT');
      if (batch) batch.setOutput(name, value);
      else core.setOutput(name, value);
    },
    exportVariable: (name, value) => {
      requireFileCommand('GITHUB_ENV');
      if (batch) batch.exportVariable(name, value);
      else core.exportVariable(name, value);
    },
    atomically(writes) {
      const restore = checkpoint();
      const envBefore = { ...process.env };
      try {
        // The writes of one export, each file appended once at the end (actionsCore.ts).
        batch = core.fileCommandBatch?.();
        try {
          writes();
          batch?.write();
        } finally {
          batch = undefined;
        }
      } catch (error) {
        restore();
        for (const key of Object.keys(process.env)) if (!(key in envBefore)) delete process.env[key];
        Object.assign(process.env, envBefore);
        throw error;
      }
    },
    saveState: (name, value) => {
      requireFileCommand('GITHUB_STATE');
      core.saveState(name, value);
    },
    tempDir: () => {
      // The post step removes files only from under RUNNER_TEMP, so they are written nowhere else.
      if (!process.env.RUNNER_TEMP)
        throw new ActionError(
          'RUNNER_TEMP is not set, so the files input has nowhere safe to write. Run the action on a GitHub Actions runner.',
        );
      return process.env.RUNNER_TEMP;
    },
    writeSummary: async (markdown) => {
      if (!process.env.GITHUB_STEP_SUMMARY) return;
      await core.summary.addRaw(markdown, true).write();
    },
  };
}
