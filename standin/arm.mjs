// Azure Resource Manager (management.azure.com, .usgovcloudapi.net, .chinacloudapi.cn) for storage
// accounts: POST …/listKeys and GET of the account, each checking the bearer token's audience and the
// caller's role, and answering with ARM's own error bodies ({"error":{"code","message"}}).
import { randomBytes } from 'node:crypto';
import { applyFault } from './faults.mjs';

export const ARM_HOSTS = {
  AzureCloud: 'management.azure.com',
  AzureUSGovernment: 'management.usgovcloudapi.net',
  AzureChinaCloud: 'management.chinacloudapi.cn',
};
const ACCOUNT_PATH =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Storage\/storageAccounts\/([^/]+?)(\/listKeys)?$/i;

const armError = (code, message) => ({ error: { code, message } });

const reply = (res, status, body, headers = {}) => {
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'x-ms-request-id': randomBytes(16).toString('hex'),
    'x-ms-correlation-request-id': randomBytes(16).toString('hex'),
    ...headers,
  });
  res.end(JSON.stringify(body));
};

/**
 * @typedef {{ id: string, name: string, keys: string[], allowSharedKeyAccess: boolean, keyOperators: 'all' | string[], readers: 'all' | string[] }} StorageAccount
 */

export class Arm {
  #log;
  #faults;
  #entra;
  /** @type {Map<string, StorageAccount>} by lower-cased id */
  #accounts = new Map();
  /** The subscriptions the storage accounts live in, lower-cased. */
  #subscriptions = new Set();

  /** @param {{ log: import('./log.mjs').RequestLog, faults: import('./faults.mjs').FaultPlan, entra: import('./entra.mjs').Entra }} deps */
  constructor({ log, faults, entra }) {
    this.#log = log;
    this.#faults = faults;
    this.#entra = entra;
  }

