// Key Vault's secrets data plane: challenge, bundles, list paging, RBAC and access-policy grants, the
// firewall, rate limits, and the service's own error bodies. Tokens are the tenant's (entra.mjs).
import { randomBytes, randomUUID } from 'node:crypto';
import { VAULT_SUFFIXES, LOGIN_HOSTNAMES } from './certs.mjs';
import { applyFault, retryAfterHeader, sleep } from './faults.mjs';

export const CLOUD_SUFFIX = {
  AzureCloud: VAULT_SUFFIXES[0],
  AzureUSGovernment: VAULT_SUFFIXES[1],
  AzureChinaCloud: VAULT_SUFFIXES[2],
};

const NAME = /^[0-9A-Za-z-]{1,127}$/;
const VERSION = /^[0-9a-f]{32}$/i;
const PAGE_SIZE = 25;

const newVersionId = () => randomBytes(16).toString('hex');

/** The Key Vault API versions @azure/keyvault-secrets 4.12 can send, oldest first. */
export const KV_API_VERSIONS = ['7.0', '7.1', '7.2', '7.3', '7.4', '7.5', '7.6', '2025-07-01', '2026-04-01'];
const through = (newest) => KV_API_VERSIONS.slice(0, KV_API_VERSIONS.indexOf(newest) + 1);
/**
 * The versions a vault serves unless the test sets vault.apiVersions, by vault DNS suffix: the public cloud
 * every one; the sovereign clouds lag, as they have for each new Key Vault version (a model of that lag,
 * not a published list), so they serve through 7.6 here.
 */
export const SERVED_API_VERSIONS = {
  'vault.azure.net': KV_API_VERSIONS,
  'vault.usgovcloudapi.net': through('7.6'),
  'vault.azure.cn': through('7.6'),
};

/**
 * A role assignment condition on secret names (Azure ABAC for Key Vault, preview), in the shape Microsoft Learn's
 * "Actions and attributes for Azure Key Vault ABAC conditions" gives, for reads:
 *   (!(ActionMatches{'Microsoft.KeyVault/vaults/secrets/getSecret/action'}) OR @Resource[Microsoft.KeyVault/vaults/secrets:name] <Op> '<value>')
 * with any of its string operators, case-sensitive, StringLike taking * and ?. It narrows reads only: the
 * listing (readMetadata) shows every name. Anything else throws: not modelled.
 * @param {string} condition @returns {(name: string) => boolean}
 */
export function readCondition(condition) {
  const flat = condition.replace(/\s+/g, ' ').trim();
  const m =
    /^\(? ?\(? ?!\(ActionMatches\{'Microsoft\.KeyVault\/vaults\/secrets\/getSecret\/action'\}\) ?\)? OR \(? ?@Resource\[Microsoft\.KeyVault\/vaults\/secrets:name\] (String(?:Not)?(?:Equals|StartsWith|EndsWith|Like|Contains)) '([^']*)' ?\)? ?\)?$/.exec(
      flat,
    );
  if (!m) throw new Error(`not a modelled Key Vault ABAC condition: ${condition}`);
  const [, operator, value] = /** @type {[string, string, string]} */ (m);
  const like = new RegExp(
    `^${[...value].map((c) => (c === '*' ? '[\\s\\S]*' : c === '?' ? '[\\s\\S]' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&'))).join('')}$`,
    'u',
  );
  const positive = {
    Equals: (name) => name === value,
    StartsWith: (name) => name.startsWith(value),
    EndsWith: (name) => name.endsWith(value),
    Like: (name) => like.test(name),
    Contains: (name) => name.includes(value),
  }[operator.replace(/^String(Not)?/, '')];
  return operator.startsWith('StringNot') ? (name) => !positive(name) : positive;
}

const kvError = (code, message, inner) => ({
  error: { code, message, ...(inner ? { innererror: { code: inner } } : {}) },
});

