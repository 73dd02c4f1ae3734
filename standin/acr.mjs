// Azure Container Registry's token service (NAME.azurecr.io, .us, .cn), as ACR documents its AAD-OAuth
// flow: POST /oauth2/exchange (grant_type=access_token, service, access_token[, tenant]) → refresh_token;
// GET /v2/ with Basic auth (user 00000000-0000-0000-0000-000000000000, password the refresh token) → 200,
// which is what `docker login` checks; without it, 401 with the Bearer challenge naming /oauth2/token.
import { randomBytes } from 'node:crypto';
import { applyFault } from './faults.mjs';

export const ACR_TOKEN_USER = '00000000-0000-0000-0000-000000000000';
const acrError = (code, message) => ({ errors: [{ code, message, detail: null }] });

const reply = (res, status, body, headers = {}) => {
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Docker-Distribution-Api-Version': 'registry/2.0',
    ...headers,
  });
  res.end(JSON.stringify(body));
};

/**
 * @typedef {{ name: string, host: string, pullers: 'all' | string[], entraAuth: boolean, refreshToken?: string, audiences: string[] }} Registry
 */

export class Acr {
  #log;
  #faults;
  #entra;
  /** @type {Map<string, Registry>} by host */
  #registries = new Map();
  /** @type {Map<string, {host: string, oid: string}>} refresh tokens the exchange handed out */
  #refreshTokens = new Map();

  /** @param {{ log: import('./log.mjs').RequestLog, faults: import('./faults.mjs').FaultPlan, entra: import('./entra.mjs').Entra }} deps */
  constructor({ log, faults, entra }) {
    this.#log = log;
    this.#faults = faults;
    this.#entra = entra;
  }

  /**
   * A container registry: NAME.azurecr.io (or the cloud's suffix). pullers: 'all' or the object ids
   * holding AcrPull; entraAuth false: admin user and tokens only; refreshToken: what the exchange answers
   * instead of a token of its own (as something answering in the registry's place might). Returns its
   * name and host.
   * @param {string} name
   * @param {{ cloud?: 'AzureCloud' | 'AzureUSGovernment' | 'AzureChinaCloud', pullers?: 'all' | string[], entraAuth?: boolean, refreshToken?: string }} [spec]
   * @returns {{ readonly name: string, readonly host: string }}
   */
  addRegistry(name, spec = {}) {
    const cloud = spec.cloud ?? 'AzureCloud';
    const suffix = { AzureCloud: 'azurecr.io', AzureUSGovernment: 'azurecr.us', AzureChinaCloud: 'azurecr.cn' }[cloud];
    const host = `${name.toLowerCase()}.${suffix}`;
    const arm = {
      AzureCloud: 'https://management.azure.com',
      AzureUSGovernment: 'https://management.usgovcloudapi.net',
      AzureChinaCloud: 'https://management.chinacloudapi.cn',
    }[cloud];
    this.#registries.set(host, {
      name,
      host,
      pullers: spec.pullers ?? 'all',
      entraAuth: spec.entraAuth ?? true,
      refreshToken: spec.refreshToken,
      // ACR accepts its own audience and (unless authentication-as-arm is disabled) ARM's.
      audiences: [
        'https://containerregistry.azure.net',
        arm,
        ...(cloud === 'AzureCloud' ? ['https://management.core.windows.net'] : []),
      ],
    });
    return Object.freeze({ name, host });
  }

  /** Whether a registry has this host. @param {string} host */
  has(host) {
    return this.#registries.has(host);
  }

  reset() {
    this.#registries.clear();
    this.#refreshTokens.clear();
  }

  /**
   * Answers a request for a registry host.
   * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {string} host
   */
  async handle(req, res, host) {
    const url = new URL(req.url ?? '/', `https://${host}`);
    const record = { service: 'acr', host, path: url.pathname, method: req.method, status: 0, at: Date.now() };
    this.#log.record(record);
    res.on('finish', () => (record.status = res.statusCode));
    let body = '';
    for await (const chunk of req) body += chunk;
    if (
      await applyFault(this.#faults.take('acr', record), req, res, (status, headers) =>
        reply(res, status, acrError('UNAVAILABLE', `standin fault ${status}`), headers),
      )
    )
      return;
    const registry = this.#registries.get(host);
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
      const grant = this.#entra.grant(form.get('access_token') ?? '');
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
      this.#refreshTokens.set(refreshToken, { host, oid });
      this.#log.count('acrExchanges');
      return reply(res, 200, { refresh_token: refreshToken });
    }
    if (url.pathname === '/v2/' && req.method === 'GET') {
      const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
      if (basic) {
        const [user, ...rest] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
        const known = this.#refreshTokens.get(rest.join(':'));
        if (user === ACR_TOKEN_USER && known?.host === host) return reply(res, 200, {});
      }
      return unauthorized('authentication required, visit https://aka.ms/acr/authorization for more information.');
    }
    return reply(res, 404, acrError('NOT_FOUND', 'not found'));
  }
}
