// What background steps (runner v2.335.0) mean for this action, with the bundled action as one step of a
// job modelled as actions/runner runs one (standin/runner.mjs JobModel): its env vars and outputs come out
// only through GITHUB_ENV and GITHUB_OUTPUT, which the runner applies when the step ends (for a background
// step, at a `wait` for it). So a step already running when it ends never sees them, the steps started
// after it do, and when it runs in the background itself, nothing reaches a later step before the wait.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JobModel } from '../../standin/runner.mjs';
import { expectMaskedAndNotLeaked, sampleVault, useStandin } from '../helpers/standin.js';

const ctx = useStandin();
const VALUE = 'background-suite-value-1';
// The job-wide export these steps are about.
const INPUTS = { keyvault: 'ml-prod-kv', secrets: 'db-password', 'export-env': 'true' };

type Exports = { env: Record<string, string>; outputs: Record<string, string> };
const NOTHING: Exports = { env: {}, outputs: {} };

/** This action as a step: the job's environment so far is its process's environment. */
function action(results: Awaited<ReturnType<typeof ctx.step>>[]) {
  return async (env: Record<string, string>): Promise<Exports> => {
    const r = await ctx.step(INPUTS, { env });
    results.push(r);
    return { env: r.env, outputs: r.outputs };
  };
}

/** A `run:` step that reads its environment and `steps.kv.outputs` when it starts, as expressions and processes do. */
function reader() {
  const seen: { env?: Record<string, string>; output?: string } = {};
  const run = (env: Record<string, string>, outputs: Record<string, Record<string, string>>) => {
    seen.env = env;
    seen.output = outputs.kv?.DB_PASSWORD;
    return Promise.resolve(NOTHING);
  };
  return { seen, run };
}

/** A long-running process (a monitor, a training run) that reads DB_PASSWORD only once `release` exists. */
function monitor(release: string) {
  const seen: { db?: string | null } = {};
  const run = (env: Record<string, string>) =>
    new Promise<Exports>((resolve, reject) => {
      const script =
        "const fs = require('node:fs');" +
        'const t = setInterval(() => { if (!fs.existsSync(process.argv[1])) return; clearInterval(t);' +
        ' process.stdout.write(JSON.stringify({ db: process.env.DB_PASSWORD ?? null })); }, 20);';
      const child = spawn(process.execPath, ['-e', script, release], {
        env: { PATH: process.env.PATH ?? '', ...env },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      child.on('error', reject);
      child.on('close', () => {
        Object.assign(seen, JSON.parse(out) as typeof seen);
        resolve(NOTHING);
      });
    });
  return { seen, run };
}

describe('background steps and this action', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kv-job-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a background step started before it never sees its env vars, even read after it ended; steps started after it do', async () => {
    sampleVault(ctx.s, { 'db-password': VALUE });
    const job = new JobModel();
    const release = join(dir, 'release');
    const background = monitor(release);
    await job.step('monitor', background.run, { background: true });

    const results: Awaited<ReturnType<typeof ctx.step>>[] = [];
    await job.step('kv', action(results));
    expect(results[0]!.code).toBe(0);
    const train = reader();
    await job.step('train', train.run);
    expect(train.seen).toEqual({ env: expect.objectContaining({ DB_PASSWORD: VALUE }), output: VALUE });

    // The monitor reads its environment only now, after this step has ended and exported.
    writeFileSync(release, '');
    await job.wait('monitor');
    expect(background.seen).toEqual({ db: null });
    expectMaskedAndNotLeaked(results[0]!, [VALUE], ctx.s.entra.issuedTokens());
  });

  it('run in the background itself, its env vars and outputs reach later steps only after a wait for it', async () => {
    sampleVault(ctx.s, { 'db-password': VALUE });
    const job = new JobModel();
    const results: Awaited<ReturnType<typeof ctx.step>>[] = [];
    await job.step('kv', action(results), { background: true });
    // The step has ended and written its files; without a wait, the runner still holds them back.
    await job.ended('kv');
    expect(results[0]!.code).toBe(0);
    expect(results[0]!.env).toEqual({ DB_PASSWORD: VALUE });
    const before = reader();
    await job.step('before-wait', before.run);
    expect(before.seen.env).not.toHaveProperty('DB_PASSWORD');
    expect(before.seen.output).toBeUndefined();

    await job.wait('kv');
    const after = reader();
    await job.step('after-wait', after.run);
    expect(after.seen).toEqual({ env: expect.objectContaining({ DB_PASSWORD: VALUE }), output: VALUE });
  });
});
