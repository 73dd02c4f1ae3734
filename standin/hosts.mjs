// The identity endpoints of the other places a runner holds an identity, as plain HTTP on 127.0.0.1:
// - Container Apps jobs / App Service (IDENTITY_ENDPOINT + IDENTITY_HEADER): api-version 2019-08-01,
//   the X-IDENTITY-HEADER secret, a response with expires_on only;
// - Azure Arc-enabled servers (himds, IDENTITY_ENDPOINT + IMDS_ENDPOINT): a 401 whose
//   WWW-Authenticate names a key file only members of the himds group can read, then Basic auth
//   with that file's contents;
// - AKS workload identity (AZURE_FEDERATED_TOKEN_FILE): the service account token Kubernetes projects,
//   which Entra's token endpoint exchanges (entra.mjs).
// Tokens come from the tenant (entra.mjs).
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOGIN_HOSTS, TOKEN_EXCHANGE_AUDIENCE } from './entra.mjs';
import { applyFault } from './faults.mjs';
import { DEFAULT_IDENTITIES } from './imds.mjs';
import { unsignedJwt } from './jwt.mjs';

/** Where the Arc agent keeps challenge keys on Linux (the only directory MSAL accepts). */
export const ARC_KEY_DIR = '/var/opt/azcmagent/tokens/';
export const AKS_ISSUER =
  'https://eastus.oic.prod-aks.azure.com/11111111-2222-4333-8444-555555555555/5a1e0c3d-0000-4000-8000-0000000000aa/';

const reply = (res, status, body, headers = {}) => {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
};

/**
 * @typedef {import('./imds.mjs').ManagedIdentity} ManagedIdentity
 * @typedef {{ log: import('./log.mjs').RequestLog, faults: import('./faults.mjs').FaultPlan, entra: import('./entra.mjs').Entra }} Deps
 */

/** Container Apps jobs and App Service: the app's identities behind IDENTITY_ENDPOINT. */
export class AppService {
  #log;
  #faults;
  #entra;
  #defaults;
  /** The X-IDENTITY-HEADER secret the endpoint expects. */
  #header = randomBytes(16).toString('hex');
  /** @type {ManagedIdentity[]} */
  #identities;

  /** @param {Deps} deps @param {{ identities?: ManagedIdentity[] }} [defaults] what reset() puts back */
  constructor({ log, faults, entra }, defaults = {}) {
    this.#log = log;
    this.#faults = faults;
    this.#entra = entra;
    this.#defaults = defaults;
    this.#identities = defaults.identities ?? DEFAULT_IDENTITIES;
  }

  /** The X-IDENTITY-HEADER the endpoint expects. */
  get header() {
    return this.#header;
  }

  /** The identities the endpoint knows, until reset(). @param {ManagedIdentity[]} identities */
  setIdentities(identities) {
    this.#identities = identities;
  }

  /** What the platform sets for an app. @param {string} url where this service listens */
  env(url) {
    return { IDENTITY_ENDPOINT: `${url}/msi/token`, IDENTITY_HEADER: this.#header };
  }

  reset() {
    this.#identities = this.#defaults.identities ?? DEFAULT_IDENTITIES;
  }

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  async handle(req, res) {
    const url = new URL(req.url ?? '/', 'http://appservice.local');
    const record = this.#log.record({
      service: 'app-service',
      host: req.headers.host ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      status: 0,
    });
    this.#log.count('identityRequests');
    res.on('finish', () => (record.status = res.statusCode));
    if (
      await applyFault(this.#faults.take('app-service', record), req, res, (status, headers) =>
        reply(res, status, { statusCode: status, message: `standin fault ${status}` }, headers),
      )
    )
      return;
    if (url.pathname !== '/msi/token') return reply(res, 404, { statusCode: 404, message: 'Not found' });
    if (req.headers['x-identity-header'] !== this.header) {
      return reply(res, 401, { statusCode: 401, message: 'Unauthorized: X-IDENTITY-HEADER is missing or wrong.' });
    }
    const q = url.searchParams;
    const resource = (q.get('resource') ?? '').replace(/\/$/, '');
    if (q.get('api-version') !== '2019-08-01' || !resource)
      return reply(res, 400, { statusCode: 400, message: 'api-version 2019-08-01 and resource are required.' });
    const clientId = q.get('client_id');
    const resourceId = q.get('mi_res_id');
    const principalId = q.get('principal_id') ?? q.get('object_id');
    const ids = this.#identities;
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
    const unknown = this.#entra.unknownResource(resource);
    if (unknown) return reply(res, 400, { statusCode: 400, message: unknown, correlationId: randomUUID() });
    record.resource = resource;
    const lifetime = 86_399;
    reply(res, 200, {
      access_token: this.#entra.issue(identity, resource, lifetime),
      expires_on: String(Math.floor(Date.now() / 1000) + lifetime),
      resource,
      token_type: 'Bearer',
      client_id: identity.clientId,
    });
  }
}

