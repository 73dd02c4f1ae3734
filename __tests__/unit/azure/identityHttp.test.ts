// The capped reader every identity and Key Vault answer passes through.
import { PassThrough } from 'node:stream';
import { createHttpHeaders, createPipelineRequest, type HttpClient } from '@azure/core-rest-pipeline';
import { createCappedHttpClient, createVaultHttpClient } from '../../../src/azure/identityHttp.js';

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
