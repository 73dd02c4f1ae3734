// The Instance Metadata Service's managed identity endpoint, as plain HTTP (production: http://169.254.169.254),
// with the VM's identities: it selects one by client_id, object_id or msi_res_id (or the default one), and
// answers IMDS's error bodies. Tokens come from the tenant (entra.mjs). It can refuse connections for a
// while, as on a VM that has just booted.
import http from 'node:http';
import { applyFault, sleep } from './faults.mjs';
import { close, listen } from './listen.mjs';

const TOKEN_PATH = '/metadata/identity/oauth2/token';

/**
 * @typedef {{ kind: 'system' | 'user', clientId: string, objectId: string, resourceId: string }} ManagedIdentity
 */

/** The identities attached to the stand-in VM unless a test says otherwise. @type {ManagedIdentity[]} */
export const DEFAULT_IDENTITIES = [
  {
    kind: 'system',
    clientId: '0b1c2d3e-0000-4000-8000-000000000001',
    objectId: '5e7a11ce-0000-4000-8000-00000000000a',
    resourceId: '',
  },
  {
    kind: 'user',
    clientId: 'c11e0001-aaaa-4bbb-8ccc-000000000002',
    objectId: '0b1ec700-aaaa-4bbb-8ccc-00000000000b',
    resourceId:
      '/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/trainer',
  },
];

/** With no selector: the system-assigned identity, else a sole user-assigned one; several user-assigned ones are ambiguous. */
function defaultIdentity(identities) {
  const system = identities.find((i) => i.kind === 'system');
  if (system) return system;
  const users = identities.filter((i) => i.kind === 'user');
  return users.length > 1 ? 'ambiguous' : users[0];
}

const reply = (res, status, body, headers = {}) => {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
};
const sendError = (res) => (status, headers) =>
  reply(res, status, { error: 'service_unavailable', error_description: `standin fault ${status}` }, headers);

export class Imds {
  #log;
  #faults;
  #entra;
  #defaults;
  /** @type {ManagedIdentity[]} */
  #identities;
  /** Milliseconds before each answer. */
  #latency;
  /** @type {string | undefined} The Key Vault audience this VM's cloud issues tokens for; undefined: any. */
  #vaultResource;
  #server = http.createServer((req, res) => void this.#handle(req, res));
  /** @type {number | undefined} */
  #port;
  /** refuse(forMs): the timer that listens on IMDS's port again. */
  #reopen;
  /** The last listen on IMDS's port, so refuse() right after reset() closes what reset() opened. */
  #listening = Promise.resolve();

  /**
   * @param {{ log: import('./log.mjs').RequestLog, faults: import('./faults.mjs').FaultPlan, entra: import('./entra.mjs').Entra }} deps
   * @param {{ identities?: ManagedIdentity[], latency?: number }} [defaults] what reset() puts back
   */
  constructor({ log, faults, entra }, defaults = {}) {
    this.#log = log;
    this.#faults = faults;
    this.#entra = entra;
    this.#defaults = defaults;
    this.#identities = defaults.identities ?? DEFAULT_IDENTITIES;
    this.#latency = defaults.latency ?? 0;
  }

  /** The managed identities attached to the VM (Arc's machine has the same). @returns {readonly ManagedIdentity[]} */
  get identities() {
    return [...this.#identities];
  }

  /** The managed identities attached to the VM, until reset(). @param {ManagedIdentity[]} identities */
  setIdentities(identities) {
    this.#identities = identities;
  }

  /** Delays every answer by these many milliseconds. @param {number} ms */
  setLatency(ms) {
    this.#latency = ms;
  }

  /**
   * The Key Vault audience this VM's cloud issues tokens for: a token for another cloud's Key Vault is
   * refused, as Entra refuses it (a VM lives in one cloud). @param {string} resource
   */
  setVaultResource(resource) {
    this.#vaultResource = resource;
  }

  /**
   * Refuses connections (nothing listens on IMDS's port: ECONNREFUSED) for forMs, or until reset(): as on a
   * VM that has just booted. Resolves once the listener is closed.
   * @param {number} [forMs]
   */
  async refuse(forMs) {
    clearTimeout(this.#reopen);
    await this.#listening;
    await close(this.#server);
    if (forMs !== undefined) this.#reopen = setTimeout(() => void this.#listenAgain(), forMs);
  }

  /** Listens on 127.0.0.1 (at `port`, or any free port); resolves with the port. @param {number} [port] */
  async listen(port) {
    this.#port = await listen(this.#server, port);
    return this.#port;
  }

  #listenAgain() {
    return (this.#listening = this.#listening.then(() =>
      this.#server.listening ? undefined : listen(this.#server, this.#port),
    ));
  }

  reset() {
    // IMDS listens again (refuse); binding 127.0.0.1 is done long before a spawned action asks.
    clearTimeout(this.#reopen);
    void this.#listenAgain();
    this.#identities = this.#defaults.identities ?? DEFAULT_IDENTITIES;
    this.#latency = this.#defaults.latency ?? 0;
    this.#vaultResource = undefined;
  }

  async close() {
    clearTimeout(this.#reopen);
    await this.#listening;
    await close(this.#server);
  }

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  async #handle(req, res) {
    const url = new URL(req.url ?? '/', 'http://imds.local');
    const record = this.#log.record({
      service: 'imds',
      host: req.headers.host ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      status: 0,
      at: Date.now(),
    });
    this.#log.count('imdsRequests');
    this.#log.markFirstRequest();
    res.on('finish', () => (record.status = res.statusCode));
    if (this.#latency > 0) await sleep(this.#latency);
    if (await applyFault(this.#faults.take('imds', record), req, res, sendError(res))) return;

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
      ? this.#identities.find((i) => i.kind === 'user' && i.clientId === clientId)
      : objectId
        ? this.#identities.find((i) => i.kind === 'user' && i.objectId === objectId)
        : resourceId
          ? this.#identities.find((i) => i.kind === 'user' && i.resourceId.toLowerCase() === resourceId.toLowerCase())
          : defaultIdentity(this.#identities);
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
      this.#vaultResource &&
      resource.replace(/\/$/, '').includes('vault') &&
      resource.replace(/\/$/, '') !== this.#vaultResource
    ) {
      return reply(res, 400, {
        error: 'invalid_resource',
        error_description: `AADSTS50001: The application named ${resource} was not found in the tenant named ${this.#entra.tenantId}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
      });
    }

    const unknown = this.#entra.unknownResource(resource);
    if (unknown) return reply(res, 400, { error: 'invalid_resource', error_description: unknown });
    record.identity = identity.objectId;
    record.resource = resource.replace(/\/$/, '');
    const lifetime = 86_399;
    const token = this.#entra.issue(identity, resource, lifetime);
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
  }
}
