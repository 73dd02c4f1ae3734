// The workflow command protocol (::name key=value::message) for log lines and annotations,
// escaped exactly as @actions/core's command.ts does. Written here because importing
// @actions/core also loads undici (~1 MB, for its OIDC client): that alone doubled the time a run
// takes to report bad input. Masks and file commands still go through @actions/core (actionsCore.ts).
import { EOL } from 'node:os';
import type { Log } from './runner.js';

export const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
export const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

// The runner reads a line as a command if it starts with "::" (or "##[") after leading whitespace.
const COMMAND_START = /^(\s*)(::|##\[)/gm;
/** A log line that can never be read as a command, whatever text got into it. */
export const plainText = (s: string) => s.replace(COMMAND_START, (_, space: string, start: string) => `${space}${start[0]}\u200b${start.slice(1)}`);

export function issueCommand(name: string, message: string, properties: Record<string, string> = {}): void {
  const props = Object.entries(properties)
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `${k}=${escapeProperty(v)}`)
    .join(',');
  process.stdout.write(`::${name}${props ? ` ${props}` : ''}::${escapeData(message)}${EOL}`);
}

/** The Log on the real runner: inputs from INPUT_* variables, lines and annotations on stdout. */
export function createCommandLog(): Log {
  return {
    // Untrimmed: line numbers in messages count the input's lines as written. readConfig trims.
    getInput: (name) => process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '',
    getState: (name) => process.env[`STATE_${name}`] ?? '',
    debug: (message) => issueCommand('debug', message),
    info: (message) => void process.stdout.write(`${plainText(message)}${EOL}`),
    warning: (message) => issueCommand('warning', message),
    error: (message) => issueCommand('error', message),
    // core.setSecret writes exactly this: ::add-mask:: with the value's %, \r and \n escaped.
    setSecret: (value) => issueCommand('add-mask', value),
    setFailed: (message) => {
      process.exitCode = 1;
      issueCommand('error', message);
    },
    group: async (title, task) => {
      issueCommand('group', title);
      try {
        return await task();
      } finally {
        issueCommand('endgroup', '');
      }
    },
  };
}
