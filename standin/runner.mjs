// Runs the action the way actions/runner does: INPUT_* variables with action.yml defaults, file
// commands parsed with the runner's rules, ::add-mask:: read from stdout and applied to the log.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The inputs and their defaults from action.yml (a small reader for this file's plain layout). */
export function actionInputs(actionYml = join(ROOT, 'action.yml')) {
  const text = readFileSync(actionYml, 'utf8');
  const block = text.split(/^inputs:\s*$/m)[1]?.split(/^\S/m)[0] ?? '';
  const inputs = {};
  let current;
  for (const line of block.split('\n')) {
    const name = /^ {2}([A-Za-z0-9_-]+):\s*$/.exec(line);
    if (name) {
      current = name[1];
      inputs[current] = { default: undefined };
      continue;
    }
    const def = /^ {4}default:\s*(.*)$/.exec(line);
    if (def && current)
      inputs[current].default = def[1]
        .trim()
        .replace(/^'(.*)'$/, '$1')
        .replace(/^"(.*)"$/, '$1');
  }
  return inputs;
}

// ---- The runner's workflow-command parser and masker (actions/runner, read from its source) ----
// src/Runner.Sdk/ProcessInvoker.cs: stdout and stderr are each read with StreamReader.ReadLine, so a
//   line ends at "\n", "\r" or "\r\n"; both streams go to the same ActionCommandManager.
// src/Runner.Worker/Handlers/OutputManager.cs: a line holding "##[" or "::" goes to TryProcessCommand;
//   if no command is processed, the line is written to the log, masked.
// src/Runner.Common/ActionCommand.cs: TryParseV2 ("::name k=v,k=v::data" after TrimStart), then, if
//   that fails, TryParse (legacy "##[name k=v;k=v]data", found ANYWHERE in the line). Both accept the
//   same registered commands, compared case-insensitively. Only the first "##[" of a line is tried.
// src/Runner.Worker/ActionCommandManager.cs: stop-commands / resume token, add-mask (whole value and
//   each trimmed line), echo.
// src/Sdk/DTLogging/Logging/SecretMasker.cs: each line, when written, has every occurrence of every
//   mask registered so far replaced (overlapping matches merged) by "***".
// The runner's StartsWith/IndexOf(string) are culture-sensitive (ICU on Linux), where zero-width and
// control characters are ignorable: "\u200b::x" starts with "::". That is modelled below (ignorable
// characters are skipped while matching), so an escape that relies on an invisible character is tried
// the way the runner would read it. The masker's extra encodings (base64, JSON, URI escapes of each
// value) are not modelled: the log checked here is masked less than the runner's, never more.

/** The commands the runner registers (ExtensionManager.cs), plus stop-commands. */
export const RUNNER_COMMANDS = [
  'stop-commands',
  'set-env',
  'set-output',
  'save-state',
  'add-path',
  'add-mask',
  'add-matcher',
  'remove-matcher',
  'warning',
  'error',
  'notice',
  'debug',
  'group',
  'endgroup',
  'echo',
];

/** .NET Char.IsWhiteSpace, as String.TrimStart uses it. */
const DOTNET_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*/;
/** Characters ICU's default collation ignores in culture-sensitive matching (controls, format characters). */
const IGNORABLE = /^[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]$/u;
const isIgnorable = (c) => IGNORABLE.test(c) && !/[\t\n\v\f\r\u0085]/.test(c);

/** Culture-sensitive IndexOf(needle, from): the index of needle's first character, ignorable characters skipped while matching. */
export function cultureIndexOf(text, needle, from = 0) {
  for (let i = from; i < text.length; i++) {
    if (text[i] !== needle[0]) continue;
    let j = i + 1;
    let k = 1;
    while (k < needle.length && j < text.length) {
      if (text[j] === needle[k]) {
        j++;
        k++;
      } else if (isIgnorable(text[j])) j++;
      else break;
    }
    if (k === needle.length) return i;
  }
  return -1;
}
/** Culture-sensitive StartsWith: leading ignorable characters skipped. */
const cultureStartsWith = (text, needle) => {
  let i = 0;
  while (i < text.length && isIgnorable(text[i])) i++;
  return cultureIndexOf(text, needle, i) === i;
};

