// What an error thrown by the SDK, MSAL or Node says, read duck-typed on their shapes (RestError, MSAL
// errors, Node system errors) so the failure path loads no SDK code. Shared by the identity and vault stages.
import { errorMessage } from './errors.js';
import { retryAfterMs } from './backoff.js';

/** Node's codes for a host name that did not resolve. */
export const DNS_CODES: readonly string[] = ['ENOTFOUND', 'EAI_AGAIN'];
/**
 * Statuses a proxy answers a CONNECT with when it cannot (or will not) reach the host, 407 (it wants
 * credentials) included: an answer with one of them and without the service's own error body came from the
 * proxy, which is how "no such host" looks from behind one.
 */
export const PROXY_STATUSES: readonly number[] = [403, 404, 407, 502, 503, 504];

export interface ErrorFacts {
  status?: number;
  code?: string;
  innerCode?: string;
  codes: string[];
  names: string[];
  text: string;
  retryAfter?: string;
  /** The answer carried a service's own error body ({"error": …}), whatever its code says. */
  serviceBody: boolean;
  /** The ids that find the request in the service's own logs, when the answer (or the request) carried them. */
  ids: RequestIds;
}

/**
 * x-ms-request-id (Key Vault's, ARM's: the server's id for the request), ARM's x-ms-correlation-request-id, the
 * x-ms-client-request-id the SDK sent (Key Vault's audit log keeps it as CorrelationId), and Entra ID's trace id,
 * correlation id and timestamp from its AADSTS text. Not secrets, and what a service's support asks for first.
 */
export interface RequestIds {
  requestId?: string;
  correlationRequestId?: string;
  clientRequestId?: string;
  entraTraceId?: string;
  entraCorrelationId?: string;
  entraTimestamp?: string;
}

/** Every id is a GUID (with or without dashes): anything else in those headers came from something else, and is not shown. */
const ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32})$/i;
const idOf = (value: unknown) => (typeof value === 'string' && ID.test(value.trim()) ? value.trim() : undefined);
const GUID_TEXT = '([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})';
const ENTRA_TRACE = new RegExp(`Trace ID: ${GUID_TEXT}`, 'i');
const ENTRA_CORRELATION = new RegExp(`Correlation ID: ${GUID_TEXT}`, 'i');
const ENTRA_TIMESTAMP = /Timestamp: (\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z)/;
type HeaderReader = { headers?: { get?: (name: string) => string | undefined } } | undefined;
const header = (holder: unknown, name: string) => {
  const headers = (holder as HeaderReader)?.headers;
  return typeof headers?.get === 'function' ? idOf(headers.get(name)) : undefined;
};

