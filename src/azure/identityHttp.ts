// The HTTP client every identity request goes through (IMDS, Container Apps / App Service, Arc, and
// Entra ID's token exchange): the SDK's own client, with two additions.
// - A size cap. The SDK buffers whatever an endpoint sends as the body; a 100 MiB "token" would become a
//   100 MiB ::add-mask:: and many times that in memory. Here the body is streamed and the request torn down
//   past MAX_IDENTITY_ANSWER_BYTES (counted after decompression).
// - Credentials a request carries (Container Apps' X-IDENTITY-HEADER, Arc's Basic challenge key) are
//   handed to `onCredential` before the request is sent, so they are masks before anything can print them.
import {
  createDefaultHttpClient,
  type HttpClient,
  type PipelineRequest,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';
import { errorMessage } from '../util/errors.js';
import { retryAfterResponse } from '../util/sdkErrors.js';

/** An identity answer is a JSON object of a few KiB; anything this large is not one. */
export const MAX_IDENTITY_ANSWER_BYTES = 64 * 1024;
/** An access token is a few KiB (Entra's largest, with many roles, well under this). */
export const MAX_ACCESS_TOKEN_CHARS = 32 * 1024;

/** An identity endpoint (or whatever answered in its place) sent more than any token answer holds. */
export class IdentityAnswerTooLargeError extends Error {
  override readonly name = 'IdentityAnswerTooLargeError';
  readonly code = 'EIDENTITYTOOLARGE';
  constructor(
    /** What was too large, in words the user can act on (sizes only; never the content). */
    readonly what: string,
  ) {
    super(`${what}: not read`);
  }
}

const kib = (bytes: number) => `${Math.round(bytes / 1024)} KiB`;

/**
 * Key Vault's largest answer is a few hundred KiB (a 25 KiB value, escaped, with its tags; a page of 25
 * names with theirs). Anything larger did not come from Key Vault, and read whole it became one
 * ::add-mask:: of that size (a 50 MiB "value": 50 MiB masks, seconds of CPU, lost output).
 */
export const MAX_VAULT_ANSWER_BYTES = 1024 * 1024;

/** A vault (or whatever answered in its place) sent more than any Key Vault answer holds. */
export class VaultAnswerTooLargeError extends Error {
  override readonly name = 'VaultAnswerTooLargeError';
  // Not an identifier: factsOf must not take it for a service error code or a system one.
  readonly code = 'vault-answer-too-large';
  constructor(host: string, maxBytes: number) {
    super(`${host} answered with more than ${kib(maxBytes)}, more than any Key Vault JSON answer holds: not read`);
  }
}

/** The HTTP client for a vault: the SDK's own, every answer's body capped at MAX_VAULT_ANSWER_BYTES. */
export function createVaultHttpClient(host: string, maxBytes = MAX_VAULT_ANSWER_BYTES, inner?: HttpClient): HttpClient {
  const capped = createCappedHttpClient(ignoreCredentials, maxBytes, inner);
  return {
    async sendRequest(request) {
      try {
        return await capped.sendRequest(request);
      } catch (error) {
        if (error instanceof IdentityAnswerTooLargeError) throw new VaultAnswerTooLargeError(host, maxBytes);
        throw error;
      }
    },
  };
}

export interface CappedHttpClient extends HttpClient {
  /** Set when an answer was cut off for its size (the SDK wraps errors its client throws, and MSAL drops them). */
  oversized: IdentityAnswerTooLargeError | undefined;
  /**
   * The Retry-After of the last answer, if it had one: MSAL keeps an error answer's status but drops its headers,
   * and the identity stage's wait must be at least what the endpoint asked (util/backoff.ts retryWaitMs).
   */
  retryAfter: string | undefined;
}

/**
 * Reads a response body up to `maxBytes`; past it, stops reading and tears the request down. Listeners,
 * not an async iterator: this runs for every Key Vault answer, and the iterator's machinery (a promise and
 * an end-of-stream watcher per chunk and per stream) was a measurable part of each request's CPU at 2,000.
 * A stream that closes before its end is an error, as the iterator made it (ERR_STREAM_PREMATURE_CLOSE).
 */
function readCapped(stream: NodeJS.ReadableStream, maxBytes: number, abort: () => void): Promise<string | undefined> {
  const readable = stream as NodeJS.ReadableStream & { destroy?: () => void };
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const settle = (finish: () => void) => {
      readable.removeListener('data', onData);
      readable.removeListener('end', onEnd);
      readable.removeListener('error', onError);
      readable.removeListener('close', onClose);
      finish();
    };
    const onData = (chunk: Buffer | string) => {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      total += buffer.length;
      if (total > maxBytes) {
        settle(() => resolve(undefined));
        abort();
        readable.destroy?.();
        return;
      }
      chunks.push(buffer);
    };
    const onEnd = () => settle(() => resolve(Buffer.concat(chunks, total).toString('utf8')));
    const onError = (error: unknown) => settle(() => reject(error));
    const onClose = () =>
      settle(() => reject(Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' })));
    readable.on('data', onData);
    readable.on('end', onEnd);
    readable.on('error', onError);
    readable.on('close', onClose);
  });
}

const CREDENTIAL_HEADERS = ['x-identity-header', 'secret'];
/** The SDK streams an answer whose status is in this set: every status (it checks `has(Infinity)`). */
const STREAM_EVERY_STATUS = new Set([Number.POSITIVE_INFINITY]);
/** A vault's requests carry no credential of the identity source's (only the Key Vault token, already known). */
const ignoreCredentials = () => {};

export function createCappedHttpClient(
  onCredential: (value: string) => void,
  maxBytes = MAX_IDENTITY_ANSWER_BYTES,
  inner: HttpClient = createDefaultHttpClient(),
): CappedHttpClient {
  const client: CappedHttpClient = {
    oversized: undefined,
    retryAfter: undefined,
    async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
      if (onCredential !== ignoreCredentials) {
        for (const name of CREDENTIAL_HEADERS) {
          const value = request.headers.get(name);
          if (value) onCredential(value);
        }
        const basic = /^Basic\s+(.+)$/i.exec(request.headers.get('authorization') ?? '');
        if (basic?.[1]) onCredential(basic[1].trim());
      }
      /** Only for the message of an answer too large: parsing the URL of every request cost more than the rest of this wrapper. */
      const host = () => {
        try {
          return new URL(request.url).host;
        } catch {
          return 'the identity endpoint';
        }
      };
      // Stream every answer, and stop it here when the deadline (or the SDK) aborts, or past the cap.
      const controller = new AbortController();
      const outer = request.abortSignal;
      const onAbort = () => controller.abort();
      if (outer?.aborted) controller.abort();
      outer?.addEventListener('abort', onAbort, { once: true });
      const streamed = request.streamResponseStatusCodes;
      request.abortSignal = controller.signal;
      request.streamResponseStatusCodes = STREAM_EVERY_STATUS;
      try {
        const response = await inner.sendRequest(request);
        client.retryAfter = response.headers.get('retry-after') ?? undefined;
        const stream = response.readableStreamBody;
        delete response.readableStreamBody;
        if (!stream) return response;
        const length = Number(response.headers.get('content-length') ?? NaN);
        const tooLarge = () => {
          client.oversized = new IdentityAnswerTooLargeError(`${host()} answered with more than ${kib(maxBytes)}`);
          return client.oversized;
        };
        if (length > maxBytes) {
          controller.abort();
          (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
          throw tooLarge();
        }
        let text: string | undefined;
        try {
          text = await readCapped(stream, maxBytes, () => controller.abort());
        } catch (error) {
          // Aborted while the body was still arriving (a slow drip): the stream reports a reset, but
          // this was the deadline (or the SDK), and must read as an abort.
          if (outer?.aborted)
            throw new DOMException('The operation was aborted while the answer was still arriving.', {
              name: 'AbortError',
              cause: error,
            });
          throw error;
        }
        if (text === undefined) throw tooLarge();
        response.bodyAsText = text;
        return response;
      } finally {
        outer?.removeEventListener('abort', onAbort);
        request.abortSignal = outer;
        request.streamResponseStatusCodes = streamed;
      }
    },
  };
  return client;
}

/**
 * A token request that failed on an answer carrying a Retry-After (CappedHttpClient.retryAfter), the header kept
 * where the identity stage reads a RestError's (util/sdkErrors.ts factsOf: response.headers); the message is the
 * failure's own, and the failure is its cause.
 */
export class AnsweredWithRetryAfter extends Error {
  override readonly name = 'AnsweredWithRetryAfter';
  readonly response: ReturnType<typeof retryAfterResponse>;
  constructor(failure: unknown, retryAfter: string) {
    super(errorMessage(failure), { cause: failure });
    this.response = retryAfterResponse(retryAfter);
  }
}

/** Refuses an access token longer than any real one (it becomes a mask, and every request's header). */
export function checkTokenLength(token: string, from: string, max = MAX_ACCESS_TOKEN_CHARS): void {
  if (token.length > max)
    throw new IdentityAnswerTooLargeError(
      `${from} issued a token of ${kib(token.length)}, more than the ${kib(max)} an access token can be`,
    );
}
