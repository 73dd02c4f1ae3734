// Turns what the SDK throws into one sentence a user can act on. Duck-typed on the SDK's error
// shapes (RestError, MSAL errors, Node system errors) so the failure path loads no SDK code.
import { errorMessage } from '../util/errors.js';
import { type FailureContext, Remediation } from './remediation.js';
import { retryAfterMs } from '../util/backoff.js';
import { errorCode } from '../runner/untrusted.js';

interface ErrorFacts {
  status?: number;
  code?: string;
  innerCode?: string;
  codes: string[];
  names: string[];
  text: string;
  retryAfter?: string;
  /** The answer carried a service's own error body ({"error": …}), whatever its code says. */
  serviceBody: boolean;
}

const UNREACHABLE_CODES = ['EIMDSUNREACHABLE', 'ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN'];
const DNS_CODES = ['ENOTFOUND', 'EAI_AGAIN'];
/** Statuses a proxy answers a CONNECT with when it cannot (or will not) reach the host. */
const PROXY_STATUSES = [403, 404, 407, 502, 503, 504];

/** What an error and its causes say: status, service error code, system codes and text. */
export function factsOf(error: unknown): ErrorFacts {
  const facts: ErrorFacts = { codes: [], names: [], text: '', serviceBody: false };
  const texts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 8; depth++) {
    if (typeof current !== 'object') {
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
    const details = e.details as { error?: { code?: unknown; innererror?: { code?: unknown }; innerError?: { code?: unknown } } } | undefined;
    if (typeof details?.error === 'object' && details.error !== null) facts.serviceBody = true;
    if (facts.code === undefined && typeof details?.error?.code === 'string') {
      facts.code = details.error.code;
      const inner = (details.error.innerError ?? details.error.innererror)?.code;
      if (typeof inner === 'string') facts.innerCode = inner;
    }
    const headers = (e.response as { headers?: { get?: (name: string) => string | undefined } } | undefined)?.headers;
    if (facts.retryAfter === undefined && typeof headers?.get === 'function') facts.retryAfter = headers.get('retry-after') ?? undefined;
    current = e.cause;
  }
  if (facts.code === undefined) facts.code = facts.codes.find((c) => /^[A-Z][A-Za-z]+$/.test(c));
  if (facts.code !== undefined) facts.serviceBody = true;
  // Codes come from a response body: only plain identifiers are ever printed.
  facts.code = errorCode(facts.code);
  facts.innerCode = errorCode(facts.innerCode);
  facts.text = texts.join(' ← ');
  return facts;
}

export function isAbort(error: unknown): boolean {
  const facts = factsOf(error);
  return facts.names.includes('AbortError') || facts.names.includes('TimeoutError') || facts.codes.includes('ABORT_ERR');
}

/** Throttled by Key Vault; with the wait it asked for, if any. */
export function throttling(error: unknown, now: number): { retryAfterMs: number | undefined } | undefined {
  const facts = factsOf(error);
  if (facts.status !== 429) return undefined;
  return { retryAfterMs: retryAfterMs(facts.retryAfter, now) };
}

/** Key Vault's 404 SecretNotFound: the name (or version) does not exist in that vault. */
export function isSecretNotFound(error: unknown): boolean {
  const facts = factsOf(error);
  return facts.status === 404 && facts.code === 'SecretNotFound';
}

export type IdentityFailure =
  | { kind: 'identity-not-found' }
  /** IMDS: several user-assigned identities and no system-assigned one; no selector given. */
  | { kind: 'ambiguous-identity' }
  /** The token's audience belongs to another cloud than the host's (invalid_resource, AADSTS50001/500011). */
  | { kind: 'wrong-cloud' }
  /** Entra ID refused a federated token exchange: AADSTS code. */
  | { kind: 'entra'; code: number }
  /** Arc: the runner's user cannot read himds's challenge key file. */
  | { kind: 'arc-key-unreadable' }
  /** GitHub would not issue the job an ID token. */
  | { kind: 'no-id-token'; status: string }
  | { kind: 'not-a-token' }
  /** AKS: the token file is not one the action reads (not a regular file, too large, empty, unreadable). */
  | { kind: 'token-file'; file: string; problem: string }
  /** An identity answer or token larger than any real one; `what` says which, in sizes only. */
  | { kind: 'too-large'; what: string }
  | { kind: 'unreachable'; detail: string }
  | { kind: 'retryable'; status: string; retryAfterMs?: number }
  | { kind: 'other'; status: string };

