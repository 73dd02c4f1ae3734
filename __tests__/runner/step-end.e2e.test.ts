// How the step ends, as the runner sees it. Cancelled (the runner's SIGINT, then SIGTERM) at any point of a
// 3,000-value export: the file commands hold all of it or none, and when none, no secret file and no saved
// state is left. Failed with a runner that reads the log slowly: the step still ends by `timeout`.
import { readdirSync, readFileSync } from 'node:fs';
import { sampleVault, type StepResult, useStandin } from '../helpers/standin.js';

const ctx = useStandin();

describe('a cancelled export: all or nothing', () => {
  // 6 JSON secrets of 500 leaves each (3,000 values, one request per secret) and 3 secrets as files. The long
  // keys make the log after the export (a line per value) longer than the pipe and the runner's buffers hold.
  const JSONS = 6;
  const LEAVES = 500;
  const FILES = 3;
  const key = (i: number) => `k${i}_${'n'.repeat(60)}`;
  const leaf = (j: number, i: number) => `cancel-value-${j}-${i}-${'x'.repeat(40)}`;
  const fileValue = (f: number) => `cancel-file-${f}-${'y'.repeat(40)}`;
  /** Any of those values, in any text. */
  const ANY_VALUE = /cancel-(value-\d+-\d+-x{40}|file-\d+-y{40})/;

  const expected: Record<string, string> = {};
  for (let j = 0; j < JSONS; j++)
    for (let i = 0; i < LEAVES; i++) expected[`CFG_${j}_${key(i).toUpperCase()}`] = leaf(j, i);

  function vault() {
    const secrets: Record<string, string> = {};
    for (let j = 0; j < JSONS; j++) {
      const json: Record<string, string> = {};
      for (let i = 0; i < LEAVES; i++) json[key(i)] = leaf(j, i);
      secrets[`cfg-${j}`] = JSON.stringify(json);
    }
    for (let f = 0; f < FILES; f++) secrets[`file-${f}`] = fileValue(f);
    sampleVault(ctx.s, secrets);
  }
  const inputs = {
    keyvault: 'ml-prod-kv',
    'parse-json': 'true',
    secrets: Array.from({ length: JSONS }, (_, j) => `cfg-${j}`).join('\n'),
    files: Array.from({ length: FILES }, (_, f) => `file-${f}`).join('\n'),
    'export-env': 'true',
  };

  /** What the runner would hand later steps: every value and file, or (a cancelled step) nothing at all. */
  function expectAllOrNothing(r: StepResult, at: string): 'all' | 'nothing' {
    const secretDirs = readdirSync(r.runnerTemp).filter((n) => n.startsWith('keyvault-secrets-'));
    if (r.code === 0) {
      const { FILE_0, FILE_1, FILE_2, ...values } = r.outputs;
      expect(values).toEqual(expected);
      expect(r.env).toEqual(r.outputs);
      for (const [f, path] of [FILE_0, FILE_1, FILE_2].entries())
        expect(readFileSync(path!, 'utf8')).toBe(fileValue(f));
      expect(JSON.parse(r.state['written-files']!)).toMatchObject({ files: [FILE_0, FILE_1, FILE_2] });
      return 'all';
    }
    // Cancelled: 130 (128 + SIGINT) once the action's handler is in place; killed by the signal itself only
    // while Node is still starting, before any of the action's code ran.
    expect({ at, code: r.code, signal: r.signal }).toEqual(
      r.code === null ? { at, code: null, signal: 'SIGINT' } : { at, code: 130, signal: null },
    );
    const left = {
      outputs: Object.keys(r.outputs).length,
      env: Object.keys(r.env).length,
      bytes: [r.rawFiles.output, r.rawFiles.env, r.rawFiles.state, r.summary].map((text) => text.length),
      secretDirs,
    };
    expect({ at, ...left }).toEqual({ at, outputs: 0, env: 0, bytes: [0, 0, 0, 0], secretDirs: [] });
    // No value in the log (stdout, stderr) but as a mask.
    const log = `${r.stdout.replace(/^::add-mask::.*$/gm, '')}\n${r.stderr}`;
    expect({ at, leaked: ANY_VALUE.exec(log)?.[0] }).toEqual({ at, leaked: undefined });
    return 'nothing';
  }

  it('SIGINT at 11 points, from start-up to the last log line: each time the files hold all 3,000 values or none', async () => {
    vault();
    const points: { at: string; cancel?: { afterMs?: number; afterLine?: RegExp }; readPauseMs?: number }[] = [
      { at: 'not cancelled' },
      // Node starting, inputs, identity, reads.
      ...[60, 200].map((afterMs) => ({ at: `${afterMs} ms after the start`, cancel: { afterMs } })),
      // The runner has the first masks: the masks drain, then the export's one synchronous stretch of writes.
      ...[0, 1, 2, 4, 8, 15, 25].map((afterMs) => ({
        at: `${afterMs} ms after the first mask`,
        cancel: { afterLine: /^::add-mask::/, afterMs },
      })),
      // Everything is written and the step is handing its log lines to a slow runner.
      ...[0, 30].map((afterMs) => ({
        at: `${afterMs} ms after "Exported …"`,
        cancel: { afterLine: /^::group::Exported/, afterMs },
        readPauseMs: 60,
      })),
    ];
    const outcomes: Record<string, string> = {};
    for (const { at, cancel, readPauseMs } of points) {
      const r = await ctx.step(inputs, { cancel, readPauseMs, timeoutMs: 20_000 });
      const outcome = expectAllOrNothing(r, at);
      outcomes[at] = r.stderr.includes('took back every output') ? 'taken back' : outcome;
      r.cleanup();
    }
    // Cancelled once everything was written: taken back, not left for the runner to process.
    expect(outcomes).toMatchObject({
      'not cancelled': 'all',
      '0 ms after "Exported …"': 'taken back',
      '30 ms after "Exported …"': 'taken back',
    });
  }, 60_000);
});

describe('timeout bounds the whole step', () => {
  it('a failure with thousands of masks queued for a runner that reads slowly: the step ends by timeout, whatever the runner has still to read', async () => {
    // 100 secrets of 100 lines each: their 10,000 masks (600 KB) are written when one missing secret fails the step.
    const values: Record<string, string> = {};
    for (let i = 0; i < 100; i++)
      values[`s-${i}`] = Array.from({ length: 100 }, (_, l) => `line-${i}-${l}-${'z'.repeat(50)}`).join('\n');
    sampleVault(ctx.s, values);
    const TIMEOUT_S = 3;

    const r = await ctx.step(
      { keyvault: 'ml-prod-kv', secrets: [...Object.keys(values), 'missing'].join('\n'), timeout: String(TIMEOUT_S) },
      { readPauseMs: 1500, timeoutMs: 30_000 },
    );

    expect(r.code).toBe(1);
    expect(r.errors).toEqual([expect.stringMatching(/missing/)]);
    // The process exits by the deadline (generous: whole processes on a busy machine), however slowly the log is
    // read. The runner then reads what is left in the pipe, as it does after any step.
    expect(r.exitMs).toBeLessThan((TIMEOUT_S + 2) * 1000);
    expect(r.rawFiles).toEqual({ output: '', env: '', state: '' });
    const log = `${r.stdout.replace(/^::add-mask::.*$/gm, '')}\n${r.stderr}`;
    expect(/line-\d+-\d+-z{50}/.exec(log)?.[0]).toBeUndefined();
  }, 40_000);
});