/** Key Vault's answers, by name. */
export const KV_ERRORS = {
  notFound: (name) =>
    kvError(
      'SecretNotFound',
      `A secret with (name/id) ${name} was not found in this key vault. If you recently deleted this secret you may be able to recover it using the correct recovery command. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182`,
    ),
  rbac: (caller, action, vault) =>
    kvError(
      'Forbidden',
      `Caller is not authorized to perform action on resource.\r\nIf role assignments, deny assignments or role definitions were changed recently, please observe propagation time.\r\nCaller: ${caller}\r\nAction: '${action}'\r\nResource: '/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/rg/providers/microsoft.keyvault/vaults/${vault}'\r\nAssignment: (not found)\r\nDenyAssignmentId: null\r\nDecisionReason: null \r\nVault: ${vault};location=westeurope\r\n`,
      'ForbiddenByRbac',
    ),
  policy: (caller, permission, vault) =>
    kvError(
      'Forbidden',
      `The user, group or application '${caller}' does not have secrets ${permission} permission on key vault '${vault};location=westeurope'. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287`,
      'ForbiddenByPolicy',
    ),
  firewall: (caller, vault) =>
    kvError(
      'Forbidden',
      `Client address is not authorized and caller is not a trusted service.\r\nClient address: 203.0.113.7\r\nCaller: ${caller}\r\nVault: ${vault};location=westeurope`,
      'ForbiddenByFirewall',
    ),
  disabled: () => kvError('Forbidden', 'Operation get is not allowed on a disabled secret.', 'SecretDisabled'),
  /** Public network access disabled: only private endpoints may connect. */
  connection: (vault) =>
    kvError(
      'Forbidden',
      `Public network access is disabled and request is not from a trusted service nor via an approved private link.\r\nCaller: appid=…\r\nVault: ${vault};location=westeurope`,
      'ForbiddenByConnection',
    ),
  throttled: () =>
    kvError(
      'Throttled',
      'Request was not processed because too many requests were received. Reason: VaultRequestTypeLimitReached',
    ),
  badName: (name) => kvError('BadParameter', `The request URI contains an invalid name: ${name}`),
  badApiVersion: () => kvError('BadParameter', "The 'api-version' query parameter is missing."),
  /** An api-version this vault does not serve, in Key Vault's words. */
  unknownApiVersion: (version, newest) =>
    kvError(
      'BadParameter',
      `The specified version (${version}) is not recognized. Consider using the latest supported version (${newest}).`,
    ),
  unauthorized: () => kvError('Unauthorized', 'AKV10000: Request is missing a Bearer or PoP token.'),
  badToken: () => kvError('Unauthorized', 'AKV10022: Invalid audience.'),
  server: (status) => kvError('InternalServerError', `standin fault ${status}`),
  /** PUT on a soft-deleted name: as az prints Key Vault's answer (Conflict, inner ObjectIsDeletedButRecoverable). */
  deletedButRecoverable: (name) =>
    kvError(
      'Conflict',
      `Secret ${name} is currently in a deleted but recoverable state, and its name cannot be reused; in this state, the secret can only be recovered or purged.`,
      'ObjectIsDeletedButRecoverable',
    ),
  /** PUT while a recovery is under way (modelled on the deleted-but-recoverable answer). */
  beingRecovered: (name) =>
    kvError(
      'Conflict',
      `Secret ${name} is currently being recovered, and its name cannot be reused until the recovery completes.`,
      'ObjectIsBeingRecovered',
    ),
  /** GET /deletedsecrets/{name} for a name that is not deleted (Microsoft's recorded sessions). */
  deletedNotFound: (name) => kvError('SecretNotFound', `Deleted Secret not found: ${name}`),
  purgeProtected: () =>
    kvError(
      'Forbidden',
      'Operation "purge" is not allowed because purge protection is enabled for this vault. Key Vault service will automatically purge it after the retention period has passed.',
    ),
  noBody: () => kvError('BadParameter', 'The request body is missing or is not valid JSON.'),
};

const PFX = 'application/x-pkcs12';
const PEM = 'application/x-pem-file';

/**
 * Get Secret's outContentType (API version 2025-07-01 on): a certificate's own secret (managed) kept as PFX comes back
 * as PEM (secret.pem: what makeCertificateSecret gives); any other secret is refused with Key Vault's 400. An older
 * API version, or a vault made to predate the feature (vault.convertsToPem = false), ignores the parameter.
 */
