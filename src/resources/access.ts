// What the resources stage and its Azure port (ports.ts: ResourceAccess, src/azure/resources.ts) agree on beside
// the interface: the sizes a credential can have, and the error a service's refusal is thrown as.
import type { StorageKey } from '../ports.js';
import { untrusted } from '../policy/untrusted.js';

/**
 * No credential these services issue is shorter: a storage key is 88 characters, a token a JWT of
 * hundreds. A shorter one came from something else, and as a mask it would hide that text in every
 * line of the log (one-letter keys blank it); so it is refused, never used or masked.
 */
export const MIN_CREDENTIAL_CHARS = 16;
/** A storage account lists key1 and key2, and kerb1 and kerb2 with Kerberos keys for Azure Files: twice that is plenty. */
export const MAX_STORAGE_KEYS = 8;
/** A storage key is 64 bytes in base64 (88 characters); nothing this long is one. */
export const MAX_STORAGE_KEY_CHARS = 1024;
/** An ACR refresh token is a JWT of a few KiB: capped as an access token is (azure/identityHttp.ts). */
export const MAX_REFRESH_TOKEN_CHARS = 32 * 1024;

/** An answer that holds no usable credential; its message says why in sizes and counts only, never the value. */
export class UnusableCredential extends Error {
  override readonly name = 'UnusableCredential';
}

const size = (chars: number) =>
  chars > 4096 ? `${Math.round(chars / 1024)} KiB` : `${chars} character${chars === 1 ? '' : 's'}`;

/** Throws UnusableCredential for a credential shorter or longer than any real one (`what`: "a refresh token"). */
export function checkCredentialLength(value: string, what: string, max: number): void {
  if (value.length < MIN_CREDENTIAL_CHARS)
    throw new UnusableCredential(`${what} of ${size(value.length)}, too short to be one`);
  if (value.length > max)
    throw new UnusableCredential(`${what} of ${size(value.length)}, more than the ${size(max)} one can be`);
}

/**
 * Throws UnusableCredential for a listKeys answer no storage account gives: too many keys, or one of no
 * key's size. An empty value is no key at all (the reference that selects it fails as a missing key).
 */
export function checkStorageKeys(keys: readonly StorageKey[]): void {
  if (keys.length > MAX_STORAGE_KEYS)
    throw new UnusableCredential(`${keys.length} keys, more than the ${MAX_STORAGE_KEYS} a storage account lists`);
  for (const key of keys) if (key.value !== '') checkCredentialLength(key.value, 'a key', MAX_STORAGE_KEY_CHARS);
}

/**
 * A service's answer that was not a success: its status and, when the body said, its error code and
 * message (ARM: {"error":{"code","message"}}; ACR: {"errors":[{"code","message"}]}). Untrusted text: kept raw
 * in the fields (for matching), escaped in the error's message (which the debug log prints).
 */
export class ServiceAnswerError extends Error {
  override readonly name = 'ServiceAnswerError';
  /** The answer's and the request's headers, read as a RestError's are (util/sdkErrors.ts: the ids for the service's logs). */
  declare readonly response?: HeaderHolder;
  declare readonly request?: HeaderHolder;
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    readonly serviceMessage: string | undefined,
    exchange: { request?: HeaderHolder; response?: HeaderHolder } = {},
  ) {
    super(
      `HTTP ${status}${code ? ` ${untrusted(code, 100)}` : ''}${serviceMessage ? `: ${untrusted(serviceMessage, 300)}` : ''}`,
    );
    // Not enumerable, as a RestError's: nothing that prints the error prints them.
    Object.defineProperty(this, 'response', { value: exchange.response, enumerable: false });
    Object.defineProperty(this, 'request', { value: exchange.request, enumerable: false });
  }
}

interface HeaderHolder {
  headers: { get(name: string): string | undefined };
}
