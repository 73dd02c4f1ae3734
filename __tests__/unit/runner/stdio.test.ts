// gather: what one tick writes to stdout leaves in one piece, in order, and flushed() still waits for
// all of it.
import { Writable } from 'node:stream';
import { flushed, gather, GATHER_BYTES } from '../../../src/runner/stdio.js';

/** A stream that records each call its writer makes to it (one array per write or writev). */
function recorder() {
  const calls: string[][] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, callback) {
      calls.push([chunk.toString()]);
      callback();
    },
    writev(chunks, callback) {
      calls.push(chunks.map(({ chunk }) => String(chunk)));
      callback();
    },
  });
  return { stream, calls };
}

describe('gather: the lines of one tick in one write', () => {
  it('hands 200 short masks written in one tick to the stream in one call, in order', async () => {
    const { stream, calls } = recorder();
    const lines = Array.from({ length: 200 }, (_, i) => `::add-mask::value-${i}\n`);
    for (const line of lines) {
      gather(stream);
      stream.write(line);
    }
    expect(calls).toEqual([]); // held until the next tick
    await new Promise((resolve) => process.nextTick(resolve));
    expect(calls).toHaveLength(1);
    expect(calls[0]!.join('')).toBe(lines.join(''));
  });

  it('hands 2,000 masks of 1 KB over in batches of about GATHER_BYTES, in order (one copy of them all cost memory)', async () => {
    const { stream, calls } = recorder();
    const lines = Array.from({ length: 2000 }, (_, i) => `::add-mask::${`value-${i}-`.padEnd(1024, 'x')}\n`);
    for (const line of lines) {
      gather(stream);
      stream.write(line);
    }
    await new Promise((resolve) => process.nextTick(resolve));
    expect(calls.flat().join('')).toBe(lines.join(''));
    const batches = calls.map((c) => c.join('').length);
    expect(Math.max(...batches)).toBeLessThanOrEqual(GATHER_BYTES + 1100);
    expect(calls.length).toBeLessThan(2000 / 10);
  });

  it('flushed() resolves only once the gathered lines are out, and a later tick gathers anew', async () => {
    const { stream, calls } = recorder();
    gather(stream);
    stream.write('a\n');
    stream.write('b\n');
    const done = flushed(stream, new AbortController().signal);
    expect(calls).toEqual([]);
    await expect(done).resolves.toBe(true);
    expect(calls.flat().join('')).toBe('a\nb\n');
    gather(stream);
    stream.write('c\n');
    await new Promise((resolve) => process.nextTick(resolve));
    expect(calls.at(-1)).toEqual(['c\n']);
    expect(stream.writableCorked).toBe(0);
  });
});
