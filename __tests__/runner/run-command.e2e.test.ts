// run: one command gets the values, and no later step does. Run as the runner runs the action (the stand-in
// runner reads both pipes, masks, and cancels as actions/runner does), with a real bash as the command's shell.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JobModel, runPostStep } from '../../standin/runner.mjs';
import { itIf, posix } from '../helpers/itIf.js';
import { maskPiecesOf, sampleInputs, sampleVault, type StepResult, useStandin } from '../helpers/standin.js';

const ctx = useStandin();
const hasBash = posix && ['/bin/bash', '/usr/bin/bash'].some((p) => existsSync(p));
const NO_BASH = 'needs bash, the default shell of run on Linux and macOS';
const VALUE = 'run-only-value-4e7c1d';
const FILE_VALUE = 'apiVersion: v1\ntoken: kube-file-secret-91ab\n';

let out: string;
beforeEach(() => {
  out = mkdtempSync(join(tmpdir(), 'kv-run-out-'));
});
afterEach(() => rmSync(out, { recursive: true, force: true }));
const read = (name: string) => readFileSync(join(out, name), 'utf8');
const secretDirs = (runnerTemp: string) => readdirSync(runnerTemp).filter((n) => n.startsWith('keyvault-secrets-'));

describe('run: the command, and only it, sees the values', () => {
  itIf(hasBash, NO_BASH)(
    'the command reads the values and the file in its environment; the step exports nothing, and removes its files when the command ends',
    async () => {
      sampleVault(ctx.s, { 'db-password': VALUE, kubeconfig: FILE_VALUE });
      const workspace = join(out, 'workspace');
      mkdirSync(join(workspace, 'train'), { recursive: true });
      // The job as the runner runs it: this step, then a later step started with what the job holds then.
      const job = new JobModel();
      let r!: StepResult;
      await job.step('kv', async (env) => {
        r = await ctx.step(
          sampleInputs({
            files: 'KUBECONFIG=kubeconfig',
            'working-directory': 'train',
            run: [
              'printf %s "$DB_PASSWORD" > "$OUT/seen"',
              'cat "$KUBECONFIG" > "$OUT/kubeconfig"',
              'echo "the value: $DB_PASSWORD"',
              'pwd > "$OUT/pwd"',
              'env | cut -d= -f1 | sort > "$OUT/names"',
            ].join('\n'),
          }),
          { cwd: workspace, env: { ...env, OUT: out, ACTIONS_RUNTIME_TOKEN: 'runtime-token-not-for-run-steps' } },
        );
        return { env: r.env, outputs: r.outputs };
      });
      const later: { env?: Record<string, string>; outputs?: Record<string, Record<string, string>> } = {};
      await job.step('upload', (env, outputs) => {
        Object.assign(later, { env, outputs });
        return Promise.resolve({ env: {}, outputs: {} });
      });

      expect(r.errors).toEqual([]);
      expect(r.code).toBe(0);
      expect(read('seen')).toBe(VALUE);
      expect(read('kubeconfig')).toBe(FILE_VALUE);
      expect(read('pwd').trim()).toBe(join(workspace, 'train'));
      // The command's own output reaches the runner, which masks it: every mask was in its pipe first.
      expect(r.log).toContain('the value: ***');
      expect(r.log).not.toContain(VALUE);
      for (const piece of maskPiecesOf(FILE_VALUE)) expect(r.masks).toContain(piece);
      // What a run: step never gets: the action's inputs, its state, the Actions runtime's token.
      const names = read('names').split('\n');
      expect(names).toEqual(expect.arrayContaining(['DB_PASSWORD', 'KUBECONFIG', 'GITHUB_OUTPUT']));
      expect(names.filter((n) => /^(INPUT_|STATE_|GITHUB_STATE$|ACTIONS_RUNTIME_TOKEN$)/.test(n))).toEqual([]);
      // A later step gets what the runner passes on: no output, no env var, no file.
      expect(later).toEqual({ env: {}, outputs: { kv: {} } });
      expect(secretDirs(r.runnerTemp)).toEqual([]);
      expect(r.log).toMatch(/Removed the 2 files written for the command, and their directory\./);
      expect(r.state['written-files']).toBe('');
      expect(r.summary).toMatch(/\| `DB_PASSWORD` \|.*\| run \|$/m);
      const post = await runPostStep(r, { env: ctx.s.env() });
      expect([post.code, post.warnings]).toEqual([0, []]);
    },
  );

  itIf(hasBash, NO_BASH)('the command exit status is the step, with one error and no stack trace', async () => {
    sampleVault(ctx.s, VALUE);
    const r = await ctx.step(sampleInputs({ run: 'echo before the failure\nexit 3' }));
    expect(r.code).toBe(3);
    expect(r.errors).toEqual(['The command in run exited with code 3.']);
    expect(r.log).toContain('before the failure');
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/\n\s+at /);
    expect([r.outputs, r.env, secretDirs(r.runnerTemp)]).toEqual([{}, {}, []]);
  });

  itIf(hasBash, NO_BASH)(
    'timeout bounds the fetch, not the command: a command that outlasts it still succeeds',
    async () => {
      sampleVault(ctx.s, VALUE);
      const r = await ctx.step(sampleInputs({ timeout: '3', run: 'sleep 4\necho still here' }));
      expect(r.errors).toEqual([]);
      expect(r.code).toBe(0);
      expect(r.log).toContain('still here');
    },
  );

  itIf(hasBash, NO_BASH)('export-env: true gives later steps the values and the file too, as without run', async () => {
    sampleVault(ctx.s, { 'db-password': VALUE, kubeconfig: FILE_VALUE });
    const r = await ctx.step(
      sampleInputs({ files: 'KUBECONFIG=kubeconfig', 'export-env': 'true', run: 'test -n "$DB_PASSWORD"' }),
    );
    expect(r.code).toBe(0);
    expect(r.outputs.DB_PASSWORD).toBe(VALUE);
    expect(r.env.DB_PASSWORD).toBe(VALUE);
    expect(readFileSync(r.env.KUBECONFIG!, 'utf8')).toBe(FILE_VALUE);
    const post = await runPostStep(r, { env: ctx.s.env() });
    expect(post.log).toMatch(/Removed 1 secret file/);
    expect(existsSync(r.env.KUBECONFIG!)).toBe(false);
  });

  itIf(hasBash, NO_BASH)(
    'a cancel reaches the command: SIGINT to the action is passed on, and the command finishes saving its checkpoint',
    async () => {
      sampleVault(ctx.s, VALUE);
      const trainer = join(out, 'train.mjs');
      writeFileSync(
        trainer,
        [
          "import { writeFileSync } from 'node:fs';",
          // Saving takes a while: the step must wait for it, not end at the signal.
          "process.on('SIGINT', () => setTimeout(() => { writeFileSync(process.env.CKPT, 'checkpoint after SIGINT'); process.exit(0); }, 500));",
          "console.log('training started');",
          'setInterval(() => {}, 1000);',
        ].join('\n'),
      );
      const r = await ctx.step(sampleInputs({ run: '"$TRAINER_NODE" "$TRAINER"\necho "after training: $?"' }), {
        env: { TRAINER: trainer, TRAINER_NODE: process.execPath, CKPT: join(out, 'ckpt') },
        cancel: { afterLine: /^training started$/ },
      });
      expect(r.cancelSignals).toEqual(['SIGINT']);
      expect(read('ckpt')).toBe('checkpoint after SIGINT');
      // The shell went on after the command handled the signal, as after Ctrl+C in a terminal.
      expect(r.log).toContain('after training: 0');
      expect(r.stderr).toContain('Cancelled (SIGINT): passed on to the command; the step ends when it does.');
      expect(r.code).toBe(130);
      expect([r.outputs, r.env, secretDirs(r.runnerTemp)]).toEqual([{}, {}, []]);
    },
  );

  itIf(hasBash, NO_BASH)(
    'a command that ignores both signals: the runner kills the step at the end of its grace, and the post step removes the files left',
    async () => {
      sampleVault(ctx.s, { 'db-password': VALUE, kubeconfig: FILE_VALUE });
      // Ignored signals stay ignored in what the shell starts; the loop ends by itself after the kill. The
      // runner's grace is scaled from 10 s to 2 s: what is proved is the order of the signals and what is left.
      const r = await ctx.step(
        sampleInputs({
          files: 'KUBECONFIG=kubeconfig',
          run: "trap '' INT TERM\necho ready\nfor i in $(seq 1 50); do sleep 0.1; done",
        }),
        { cancel: { afterLine: /^ready$/, graceMs: 2_000 }, timeoutMs: 60_000 },
      );
      expect(r.cancelSignals).toEqual(['SIGINT', 'SIGTERM', 'SIGKILL']);
      expect(r.signal).toBe('SIGKILL');
      const left = JSON.parse(r.state['written-files']!) as { dir: string; files: string[] };
      expect(left.files.every((f) => existsSync(f))).toBe(true);
      const post = await runPostStep(r, { env: ctx.s.env() });
      expect(post.log).toMatch(/Removed 2 secret files and their directory\./);
      expect(existsSync(left.dir)).toBe(false);
    },
    60_000,
  );

  itIf(process.platform === 'linux' && hasBash, 'reads /proc, which only Linux has')(
    'no value is in any process command line while the command runs',
    async () => {
      sampleVault(ctx.s, { 'db-password': VALUE, kubeconfig: FILE_VALUE });
      const step = ctx.step(
        sampleInputs({
          files: 'KUBECONFIG=kubeconfig',
          run: 'touch "$OUT/running"\nwhile [ ! -e "$OUT/go" ]; do sleep 0.05; done',
        }),
        { env: { OUT: out } },
      );
      const deadline = Date.now() + 60_000;
      while (!existsSync(join(out, 'running')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const commandLines: string[] = [];
      for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
        try {
          commandLines.push(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '));
        } catch {
          // ended meanwhile
        }
      }
      writeFileSync(join(out, 'go'), '');
      const r = await step;
      expect(r.code).toBe(0);
      // Looked while the command ran: its shell, and the action's node process, were in the list.
      expect(commandLines.some((l) => /keyvault-secrets-[^/ ]+\/run\.sh/.test(l))).toBe(true);
      for (const piece of [VALUE, ...maskPiecesOf(FILE_VALUE)].filter((p) => p.length >= 6))
        expect(commandLines.filter((l) => l.includes(piece))).toEqual([]);
    },
  );
});
