// What taking the export back restores: each file command file to its length before the export (what
// earlier steps' commands and this step's earlier lines left there is kept), the secret files' directory
// removed, and the saved state kept only while one of those files is still there for the post step.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCoreExporter } from '../../../src/runner/coreExporter.js';
import { forwardCancellation, rollBack, settle } from '../../../src/runner/rollback.js';

const NAMES = ['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY'] as const;
let dir: string;
let saved: Record<string, string | undefined>;
const before = (name: string) => `${name} before the export\n`;
const read = () => Object.fromEntries(NAMES.map((n) => [n, readFileSync(process.env[n]!, 'utf8')]));
const untouched = () => Object.fromEntries(NAMES.map((n) => [n, before(n)]));

// One directory for the whole file: @actions/core's summary keeps the path it first wrote to.
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kv-rollback-'));
  saved = Object.fromEntries(NAMES.map((n) => [n, process.env[n]]));
  for (const name of NAMES) process.env[name] = join(dir, name);
});
beforeEach(() => {
  for (const name of NAMES) writeFileSync(process.env[name]!, before(name));
});
afterEach(() => {
  rollBack(); // nothing may carry over to the next test
  delete process.env.ROLLBACK_TEST_VALUE;
});
afterAll(() => {
  for (const name of NAMES) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  rmSync(dir, { recursive: true, force: true });
});

/** An export through the real exporter: state, an output, an env var; then its summary line. */
async function exportOne(removed: () => boolean) {
  const out = createCoreExporter();
  out.atomically(() => {
    out.onRollback(removed);
    out.saveState('written-files', '{"dir":"x","files":[]}');
    out.setOutput('ROLLBACK_TEST_VALUE', 'v');
    out.exportVariable('ROLLBACK_TEST_VALUE', 'v');
  });
  await out.writeSummary('Exported 1 secret\n');
}

it('a cancellation before the export finds nothing to take back', () => {
  expect(rollBack()).toBe(false);
  expect(read()).toEqual(untouched());
});

it('an export that fails halfway is taken back at once: every file as it was, its secret files removed, the env var unset', () => {
  const out = createCoreExporter();
  const removed: string[] = [];
  expect(() =>
    out.atomically(() => {
      out.onRollback(() => removed.push('secret files') > 0);
      out.saveState('written-files', '{"dir":"x","files":[]}');
      out.setOutput('ROLLBACK_TEST_VALUE', 'v');
      out.exportVariable('ROLLBACK_TEST_VALUE', 'v');
      throw new Error('the next write failed');
    }),
  ).toThrow('the next write failed');
  expect(read()).toEqual(untouched());
  expect(removed).toEqual(['secret files']);
  expect(process.env.ROLLBACK_TEST_VALUE).toBeUndefined();
  expect(rollBack()).toBe(false); // taken back once, not again at exit
});

it('a completed export stays until the step exits: a cancellation then takes all of it back, its summary too', async () => {
  const removed: string[] = [];
  await exportOne(() => removed.push('secret files') > 0);
  const written = read();
  for (const name of NAMES) expect(written[name]!.length).toBeGreaterThan(before(name).length);

  expect(rollBack()).toBe(true);
  expect(read()).toEqual(untouched());
  expect(removed).toEqual(['secret files']);
});

it('a secret file that could not be removed keeps the saved state, so the post step still removes it', async () => {
  await exportOne(() => false);
  const written = read();
  rollBack();
  expect(read()).toEqual({ ...untouched(), GITHUB_STATE: written.GITHUB_STATE });
});

it('once run has the values alone, the export is settled: what its command then writes is never cut back', async () => {
  const removed: string[] = [];
  await exportOne(() => removed.push('secret files') > 0);
  settle();
  expect(rollBack()).toBe(false);
  expect(removed).toEqual([]);
});

it('while run runs, SIGINT and SIGTERM are passed on to the command instead of ending the step; then as before', () => {
  const forwarded: string[] = [];
  const before = process.listenerCount('SIGTERM');
  const restore = forwardCancellation((signal) => forwarded.push(signal));
  const write = process.stderr.write.bind(process.stderr);
  const told: string[] = [];
  process.stderr.write = (text: string) => told.push(text) > 0;
  try {
    process.emit('SIGINT', 'SIGINT');
    process.emit('SIGTERM', 'SIGTERM');
  } finally {
    process.stderr.write = write;
    restore();
  }
  expect(forwarded).toEqual(['SIGINT', 'SIGTERM']);
  expect(told[0]).toMatch(/^Cancelled \(SIGINT\): passed on to the command; the step ends when it does\./);
  expect(process.listenerCount('SIGTERM')).toBe(before);
});
