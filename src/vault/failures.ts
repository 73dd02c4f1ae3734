// Turns what a Key Vault request threw into one sentence a user can act on, with the fix.
import { causeNamed, type ErrorFacts, errorCode, factsOf, isAbort } from '../util/sdkErrors.js';
import { type FailureContext, Remediation } from './remediation.js';

const DNS_CODES = ['ENOTFOUND', 'EAI_AGAIN'];
/** Statuses a proxy answers a CONNECT with when it cannot (or will not) reach the host. */
const PROXY_STATUSES = [403, 404, 407, 502, 503, 504];

/** Key Vault's 404 SecretNotFound: the name (or version) does not exist in that vault. */
export function isSecretNotFound(error: unknown): boolean {
  const facts = factsOf(error);
  return facts.status === 404 && facts.code === 'SecretNotFound';
}

/** The vault's challenge named another audience (vault/challenge.ts): every request to that vault meets it. */
export function refusedAudience(error: unknown): { asked: string; expected: string } | undefined {
  const refused = causeNamed(error, 'ChallengeAudienceRefused');
  return refused && typeof refused.asked === 'string' && typeof refused.expected === 'string'
    ? { asked: refused.asked, expected: refused.expected }
    : undefined;
}

/**
 * Key Vault's 400 BadParameter for an API version it does not serve, as it words it: "The specified version (7.3)
 * is not recognized. Consider using the latest supported version (7.1)." (Azure/azure-sdk-for-js#21152).
 */
const VERSION_REFUSED =
  /The specified version \(([^()\s]{1,40})\) is not recognized\.(?: Consider using the latest supported version \(([^()\s]{1,40})\))?/;
/** An API version as Key Vault writes one (7.5, 7.6-preview.2, 2025-07-01): nothing else from the body is printed. */
const API_VERSION = /^(?:\d{1,2}\.\d{1,2}|\d{4}-\d{2}-\d{2})(?:-preview(?:\.\d{1,2})?)?$/;

/** The API version the vault refused, and the newest it names, when that is why it answered 400. */
export function refusedApiVersion(error: unknown): { sent: string; newest?: string } | undefined {
  const facts = factsOf(error);
  if (facts.status !== 400 || facts.code !== 'BadParameter') return undefined;
  const [, sent, newest] = VERSION_REFUSED.exec(facts.text) ?? [];
  if (sent === undefined || !API_VERSION.test(sent)) return undefined;
  return newest !== undefined && API_VERSION.test(newest) ? { sent, newest } : { sent };
}

/** The body was not the JSON expected: cut short, HTML, or empty. */
function isUnparsableBody(facts: ErrorFacts): boolean {
  return (
    facts.codes.includes('PARSE_ERROR') ||
    facts.names.includes('SyntaxError') ||
    /JSON|parsing the response body|Unexpected token|Unexpected end/i.test(facts.text)
  );
}

/** The reason a secret could not be read, in the user's terms, with the fix. */
export function describeVaultFailure(error: unknown, c: FailureContext, timeoutSeconds: number): string {
  const audience = refusedAudience(error);
  if (audience) return Remediation.otherAudience(c, audience.asked, audience.expected);
  const facts = factsOf(error);
  const refused = causeNamed(error, 'ListingRefused');
  if (refused && (refused.kind === 'link' || refused.kind === 'size'))
    return Remediation.listingRefused(c, String(refused.message), refused.kind);
  if (isAbort(error))
    return Remediation.timeout(
      c.listing ? `${c.vault} to list its secrets (for ${c.secret})` : `${c.vault} to answer for "${c.secret}"`,
      timeoutSeconds,
    );
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
  if (facts.status !== undefined && facts.status >= 300 && facts.status < 400)
    return Remediation.redirected(c, facts.status);
  if (!facts.serviceBody && (isUnparsableBody(facts) || facts.names.includes('TypeError')))
    return Remediation.notKeyVault(c, facts.status);
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
    case 400: {
      const version = refusedApiVersion(error);
      if (version) return Remediation.apiVersionRefused(c, version.sent, version.newest);
      return Remediation.badParameter(c, facts.code ?? 'HTTP 400');
    }
    case 429:
      return Remediation.throttled(c);
    case 409:
    case 410:
      return Remediation.conflict(c, facts.status, facts.code);
  }
  if (facts.status !== undefined && facts.status >= 500) return Remediation.serverError(c, facts.status);
  if (system) return Remediation.unreachable(c, system);
  // Never the error's text: the SDK copies response bodies into messages.
  return Remediation.unexpected(
    c,
    facts.status !== undefined
      ? `HTTP ${facts.status}${facts.code ? ` ${facts.code}` : ''}`
      : (facts.code ?? facts.names.find((n) => errorCode(n)) ?? 'no HTTP status'),
  );
}
