// Azure Container Registry's token service (NAME.azurecr.io, .us, .cn), as ACR documents its AAD-OAuth
// flow: POST /oauth2/exchange (grant_type=access_token, service, access_token[, tenant]) → refresh_token;
// GET /v2/ with Basic auth (user 00000000-0000-0000-0000-000000000000, password the refresh token) → 200,
// which is what `docker login` checks; without it, 401 with the Bearer challenge naming /oauth2/token.
import { randomBytes } from 'node:crypto';
import { applyFault } from './faults.mjs';
import { withCaller } from './caller.mjs';
export const ACR_TOKEN_USER = '00000000-0000-0000-0000-000000000000';
const acrError = (code, message) => ({ errors: [{ code, message, detail: null }] });

/** @param {import('./index.mjs').StandinState} state */
export function acrHandler(state) {
  const reply = (res, status, body, headers = {}) => {
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Docker-Distribution-Api-Version': 'registry/2.0',
      ...headers,
    });
    res.end(JSON.stringify(body));
  };
  return async (req, res, host) => {
    const url = new URL(req.url ?? '/', `https://${host}`);
    const record = { service: 'acr', host, path: url.pathname, method: req.method, status: 0, at: Date.now() };
    state.requests.push(withCaller(req, record));
    res.on('finish', () => (record.status = res.statusCode));
    let body = '';
    for await (const chunk of req) body += chunk;
    if (
      await applyFault(state.faults.take('acr', record), req, res, (status, headers) =>
        reply(res, status, acrError('UNAVAILABLE', `standin fault ${status}`), headers),
      )
    )
      return;
    const registry = state.registries.get(host);
    if (!registry) return reply(res, 404, acrError('NOT_FOUND', 'registry not found'));
    const challenge = { 'WWW-Authenticate': `Bearer realm="https://${host}/oauth2/token",service="${host}"` };
    const unauthorized = (message) => reply(res, 401, acrError('UNAUTHORIZED', message), challenge);

    if (url.pathname === '/oauth2/exchange' && req.method === 'POST') {
      const form = new URLSearchParams(body);
      if (form.get('grant_type') !== 'access_token' || form.get('service') !== host || !form.get('access_token')) {
        return reply(
          res,
          400,
          acrError('UNSUPPORTED', 'grant_type=access_token, service and access_token are required'),
        );
      }
      const grant = state.tokens.get(form.get('access_token'));
      if (!grant || !registry.audiences.includes(grant.resource))
        return unauthorized('authentication required, visit https://aka.ms/acr/authorization for more information.');
      if (!registry.entraAuth)
        return unauthorized(
          'Azure AD authentication is not enabled for this registry (admin user and tokens only); visit https://aka.ms/acr/authorization for more information.',
        );
      const oid = grant.identity.objectId;
      if (registry.pullers !== 'all' && !registry.pullers.includes(oid)) {
        return unauthorized('authentication required, visit https://aka.ms/acr/authorization for more information.');
      }
      const refreshToken =
        registry.refreshToken ??
        `${Buffer.from(JSON.stringify({ typ: 'JWT', alg: 'RS256' })).toString('base64url')}.${Buffer.from(JSON.stringify({ grant_type: 'refresh_token', sub: oid, aud: host, exp: Math.floor(Date.now() / 1000) + 10_800 })).toString('base64url')}.${randomBytes(48).toString('base64url')}`;
      state.acrRefreshTokens.set(refreshToken, { host, oid });
      state.stats.acrExchanges = (state.stats.acrExchanges ?? 0) + 1;
      return reply(res, 200, { refresh_token: refreshToken });
    }
    if (url.pathname === '/v2/' && req.method === 'GET') {
      const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
      if (basic) {
        const [user, ...rest] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
        const known = state.acrRefreshTokens.get(rest.join(':'));
        if (user === ACR_TOKEN_USER && known?.host === host) return reply(res, 200, {});
      }
      return unauthorized('authentication required, visit https://aka.ms/acr/authorization for more information.');
    }
    return reply(res, 404, acrError('NOT_FOUND', 'not found'));
  };
}