  /**
   * A storage account ARM knows. keyOperators/readers: 'all' or object ids holding the key operator role
   * (listKeys) and read access (GET); keys: what listKeys lists (two by default). Returns its id, name and keys.
   * @param {{ subscription?: string, resourceGroup?: string, name: string, keys?: string[], allowSharedKeyAccess?: boolean, keyOperators?: 'all' | string[], readers?: 'all' | string[] }} spec
   * @returns {{ readonly id: string, readonly name: string, readonly keys: readonly string[] }}
   */
  addStorageAccount(spec) {
    const subscription = spec.subscription ?? '6f1c2d3e-0000-4000-8000-00000000c0de';
    const resourceGroup = spec.resourceGroup ?? 'ml-rg';
    const id = `/subscriptions/${subscription}/resourceGroups/${resourceGroup}/providers/Microsoft.Storage/storageAccounts/${spec.name}`;
    const keys = spec.keys ?? [randomBytes(64).toString('base64'), randomBytes(64).toString('base64')];
    this.#subscriptions.add(subscription.toLowerCase());
    this.#accounts.set(id.toLowerCase(), {
      id,
      name: spec.name,
      keys: [...keys],
      allowSharedKeyAccess: spec.allowSharedKeyAccess ?? true,
      keyOperators: spec.keyOperators ?? 'all',
      readers: spec.readers ?? 'all',
    });
    return Object.freeze({ id, name: spec.name, keys: Object.freeze([...keys]) });
  }

  reset() {
    this.#accounts.clear();
    this.#subscriptions.clear();
  }

  /**
   * Answers a request for a management host.
   * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {string} host
   */
  async handle(req, res, host) {
    const url = new URL(req.url ?? '/', `https://${host}`);
    const record = {
      service: 'arm',
      host,
      path: url.pathname,
      method: req.method,
      apiVersion: url.searchParams.get('api-version'),
      status: 0,
    };
    this.#log.record(record);
    res.on('finish', () => (record.status = res.statusCode));
    for await (const _ of req); // drain the body
    if (
      await applyFault(this.#faults.take('arm', record), req, res, (status, headers) =>
        reply(res, status, armError('ServiceUnavailable', `standin fault ${status}`), headers),
      )
    )
      return;
    if (!url.searchParams.get('api-version'))
      return reply(
        res,
        400,
        armError(
          'MissingApiVersionParameter',
          'The api-version query parameter (?api-version=) is required for all requests.',
        ),
      );
    const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    if (!auth)
      return reply(
        res,
        401,
        armError('AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing."),
      );
    const grant = this.#entra.grant(auth[1]);
    const audience = `https://${host}`;
    if (!grant) return reply(res, 401, armError('InvalidAuthenticationToken', 'The access token is invalid.'));
    if (
      grant.resource !== audience &&
      !(host === ARM_HOSTS.AzureCloud && grant.resource === 'https://management.core.windows.net')
    ) {
      return reply(
        res,
        401,
        armError(
          'InvalidAuthenticationTokenAudience',
          `The access token has been obtained for wrong audience or resource '${grant.resource}'. It should exactly match with one of the allowed audiences '${audience}/'.`,
        ),
      );
    }
    record.caller = grant.identity.objectId;
    const match = ACCOUNT_PATH.exec(url.pathname);
    if (!match)
      return reply(res, 404, armError('InvalidResourceType', 'The resource type could not be found in the namespace.'));
    const [, subscription, resourceGroup, name, listKeys] = match;
    if (!this.#subscriptions.has(subscription.toLowerCase()))
      return reply(
        res,
        404,
        armError('SubscriptionNotFound', `The subscription '${subscription}' could not be found.`),
      );
    const id = `/subscriptions/${subscription}/resourceGroups/${resourceGroup}/providers/Microsoft.Storage/storageAccounts/${name}`;
    const account = this.#accounts.get(id.toLowerCase());
    const oid = grant.identity.objectId;
    const action = listKeys
      ? 'Microsoft.Storage/storageAccounts/listKeys/action'
      : 'Microsoft.Storage/storageAccounts/read';
    const allowed = (who) => who === 'all' || who.includes(oid);
    if (!account) {
      // ARM checks authorization on the scope before it looks the resource up; a caller with no role sees 403.
      return reply(
        res,
        404,
        armError(
          'ResourceNotFound',
          `The Resource 'Microsoft.Storage/storageAccounts/${name}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
        ),
      );
    }
    if (!allowed(listKeys ? account.keyOperators : account.readers)) {
      return reply(
        res,
        403,
        armError(
          'AuthorizationFailed',
          `The client '${oid}' with object id '${oid}' does not have authorization to perform action '${action}' over scope '${id}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
        ),
      );
    }
    if (listKeys) {
      if (req.method !== 'POST')
        return reply(res, 405, armError('MethodNotAllowed', 'The requested resource does not support http method.'));
      this.#log.count('listKeys');
      const created = new Date(Date.now() - 86_400_000).toISOString();
      // As the real service: the keys are listed even when allowSharedKeyAccess is false.
      return reply(res, 200, {
        keys: account.keys.map((value, i) => ({
          creationTime: created,
          keyName: `key${i + 1}`,
          value,
          permissions: 'FULL',
        })),
      });
    }
    if (req.method !== 'GET')
      return reply(res, 405, armError('MethodNotAllowed', 'The requested resource does not support http method.'));
    return reply(res, 200, {
      id,
      name,
      type: 'Microsoft.Storage/storageAccounts',
      location: 'westeurope',
      kind: 'StorageV2',
      sku: { name: 'Standard_LRS', tier: 'Standard' },
      properties: {
        provisioningState: 'Succeeded',
        allowSharedKeyAccess: account.allowSharedKeyAccess,
        minimumTlsVersion: 'TLS1_2',
        primaryEndpoints: { blob: `https://${name}.blob.core.windows.net/` },
      },
    });
  }
}