function convert(secret, asked, apiVersion, vault) {
  const as = { value: secret.value, contentType: secret.contentType };
  if (asked === null || vault.convertsToPem === false || !/^\d{4}-\d{2}-\d{2}/.test(apiVersion)) return as;
  if (apiVersion.slice(0, 10) < '2025-07-01') return as;
  if (asked !== PEM && asked !== PFX)
    return { error: kvError('BadParameter', `The content type '${asked}' is not supported.`) };
  if (!secret.managed || (secret.contentType !== PFX && secret.contentType !== PEM))
    return {
      error: kvError(
        'BadParameter',
        "The 'Unsupported' to 'PEM' transformation is not supported. Only PFX to PEM transformation is supported.",
      ),
    };
  return asked === PEM && secret.contentType === PFX ? { value: secret.pem, contentType: PEM } : as;
}

const unix = (date) => (date === undefined ? undefined : Math.floor(new Date(date).getTime() / 1000));

function attributes(secret) {
  return {
    enabled: secret.enabled,
    ...(secret.nbf !== undefined ? { nbf: unix(secret.nbf) } : {}),
    ...(secret.exp !== undefined ? { exp: unix(secret.exp) } : {}),
    created: secret.created,
    updated: secret.updated,
    recoveryLevel: 'Recoverable+Purgeable',
    recoverableDays: 90,
  };
}

/** Whether a request is for the write side: PUT, PATCH, a secret's versions, deleted secrets. */
const isWriteSide = (method, [collection, , third]) =>
  (collection === 'secrets' && (method === 'PUT' || method === 'PATCH' || third === 'versions')) ||
  collection === 'deletedsecrets';

/** A version as Key Vault's Set Secret and Get Secret answer it: with its value. */
const bundleOf = (host, s) => ({
  value: s.value,
  ...(s.contentType ? { contentType: s.contentType } : {}),
  id: `https://${host}/secrets/${s.name}/${s.version}`,
  attributes: attributes(s),
  tags: s.tags ?? {},
});

const reply = (res, status, body, headers = {}) => {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'x-ms-keyvault-service-version': '1.9.0.0',
    // The request's id, as Key Vault answers with it (handle() set it and recorded it: requestId).
    'x-ms-request-id': res.getHeader('x-ms-request-id') ?? randomUUID(),
    ...headers,
  });
  res.end(text);
};

/** Creation times: a month ago, one second apart, so every version is distinct and ordered. */
let createdCounter = Math.floor(Date.now() / 1000) - 30 * 86_400;

/** How each kind of rate limit admits a request at `now`, for `perSecond`. */
const ADMITS = {
  sliding(perSecond) {
    const window = [];
    return (now) => {
      while (window.length > 0 && now - window[0] >= 1000) window.shift();
      if (window.length >= perSecond) return false;
      window.push(now);
      return true;
    };
  },
  bucket(perSecond) {
    let tokens = perSecond;
    let last = Date.now();
    return (now) => {
      tokens = Math.min(perSecond, tokens + ((now - last) * perSecond) / 1000);
      last = now;
      if (tokens < 1) return false;
      tokens--;
      return true;
    };
  },
  fixed(perSecond) {
    let start = -Infinity;
    let count = 0;
    return (now) => {
      if (now - start >= 1000) [start, count] = [now, 0];
      if (count >= perSecond) return false;
      count++;
      return true;
    };
  },
};

/**
 * @typedef {{ name: string, version: string, value: string, enabled: boolean, contentType?: string, exp?: string|number|Date, nbf?: string|number|Date, created: number, updated: number, tags?: Record<string,string> }} StoredSecret
 * @typedef {{ name: string, host: string, model: 'rbac'|'policy', grants: 'all' | Record<string, string[]>, conditions: Map<string, (name: string) => boolean>, firewall: boolean, publicNetworkAccess: boolean, secrets: Map<string, StoredSecret[]>,
 *   nextLink?: (next: string | null, request: URL) => string | null, challengeAudience?: {resource: string} | {scope: string} }} Vault
 * @typedef {{ admit: () => boolean, retryAfter?: number | string | (() => number | string) }} ThrottleRule
 */

