// The job's GitHub OIDC ID token: one request to ACTIONS_ID_TOKEN_REQUEST_URL, as @actions/core's
// getIDToken makes it (the same @actions/http-client, HTTPS_PROXY/NO_PROXY honoured), but without its
// retries: core retries only 502/503/504, ten times over ~10 s inside one call, and never a dropped
// connection or a 429; it waits up to 3 minutes for a silent socket. The identity stage retries instead,
// each request bounded (identity/idToken.ts). Loaded only for GitHub OIDC: the client brings undici and
// tunnel, which the other sources never need.
import { retryAfterResponse } from '../util/sdkErrors.js';

/** A 2xx answer without the token field. */
export class IdTokenMissingError extends Error {
  override readonly name = 'IdTokenMissingError';
}

/**
 * One ID-token request; rejects with the HTTP status (statusCode) and the answer's Retry-After, or the
 * connection's error code.
 */
export async function getIdToken(
  audience: string,
  env: Record<string, string | undefined>,
  timeoutMs: number,
): Promise<string> {
  const url = env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const requestToken = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  if (!url || !requestToken)
    throw new IdTokenMissingError('ACTIONS_ID_TOKEN_REQUEST_URL or ACTIONS_ID_TOKEN_REQUEST_TOKEN is not set');
  const { HttpClient } = await import('@actions/http-client');
  const client = new HttpClient('actions/oidc-client', [], { allowRetries: false, socketTimeout: timeoutMs });
  // get, not getJson (which core's getIDToken uses): getJson's error for a failed answer drops its headers, and
  // the identity stage waits at least the answer's Retry-After before asking again.
  const answer = await client.get(`${url}&audience=${encodeURIComponent(audience)}`, {
    Authorization: `Bearer ${requestToken}`,
    Accept: 'application/json',
  });
  const status = answer.message.statusCode ?? 0;
  const body = await answer.readBody();
  if (status < 200 || status > 299) {
    const retryAfter = answer.message.headers['retry-after'];
    throw Object.assign(new Error(`GitHub answered ${status}`), {
      statusCode: status,
      response: retryAfterResponse(retryAfter),
    });
  }
  let token: unknown;
  try {
    token = (JSON.parse(body) as { value?: unknown } | null)?.value;
  } catch {
    token = undefined; // not JSON: no token, as getJson left it
  }
  if (typeof token !== 'string' || token === '') throw new IdTokenMissingError('the answer holds no ID token');
  return token;
}
