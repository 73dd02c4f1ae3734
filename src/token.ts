// Reads the principal out of the access token the action already holds. The token itself is never printed.

export interface Principal {
  objectId?: string;
  tenantId?: string;
  appId?: string;
}

/** The oid, tid and appid claims of a JWT's payload; empty when the token is not a JWT. */
export function principalOf(token: string): Principal {
  const payload = token.split('.')[1];
  if (!payload) return {};
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (typeof claims !== 'object' || claims === null) return {};
    const pick = (key: string) => {
      const value = (claims as Record<string, unknown>)[key];
      return typeof value === 'string' ? value : undefined;
    };
    const objectId = pick('oid');
    const tenantId = pick('tid');
    const appId = pick('appid');
    return { ...(objectId ? { objectId } : {}), ...(tenantId ? { tenantId } : {}), ...(appId ? { appId } : {}) };
  } catch {
    return {};
  }
}
