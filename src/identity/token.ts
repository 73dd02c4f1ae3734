// Reads the principal out of the access token the action already holds. The token itself is never printed.
import type { FederatedClaims } from '../ports.js';
import { untrusted } from '../policy/untrusted.js';

export interface Principal {
  objectId?: string;
  tenantId?: string;
  appId?: string;
}

/** A JWT's payload claims; undefined when the text is not a JWT. Never verifies: for messages only. */
export function jwtClaims(token: string): Record<string, unknown> | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof claims === 'object' && claims !== null && !Array.isArray(claims)
      ? (claims as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The named string claims of a JWT (those present). */
export function stringClaims<K extends string>(token: string, keys: readonly K[]): Partial<Record<K, string>> {
  const claims = jwtClaims(token) ?? {};
  return Object.fromEntries(keys.filter((k) => typeof claims[k] === 'string').map((k) => [k, claims[k]])) as Partial<
    Record<K, string>
  >;
}

/** The oid, tid and appid claims of an access token; empty when the token is not a JWT. */
export function principalOf(token: string): Principal {
  // Escaped (untrusted.ts): the claims come from whatever answered as the identity endpoint, and the
  // oid is printed in a debug line, where "x\n::set-output …" put a forged line in the log.
  const { oid, tid, appid } = Object.fromEntries(
    Object.entries(stringClaims(token, ['oid', 'tid', 'appid'])).map(([k, v]) => [k, untrusted(v ?? '', 80)]),
  ) as Partial<Record<'oid' | 'tid' | 'appid', string>>;
  return { ...(oid ? { objectId: oid } : {}), ...(tid ? { tenantId: tid } : {}), ...(appid ? { appId: appid } : {}) };
}

/**
 * iss, sub and aud (the first string, when aud is a list) of a federated token, and the repository claims a
 * GitHub ID token carries (never secrets: the messages read them to name the subject's other form), for messages.
 */
export function federatedClaims(token: string): FederatedClaims {
  const aud = jwtClaims(token)?.aud;
  const first =
    typeof aud === 'string'
      ? aud
      : Array.isArray(aud)
        ? aud.find((a): a is string => typeof a === 'string')
        : undefined;
  return {
    ...stringClaims(token, ['iss', 'sub', 'repository', 'repository_owner_id', 'repository_id']),
    ...(first !== undefined ? { aud: first } : {}),
  };
}