/** Azure Arc's himds: the machine's system-assigned identity, behind a challenge key only himds members can read. */
export class Arc {
  #log;
  #faults;
  #entra;
  #machineIdentities;
  /** Challenge keys handed out → their files. @type {Map<string, string>} */
  #keys = new Map();
  /** The runner's user cannot read the keys (it is not in the himds group). */
  #unreadableKey = false;

  /** @param {Deps & { machineIdentities: () => readonly ManagedIdentity[] }} deps */
  constructor({ log, faults, entra, machineIdentities }) {
    this.#log = log;
    this.#faults = faults;
    this.#entra = entra;
    this.#machineIdentities = machineIdentities;
  }

  /** himds writes its challenge key where the runner's user cannot read it, until reset(). */
  makeKeyUnreadable() {
    this.#unreadableKey = true;
  }

  /** What the Arc agent sets on the machine. @param {string} url where this service listens */
  env(url) {
    return { IDENTITY_ENDPOINT: `${url}/metadata/identity/oauth2/token`, IMDS_ENDPOINT: url };
  }

  /** Removes every key file handed out. */
  removeKeys() {
    for (const file of this.#keys.values()) rmSync(file, { force: true, recursive: true });
    this.#keys.clear();
  }

  reset() {
    this.removeKeys();
    this.#unreadableKey = false;
  }

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  async handle(req, res) {
    const url = new URL(req.url ?? '/', 'http://arc.local');
    const record = this.#log.record({
      service: 'arc',
      host: req.headers.host ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      status: 0,
      authorized: Boolean(req.headers.authorization),
    });
    this.#log.count('identityRequests');
    res.on('finish', () => (record.status = res.statusCode));
    // A fault matched with (r) => !r.authorized applies to the challenge request.
    if (
      await applyFault(this.#faults.take('arc', record), req, res, (status, headers) =>
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
      if (this.#unreadableKey && process.getuid?.() === 0)
        mkdirSync(file); // root reads any file: a directory is what it cannot read
      else writeFileSync(file, key, { mode: this.#unreadableKey ? 0o000 : 0o640 });
      this.#keys.set(key, file);
      return reply(
        res,
        401,
        { error: 'unauthorized', error_description: 'Authentication required' },
        { 'WWW-Authenticate': `Basic realm=${file}` },
      );
    }
    const file = this.#keys.get(auth.replace(/^Basic /, ''));
    if (!file) return reply(res, 401, { error: 'unauthorized', error_description: 'Invalid key' });
    this.#keys.delete(auth.replace(/^Basic /, ''));
    rmSync(file, { force: true, recursive: true });
    const identity = this.#machineIdentities().find((i) => i.kind === 'system');
    if (!identity) return reply(res, 400, { error: 'invalid_request', error_description: 'Identity not found' });
    const unknown = this.#entra.unknownResource(resource);
    if (unknown) return reply(res, 400, { error: 'invalid_resource', error_description: unknown });
    record.resource = resource;
    const lifetime = 86_399;
    const now = Math.floor(Date.now() / 1000);
    reply(res, 200, {
      access_token: this.#entra.issue(identity, resource, lifetime),
      expires_in: String(lifetime),
      expires_on: String(now + lifetime),
      not_before: String(now),
      resource,
      token_type: 'Bearer',
    });
  }
}

/** AKS workload identity: the service account token Kubernetes projects into the pod. */
export class Aks {
  #dir;
  #tokenFiles = 0;

  /** @param {string} dir where token files are written (the stand-in's own directory, removed on stop) */
  constructor(dir) {
    this.#dir = dir;
  }

  /** Writes a Kubernetes service account token (as AKS projects it) and returns its path. */
  serviceAccountToken({
    issuer = AKS_ISSUER,
    subject = 'system:serviceaccount:arc-runners:gpu-runner',
    audience = TOKEN_EXCHANGE_AUDIENCE,
    lifetimeSeconds = 3600,
  } = {}) {
    const file = join(this.#dir, `sa-token-${++this.#tokenFiles}`);
    writeFileSync(
      file,
      unsignedJwt(
        { iss: issuer, sub: subject, aud: [audience], 'kubernetes.io': { namespace: 'arc-runners' } },
        lifetimeSeconds,
      ),
    );
    return file;
  }

  /**
   * What the workload identity webhook sets in the pod: the token file, the client id, the tenant, and
   * the cloud's sign-in host.
   * @param {{ tokenFile?: string, clientId?: string, tenantId: string, cloud?: keyof typeof LOGIN_HOSTS }} pod
   */
  env({ tokenFile, clientId, tenantId, cloud = 'AzureCloud' }) {
    return {
      AZURE_FEDERATED_TOKEN_FILE: tokenFile,
      AZURE_CLIENT_ID: clientId,
      AZURE_TENANT_ID: tenantId,
      AZURE_AUTHORITY_HOST: `https://${LOGIN_HOSTS[cloud]}/`,
    };
  }
}
