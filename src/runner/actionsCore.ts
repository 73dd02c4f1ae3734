// @actions/core's own file-command and summary modules, imported by path. Core's entry point
// also loads its OIDC client (@actions/http-client with undici and tunnel) at
// import time; only GitHub OIDC needs it (runner/idToken.ts, loaded only then). Importing these
// two modules instead keeps that load off every run that does not use it (docs/performance.md), and still lets
// @actions/core do the work: the file-command heredoc and its delimiter check, the summary.
// The path is pinned by package-lock.json (core's package exports allow no subpath); the runner-level
// tests exercise every function here.
//
// Run from the TypeScript source (@github/local-action, which stubs core's entry point and records
// outputs, state and the summary there), outputs, variables, state and the summary go through the
// entry point instead: the same functions, so the same file commands on a runner. The bundle never
// takes that branch, and webpackIgnore keeps the entry point out of it. Masks always go out as the
// add-mask command, from commands.ts (local-action passes it through; its stub would hide every output
// that holds a masked value, and here every output does).
import { issueFileCommand, prepareKeyValueMessage } from '../../node_modules/@actions/core/lib/file-command.js';
import { closeSync, constants, openSync, writeSync } from 'node:fs';
import { EOL } from 'node:os';
import type * as Core from '@actions/core';

const entry: typeof Core | undefined = new URL(import.meta.url).pathname.endsWith('.ts')
  ? await import(/* webpackIgnore: true */ '@actions/core')
  : undefined;

/**
 * core.summary.addRaw(markdown, true).write(). On a runner, one synchronous append to GITHUB_STEP_SUMMARY that
 * never creates a missing file (nor does core's): a cancellation's rollback runs between two synchronous
 * stretches (rollback.ts), so it never cuts the file back while an append still under way in the thread pool
 * lands after it.
 */
export async function appendSummary(markdown: string): Promise<void> {
  if (entry) {
    await entry.summary.addRaw(markdown, true).write();
    return;
  }
  const fd = openSync(process.env.GITHUB_STEP_SUMMARY ?? '', constants.O_WRONLY | constants.O_APPEND);
  try {
    writeSync(fd, `${markdown}${EOL}`);
  } finally {
    closeSync(fd);
  }
}

/** core.setOutput, file command only (the caller requires GITHUB_OUTPUT). */
export const setOutput = (name: string, value: string) =>
  entry ? entry.setOutput(name, value) : issueFileCommand('OUTPUT', prepareKeyValueMessage(name, value));

/** core.exportVariable, file command only (the caller requires GITHUB_ENV). */
export function exportVariable(name: string, value: string): void {
  if (entry) return entry.exportVariable(name, value);
  process.env[name] = value;
  issueFileCommand('ENV', prepareKeyValueMessage(name, value));
}

/**
 * core.setOutput and core.exportVariable for many values at once, in the bundle: each value's file command
 * as @actions/core prepares it (its delimiter and the delimiter check), and each file appended once, as
 * issueFileCommand appends one (2,000 outputs were 2,000 opens, appends and closes of GITHUB_OUTPUT).
 * Undefined from the TypeScript source, where local-action's entry point records each one itself.
 */
export const fileCommandBatch = entry
  ? undefined
  : () => {
      const messages = { OUTPUT: [] as string[], ENV: [] as string[] };
      const size = { OUTPUT: 0, ENV: 0 };
      /** All the messages held, through issueFileCommand once (its checks, one append, the last EOL). */
      const append = (command: 'OUTPUT' | 'ENV') => {
        if (messages[command].length === 0) return;
        issueFileCommand(command, messages[command].join(EOL));
        messages[command] = [];
        size[command] = 0;
      };
      /** Holds a message, appending what is held once it passes FILE_COMMAND_BATCH_CHARS (a bounded copy at 2,000 values). */
      const hold = (command: 'OUTPUT' | 'ENV', message: string) => {
        messages[command].push(message);
        size[command] += message.length;
        if (size[command] >= FILE_COMMAND_BATCH_CHARS) append(command);
      };
      return {
        setOutput: (name: string, value: string) => hold('OUTPUT', prepareKeyValueMessage(name, value)),
        exportVariable(name: string, value: string) {
          hold('ENV', prepareKeyValueMessage(name, value));
          process.env[name] = value;
        },
        /** Appends what is still held for one file. */
        write: (command: 'OUTPUT' | 'ENV') => append(command),
      };
    };

/** How much of one file's commands a batch holds before it appends them. */
const FILE_COMMAND_BATCH_CHARS = 64 * 1024;

/** core.saveState, file command only. */
export const saveState = (name: string, value: string) =>
  entry ? entry.saveState(name, value) : issueFileCommand('STATE', prepareKeyValueMessage(name, value));

/** core.getState: the STATE_ variable the runner sets for the post step. */
export const getState = (name: string): string => (entry ? entry.getState(name) : (process.env[`STATE_${name}`] ?? ''));