const unescapeWith = (pairs) => (s) => {
  let out = s ?? '';
  for (const [token, replacement] of pairs) out = out.replaceAll(replacement, token);
  return out;
};
/** The runner's unescaping of command data (::cmd::data). */
export const unescapeData = unescapeWith([
  ['\r', '%0D'],
  ['\n', '%0A'],
  ['%', '%25'],
]);
const unescapeProperty = unescapeWith([
  ['\r', '%0D'],
  ['\n', '%0A'],
  [':', '%3A'],
  [',', '%2C'],
  ['%', '%25'],
]);
const unescapeLegacy = unescapeWith([
  [';', '%3B'],
  ['\r', '%0D'],
  ['\n', '%0A'],
  [']', '%5D'],
  ['%', '%25'],
]);

const splitPairs = (text, separator, unescape, properties) => {
  for (const part of text.split(separator).filter((p) => p !== '')) {
    const eq = part.indexOf('=');
    // Split('=', 2, RemoveEmptyEntries): "=x" and "x=" have one entry and are ignored.
    const pair = eq < 0 ? [part] : [part.slice(0, eq), part.slice(eq + 1)].filter((p) => p !== '');
    if (pair.length === 2) properties[pair[0].toLowerCase()] = unescape(pair[1]);
  }
};

/** ActionCommand.TryParseV2: "::name props::data" after leading whitespace. */
export function parseCommandV2(line, registered = new Set(RUNNER_COMMANDS)) {
  if (!line) return null;
  const message = line.replace(DOTNET_SPACE, '');
  if (!cultureStartsWith(message, '::')) return null;
  const end = cultureIndexOf(message, '::', 2);
  if (end < 0) return null;
  const info = message.slice(2, end);
  const space = info.indexOf(' ');
  const name = space < 0 ? info : info.slice(0, space);
  if (!registered.has(name.toLowerCase())) return null;
  const properties = {};
  if (space > 0) splitPairs(info.slice(space + 1).trim(), ',', unescapeProperty, properties);
  return { command: name.toLowerCase(), properties, data: unescapeData(message.slice(end + 2)), form: 'v2' };
}

/** ActionCommand.TryParse: "##[name props]data" anywhere in the line (its first "##[" only). */
export function parseCommandLegacy(line, registered = new Set(RUNNER_COMMANDS)) {
  if (!line) return null;
  const prefix = cultureIndexOf(line, '##[');
  if (prefix < 0) return null;
  const rb = line.indexOf(']', prefix);
  if (rb < 0) return null;
  const start = prefix + 3;
  if (rb < start) return null;
  const info = line.slice(start, rb);
  const space = info.indexOf(' ');
  const name = space < 0 ? info : info.slice(0, space);
  if (!registered.has(name.toLowerCase())) return null;
  const properties = {};
  if (space > 0) splitPairs(info.slice(space + 1), ';', unescapeLegacy, properties);
  return { command: name.toLowerCase(), properties, data: unescapeLegacy(line.slice(rb + 1)), form: 'legacy' };
}

/**
 * StreamReader.ReadLine over a whole stream: lines end at "\r\n", "\r" or "\n"; a last unterminated line counts.
 * @param {string} text
 * @returns {string[]}
 */
