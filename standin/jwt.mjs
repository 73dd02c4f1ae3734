// JWT-shaped tokens, as the services that issue them shape theirs: real header and claims, a random
// signature (nothing here verifies one). Access tokens (Entra, through every identity endpoint), ID
// tokens (GitHub's OIDC provider, AKS's projected service account token), and reading claims back.
import { randomBytes, randomUUID } from 'node:crypto';

const b64url = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const HEADER = { typ: 'JWT', alg: 'RS256', kid: 'standin' };

/** A JWT-shaped token with these claims and a lifetime (negative: already expired); the signature is random. */
export function unsignedJwt(claims, lifetimeSeconds) {
  const now = Math.floor(Date.now() / 1000);
  return `${b64url(HEADER)}.${b64url({ iat: now, nbf: now - 5, exp: now + lifetimeSeconds, ...claims })}.${randomBytes(64).toString('base64url')}`;
}

/** An access token for an identity and audience, with the claims Entra's v1 tokens carry. */
export function accessToken(identity, resource, tenantId, lifetimeSeconds) {
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    aud: resource,
    iss: `https://sts.windows.net/${tenantId}/`,
    iat: now,
    nbf: now,
    exp: now + lifetimeSeconds,
    appid: identity.clientId,
    appidacr: '2',
    idp: `https://sts.windows.net/${tenantId}/`,
    oid: identity.objectId,
    sub: identity.objectId,
    tid: tenantId,
    uti: randomUUID(),
    ver: '1.0',
    xms_mirid: identity.resourceId,
  };
  return `${b64url(HEADER)}.${b64url(payload)}.${randomBytes(64).toString('base64url')}`;
}

/**
 * The claims of a JWT, or undefined when it is not one (its payload is not a JSON object).
 * @param {unknown} token
 * @returns {Record<string, unknown> | undefined}
 */
export function jwtClaims(token) {
  try {
    const claims = JSON.parse(Buffer.from(String(token).split('.')[1] ?? '', 'base64url').toString('utf8'));
    return claims !== null && typeof claims === 'object' && !Array.isArray(claims) ? claims : undefined;
  } catch {
    return undefined;
  }
}
