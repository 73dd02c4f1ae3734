// Scale and size limits, at the unit level: masks delivered before export, linear masking, export
// sizes a later step can start with, and the job summary's cap.
import { PassThrough, Writable } from 'node:stream';
import { run } from '../../../../src/read/main.js';
import { flushed } from '../../../../src/runner/stdio.js';
import { failureSummary, STEP_SUMMARY_LIMIT_BYTES } from '../../../../src/read/export/summary.js';
import { deps, fakeAzure, FakeRunner } from '../../../helpers/fakes.js';

const inputs = (secrets: string, more: Record<string, string> = {}) => ({ keyvault: 'ml-prod-kv', secrets, ...more });
const names = (n: number) => Array.from({ length: n }, (_, i) => `s-${i}`).join('\n');

describe('masks reach the runner before any export', () => {
  it('exports nothing when the runner does not read the masks within the timeout', async () => {
    const runner = new FakeRunner(inputs('a'));
    runner.delivers = false;
    await run(deps(runner, fakeAzure({ secrets: { a: 'value-of-a' } })));
    expect(runner.failed).toMatch(/did not read this step's log within timeout \(60 s\).*nothing was exported/);
    expect(runner.of('mask')).toContainEqual(['mask', 'value-of-a']);
    expect(runner.of('output')).toEqual([]);
    expect(runner.of('env')).toEqual([]);
  });

  it('flushed: waits for every queued write to be taken, and gives up when the signal aborts', async () => {
    // A stream whose reader takes one chunk at a time, when the test says so.
    const taken: string[] = [];
    const pending: (() => void)[] = [];
    const slow = new Writable({
      highWaterMark: 4,
      write(chunk, _enc, callback) {
        pending.push(() => {
          taken.push(String(chunk));
          callback();
        });
      },
    });
    for (const line of ['one\n', 'two\n', 'three\n']) slow.write(line);
    let done: boolean | undefined;
    const flush = flushed(slow, new AbortController().signal).then((ok) => (done = ok));
    while (pending.length > 0 || done === undefined) {
      pending.shift()?.();
      await new Promise((r) => setImmediate(r));
    }
    await flush;
    expect(done).toBe(true);
    expect(taken.join('')).toBe('one\ntwo\nthree\n');

    const stuck = new Writable({ write() {} }); // never calls back: a reader that stopped
    stuck.write('x');
    const abort = new AbortController();
    const gaveUp = flushed(stuck, abort.signal);
    abort.abort();
    expect(await gaveUp).toBe(false);
    expect(await flushed(new PassThrough(), abort.signal)).toBe(true); // nothing queued
  });
});

describe('env exports a later step can start with', () => {
  const many = (n: number, size: number) =>
    Object.fromEntries(Array.from({ length: n }, (_, i) => [`s-${i}`, `v${i}-`.padEnd(size, 'x')]));
  // Every value an env var for every later step: what these limits are about.
  const EXPORT_ENV = { 'export-env': 'true' };
  const linuxEnv = { PATH: '/usr/bin:/bin', HOME: '/home/runner', GITHUB_ACTIONS: 'true' };

  it('refuses 2,100 values of 1 KB on Linux (E2BIG for every later process), before any export, naming the fixes', async () => {
    const runner = new FakeRunner(inputs(names(2100), EXPORT_ENV));
    await run(deps(runner, fakeAzure({ secrets: many(2100, 1024) }), { env: linuxEnv, platform: 'linux' }));
    expect(runner.failed).toMatch(/The 2100 environment variables this step would export take 2\.\d MiB/);
    expect(runner.failed).toMatch(/E2BIG: Linux allows 2\.0 MiB for the environment and arguments together/);
    expect(runner.failed).toContain('export-env: false');
    expect(runner.failed).toContain('files:');
    expect(runner.of('output')).toEqual([]);
    expect(runner.of('env')).toEqual([]);
  });

  it('counts what is already in the environment: 1,500 values of 1 KB fit alone, not on top of 600 KB inherited', async () => {
    const fits = new FakeRunner(inputs(names(1500), EXPORT_ENV));
    await run(deps(fits, fakeAzure({ secrets: many(1500, 1024) }), { env: linuxEnv, platform: 'linux' }));
    expect(fits.failed).toBeUndefined();
    expect(fits.of('env')).toHaveLength(1500);

    const crowded = new FakeRunner(inputs(names(1500), EXPORT_ENV));
    await run(
      deps(crowded, fakeAzure({ secrets: many(1500, 1024) }), {
        env: { ...linuxEnv, BIG: 'x'.repeat(600 * 1024) },
        platform: 'linux',
      }),
    );
    expect(crowded.failed).toMatch(/with the 0\.6 MiB already in the environment/);
    expect(crowded.of('env')).toEqual([]);
  });

  it('refuses one value over 128 KiB as an env var on Linux, naming its alias; as a file or an output only, it is fine', async () => {
    const secrets = { small: 'small-value', big: 'b'.repeat(200 * 1024) };
    const runner = new FakeRunner(inputs('small\nCERT=big', EXPORT_ENV));
    await run(deps(runner, fakeAzure({ secrets }), { env: linuxEnv, platform: 'linux' }));
    expect(runner.failed).toMatch(
      /^CERT \(secrets line 2, 200 KiB\): too large to be an environment variable \(Linux allows 128 KiB per environment variable/,
    );
    expect(runner.failed).toContain('export-env: false');
    expect(runner.of('output')).toEqual([]);

    const outputsOnly = new FakeRunner(inputs('small\nCERT=big', { 'export-env': 'false' }));
    await run(deps(outputsOnly, fakeAzure({ secrets }), { env: linuxEnv, platform: 'linux' }));
    expect(outputsOnly.failed).toBeUndefined();
    expect(outputsOnly.of('output')).toHaveLength(2);
  });

  it('on Windows, refuses a variable over 32,767 characters; on macOS, an environment over its 1 MiB', async () => {
    const win = new FakeRunner(inputs('big', EXPORT_ENV));
    await run(deps(win, fakeAzure({ secrets: { big: 'w'.repeat(40_000) } }), { env: {}, platform: 'win32' }));
    expect(win.failed).toMatch(/^BIG .*Windows allows 32767 characters per environment variable/);

    const mac = new FakeRunner(inputs(names(1000), EXPORT_ENV));
    await run(deps(mac, fakeAzure({ secrets: many(1000, 1024) }), { env: {}, platform: 'darwin' }));
    expect(mac.failed).toMatch(/E2BIG: macOS allows 1\.0 MiB/);
    expect(mac.of('env')).toEqual([]);
  });
});

describe('the job summary stays under the runner limit', () => {
  it('a success with 12,000 exports is cut under 1 MiB, saying how many rows were left out', async () => {
    const n = 12_000;
    const runner = new FakeRunner(
      inputs(Array.from({ length: n }, (_, i) => `a-rather-long-secret-name-for-row-${i}`).join('\n'), {
        'export-env': 'false',
      }),
    );
    await run(
      deps(
        runner,
        fakeAzure({
          secrets: Object.fromEntries(
            Array.from({ length: n }, (_, i) => [`a-rather-long-secret-name-for-row-${i}`, `v${i}`]),
          ),
        }),
      ),
    );
    const [, markdown] = runner.of('summary')[0]!;
    expect(Buffer.byteLength(markdown!, 'utf8')).toBeLessThanOrEqual(STEP_SUMMARY_LIMIT_BYTES);
    const rows = markdown!.split('\n').filter((l) => l.startsWith('| `'));
    const more = /\| … and (\d+) more \(the step's log lists every export\)/.exec(markdown!);
    expect(more).not.toBeNull();
    expect(rows.length + Number(more![1])).toBe(n);
    expect(markdown).toContain(`${n} exported`);
  });

  it('a failure with 5,000 long reasons is cut under 1 MiB, in both the table and the fixes', () => {
    const failures = Array.from({ length: 5000 }, (_, i) => ({
      input: 'secrets',
      line: i + 1,
      alias: `A${i}`,
      vault: 'kv',
      secret: `s-${i}`,
      reason: `forbidden: ${'fix it this way; '.repeat(20)}`,
    }));
    const markdown = failureSummary(failures, 5000);
    expect(Buffer.byteLength(markdown, 'utf8')).toBeLessThanOrEqual(STEP_SUMMARY_LIMIT_BYTES);
    const table = /\| … and (\d+) more/.exec(markdown);
    const fixes = /- … and (\d+) more/.exec(markdown);
    expect(Number(table![1]) + markdown.split('\n').filter((l) => /^\| secrets \d+ /.test(l)).length).toBe(5000);
    expect(Number(fixes![1]) + markdown.split('\n').filter((l) => l.startsWith('- secrets line ')).length).toBe(5000);
  });

  it('a small summary is not cut', () => {
    const markdown = failureSummary(
      [{ input: 'secrets', line: 1, alias: 'A', vault: 'kv', secret: 's', reason: 'missing: add it' }],
      1,
    );
    expect(markdown).not.toContain('more');
  });
});
