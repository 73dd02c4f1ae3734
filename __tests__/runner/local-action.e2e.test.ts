// @github/local-action: .env.example points it at the stand-in that
// `node standin/cli.mjs --local-action` starts, and the action runs from its TypeScript source under
// local-action's stubs: outputs in its table, the post step through its state.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify, parseEnv } from 'node:util';
import { ROOT, runAction } from '../../standin/runner.mjs';
import { itIf } from '../helpers/itIf.js';

// npm run local-action fetches @github/local-action with npx (it is no devDependency): the test that runs it
// needs it installed, or LOCAL_ACTION_TEST=1 to let npx fetch it from the npm registry (a few hundred packages).
const LOCAL_ACTION = join(ROOT, 'node_modules', '@github', 'local-action');
const withLocalAction = existsSync(LOCAL_ACTION) || process.env.LOCAL_ACTION_TEST === '1';
const skipReason =
  '@github/local-action is fetched on demand; LOCAL_ACTION_TEST=1 runs this test (npx fetches it from the npm registry)';

let cli: ChildProcess;
beforeAll(async () => {
  cli = spawn(process.execPath, [join(ROOT, 'standin', 'cli.mjs'), '--local-action'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    cli.stdout!.once('data', () => resolve());
    cli.once('exit', (code) =>
      reject(new Error(`standin/cli.mjs --local-action exited (${code}): are its ports (17381–17383) taken?`)),
    );
  });
});
afterAll(async () => {
  cli.kill('SIGTERM');
  await new Promise((resolve) => cli.once('exit', resolve));
});

const dotenv = parseEnv(readFileSync(join(ROOT, '.env.example'), 'utf8')) as Record<string, string>;
const CA = join(ROOT, '.local-action', 'ca.pem');

it('.env.example points the action at the stand-in that cli.mjs --local-action starts', async () => {
  // The runner's file commands and temp directory come from runAction; the rest from .env.example.
  const env = Object.fromEntries(
    Object.entries(dotenv).filter(
      ([k]) => !/^(GITHUB_(OUTPUT|ENV|STATE)|RUNNER_TEMP)$/.test(k) && !k.startsWith('INPUT_'),
    ),
  );
  const inputs = Object.fromEntries(
    Object.entries(dotenv).flatMap(([k, v]) => (k.startsWith('INPUT_') ? [[k.slice(6).toLowerCase(), v]] : [])),
  );
  const r = await runAction({ inputs, env: { ...env, NODE_EXTRA_CA_CERTS: CA } });
  try {
    expect(r.errors).toEqual([]);
    expect(r.outputs).toMatchObject({
      DB_PASSWORD: 'Tr4in!ng-db-p@ssw0rd',
      STORAGE_KEY: 'c3RvcmFnZS1hY2NvdW50LWtleS1zYW1wbGU=',
      HF_TOKEN: 'hf_sampleTokenForTheDemo0123456789',
    });
  } finally {
    r.cleanup();
  }
});

// npm itself: npm-cli.js with this Node when run under npm (on Windows `npm` is npm.cmd, which execFile cannot start).
const npm = (...args: string[]): [string, string[]] =>
  process.env.npm_execpath?.endsWith('.js') ? [process.execPath, [process.env.npm_execpath, ...args]] : ['npm', args];

itIf(withLocalAction, skipReason)(
  'npm run local-action prints the outputs in its table and runs the post step',
  async () => {
    // tsx, which local-action runs the TypeScript with, keeps a cache in the temp directory: a temp directory of
    // the test's own, removed after it.
    const temp = mkdtempSync(join(tmpdir(), 'kv-local-action-'));
    const { stdout } = await promisify(execFile)(...npm('run', 'local-action'), {
      cwd: ROOT,
      timeout: 60_000,
      maxBuffer: 16 * 2 ** 20,
      env: { ...process.env, TMPDIR: temp, TEMP: temp, TMP: temp },
    }).finally(() => rmSync(temp, { recursive: true, force: true }));
    const table = stdout.slice(stdout.indexOf('Action Outputs'));
    for (const output of ['DB_PASSWORD', 'STORAGE_KEY', 'HF_TOKEN', 'SA_JSON']) expect(table).toContain(`'${output}'`);
    expect(stdout).not.toContain('No outputs were set!');
    expect(stdout.slice(stdout.indexOf('Running Post Step'))).toMatch(/Removed 1 secret file and their directory/);
  },
  90_000,
);