export function readLines(text) {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** SecretMasker.MaskSecrets: every occurrence of every mask, overlapping matches merged, becomes "***". */
export function maskLine(line, masks) {
  if (!line || masks.size === 0) return line;
  const ranges = [];
  for (const mask of masks) {
    for (let i = line.indexOf(mask); i >= 0; i = line.indexOf(mask, i + 1)) ranges.push([i, i + mask.length]);
  }
  if (ranges.length === 0) return line;
  ranges.sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  let current;
  for (const [s, e] of ranges) {
    if (current && s <= current[1]) current[1] = Math.max(current[1], e);
    else {
      if (current) {
        out += `${line.slice(at, current[0])}***`;
        at = current[1];
      }
      current = [s, e];
    }
  }
  out += `${line.slice(at, current[0])}***${line.slice(current[1])}`;
  return out;
}

/**
 * The runner's view of a step's output: every command it processed, the masks it holds, the log it shows.
 * Feed lines in the order the runner reads them (`line(text, stream)`).
 */
export class RunnerModel {
  registered = new Set(RUNNER_COMMANDS);
  /** @type {Set<string>} */
  masks = new Set();
  /** @type {{ command: string, properties: Record<string,string>, data: string, form: 'v2'|'legacy', stream: string, line: string }[]} every command processed */
  commands = [];
  /** @type {string[]} the log as shown, masked */
  log = [];
  /** @type {string[]} commands the runner refused (unsupported stop token, set-env without ACTIONS_ALLOW_UNSECURE_COMMANDS …) */
  failures = [];
  stopToken = null;

  /** @param {{ echo?: boolean, debug?: boolean, masks?: Iterable<string> }} [options] */
  constructor(options = {}) {
    this.echo = options.echo ?? false;
    this.debug = options.debug ?? false;
    for (const m of options.masks ?? []) this.masks.add(m);
  }

  #output(text) {
    this.log.push(maskLine(text, this.masks));
  }

  #addMask(value) {
    if (value.trim() === '') return;
    this.masks.add(value);
    for (const part of value.split(/[\r\n]/)) if (part.trim() !== '') this.masks.add(part.trim());
  }

  line(text, stream = 'stdout') {
    if (text && (cultureIndexOf(text, '##[') >= 0 || cultureIndexOf(text, '::') >= 0) && this.#command(text, stream))
      return;
    this.#output(text);
  }

  #command(text, stream) {
    const parsed = parseCommandV2(text, this.registered) ?? parseCommandLegacy(text, this.registered);
    if (!parsed) return false;
    if (this.stopToken !== null) {
      if (parsed.command !== this.stopToken.toLowerCase()) return false;
      this.#output(text);
      this.registered.delete(this.stopToken.toLowerCase());
      this.stopToken = null;
      this.commands.push({ ...parsed, command: 'resume-commands', stream, line: text });
      return true;
    }
    this.commands.push({ ...parsed, stream, line: text });
    const { command, data, properties } = parsed;
    switch (command) {
      case 'stop-commands':
        if (data === '' || this.registered.has(data.toLowerCase()) || data.toLowerCase() === 'pause-logging') {
          this.failures.push(text);
          return true;
        }
        this.stopToken = data;
        this.registered.add(data.toLowerCase());
        if (data.length > 6) this.masks.add(data);
        this.#output(text);
        return true;
      case 'add-mask':
        if (this.echo && data.trim() !== '') this.#output('::add-mask::***');
        this.#addMask(data);
        return true;
      case 'debug':
        if (this.debug) this.#output(`##[debug]${data}`);
        return true;
      case 'warning':
      case 'error':
      case 'notice':
        this.#output(`##[${command}]${data}`);
        return true;
      case 'group':
      case 'endgroup':
        if (this.echo) this.#output(text);
        this.#output(`##[${command}]${command === 'group' ? data : ''}`);
        return true;
      case 'set-env':
        this.failures.push(text);
        return true;
      default:
        if (this.echo) this.#output(text);
        if ((command === 'set-output' || command === 'save-state') && !properties.name) this.failures.push(text);
        return true;
    }
  }
}

/** Splits a stream into lines as they arrive, as StreamReader.ReadLine does (a "\r" at a chunk's end waits for a possible "\n"). */
export function lineSplitter(onLine) {
  let buffer = '';
  let scanned = 0;
  const BREAK = /\r\n|\r|\n/g;
  return {
    push(chunk) {
      buffer += chunk;
      let at = 0;
      BREAK.lastIndex = scanned;
      for (let m = BREAK.exec(buffer); m; m = BREAK.exec(buffer)) {
        if (m[0] === '\r' && m.index === buffer.length - 1) break;
        onLine(buffer.slice(at, m.index));
        at = BREAK.lastIndex;
      }
      buffer = buffer.slice(at);
      scanned = Math.max(0, buffer.length - 1);
    },
    end() {
      if (buffer !== '') onLine(buffer.replace(/\r$/, ''));
      buffer = '';
    },
  };
}

