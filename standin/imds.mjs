// The Instance Metadata Service's managed identity endpoint, as plain HTTP (production: http://169.254.169.254).
import { randomBytes, randomUUID } from 'node:crypto';
import { applyFault, sleep } from './faults.mjs';
import { withCaller } from './caller.mjs';

const TOKEN_PATH = '/metadata/identity/oauth2/token';

const b64url = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A JWT-shaped access token: real header and payload, random signature. */
export function makeJwt(identity, resource, tenantId, lifetimeSeconds) {
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
  return `${b64url({ typ: 'JWT', alg: 'RS256', kid: 'standin' })}.${b64url(payload)}.${randomBytes(64).toString('base64url')}`;
}

/** With no selector: the system-assigned identity, else a sole user-assigned one; several user-assigned ones are ambiguous. */
function defaultIdentity(identities) {
  const system = identities.find((i) => i.kind === 'system');
  if (system) return system;
  const users = identities.filter((i) => i.kind === 'user');
  return users.length > 1 ? 'ambiguous' : users[0];
}

/** Resources every tenant knows (first-party apps), in every cloud; tests add their own (state.apps). */
export const FIRST_PARTY_RESOURCES = [
  'https://vault.azure.net',
  'https://vault.usgovcloudapi.net',
  'https://vault.azure.cn',
  'https://management.azure.com',
  'https://management.usgovcloudapi.net',
  'https://management.chinacloudapi.cn',
  'https://management.core.windows.net',
  'https://storage.azure.com',
  'https://ml.azure.com',
  'https://ml.azure.us',
  'https://ml.azure.cn',
  'https://graph.microsoft.com',
  'https://graph.microsoft.us',
  'https://microsoftgraph.chinacloudapi.cn',
  'https://containerregistry.azure.net',
];

/**
 * Entra's refusal of a resource no application in the tenant answers to (AADSTS500011), or undefined.
 * Every identity host passes it on: IMDS, App Service and Arc in their own error shape.
 * @param {import('./index.mjs').StandinState} state
 */
export function unknownResource(state, resource) {
  const audience = resource.replace(/\/\.default$/, '').replace(/\/$/, '');
  if (FIRST_PARTY_RESOURCES.includes(audience.toLowerCase()) || state.apps.has(audience.toLowerCase()))
    return undefined;
  return `AADSTS500011: The resource principal named ${audience} was not found in the tenant named ${state.tenantId}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`;
}

/**
 * Issues an access token for an identity and audience, and records it, so Key Vault accepts it and
 * knows whose it is. Every identity host of the stand-in issues through here.
 * @param {import('./index.mjs').StandinState} state
 */
export function issueToken(state, identity, resource, lifetimeSeconds) {
  const audience = resource.replace(/\/$/, '');
  const token = makeJwt(identity, audience, state.tenantId, lifetimeSeconds);
  state.tokens.set(token, { identity, resource: audience });
  return token;
}

/**
 * @param {import('./index.mjs').StandinState} state
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => Promise<void>}
 */
export function imdsHandler(state) {
  const reply = (res, status, body, headers = {}) => {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  };
  const sendError = (res) => (status, headers) =>
    reply(res, status, { error: 'service_unavailable', error_description: `standin fault ${status}` }, headers);

  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://imds.local');
    const record = {
      service: 'imds',
      host: req.headers.host ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      status: 0,
      at: Date.now(),
    };
    state.requests.push(withCaller(req, record));
    state.stats.imdsRequests++;
    state.stats.firstRequestAt ||= Date.now();
    res.on('finish', () => (record.status = res.statusCode));
    if (state.latency.imds > 0) await sleep(state.latency.imds);
    if (await applyFault(state.faults.take('imds', record), req, res, sendError(res))) return;

    if (url.pathname !== TOKEN_PATH && url.pathname !== `${TOKEN_PATH}/`) {
      return reply(res, 404, { error: 'not_found', error_description: 'Unknown path' });
    }
    if (req.method !== 'GET')
      return reply(res, 405, { error: 'invalid_request', error_description: 'Method not allowed' });
    if (req.headers.metadata !== 'true') {
      return reply(res, 400, { error: 'invalid_request', error_description: 'Required metadata header not specified' });
    }
    const q = url.searchParams;
    const resource = q.get('resource');
    if (!q.get('api-version') || !resource) {
      return reply(res, 400, { error: 'invalid_request', error_description: 'Required query variable missing' });
    }
    const clientId = q.get('client_id');
    const objectId = q.get('object_id');
    const resourceId = q.get('msi_res_id') ?? q.get('mi_res_id');
    const identity = clientId
      ? state.identities.find((i) => i.kind === 'user' && i.clientId === clientId)
      : objectId
        ? state.identities.find((i) => i.kind === 'user' && i.objectId === objectId)
        : resourceId
          ? state.identities.find((i) => i.kind === 'user' && i.resourceId.toLowerCase() === resourceId.toLowerCase())
          : defaultIdentity(state.identities);
    if (identity === 'ambiguous') {
      return reply(res, 400, {
        error: 'invalid_request',
        error_description:
          'Multiple user assigned identities exist, please specify the clientId / resourceId of the identity in the token request',
      });
    }
    if (!identity) return reply(res, 400, { error: 'invalid_request', error_description: 'Identity not found' });
    // A VM lives in one cloud: a token for another cloud's Key Vault is refused, as Entra refuses it.
    if (
      state.imdsVaultResource &&
      resource.replace(/\/$/, '').includes('vault') &&
      resource.replace(/\/$/, '') !== state.imdsVaultResource
    ) {
      return reply(res, 400, {
        error: 'invalid_resource',
        error_description: `AADSTS50001: The application named ${resource} was not found in the tenant named ${state.tenantId}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
      });
    }

    const unknown = unknownResource(state, resource);
    if (unknown) return reply(res, 400, { error: 'invalid_resource', error_description: unknown });
    record.identity = identity.objectId;
    record.resource = resource.replace(/\/$/, '');
    const lifetime = 86_399;
    const token = issueToken(state, identity, resource, lifetime);
    const now = Math.floor(Date.now() / 1000);
    reply(res, 200, {
      access_token: token,
      client_id: identity.clientId,
      expires_in: String(lifetime),
      expires_on: String(now + lifetime),
      ext_expires_in: String(lifetime),
      not_before: String(now),
      resource,
      token_type: 'Bearer',
    });
  };
}
