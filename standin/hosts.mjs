// The identity endpoints of the other places a runner holds an identity, as plain HTTP on 127.0.0.1:
// - Container Apps jobs / App Service (IDENTITY_ENDPOINT + IDENTITY_HEADER): api-version 2019-08-01,
//   the X-IDENTITY-HEADER secret, a response with expires_on only;
// - Azure Arc-enabled servers (himds, IDENTITY_ENDPOINT + IMDS_ENDPOINT): a 401 whose
//   WWW-Authenticate names a key file only members of the himds group can read, then Basic auth
//   with that file's contents.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyFault } from './faults.mjs';
import { issueToken, unknownResource } from './imds.mjs';
import { withCaller } from './caller.mjs';

/** Where the Arc agent keeps challenge keys on Linux (the only directory MSAL accepts). */
export const ARC_KEY_DIR = '/var/opt/azcmagent/tokens/';

const reply = (res, status, body, headers = {}) => {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
};

/** @param {import('./index.mjs').StandinState} state */
export function appServiceHandler(state) {
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://appservice.local');
    const record = {
      service: 'app-service',
      host: req.headers.host ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      status: 0,
    };
    state.requests.push(withCaller(req, record));
    state.stats.identityRequests = (state.stats.identityRequests ?? 0) + 1;
    res.on('finish', () => (record.status = res.statusCode));
    if (
      await applyFault(state.faults.take('app-service', record), req, res, (status, headers) =>
        reply(res, status, { statusCode: status, message: `standin fault ${status}` }, headers),
      )
    )
      return;
    if (url.pathname !== '/msi/token') return reply(res, 404, { statusCode: 404, message: 'Not found' });
    if (req.headers['x-identity-header'] !== state.appService.header) {
      return reply(res, 401, { statusCode: 401, message: 'Unauthorized: X-IDENTITY-HEADER is missing or wrong.' });
    }
    const q = url.searchParams;
    const resource = (q.get('resource') ?? '').replace(/\/$/, '');
    if (q.get('api-version') !== '2019-08-01' || !resource)
      return reply(res, 400, { statusCode: 400, message: 'api-version 2019-08-01 and resource are required.' });
    const clientId = q.get('client_id');
    const resourceId = q.get('mi_res_id');
    const principalId = q.get('principal_id') ?? q.get('object_id');
    const ids = state.appService.identities;
    const identity = clientId
      ? ids.find((i) => i.kind === 'user' && i.clientId === clientId)
      : resourceId
        ? ids.find((i) => i.kind === 'user' && i.resourceId.toLowerCase() === resourceId.toLowerCase())
        : principalId
          ? ids.find((i) => i.kind === 'user' && i.objectId === principalId)
          : ids.find((i) => i.kind === 'system');
    if (!identity) {
      return reply(res, 400, {
        statusCode: 400,
        message: 'No User Assigned or Delegated Managed Identity found for specified ClientId/ResourceId/PrincipalId.',
        correlationId: randomUUID(),
      });
    }
    const unknown = unknownResource(state, resource);
    if (unknown) return reply(res, 400, { statusCode: 400, message: unknown, correlationId: randomUUID() });
    record.resource = resource;
    const lifetime = 86_399;
    reply(res, 200, {
      access_token: issueToken(state, identity, resource, lifetime),
      expires_on: String(Math.floor(Date.now() / 1000) + lifetime),
      resource,
      token_type: 'Bearer',
      client_id: identity.clientId,
    });
  };
}

/** @param {import('./index.mjs').StandinState} state */
export function arcHandler(state) {
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://arc.local');
    const record = {
      service: 'arc',
      host: req.headers.host ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      status: 0,
      authorized: Boolean(req.headers.authorization),
    };
    state.requests.push(withCaller(req, record));
    state.stats.identityRequests = (state.stats.identityRequests ?? 0) + 1;
    res.on('finish', () => (record.status = res.statusCode));
    // A fault matched with (r) => !r.authorized applies to the challenge request.
    if (
      await applyFault(state.faults.take('arc', record), req, res, (status, headers) =>
        reply(res, status, { error: 'service_unavailable', error_description: `standin fault ${status}` }, headers),
      )
    )
      return;
    if (url.pathname !== '/metadata/identity/oauth2/token')
      return reply(res, 404, { error: 'not_found', error_description: 'Unknown path' });
    if (req.headers.metadata !== 'true')
      return reply(res, 400, { error: 'invalid_request', error_description: 'Required metadata header not specified' });
    const q = url.searchParams;
    const resource = (q.get('resource') ?? '').replace(/\/$/, '');
    if (!q.get('api-version') || !resource)
      return reply(res, 400, { error: 'invalid_request', error_description: 'Required query variable missing' });
    const auth = req.headers.authorization;
    if (!auth) {
      // A fresh key per challenge, readable (in production) only by root and the himds group.
      mkdirSync(ARC_KEY_DIR, { recursive: true });
      const file = join(ARC_KEY_DIR, `${randomUUID()}.key`);
      const key = randomBytes(32).toString('hex');
      if (state.arc.unreadableKey && process.getuid?.() === 0)
        mkdirSync(file); // root reads any file: a directory is what it cannot read
      else writeFileSync(file, key, { mode: state.arc.unreadableKey ? 0o000 : 0o640 });
      state.arc.keys.set(key, file);
      return reply(
        res,
        401,
        { error: 'unauthorized', error_description: 'Authentication required' },
        { 'WWW-Authenticate': `Basic realm=${file}` },
      );
    }
    const file = state.arc.keys.get(auth.replace(/^Basic /, ''));
    if (!file) return reply(res, 401, { error: 'unauthorized', error_description: 'Invalid key' });
    state.arc.keys.delete(auth.replace(/^Basic /, ''));
    rmSync(file, { force: true, recursive: true });
    const identity = state.identities.find((i) => i.kind === 'system');
    if (!identity) return reply(res, 400, { error: 'invalid_request', error_description: 'Identity not found' });
    const unknown = unknownResource(state, resource);
    if (unknown) return reply(res, 400, { error: 'invalid_resource', error_description: unknown });
    record.resource = resource;
    const lifetime = 86_399;
    const now = Math.floor(Date.now() / 1000);
    reply(res, 200, {
      access_token: issueToken(state, identity, resource, lifetime),
      expires_in: String(lifetime),
      expires_on: String(now + lifetime),
      not_before: String(now),
      resource,
      token_type: 'Bearer',
    });
  };
}