/**
 * Runs lines (in the order the runner read them) through the model.
 * @param {Iterable<readonly [stream: string, text: string]>} events
 * @param {ConstructorParameters<typeof RunnerModel>[0]} [options]
 */
export function readAsRunner(events, options) {
  const model = new RunnerModel(options);
  for (const [stream, text] of events) model.line(text, stream);
  return model;
}

/**
 * Parses a GITHUB_OUTPUT/GITHUB_ENV/GITHUB_STATE file as the runner does (FileCommandManager.cs
 * ReadLine): lines end at "\n"; on Windows (#if OS_WINDOWS) also at "\r\n", which @actions/core
 * writes there (os.EOL). Heredoc values are the raw text between, less the newline before the delimiter.
 * @param {string} text
 * @param {string} [platform] process.platform of the runner
 * @returns {Record<string, string>}
 */
export function parseFileCommands(text, platform = process.platform) {
  /** @type {Record<string, string>} */
  const result = {};
  let index = 0;
  const readLine = () => {
    if (index >= text.length) return null;
    const lf = text.indexOf('\n', index);
    const start = index;
    if (lf < 0) {
      index = text.length;
      return { line: text.slice(start), newline: 0 };
    }
    if (platform === 'win32' && lf > start && text[lf - 1] === '\r') {
      index = lf + 1;
      return { line: text.slice(start, lf - 1), newline: 2 };
    }
    index = lf + 1;
    return { line: text.slice(start, lf), newline: 1 };
  };
  for (let next = readLine(); next !== null; next = readLine()) {
    const { line } = next;
    if (line === '') continue;
    const eq = line.indexOf('=');
    const heredoc = line.indexOf('<<');
    if (eq >= 0 && (heredoc < 0 || eq < heredoc)) {
      result[line.slice(0, eq)] = line.slice(eq + 1);
    } else if (heredoc >= 0) {
      const key = line.slice(0, heredoc);
      const delimiter = line.slice(heredoc + 2);
      const start = index;
      let end = index;
      let inner = readLine();
      while (inner === null || inner.line !== delimiter) {
        if (inner === null) throw new Error(`file command: no closing delimiter ${delimiter} for ${key}`);
        end = index - inner.newline;
        inner = readLine();
      }
      result[key] = end > start ? text.slice(start, end) : '';
    } else {
      throw new Error(`file command: invalid line ${JSON.stringify(line)}`);
    }
  }
  return result;
}

/** The masks the runner would hold after these stdout lines (add-mask in either form, each value and each trimmed line). */
export function masksFrom(stdout) {
  return [...readAsRunner(readLines(stdout).map((l) => ['stdout', l])).masks];
}

/** The text with each line masked as the runner masks it; line ends are kept as they were. */
export function applyMasks(text, masks) {
  const set = new Set(masks);
  return text
    .split(/(\r\n|\r|\n)/)
    .map((part, i) => (i % 2 === 0 ? maskLine(part, set) : part))
    .join('');
}

/** The log as the runner shows it: commands it consumes are gone, lines masked with the masks given and any registered before them. */
export function visibleLog(stdout, stderr, masks = []) {
  const events = [...readLines(stdout).map((l) => ['stdout', l]), ...readLines(stderr).map((l) => ['stderr', l])];
  return readAsRunner(events, { masks, debug: true }).log.join('\n');
}

/** RUNNER_OS as the runner sets it for this platform. */
export const runnerOs = (platform = process.platform) => ({ win32: 'Windows', darwin: 'macOS' })[platform] ?? 'Linux';

/** What a Windows process needs from its environment to start and to open sockets (Winsock reads SystemRoot). */
const WINDOWS_ESSENTIALS = [
  'SystemRoot',
  'windir',
  'SystemDrive',
  'ComSpec',
  'PATHEXT',
  'TEMP',
  'TMP',
  'USERPROFILE',
  'APPDATA',
  'LOCALAPPDATA',
  'ProgramData',
  'ProgramFiles',
];