/** What an error and its causes say: status, service error code, system codes and text. */
export function factsOf(error: unknown): ErrorFacts {
  const facts: ErrorFacts = { codes: [], names: [], text: '', serviceBody: false, ids: {} };
  const texts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 8; depth++) {
    if (typeof current !== 'object') {
      // eslint-disable-next-line @typescript-eslint/no-base-to-string -- not an object (checked above): a primitive, which String prints as itself
      texts.push(String(current));
      break;
    }
    const e = current as Record<string, unknown>;
    const status = [e.statusCode, e.status].find((s) => typeof s === 'number' && s >= 100);
    if (facts.status === undefined && typeof status === 'number') facts.status = status;
    if (typeof e.code === 'string') facts.codes.push(e.code);
    if (typeof e.errorCode === 'string') facts.codes.push(e.errorCode);
    if (typeof e.name === 'string') facts.names.push(e.name);
    texts.push(errorMessage(current));
    // Key Vault's body is {"error":{"code","message","innererror":{"code"}}}; the SDK camel-cases innerError.
    const details = e.details as
      { error?: { code?: unknown; innererror?: { code?: unknown }; innerError?: { code?: unknown } } } | undefined;
    if (typeof details?.error === 'object' && details.error !== null) facts.serviceBody = true;
    if (facts.code === undefined && typeof details?.error?.code === 'string') {
      facts.code = details.error.code;
      const inner = (details.error.innerError ?? details.error.innererror)?.code;
      if (typeof inner === 'string') facts.innerCode = inner;
    }
    const headers = (e.response as { headers?: { get?: (name: string) => string | undefined } } | undefined)?.headers;
    if (facts.retryAfter === undefined && typeof headers?.get === 'function')
      facts.retryAfter = headers.get('retry-after') ?? undefined;
    // The answer's ids, and the id its request was sent with (a RestError's request; the SDK's own retries reuse
    // it): only for an answer, as a request that met none is in no service's log.
    if (e.response) {
      facts.ids.requestId ??= header(e.response, 'x-ms-request-id');
      facts.ids.correlationRequestId ??= header(e.response, 'x-ms-correlation-request-id');
      facts.ids.clientRequestId ??= header(e.request, 'x-ms-client-request-id');
    }
    current = e.cause;
  }
  if (facts.code === undefined) facts.code = facts.codes.find((c) => /^[A-Z][A-Za-z]+$/.test(c));
  if (facts.code !== undefined) facts.serviceBody = true;
  // Codes come from a response body: only plain identifiers are ever printed.
  facts.code = errorCode(facts.code);
  facts.innerCode = errorCode(facts.innerCode);
  facts.text = texts.join(' ← ');
  const entra = {
    entraTraceId: ENTRA_TRACE.exec(facts.text)?.[1],
    entraCorrelationId: ENTRA_CORRELATION.exec(facts.text)?.[1],
    entraTimestamp: ENTRA_TIMESTAMP.exec(facts.text)?.[1],
  };
  for (const [key, value] of Object.entries(entra)) if (value !== undefined) facts.ids[key as keyof RequestIds] = value;
  return facts;
}

/**
 * An error's `response` as factsOf reads a RestError's, holding only the answer's Retry-After: for the clients
 * whose errors drop the answer's headers (MSAL, @actions/http-client's), so the retry still waits at least that long.
 */
export function retryAfterResponse(retryAfter: string | undefined): {
  headers: { get: (name: string) => string | undefined };
} {
  return { headers: { get: (name) => (name.toLowerCase() === 'retry-after' ? retryAfter : undefined) } };
}

export function isAbort(error: unknown): boolean {
  const facts = factsOf(error);
  return (
    facts.names.includes('AbortError') || facts.names.includes('TimeoutError') || facts.codes.includes('ABORT_ERR')
  );
}

/** Throttled by Key Vault; with the wait it asked for, if any. */
export function throttling(error: unknown, now: number): { retryAfterMs: number | undefined } | undefined {
  const facts = factsOf(error);
  if (facts.status !== 429) return undefined;
  return { retryAfterMs: retryAfterMs(facts.retryAfter, now) };
}

/** The error, or the first of its causes, with this name. */
export function causeNamed(error: unknown, name: string): Record<string, unknown> | undefined {
  let current: unknown = error;
  for (let depth = 0; typeof current === 'object' && current !== null && depth < 8; depth++) {
    const e = current as Record<string, unknown>;
    if (e.name === name) return e;
    current = e.cause;
  }
  return undefined;
}

/**
 * An error's text for the debug log, except when it answers a 2xx: a body that could not be parsed
 * (cut short) holds a secret's value that was never read, and so never masked.
 */
export function debugDetail(error: unknown): string {
  const facts = factsOf(error);
  if (facts.status === undefined || facts.status < 200 || facts.status >= 300) return errorMessage(error);
  const what = facts.codes.find((c) => errorCode(c)) ?? facts.names.find((n) => errorCode(n)) ?? 'an error';
  return `HTTP ${facts.status} answered, then ${what} reading it; the answer's text is not shown, as it may hold a secret's value`;
}

/** A service error code worth printing: a plain identifier (Key Vault's "ForbiddenByRbac", Entra's "invalid_client"). */
export function errorCode(code: unknown): string | undefined {
  return typeof code === 'string' && /^[A-Za-z][A-Za-z0-9_.]{0,63}$/.test(code) ? code : undefined;
}
