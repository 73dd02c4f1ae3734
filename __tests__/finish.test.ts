// Per-request and finish-phase cost at scale: what one tick writes to stdout leaves in one
// piece, in order, and flushed() still waits for all of it; the reader every vault answer passes through.
import { PassThrough, Writable } from 'node:stream';
import { createHttpHeaders, createPipelineRequest, type HttpClient } from '@azure/core-rest-pipeline';
import { createCappedHttpClient, createVaultHttpClient } from '../src/azure/identityHttp.js';
import { Redactor } from '../src/azure/sdkLog.js';
import { flushed, gather, GATHER_BYTES } from '../src/runner/stdio.js';

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

describe("the vault client's capped reader (every Key Vault answer passes through it)", () => {
  const request = (url = 'https://kv.vault.azure.net/secrets/a') =>
    createPipelineRequest({ url, abortSignal: new AbortController().signal });
  /** An inner client whose answer's body is the given stream. */
  const answering = (body: PassThrough): HttpClient => ({
    sendRequest: (req) =>
      Promise.resolve({ request: req, status: 200, headers: createHttpHeaders(), readableStreamBody: body }),
  });

  it('reads an answer that arrives in pieces, whole', async () => {
    const body = new PassThrough();
    const client = createVaultHttpClient('kv.vault.azure.net', 1024, answering(body));
    const answer = client.sendRequest(request());
    body.write('{"value":');
    setImmediate(() => body.end('"é"}'));
    await expect(answer).resolves.toMatchObject({ bodyAsText: '{"value":"é"}' });
  });

  it('refuses an answer past its cap, naming the host', async () => {
    const body = new PassThrough();
    const client = createVaultHttpClient('kv.vault.azure.net', 8, answering(body));
    const answer = client.sendRequest(request());
    body.write('0123456789');
    await expect(answer).rejects.toThrow(/kv\.vault\.azure\.net answered with more than 0 KiB/);
    expect(body.destroyed).toBe(true);
  });

  it('fails an answer whose stream closes before its end, as the async iterator did', async () => {
    const body = new PassThrough();
    const client = createVaultHttpClient('kv.vault.azure.net', 1024, answering(body));
    const answer = client.sendRequest(request());
    body.write('{"val');
    setImmediate(() => body.destroy());
    await expect(answer).rejects.toMatchObject({ code: 'ERR_STREAM_PREMATURE_CLOSE' });
  });

  it('an identity answer too large names the host it came from', async () => {
    const body = new PassThrough();
    const client = createCappedHttpClient(() => {}, 8, answering(body));
    const answer = client.sendRequest(request('http://169.254.169.254/metadata/identity/oauth2/token'));
    body.write('0123456789');
    await expect(answer).rejects.toThrow(/^169\.254\.169\.254 answered with more than 0 KiB/);
  });
});

describe('the SDK log redactor learns each value when a line is first redacted', () => {
  it('works a value out only when a line is redacted, and then redacts every piece of it', () => {
    const redactor = new Redactor();
    let asked = 0;
    redactor.addLater(() => {
      asked++;
      return ['multi-line-secret-1', 's3cr3t-value-line'];
    });
    expect(asked).toBe(0); // no SDK log line yet (AZURE_LOG_LEVEL unset): no work
    expect(redactor.redact('body: multi-line-secret-1 and s3cr3t-value-line')).toBe('body: [REDACTED] and [REDACTED]');
    expect(redactor.redact('again multi-line-secret-1')).toBe('again [REDACTED]');
    expect(asked).toBe(1);
  });
});