/** Every step directory runAction made and its result's cleanup() has not yet removed. */
const stepDirs = new Set();

/** Removes the step directories still there (the runner-level suites call it after each file: jest.setup.ts). */
export function removeStepDirs() {
  for (const dir of stepDirs) rmSync(dir, { recursive: true, force: true });
  stepDirs.clear();
}

/**
 * Runs dist/index.js (or `entry`) as a step.
 * `readPauseMs`: after each chunk read from stdout, stop reading for this long (a busy runner), so
 * the step's writes back up in the pipe as they do on a loaded machine.
 * `cancel`: cancels the step as actions/runner does (src/Runner.Sdk/ProcessInvoker.cs, killProcessOnCancel
 * false for node actions): SIGINT to the process; SIGTERM if it has not exited 7.5 s later; SIGKILL 2.5 s
 * after that. Sent `afterMs` after the start, or, with `afterLine`, after the first stdout line matching it.
 * `graceMs` (10 s, the runner's) scales that schedule: SIGTERM at three quarters of it, SIGKILL at its end, so a
 * test of a step that ignores both signals need not wait the runner's whole grace.
 * @param {{ action?: 'read' | 'set', inputs?: Record<string,string>, env?: Record<string,string>, entry?: string, node?: string, timeoutMs?: number, eventName?: string, event?: object | string | null, cwd?: string, runnerTemp?: string, githubToken?: string, readPauseMs?: number, cancel?: { afterMs?: number, afterLine?: RegExp, graceMs?: number } }} options
 */