export class KeyVault {
  #log;
  #faults;
  #entra;
  #defaults;
  /** @type {Map<string, Vault>} by host */
  #vaults = new Map();
  /** Milliseconds before each answer. */
  #latency;
  /** @type {ThrottleRule | undefined} */
  #rateLimit;
  #challengeLatency = 0;
  /** @type {Set<string>} */
  #failWrites = new Set();

  /**
   * @param {{ log: import('./log.mjs').RequestLog, faults: import('./faults.mjs').FaultPlan, entra: import('./entra.mjs').Entra }} deps
   * @param {{ latency?: number }} [defaults] what reset() puts back
   */
  constructor({ log, faults, entra }, defaults = {}) {
    this.#log = log;
    this.#faults = faults;
    this.#entra = entra;
    this.#defaults = defaults;
    this.#latency = defaults.latency ?? 0;
  }

  /**
   * Adds a vault. Its name picks the host: NAME.<suffix of cloud>. Returns its name and host.
   * @param {string} name
   * @param {{ cloud?: keyof typeof CLOUD_SUFFIX, model?: 'rbac'|'policy', grants?: 'all' | Record<string,string[]>, firewall?: boolean, publicNetworkAccess?: boolean,
   *   secrets?: Record<string, string | Partial<StoredSecret> | Partial<StoredSecret>[]>, nextLink?: (next: string | null, request: URL) => string | null,
   *   challengeAudience?: {resource: string} | {scope: string}, apiVersions?: string[], convertsToPem?: boolean, conditions?: Record<string, string> }} [spec]
   * spec.grants: 'all' (get and list for every caller) or each object id's permissions ('get', 'list');
   * spec.conditions: each object id's role assignment condition on the secret names it may read (readCondition;
   *   RBAC vaults only): a read it does not admit is ForbiddenByRbac, the listing is not narrowed;
   * spec.nextLink: the list's next link instead of the real one, given the real one and the request's URL;
   * spec.challengeAudience: what the vault's 401 challenge names instead of its own audience (resource="https://vault.azure.net");
   * spec.apiVersions: the API versions this vault serves, instead of its cloud's (a region behind its cloud);
   * spec.convertsToPem: false for a vault whose API predates converting a certificate's PFX to PEM.
   * @returns {{ readonly name: string, readonly host: string }}
   */
  addVault(name, spec = {}) {
    const host = `${name.toLowerCase()}.${CLOUD_SUFFIX[spec.cloud ?? 'AzureCloud']}`;
    if (spec.conditions && (spec.model ?? 'rbac') !== 'rbac')
      throw new Error('role assignment conditions need the Azure RBAC permission model');
    const conditions = new Map(Object.entries(spec.conditions ?? {}).map(([oid, c]) => [oid, readCondition(c)]));
    this.#vaults.set(host, {
      name,
      host,
      model: spec.model ?? 'rbac',
      grants: spec.grants ?? 'all',
      firewall: spec.firewall ?? false,
      publicNetworkAccess: spec.publicNetworkAccess ?? true,
      secrets: new Map(),
      nextLink: spec.nextLink,
      challengeAudience: spec.challengeAudience,
      apiVersions: spec.apiVersions,
      convertsToPem: spec.convertsToPem,
      conditions,
      deleted: new Map(),
      purgeProtection: spec.purgeProtection ?? false,
      recoveryMs: spec.recoveryMs ?? 0,
    });
    for (const [secretName, value] of Object.entries(spec.secrets ?? {})) {
      for (const one of Array.isArray(value) ? value : [value]) this.setSecret(host, secretName, one);
    }
    return Object.freeze({ name, host });
  }

  /**
   * Adds a version of a secret (it becomes the latest). Returns a copy of the stored version.
   * @param {string} host
   * @param {string} name
   * @param {string | Partial<StoredSecret>} value
   * @returns {Readonly<StoredSecret>}
   */
  setSecret(host, name, value) {
    const v = this.#vaults.get(host);
    if (!v) throw new Error(`no vault ${host}`);
    const spec = typeof value === 'string' ? { value } : value;
    const created = ++createdCounter;
    /** @type {StoredSecret} */
    const secret = { name, version: newVersionId(), enabled: true, created, updated: created, value: '', ...spec };
    const list = v.secrets.get(name.toLowerCase()) ?? [];
    list.push(secret);
    v.secrets.set(name.toLowerCase(), list);
    return Object.freeze({ ...secret });
  }

  /** The names of a vault's secrets, as added. @param {string} host @returns {string[]} */
  secretNames(host) {
    return [...(this.#vaults.get(host)?.secrets.values() ?? [])].map((versions) => versions[0].name);
  }

  /** Whether a vault has this host. @param {string} host */
  has(host) {
    return this.#vaults.has(host);
  }

  /** Delays every answer by these many milliseconds. @param {number} ms */
  setLatency(ms) {
    this.#latency = ms;
  }

  /**
   * Enforce a rate limit. kind 'sliding' (the default): at most `perSecond` requests in any one-second
   * window; 'bucket': a token bucket of `perSecond` tokens refilled at `perSecond` a second; 'fixed': at
   * most `perSecond` in each calendar second (window starts at the first request).
   * The 429s carry `retryAfter` as Retry-After when it is given (0 too; a function is asked for each answer: PAST_DATE).
   * @param {number} perSecond @param {number | string | (() => number | string)} [retryAfter] @param {{ kind?: 'sliding'|'bucket'|'fixed' }} [options]
   */
  limitRate(perSecond, retryAfter, { kind = 'sliding' } = {}) {
    if (!ADMITS[kind]) throw new Error(`limitRate: unknown kind ${kind}`);
    const admit = ADMITS[kind](perSecond);
    this.#rateLimit = { retryAfter, admit: () => admit(Date.now()) };
  }

  /**
   * Answers 429 (and `retryAfter`, if given) while `admit()` says no: a rule of the test's own, where
   * limitRate is a rate.
   * @param {ThrottleRule} rule
   */
  throttleUnless(rule) {
    this.#rateLimit = rule;
  }

  /**
   * Soft-deletes a secret, as DELETE /secrets/{name} does: its name is then deleted but recoverable until purged.
   * @param {string} host @param {string} name
   */
  deleteSecret(host, name) {
    const v = this.#vaults.get(host);
    const versions = v?.secrets.get(name.toLowerCase());
    if (!v || !versions) throw new Error(`no secret ${name} in ${host}`);
    v.secrets.delete(name.toLowerCase());
    const deletedDate = Math.floor(Date.now() / 1000);
    v.deleted.set(name.toLowerCase(), { versions, deletedDate, scheduledPurgeDate: deletedDate + 90 * 86_400 });
  }

  /** A vault's versions of a secret, oldest first (copies). @param {string} host @param {string} name */
  versions(host, name) {
    return (this.#vaults.get(host)?.secrets.get(name.toLowerCase()) ?? []).map((s) => ({ ...s }));
  }

  /** Whether a name is soft-deleted in the vault. @param {string} host @param {string} name */
  isDeleted(host, name) {
    return Boolean(this.#vaults.get(host)?.deleted.get(name.toLowerCase()));
  }

  /** Delays every 401 challenge by these many milliseconds (a challenge that answers late). @param {number} ms */
  setChallengeLatency(ms) {
    this.#challengeLatency = ms;
  }

  /**
   * Answers 500 to the PUT of these names (a write that fails after others succeeded).
   * @param {string[]} names
   */
  failWritesOf(names) {
    this.#failWrites = new Set(names.map((n) => n.toLowerCase()));
  }

  /** The write side: PUT, PATCH, versions, deleted secrets; undefined for a request it does not handle. */
  async #write(req, res, vault, segments, { host, record, allowed, forbid }) {
    const [collection, name, third, fourth] = segments;
    const method = req.method;
    if (!name || !NAME.test(name)) return reply(res, 400, KV_ERRORS.badName(name ?? ''));
    const key = name.toLowerCase();
    const readBody = async () => {
      const chunks = [];
      for await (const chunk of req) chunks.push(chunk);
      const text = Buffer.concat(chunks).toString('utf8');
      record.bodyLength = text.length;
      try {
        return text === '' ? undefined : JSON.parse(text);
      } catch {
        return undefined;
      }
    };
    const deleted = vault.deleted.get(key);
    const now = Date.now();
    if (collection === 'secrets' && method === 'PUT' && segments.length === 2) {
      const body = await readBody();
      if (!allowed('set')) return forbid('set', 'Microsoft.KeyVault/vaults/secrets/setSecret/action');
      if (!body || typeof body.value !== 'string') return reply(res, 400, KV_ERRORS.noBody());
      if (deleted) {
        if (deleted.recoveredAt !== undefined) {
          if (now < deleted.recoveredAt) return reply(res, 409, KV_ERRORS.beingRecovered(name));
          vault.secrets.set(key, deleted.versions);
          vault.deleted.delete(key);
        } else return reply(res, 409, KV_ERRORS.deletedButRecoverable(name));
      }
      if (this.#failWrites.has(key)) return reply(res, 500, KV_ERRORS.server(500));
      const attrs = body.attributes ?? {};
      const stored = this.setSecret(host, name, {
        value: body.value,
        ...(body.contentType !== undefined ? { contentType: body.contentType } : {}),
        ...(attrs.exp !== undefined ? { exp: attrs.exp * 1000 } : {}),
        ...(attrs.enabled === false ? { enabled: false } : {}),
        tags: body.tags ?? {},
      });
      this.#log.count('secretsWritten');
      // Key Vault's answer echoes the value (Set Secret's response is a SecretBundle).
      return reply(res, 200, bundleOf(host, stored));
    }
    if (collection === 'secrets' && method === 'PATCH' && segments.length === 3) {
      const body = await readBody();
      if (!allowed('set')) return forbid('set', 'Microsoft.KeyVault/vaults/secrets/update/action');
      const version = (vault.secrets.get(key) ?? []).find((v) => v.version === third.toLowerCase());
      if (!version) return reply(res, 404, KV_ERRORS.notFound(name));
      if (body?.attributes?.enabled !== undefined) version.enabled = Boolean(body.attributes.enabled);
      if (body?.contentType !== undefined) version.contentType = body.contentType;
      if (body?.tags !== undefined) version.tags = body.tags;
      version.updated = Math.floor(now / 1000);
      const { value: _value, ...withoutValue } = bundleOf(host, version);
      return reply(res, 200, withoutValue);
    }
    if (collection === 'secrets' && method === 'GET' && third === 'versions' && segments.length === 3) {
      if (!allowed('list')) return forbid('list', 'Microsoft.KeyVault/vaults/secrets/readMetadata/action');
      const versions = vault.secrets.get(key) ?? [];
      return reply(res, 200, {
        value: versions.map((v) => ({
          id: `https://${host}/secrets/${v.name}/${v.version}`,
          attributes: attributes(v),
          ...(v.contentType ? { contentType: v.contentType } : {}),
          tags: v.tags ?? {},
        })),
        nextLink: null,
      });
    }
    if (collection === 'deletedsecrets' && segments.length === 2 && method === 'GET') {
      if (!allowed('list')) return forbid('list', 'Microsoft.KeyVault/vaults/secrets/readMetadata/action');
      if (!deleted || deleted.recoveredAt !== undefined) return reply(res, 404, KV_ERRORS.deletedNotFound(name));
      const latest = deleted.versions[deleted.versions.length - 1];
      return reply(res, 200, {
        recoveryId: `https://${host}/deletedsecrets/${latest.name}`,
        deletedDate: deleted.deletedDate,
        scheduledPurgeDate: deleted.scheduledPurgeDate,
        id: `https://${host}/secrets/${latest.name}/${latest.version}`,
        attributes: attributes(latest),
        tags: latest.tags ?? {},
      });
    }
    if (collection === 'deletedsecrets' && segments.length === 3 && third === 'recover' && method === 'POST') {
      if (!allowed('recover')) return forbid('recover', 'Microsoft.KeyVault/vaults/secrets/recover/action');
      if (!deleted || deleted.recoveredAt !== undefined) return reply(res, 404, KV_ERRORS.deletedNotFound(name));
      deleted.recoveredAt = now + vault.recoveryMs;
      const latest = deleted.versions[deleted.versions.length - 1];
      const { value: _value, ...withoutValue } = bundleOf(host, latest);
      return reply(res, 200, withoutValue);
    }
    if (collection === 'deletedsecrets' && segments.length === 2 && method === 'DELETE') {
      if (!allowed('purge')) return forbid('purge', 'Microsoft.KeyVault/vaults/secrets/purge/action');
      if (!deleted) return reply(res, 404, KV_ERRORS.deletedNotFound(name));
      if (vault.purgeProtection) return reply(res, 403, KV_ERRORS.purgeProtected());
      vault.deleted.delete(key);
      res.writeHead(204, { 'x-ms-request-id': randomBytes(16).toString('hex') });
      return res.end();
    }
    void fourth;
    return reply(res, 400, kvError('BadParameter', `Unsupported request ${method} /${segments.join('/')}`));
  }

  reset() {
    this.#challengeLatency = 0;
    this.#failWrites = new Set();
    this.#vaults.clear();
    this.#rateLimit = undefined;
    this.#latency = this.#defaults.latency ?? 0;
  }

  /**
   * Answers a request for a vault host.
   * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {string} host
   */
  async handle(req, res, host) {
    const url = new URL(req.url ?? '/', `https://${host}`);
    const record = {
      service: 'vault',
      host,
      path: url.pathname,
      search: url.search,
      method: req.method,
      status: 0,
      authorized: Boolean(req.headers.authorization),
      at: Date.now(),
      endedAt: 0,
      requestId: randomUUID(),
    };
    res.setHeader('x-ms-request-id', record.requestId);
    this.#log.record(record, req);
    this.#log.count('vaultRequests');
    this.#log.markFirstRequest();
    const land = this.#log.enterFlight();
    let done = false;
    const finish = () => {
      if (!done) {
        done = true;
        land();
        record.status = res.statusCode;
        record.endedAt = Date.now();
      }
    };
    res.on('finish', finish);
    res.on('close', finish);

    const vault = this.#vaults.get(host);
    const suffix = host.slice(host.indexOf('.') + 1);
    const resource = `https://${suffix}`;
    const login = LOGIN_HOSTNAMES[VAULT_SUFFIXES.indexOf(suffix)] ?? LOGIN_HOSTNAMES[0];
    // A vault may be made to name another audience (vault.challengeAudience): in the resource= form Key Vault
    // uses, or in the scope= form the SDK also reads. Tokens are still checked against the vault's own.
    const named = vault?.challengeAudience ?? { resource };
    const audience = 'scope' in named ? `scope="${named.scope}"` : `resource="${named.resource}"`;
    const challenge = `Bearer authorization="https://${login}/${this.#entra.tenantId}", ${audience}`;

    if (this.#latency > 0) await sleep(this.#latency);
    const sendError = (status, headers) =>
      reply(res, status, status === 429 ? KV_ERRORS.throttled() : KV_ERRORS.server(status), headers);
    if (await applyFault(this.#faults.take('vault', record), req, res, sendError)) return;
    if (this.#rateLimit && !this.#rateLimit.admit()) {
      this.#log.count('throttled');
      return reply(res, 429, KV_ERRORS.throttled(), retryAfterHeader(this.#rateLimit.retryAfter));
    }
    if (!vault) return reply(res, 404, kvError('VaultNotFound', `Vault ${host} not found`));

    const auth = req.headers.authorization;
    if (!auth) {
      this.#log.count('challenges');
      record.challenge = true;
      if (this.#challengeLatency > 0) await sleep(this.#challengeLatency);
      return reply(res, 401, KV_ERRORS.unauthorized(), { 'WWW-Authenticate': challenge });
    }
    const grant = this.#entra.grant(auth.replace(/^Bearer /, ''));
    if (!grant || grant.resource !== resource) {
      return reply(res, 401, KV_ERRORS.badToken(), { 'WWW-Authenticate': challenge });
    }
    // api-version may arrive as api%2Dversion: URLSearchParams decodes names like Key Vault does.
    const apiVersion = url.searchParams.get('api-version');
    record.apiVersion = apiVersion;
    if (!apiVersion) return reply(res, 400, KV_ERRORS.badApiVersion());
    const served = vault.apiVersions ?? SERVED_API_VERSIONS[suffix] ?? KV_API_VERSIONS;
    if (!served.includes(apiVersion)) return reply(res, 400, KV_ERRORS.unknownApiVersion(apiVersion, served.at(-1)));

    const identity = grant.identity;
    record.identity = identity.objectId;
    const caller = `appid=${identity.clientId};oid=${identity.objectId};iss=https://sts.windows.net/${this.#entra.tenantId}/`;
    if (vault.publicNetworkAccess === false) return reply(res, 403, KV_ERRORS.connection(vault.name));
    if (vault.firewall) return reply(res, 403, KV_ERRORS.firewall(caller, vault.name));

    const allowed = (permission) => {
      const granted =
        vault.grants === 'all' ? ['get', 'list', 'set', 'recover', 'purge'] : (vault.grants[identity.objectId] ?? []);
      return granted.includes(permission);
    };
    const forbid = (permission, action) =>
      reply(
        res,
        403,
        vault.model === 'rbac'
          ? KV_ERRORS.rbac(caller, action, vault.name)
          : KV_ERRORS.policy(caller, permission, vault.name),
      );

    // '/secrets/name/' and '/secrets/name' are the same request: ['secrets', name, version?]
    const segments = url.pathname.replace(/\/+$/, '').split('/').slice(1);
    if (isWriteSide(req.method, segments))
      return this.#write(req, res, vault, segments, { host, record, allowed, forbid });
    if (req.method !== 'GET' || segments[0] !== 'secrets' || segments.length > 3) {
      return reply(res, 400, kvError('BadParameter', `Unsupported request ${req.method} ${url.pathname}`));
    }

    if (segments.length === 1) {
      if (!allowed('list')) return forbid('list', 'Microsoft.KeyVault/vaults/secrets/readMetadata/action');
      const all = [...vault.secrets.values()].map((versions) => versions[versions.length - 1]);
      const skip = Number(Buffer.from(url.searchParams.get('$skiptoken') ?? 'MA', 'base64url').toString()) || 0;
      const size = Math.min(Number(url.searchParams.get('maxresults')) || PAGE_SIZE, PAGE_SIZE);
      const page = all.slice(skip, skip + size);
      const following =
        skip + size < all.length
          ? `https://${host}/secrets?api-version=${apiVersion}&$skiptoken=${Buffer.from(String(skip + size)).toString('base64url')}&maxresults=${size}`
          : null;
      // A test's own paging (a link to this very page, to another host): given the real next link and this request's URL.
      const next = vault.nextLink ? vault.nextLink(following, url) : following;
      this.#log.count('listPages');
      return reply(res, 200, {
        value: page.map((s) => ({
          id: `https://${host}/secrets/${s.name}`,
          attributes: attributes(s),
          ...(s.contentType ? { contentType: s.contentType } : {}),
          tags: s.tags ?? {},
        })),
        nextLink: next,
      });
    }

    const [, name, version] = segments;
    if (!NAME.test(name)) return reply(res, 400, KV_ERRORS.badName(name));
    if (version !== undefined && !VERSION.test(version))
      return reply(res, 400, kvError('BadParameter', `Invalid version: ${version}`));
    if (!allowed('get')) return forbid('get', 'Microsoft.KeyVault/vaults/secrets/getSecret/action');
    // A condition on the caller's assignment that does not admit the name: the same ForbiddenByRbac.
    const condition = vault.conditions.get(identity.objectId);
    if (condition && !condition(name)) return forbid('get', 'Microsoft.KeyVault/vaults/secrets/getSecret/action');
    const versions = vault.secrets.get(name.toLowerCase());
    const secret =
      versions && (version ? versions.find((v) => v.version === version.toLowerCase()) : versions[versions.length - 1]);
    if (!secret) return reply(res, 404, KV_ERRORS.notFound(name));
    if (!secret.enabled) return reply(res, 403, KV_ERRORS.disabled());
    const converted = convert(secret, url.searchParams.get('outContentType'), apiVersion, vault);
    if ('error' in converted) return reply(res, 400, converted.error);
    this.#log.count('secretsServed');
    return reply(res, 200, {
      value: converted.value,
      ...(converted.contentType ? { contentType: converted.contentType } : {}),
      id: `https://${host}/secrets/${secret.name}/${secret.version}`,
      ...(secret.managed ? { managed: true, kid: `https://${host}/keys/${secret.name}/${secret.version}` } : {}),
      attributes: attributes(secret),
      tags: secret.tags ?? {},
    });
  }
}
