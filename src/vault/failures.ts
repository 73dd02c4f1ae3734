// Classifies what a Key Vault request threw into the catalogue's kind for it (messages/vault.ts), with the
// arguments its message needs; never from the error's text, which can echo a response.
import type { Failure } from '../messages/catalogue.js';
import type { VaultContext } from '../messages/vault.js';
import {
  causeNamed,
  DNS_CODES,
  type ErrorFacts,
  errorCode,
  factsOf,
  isAbort,
  PROXY_STATUSES,
} from '../util/sdkErrors.js';

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

/** Why a secret (or a wildcard's listing) could not be read, in the catalogue's terms. */
export function classifyVaultFailure(error: unknown, c: VaultContext, timeoutSeconds: number): Failure {
  const audience = refusedAudience(error);
  if (audience) return { id: 'vault.other-audience', args: { ...c, ...audience } };
  const facts = factsOf(error);
  const refused = causeNamed(error, 'ListingRefused');
  if (refused && (refused.kind === 'link' || refused.kind === 'size'))
    return {
      id: refused.kind === 'link' ? 'vault.listing-impostor' : 'vault.listing-too-large',
      args: { ...c, reason: String(refused.message) },
    };
  if (isAbort(error)) return { id: 'vault.timeout', args: { ...c, seconds: timeoutSeconds } };
  const dns = facts.codes.find((code) => DNS_CODES.includes(code));
  if (dns) return { id: 'vault.vault-not-found', args: { ...c, detail: `DNS: ${dns}` } };
  // Key Vault always answers with its own error body; an answer without one came from a proxy,
  // which is how "no such host" looks from behind one.
  if (!facts.serviceBody && facts.status !== undefined && PROXY_STATUSES.includes(facts.status))
    return { id: 'vault.vault-not-found', args: { ...c, detail: `the proxy answered ${facts.status}` } };
  if (facts.status === undefined && /proxy connection ended|CONNECT response/i.test(facts.text))
    return { id: 'vault.vault-not-found', args: { ...c, detail: 'the proxy closed the tunnel' } };
  const system = facts.codes.find((code) => code.startsWith('E') && /^E[A-Z_]+$/.test(code));
  if (facts.status !== undefined && facts.status >= 300 && facts.status < 400)
    return { id: 'vault.redirected', args: { ...c, status: facts.status } };
  if (!facts.serviceBody && (isUnparsableBody(facts) || facts.names.includes('TypeError')))
    return { id: 'vault.not-key-vault', args: { ...c, status: facts.status } };
  switch (facts.status) {
    case 404:
      return isSecretNotFound(error)
        ? { id: 'vault.not-found', args: c }
        : { id: 'vault.unreachable', args: { ...c, detail: `404 ${facts.code}` } };
    case 403:
      switch (facts.innerCode) {
        case 'ForbiddenByRbac':
          return c.listedBy && !c.listing
            ? { id: 'vault.forbidden-by-rbac-listed', args: { ...c, listedBy: c.listedBy } }
            : { id: 'vault.forbidden-by-rbac', args: c };
        case 'ForbiddenByPolicy':
        case 'AccessDenied':
          return { id: 'vault.forbidden-by-policy', args: c };
        case 'ForbiddenByFirewall':
          return { id: 'vault.forbidden-by-firewall', args: c };
        case 'ForbiddenByConnection':
          return { id: 'vault.forbidden-by-connection', args: c };
        case 'SecretDisabled':
          return { id: 'vault.secret-disabled', args: c };
      }
      return { id: 'vault.forbidden', args: { ...c, code: facts.innerCode ?? facts.code ?? 'Forbidden' } };
    case 401:
      return { id: 'vault.unauthorized', args: c };
    case 400: {
      const version = refusedApiVersion(error);
      if (version) return { id: 'vault.api-version-refused', args: { ...c, ...version } };
      return { id: 'vault.bad-parameter', args: { ...c, code: facts.code ?? 'HTTP 400' } };
    }
    case 429:
      return { id: 'vault.throttled', args: c };
    case 409:
    case 410:
      return { id: 'vault.conflict', args: { ...c, status: facts.status, code: facts.code } };
  }
  if (facts.status !== undefined && facts.status >= 500)
    return { id: 'vault.server-error', args: { ...c, status: facts.status } };
  if (system) return { id: 'vault.unreachable', args: { ...c, detail: system } };
  // Never the error's text: the SDK copies response bodies into messages.
  const what =
    facts.status !== undefined
      ? `HTTP ${facts.status}${facts.code ? ` ${facts.code}` : ''}`
      : (facts.code ?? facts.names.find((n) => errorCode(n)) ?? 'no HTTP status');
  return { id: 'vault.unexpected', args: { ...c, what } };
}