export async function runAction(options = {}) {
  // action 'set': the set step (set/action.yml, whose runs.main is ../dist/set/index.js).
  const entry =
    options.entry ??
    (options.action === 'set' ? join(ROOT, 'dist', 'set', 'index.js') : join(ROOT, 'dist', 'index.js'));
  const actionYml = options.action === 'set' ? join(ROOT, 'set', 'action.yml') : join(ROOT, 'action.yml');
  // Under jest, only the runner-level project bundles first (jest.config.js): a suite outside it would run a stale dist/.
  const inDist = relative(join(ROOT, 'dist'), entry);
  if (process.env.JEST_WORKER_ID && !process.env.KV_DIST_CHECKED && !inDist.startsWith('..') && !isAbsolute(inDist))
    throw new Error(
      'This test runs dist/ but is not in the runner-level jest project, which bundles first: see jest.config.js.',
    );
  const dir = mkdtempSync(join(tmpdir(), 'kv-step-'));
  stepDirs.add(dir);
  const files = {
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_ENV: join(dir, 'env'),
    GITHUB_STATE: join(dir, 'state'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
    GITHUB_PATH: join(dir, 'path'),
  };
  for (const f of Object.values(files)) writeFileSync(f, '');
  const runnerTemp = options.runnerTemp ?? join(dir, 'runner-temp');
  mkdirSync(runnerTemp, { recursive: true });
  const eventPath = join(dir, 'event.json');
  // null: no event file at all; a string: the file's raw text.
  if (options.event !== null)
    writeFileSync(eventPath, typeof options.event === 'string' ? options.event : JSON.stringify(options.event ?? {}));

  const inputEnv = {};
  // The runner evaluates expressions in defaults; the only one action.yml uses is github.token.
  const expressions = { 'github.token': options.githubToken ?? 'ghs_standinJobToken0000000000000000000000' };
  for (const [name, spec] of Object.entries(actionInputs(actionYml))) {
    const value =
      options.inputs?.[name] ??
      spec.default?.replace(/\$\{\{\s*([\w.]+)\s*\}\}/g, (_, expr) => expressions[expr] ?? '');
    if (value !== undefined) inputEnv[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  for (const [name, value] of Object.entries(options.inputs ?? {}))
    inputEnv[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;

  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? homedir(),
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_REPOSITORY: 'acme/training',
    GITHUB_EVENT_NAME: options.eventName ?? 'schedule',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_WORKSPACE: options.cwd ?? ROOT,
    RUNNER_TEMP: runnerTemp,
    RUNNER_OS: runnerOs(),
    ...(process.platform === 'win32'
      ? Object.fromEntries(
          WINDOWS_ESSENTIALS.flatMap((k) => (process.env[k] === undefined ? [] : [[k, process.env[k]]])),
        )
      : {}),
    ...files,
    ...inputEnv,
    ...options.env,
  };

  const startedAt = Date.now();
  const started = process.hrtime.bigint();
  const child = spawn(options.node ?? process.execPath, [entry], {
    env,
    cwd: options.cwd ?? ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  // Both streams' lines, in the order they arrived: the runner reads both pipes at once into one command manager and masker.
  /** @type {[string, string][]} */
  const events = [];
  /** @type {string[]} the signals the cancellation sent, in order */
  const cancelSignals = [];
  let exited = false;
  const cancelTimers = [];
  const cancel = () => {
    const send = (signal) => {
      if (exited) return;
      cancelSignals.push(signal);
      child.kill(signal);
    };
    send('SIGINT');
    const grace = options.cancel?.graceMs ?? 10_000;
    cancelTimers.push(setTimeout(() => send('SIGTERM'), grace * 0.75));
    cancelTimers.push(setTimeout(() => send('SIGKILL'), grace));
  };
  const armCancel = () => cancelTimers.push(setTimeout(cancel, options.cancel?.afterMs ?? 0));
  if (options.cancel && !options.cancel.afterLine) armCancel();
  let cancelLineSeen = false;
  const out = lineSplitter((l) => {
    events.push(['stdout', l]);
    if (cancelLineSeen || !options.cancel?.afterLine?.test(l)) return;
    cancelLineSeen = true;
    armCancel();
  });
  const err = lineSplitter((l) => events.push(['stderr', l]));
  /** @type {NodeJS.Timeout | undefined} */
  let readPause;
  child.stdout.setEncoding('utf8').on('data', (d) => {
    stdout += d;
    out.push(d);
    if (!options.readPauseMs) return;
    child.stdout.pause();
    readPause = setTimeout(() => child.stdout.resume(), options.readPauseMs);
  });
  child.stderr.setEncoding('utf8').on('data', (d) => {
    stderr += d;
    err.push(d);
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
  /** @type {number | undefined} when the process exited; its pipes may close later, once the runner has read them */
  let exitMs;
  child.on('exit', () => {
    exited = true;
    exitMs = Number(process.hrtime.bigint() - started) / 1e6;
  });
  const [code, signal] = await new Promise((resolveExit) => child.on('close', (c, s) => resolveExit([c, s])));
  clearTimeout(timer);
  for (const t of [...cancelTimers, readPause]) clearTimeout(t);
  const durationMs = Number(process.hrtime.bigint() - started) / 1e6;

  const read = (f) => readFileSync(f, 'utf8');
  out.end();
  err.end();
  const debug = env.RUNNER_DEBUG === '1' || env.ACTIONS_STEP_DEBUG === 'true';
  const runner = readAsRunner(events, { echo: debug, debug });
  const masks = [...runner.masks];
  const byCommand = (name) => runner.commands.filter((c) => c.command === name);
  // Outputs and state set by (forged or legacy) commands; the file commands, read after the step, win.
  const fromCommands = (name) =>
    Object.fromEntries(
      byCommand(name)
        .filter((c) => c.properties.name)
        .map((c) => /** @type {[string, string]} */ ([c.properties.name, c.data])),
    );
  const result = {
    code,
    /** The signal that ended the process, if one did (null when it exited by itself). */
    signal,
    cancelSignals,
    durationMs,
    exitMs,
    startedAt,
    stdout,
    stderr,
    outputs: { ...fromCommands('set-output'), ...parseFileCommands(read(files.GITHUB_OUTPUT)) },
    env: parseFileCommands(read(files.GITHUB_ENV)),
    state: { ...fromCommands('save-state'), ...parseFileCommands(read(files.GITHUB_STATE)) },
    summary: read(files.GITHUB_STEP_SUMMARY),
    rawFiles: { output: read(files.GITHUB_OUTPUT), env: read(files.GITHUB_ENV), state: read(files.GITHUB_STATE) },
    masks,
    /** The log as the runner shows it, each line masked with the masks registered before it. */
    log: runner.log.join('\n'),
    /** Every workflow command the runner processed, from stdout and stderr, in order (add-mask included). */
    commands: runner.commands,
    /** Commands the runner refused (set-env, an unsupported stop-commands token, set-output without a name). */
    commandFailures: runner.failures,
    errors: byCommand('error').map((c) => c.data),
    warnings: byCommand('warning').map((c) => c.data),
    runnerTemp,
    cleanup: () => {
      rmSync(dir, { recursive: true, force: true });
      stepDirs.delete(dir);
    },
  };
  return result;
}

/**
 * Runs the action's post step after `main`, as the runner does: its saved state as STATE_* variables, same RUNNER_TEMP.
 * @param {{ state: Record<string, string>, runnerTemp: string }} main
 * @param {Parameters<typeof runAction>[0]} [options]
 */
export async function runPostStep(main, options = {}) {
  const state = Object.fromEntries(Object.entries(main.state).map(([k, v]) => [`STATE_${k}`, v]));
  return runAction({
    entry: join(ROOT, 'dist', 'post', 'index.js'),
    ...options,
    runnerTemp: main.runnerTemp,
    env: { ...options.env, ...state },
  });
}

// ---- A job's steps, for what crosses from one step to the next (actions/runner, read from its source) ----
// src/Runner.Worker/StepsRunner.cs and BackgroundStepCoordinator.cs (background steps, v2.335.0):
// - a step's process starts with the job's environment as it is at that moment (Global.EnvironmentVariables,
//   and the steps context its expressions read) and keeps that environment until it exits;
// - a step's GITHUB_ENV and GITHUB_OUTPUT are read when it ends (FileCommandManager.cs) and applied to the
//   job before the next step starts;
// - a background step's are held instead (ExecutionContext.DeferredEnvironmentVariables, DeferredOutputs)
//   until a `wait` or `wait-all` for it flushes them (BackgroundStepCoordinator.CompleteWaitedSteps), even
//   when the step has long ended.
// Not modelled: PATH additions, step state, masks (the masker is the runner's, job-wide, at once).

/**
 * @typedef {{ env: Record<string, string>, outputs: Record<string, string> }} StepExports what a step's files held when it ended
 * @typedef {(env: Record<string, string>, outputs: Record<string, Record<string, string>>) => Promise<StepExports>} StepRun
 *   starts a step with a snapshot of the job's environment and of the outputs of the steps before it
 */
export class JobModel {
  /** The job's environment, as the next step to start would get it. */
  env = {};
  /** Step outputs by step id, as `steps.<id>.outputs` reads them. */
  outputs = {};
  /** @type {Map<string, Promise<StepExports>>} */
  #background = new Map();

  /**
   * Runs a step. Foreground: resolves once it has ended and its exports are applied. Background: resolves
   * once it has started; its exports wait for `wait(id)`.
   * @param {string} id
   * @param {StepRun} run
   * @param {{ background?: boolean }} [options]
   */
  async step(id, run, { background = false } = {}) {
    const started = run({ ...this.env }, structuredClone(this.outputs));
    if (background) {
      this.#background.set(id, started);
      return;
    }
    this.#apply(id, await started);
  }

  /** Resolves when a background step has ended, without applying anything: what the runner does until a `wait`. */
  async ended(id) {
    await this.#background.get(id);
  }

  /** A `wait: <id>` control step: waits for the background step, then applies what it exported. */
  async wait(id) {
    const exports = await this.#background.get(id);
    if (!exports) throw new Error(`no background step ${id}`);
    this.#background.delete(id);
    this.#apply(id, exports);
  }

  #apply(id, { env, outputs }) {
    Object.assign(this.env, env);
    this.outputs[id] = { ...this.outputs[id], ...outputs };
  }
}
