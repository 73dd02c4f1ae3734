// Turns what a token request threw into the failure the identity stage reports: classified from codes
// and text, none of which is ever shown (it can echo a response).
import { causeNamed, DNS_CODES, errorCode, factsOf } from '../util/sdkErrors.js';
import { retryAfterMs } from '../util/backoff.js';
import type { TokenProxyFailureReason } from './tokenProxy.js';

const TOKEN_PROXY_REASONS: readonly string[] = ['ca-file', 'tls', 'unreachable', 'not-json'];

const UNREACHABLE_CODES = [
  'EIMDSUNREACHABLE',
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  ...DNS_CODES,
];

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
  /** GitHub would not issue the job an ID token: its status, after `attempts` requests. */
  | { kind: 'no-id-token'; status: string; attempts?: number }
  | { kind: 'not-a-token' }
  /** AKS: the token file is not one the action reads (not a regular file, too large, empty, unreadable). */
  | { kind: 'token-file'; file: string; problem: string }
  /** AKS identity bindings: the token proxy's CA file, the TLS handshake, the connection, or an answer not JSON. */
  | { kind: 'token-proxy'; reason: TokenProxyFailureReason; detail: string }
  /** An identity answer or token larger than any real one; `what` says which, in sizes only. */
  | { kind: 'too-large'; what: string }
  | { kind: 'unreachable'; detail: string }
  | { kind: 'retryable'; status: string; retryAfterMs?: number }
  | { kind: 'other'; status: string };

/** Classified from the error's text and codes; none of that text is ever shown (it can echo a response). */
export function classifyIdentityError(error: unknown, now: number): IdentityFailure {
  // The action's own errors carry their words (file names, sizes), never a response's text.
  const tokenFile = causeNamed(error, 'TokenFileError');
  if (typeof tokenFile?.file === 'string' && typeof tokenFile.problem === 'string')
    return { kind: 'token-file', file: tokenFile.file, problem: tokenFile.problem };
  const tokenProxy = causeNamed(error, 'TokenProxyError');
  if (
    typeof tokenProxy?.reason === 'string' &&
    TOKEN_PROXY_REASONS.includes(tokenProxy.reason) &&
    typeof tokenProxy.detail === 'string'
  )
    return {
      kind: 'token-proxy',
      reason: tokenProxy.reason as TokenProxyFailureReason,
      detail: tokenProxy.detail,
    };
  const tooLarge = causeNamed(error, 'IdentityAnswerTooLargeError');
  if (typeof tooLarge?.what === 'string') return { kind: 'too-large', what: tooLarge.what };
  const idToken = causeNamed(error, 'IdTokenError');
  if (typeof idToken?.status === 'string' && typeof idToken.attempts === 'number')
    return { kind: 'no-id-token', status: idToken.status, attempts: idToken.attempts };
  const facts = factsOf(error);
  if (facts.names.includes('ImdsBadAnswerError')) return { kind: 'not-a-token' };
  // Entra's description leads with its code, before the claims it echoes (a subject may hold any text, even
  // "AADSTS500011" or "Failed to get ID Token"): an answer with a code is classified by that code alone.
  const aadsts = /AADSTS(\d{5,7})\b/.exec(facts.text);
  const code = aadsts ? Number(aadsts[1]) : undefined;
  if (code === undefined) {
    if (/ACTIONS_ID_TOKEN_REQUEST|Failed to get ID Token/i.test(facts.text)) {
      const status = /Error Code : (\d{3})/.exec(facts.text)?.[1];
      return { kind: 'no-id-token', status: status ? `HTTP ${status}` : 'no token' };
    }
    if (/unable_to_read_secret_file|unable to read the secret file/i.test(facts.text))
      return { kind: 'arc-key-unreadable' };
    if (/Multiple user assigned identities exist/i.test(facts.text)) return { kind: 'ambiguous-identity' };
  }
  if (code === 50001 || code === 500011 || (code === undefined && /invalid_resource/.test(facts.text)))
    return { kind: 'wrong-cloud' };
  const retryable = (status: number): IdentityFailure => {
    const wait = retryAfterMs(facts.retryAfter, now);
    return {
      kind: 'retryable',
      status: Number.isNaN(status) ? 'connection reset' : `HTTP ${status}`,
      ...(wait !== undefined ? { retryAfterMs: wait } : {}),
    };
  };
  // Throttled or unavailable, whatever code the body names: Entra ID's 429 and 5xx carry an AADSTS code too
  // (AADSTS90033, "a transient error"), which is no refusal.
  if (facts.status === 429 || (facts.status ?? 0) >= 500) return retryable(facts.status!);
  if (code !== undefined) return { kind: 'entra', code };
  if (
    /identity not found|No User Assigned or Delegated Managed Identity found|No (Managed Identity|MSI) found/i.test(
      facts.text,
    )
  )
    return { kind: 'identity-not-found' };
  const unreachable = facts.codes.find((c) => UNREACHABLE_CODES.includes(c));
  if (unreachable || facts.names.includes('ImdsUnreachableError') || /network unreachable/i.test(facts.text)) {
    return { kind: 'unreachable', detail: unreachable ?? 'network unreachable' };
  }
  const status = facts.status ?? Number(/Http status code: (\d{3})/.exec(facts.text)?.[1] ?? NaN);
  if (status === 400) return { kind: 'identity-not-found' };
  if (status === 404 || status === 410 || status === 429 || status >= 500 || facts.codes.includes('ECONNRESET'))
    return retryable(status);
  // Never the error's text: it can hold the body IMDS (or whatever answered) sent.
  return {
    kind: 'other',
    status: Number.isNaN(status) ? (facts.codes.find((c) => errorCode(c)) ?? 'no HTTP status') : `HTTP ${status}`,
  };
}
