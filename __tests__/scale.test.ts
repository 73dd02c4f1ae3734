// Scale and size limits, at the unit level: masks delivered before export, linear masking, export
// sizes a later step can start with, and the job summary's cap.
import { PassThrough, Writable } from 'node:stream';
import { run } from '../src/main.js';
import { flushed } from '../src/stdio.js';
import { deps, fakeAzure, FakeRunner } from './helpers/fakes.js';

const inputs = (secrets: string, more: Record<string, string> = {}) => ({ keyvault: 'ml-prod-kv', secrets, ...more });

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
