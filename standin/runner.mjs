// Runs the action the way actions/runner does: INPUT_* variables with action.yml defaults, file
// commands parsed with the runner's rules, ::add-mask:: read from stdout and applied to the log.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
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
    if (def && current) inputs[current].default = def[1].trim().replace(/^'(.*)'$/, '$1').replace(/^"(.*)"$/, '$1');
  }
  return inputs;
}

/** The runner's unescaping of command data. */
export const unescapeData = (s) => s.replaceAll('%0D', '\r').replaceAll('%0A', '\n').replaceAll('%25', '%');

/**
 * Parses a GITHUB_OUTPUT/GITHUB_ENV/GITHUB_STATE file as the runner does on Linux (lines end at \n; heredoc values are the raw text between).
 * @param {string} text
 * @returns {Record<string, string>}
 */
export function parseFileCommands(text) {
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

/** The masks the runner would hold after these stdout lines: each value and, as newer runners do, each trimmed line. */
export function masksFrom(stdout) {
  const masks = new Set();
  for (const line of stdout.split('\n')) {
    const m = /^::add-mask::(.*)$/.exec(line.replace(/\r$/, ''));
    if (!m) continue;
    const value = unescapeData(m[1]);
    if (value === '') continue;
    masks.add(value);
    for (const part of value.split(/\r?\n/)) if (part.trim() !== '') masks.add(part.trim());
  }
  return [...masks];
}

export function applyMasks(text, masks) {
  let out = text;
  for (const mask of [...masks].sort((a, b) => b.length - a.length)) out = out.split(mask).join('***');
  return out;
}

/** The log as the runner shows it: commands it consumes are gone, masks applied. */
export function visibleLog(stdout, stderr, masks) {
  const lines = `${stdout}${stderr}`.split('\n').filter((l) => !l.startsWith('::add-mask::'));
  return applyMasks(lines.join('\n'), masks);
}

/**
 * Runs dist/index.js (or `entry`) as a step.
 * `readPauseMs`: after each chunk read from stdout, stop reading for this long (a busy runner), so
 * the step's writes back up in the pipe as they do on a loaded machine.
 * @param {{ inputs?: Record<string,string>, env?: Record<string,string>, entry?: string, node?: string, timeoutMs?: number, eventName?: string, event?: object | string | null, cwd?: string, runnerTemp?: string, githubToken?: string, readPauseMs?: number }} options
 */
export async function runAction(options = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'kv-step-'));
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
  if (options.event !== null) writeFileSync(eventPath, typeof options.event === 'string' ? options.event : JSON.stringify(options.event ?? {}));

  const inputEnv = {};
  // The runner evaluates expressions in defaults; the only one action.yml uses is github.token.
  const expressions = { 'github.token': options.githubToken ?? 'ghs_standinJobToken0000000000000000000000' };
  for (const [name, spec] of Object.entries(actionInputs())) {
    const value = options.inputs?.[name] ?? spec.default?.replace(/\$\{\{\s*([\w.]+)\s*\}\}/g, (_, expr) => expressions[expr] ?? '');
    if (value !== undefined) inputEnv[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  for (const [name, value] of Object.entries(options.inputs ?? {})) inputEnv[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;

  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/root',
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_REPOSITORY: 'acme/training',
    GITHUB_EVENT_NAME: options.eventName ?? 'schedule',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_WORKSPACE: options.cwd ?? ROOT,
    RUNNER_TEMP: runnerTemp,
    RUNNER_OS: 'Linux',
    ...files,
    ...inputEnv,
    ...options.env,
  };

  const startedAt = Date.now();
  const started = process.hrtime.bigint();
  const child = spawn(options.node ?? process.execPath, [options.entry ?? join(ROOT, 'dist', 'index.js')], {
    env,
    cwd: options.cwd ?? ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d) => {
    stdout += d;
    if (!options.readPauseMs) return;
    child.stdout.pause();
    setTimeout(() => child.stdout.resume(), options.readPauseMs);
  });
  child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
  const code = await new Promise((resolveExit) => child.on('close', (c) => resolveExit(c)));
  clearTimeout(timer);
  const durationMs = Number(process.hrtime.bigint() - started) / 1e6;

  const read = (f) => readFileSync(f, 'utf8');
  const masks = masksFrom(stdout);
  const result = {
    code,
    durationMs,
    startedAt,
    stdout,
    stderr,
    outputs: parseFileCommands(read(files.GITHUB_OUTPUT)),
    env: parseFileCommands(read(files.GITHUB_ENV)),
    state: parseFileCommands(read(files.GITHUB_STATE)),
    summary: read(files.GITHUB_STEP_SUMMARY),
    rawFiles: { output: read(files.GITHUB_OUTPUT), env: read(files.GITHUB_ENV), state: read(files.GITHUB_STATE) },
    masks,
    log: visibleLog(stdout, stderr, masks),
    errors: stdout.split('\n').filter((l) => l.startsWith('::error')).map((l) => unescapeData(l.replace(/^::error[^:]*::/, ''))),
    warnings: stdout.split('\n').filter((l) => l.startsWith('::warning')).map((l) => unescapeData(l.replace(/^::warning[^:]*::/, ''))),
    runnerTemp,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
  return result;
}

/** Runs the action's post step after `main`, as the runner does: its saved state as STATE_* variables, same RUNNER_TEMP. */
export async function runPostStep(main, options = {}) {
  const state = Object.fromEntries(Object.entries(main.state).map(([k, v]) => [`STATE_${k}`, v]));
  return runAction({ entry: join(ROOT, 'dist', 'post', 'index.js'), ...options, runnerTemp: main.runnerTemp, env: { ...options.env, ...state } });
}
