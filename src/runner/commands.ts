// The workflow command protocol (::name key=value::message) for log lines and annotations,
// escaped exactly as @actions/core's command.ts does. Written here because importing
// @actions/core also loads undici (for its OIDC client), a large share of the time a run takes to
// report bad input. File commands still go through @actions/core (actionsCore.ts).
import { EOL } from 'node:os';
import type { Log } from '../ports.js';
import { gather } from './stdio.js';
import { DOTNET_INLINE_SPACE } from '../policy/untrusted.js';

export const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
export const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

// What actions/runner reads as a command (src/Runner.Common/ActionCommand.cs): "::" at the start of a
// line after leading whitespace (.NET's Char.IsWhiteSpace, which also counts U+0085 and U+3000), and
// "##[" ANYWHERE in a line (the legacy form, tried when the first fails). A line ends at "\n" or "\r".
// A line is taken to start after \n, \r, U+2028 and U+2029 (the runner splits at \n and \r only: a superset).
// Linear on any text: the spaces after a line start never include a line break, so each run of
// spaces is scanned from one start only. (/^(SPACE*)::/gm rescanned the whole run from every line
// break in it: quadratic in a long run of "\n".) The last break before a "::" is still a start, so every
// "::" that spaces and breaks lead up to is found.
const LINE_BREAK = '[\\n\\r\\u2028\\u2029]';
const COMMAND_START = new RegExp(`(^|${LINE_BREAK})(${DOTNET_INLINE_SPACE}*)::`, 'g');
// The runner's own defence for its markers (OutputManager.cs: "##[start-action" → "##[\\start-action"):
// a backslash after "##[" leaves no registered command name to parse. Idempotent: "##[\\" is left alone.
const LEGACY_START = /##\[(?!\\)/g;
/**
 * A log line that can never be read as a command, whatever text got into it. The ":" + U+200B + ":"
 * survives the runner's culture-sensitive StartsWith("::") (ICU ignores U+200B), but the command name
 * is then read from the third character, ":", and no command is named so.
 */
export const plainText = (s: string) =>
  s
    .replace(COMMAND_START, (_, start: string, space: string) => `${start}${space}:\u200b:`)
    .replace(LEGACY_START, '##[\\');

/** One workflow command line, escaped as @actions/core escapes it. */
export function commandLine(name: string, message: string, properties: Record<string, string> = {}): string {
  const props = Object.entries(properties)
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `${k}=${escapeProperty(v)}`)
    .join(',');
  return `::${name}${props ? ` ${props}` : ''}::${escapeData(message)}${EOL}`;
}

/** Every line the action writes to stdout: gathered into one write per tick (stdio.ts). */
function writeOut(text: string, handedOver?: () => void): void {
  gather(process.stdout);
  process.stdout.write(text, handedOver);
}

export function issueCommand(name: string, message: string, properties: Record<string, string> = {}): void {
  writeOut(commandLine(name, message, properties));
}

/** Registers a mask: the one ::add-mask:: writer, byte for byte what core.setSecret writes (%, \r and \n escaped). */
export const addMask = (value: string) => issueCommand('add-mask', value);

/** The step's failure as a command line, once setFailed has written it, and whether stdout has handed it to the OS. */
let failure: { line: string; out: boolean } | undefined;
/**
 * The failure line while it is still queued in this process, where exit would drop it: the entry point
 * repeats it on stderr then. Once it is in the pipe the runner reads it after exit too, so a copy would be a
 * second error.
 */
export const failureNotHandedOver = () => (failure && !failure.out ? failure.line : undefined);

/** The Log on the real runner: inputs from INPUT_* variables, lines and annotations on stdout. */
export function createCommandLog(): Log {
  return {
    // Untrimmed: line numbers in messages count the input's lines as written. readConfig trims.
    getInput: (name) => process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '',
    getState: (name) => process.env[`STATE_${name}`] ?? '',
    debug: (message) => issueCommand('debug', message),
    info: (message) => writeOut(`${plainText(message)}${EOL}`),
    warning: (message) => issueCommand('warning', message),
    error: (message) => issueCommand('error', message),
    setSecret: addMask,
    setFailed: (message) => {
      process.exitCode = 1;
      const written = { line: commandLine('error', message), out: false };
      failure = written;
      writeOut(written.line, () => (written.out = true));
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