/** Classified from the error's text and codes; none of that text is ever shown (it can echo a response). */
export function classifyIdentityError(error: unknown, now: number): IdentityFailure {
  // The action's own errors carry their words (file names, sizes), never a response's text.
  const tokenFile = ownError(error, 'TokenFileError');
  if (typeof tokenFile?.file === 'string' && typeof tokenFile.problem === 'string') return { kind: 'token-file', file: tokenFile.file, problem: tokenFile.problem };
  const tooLarge = ownError(error, 'IdentityAnswerTooLargeError');
  if (typeof tooLarge?.what === 'string') return { kind: 'too-large', what: tooLarge.what };
  const facts = factsOf(error);
  if (facts.names.includes('ImdsBadAnswerError')) return { kind: 'not-a-token' };
  if (/ACTIONS_ID_TOKEN_REQUEST|Failed to get ID Token/i.test(facts.text)) {
    const code = /Error Code : (\d{3})/.exec(facts.text)?.[1];
    return { kind: 'no-id-token', status: code ? `HTTP ${code}` : 'no token' };
  }
  if (/unable_to_read_secret_file|unable to read the secret file/i.test(facts.text)) return { kind: 'arc-key-unreadable' };
  if (/Multiple user assigned identities exist/i.test(facts.text)) return { kind: 'ambiguous-identity' };
  if (/invalid_resource|AADSTS(50001|500011)\b/.test(facts.text)) return { kind: 'wrong-cloud' };
  const aadsts = /AADSTS(\d{5,7})\b/.exec(facts.text);
  if (aadsts) return { kind: 'entra', code: Number(aadsts[1]) };
  if (/identity not found|No User Assigned or Delegated Managed Identity found|No (Managed Identity|MSI) found/i.test(facts.text)) return { kind: 'identity-not-found' };
  const unreachable = facts.codes.find((c) => UNREACHABLE_CODES.includes(c));
  if (unreachable || facts.names.includes('ImdsUnreachableError') || /network unreachable/i.test(facts.text)) {
    return { kind: 'unreachable', detail: unreachable ?? 'network unreachable' };
  }
  const status = facts.status ?? Number(/Http status code: (\d{3})/.exec(facts.text)?.[1] ?? NaN);
  if (status === 400) return { kind: 'identity-not-found' };
  if (status === 404 || status === 410 || status === 429 || status >= 500 || facts.codes.includes('ECONNRESET')) {
    const wait = retryAfterMs(facts.retryAfter, now);
    return { kind: 'retryable', status: Number.isNaN(status) ? 'connection reset' : `HTTP ${status}`, ...(wait !== undefined ? { retryAfterMs: wait } : {}) };
  }
  // Never the error's text: it can hold the body IMDS (or whatever answered) sent.
  return { kind: 'other', status: Number.isNaN(status) ? (facts.codes.find((c) => errorCode(c)) ?? 'no HTTP status') : `HTTP ${status}` };
}

/** The error, or one of its causes, that the action itself threw under this name. */
function ownError(error: unknown, name: string): Record<string, unknown> | undefined {
  let current: unknown = error;
  for (let depth = 0; typeof current === 'object' && current !== null && depth < 8; depth++) {
    const e = current as Record<string, unknown>;
    if (e.name === name) return e;
    current = e.cause;
  }
  return undefined;
}

/** The body was not the JSON expected: cut short, HTML, or empty. */
function isUnparsableBody(facts: ErrorFacts): boolean {
  return facts.codes.includes('PARSE_ERROR') || facts.names.includes('SyntaxError') || /JSON|parsing the response body|Unexpected token|Unexpected end/i.test(facts.text);
}

/** The error, or the first of its causes, with this name. */
function causeNamed(error: unknown, name: string): Record<string, unknown> | undefined {
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

/** The reason a secret could not be read, in the user's terms, with the fix. */
export function describeVaultFailure(error: unknown, c: FailureContext, timeoutSeconds: number): string {
  const facts = factsOf(error);
  const refused = causeNamed(error, 'ListingRefused');
  if (refused && (refused.kind === 'link' || refused.kind === 'size')) return Remediation.listingRefused(c, String(refused.message), refused.kind);
  if (isAbort(error)) return Remediation.timeout(c.listing ? `${c.vault} to list its secrets (for ${c.secret})` : `${c.vault} to answer for "${c.secret}"`, timeoutSeconds);
  const dns = facts.codes.find((code) => DNS_CODES.includes(code));
  if (dns) return Remediation.vaultNotFound(c, `DNS: ${dns}`);
  // Key Vault always answers with its own error body; an answer without one came from a proxy,
  // which is how "no such host" looks from behind one.
  if (!facts.serviceBody && facts.status !== undefined && PROXY_STATUSES.includes(facts.status)) {
    return Remediation.vaultNotFound(c, `the proxy answered ${facts.status}`);
  }
  if (facts.status === undefined && /proxy connection ended|CONNECT response/i.test(facts.text)) {
    return Remediation.vaultNotFound(c, 'the proxy closed the tunnel');
  }
  const system = facts.codes.find((code) => code.startsWith('E') && /^E[A-Z_]+$/.test(code));
  if (facts.status !== undefined && facts.status >= 300 && facts.status < 400) return Remediation.redirected(c, facts.status);
  if (!facts.serviceBody && (isUnparsableBody(facts) || facts.names.includes('TypeError'))) return Remediation.notKeyVault(c, facts.status);
  switch (facts.status) {
    case 404:
      return isSecretNotFound(error) ? Remediation.notFound(c) : Remediation.unreachable(c, `404 ${facts.code}`);
    case 403:
      switch (facts.innerCode) {
        case 'ForbiddenByRbac':
          return Remediation.forbiddenByRbac(c);
        case 'ForbiddenByPolicy':
        case 'AccessDenied':
          return Remediation.forbiddenByPolicy(c, c.listing ? 'get list' : 'get');
        case 'ForbiddenByFirewall':
          return Remediation.forbiddenByFirewall(c);
        case 'ForbiddenByConnection':
          return Remediation.forbiddenByConnection(c);
        case 'SecretDisabled':
          return Remediation.secretDisabled(c);
      }
      return Remediation.forbidden(c, facts.innerCode ?? facts.code ?? 'Forbidden');
    case 401:
      return Remediation.unauthorized(c);
    case 400:
      return Remediation.badParameter(c, facts.code ?? 'HTTP 400');
    case 429:
      return Remediation.throttled(c);
    case 409:
    case 410:
      return Remediation.conflict(c, facts.status, facts.code);
  }
  if (facts.status !== undefined && facts.status >= 500) return Remediation.serverError(c, facts.status);
  if (system) return Remediation.unreachable(c, system);
  // Never the error's text: the SDK copies response bodies into messages.
  return Remediation.unexpected(c, facts.status !== undefined ? `HTTP ${facts.status}${facts.code ? ` ${facts.code}` : ''}` : (facts.code ?? facts.names.find((n) => errorCode(n)) ?? 'no HTTP status'));
}
