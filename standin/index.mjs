// The local Azure stand-in: IMDS (plain HTTP), Key Vault (real TLS) and a CONNECT proxy, on 127.0.0.1.
// The real, unmodified Azure SDKs talk to it in their production configuration; see CONTRIBUTING.md, "Testing without Azure".
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GITHUB_API_HOSTNAME, makeCertificates, VAULT_SUFFIXES } from './certs.mjs';
import { FaultPlan } from './faults.mjs';
import { entraHandler, LOGIN_HOSTS, TOKEN_EXCHANGE_AUDIENCE } from './entra.mjs';
import { githubHandler } from './github.mjs';
import { appServiceHandler, arcHandler } from './hosts.mjs';
import { imdsHandler } from './imds.mjs';
import { keyVaultHandler, newVersionId } from './keyvault.mjs';
import { createProxy } from './proxy.mjs';
import { TokenProxy } from './tokenProxy.mjs';

export { KV_ERRORS } from './keyvault.mjs';
export { jwtClaims, LOGIN_HOSTS } from './entra.mjs';
export { ARC_KEY_DIR } from './hosts.mjs';
export { ARM_HOSTS } from './arm.mjs';
export { ACR_TOKEN_USER } from './acr.mjs';
export { PAST_DATE } from './faults.mjs';
export { TOKEN_PROXY_SNI_NAME } from './tokenProxy.mjs';

export const CLOUD_SUFFIX = {
  AzureCloud: VAULT_SUFFIXES[0],
  AzureUSGovernment: VAULT_SUFFIXES[1],
  AzureChinaCloud: VAULT_SUFFIXES[2],
};

export const TENANT_ID = '11111111-2222-4333-8444-555555555555';

/** The identities attached to the stand-in VM unless a test says otherwise. */
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

export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';
export const GITHUB_SUBJECT = 'repo:acme/training:ref:refs/heads/main';
export const AKS_ISSUER =
  'https://eastus.oic.prod-aks.azure.com/11111111-2222-4333-8444-555555555555/5a1e0c3d-0000-4000-8000-0000000000aa/';

/** A JWT-shaped token with these claims and a lifetime (negative: already expired); the signature is random. */
export function unsignedJwt(claims, lifetimeSeconds) {
  const now = Math.floor(Date.now() / 1000);
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ typ: 'JWT', alg: 'RS256', kid: 'standin' })}.${b64({ iat: now, nbf: now - 5, exp: now + lifetimeSeconds, ...claims })}.${randomBytes(64).toString('base64url')}`;
}

let tokenFiles = 0;

/** Creation times: a month ago, one second apart, so every version is distinct and ordered. */
let createdCounter = Math.floor(Date.now() / 1000) - 30 * 86_400;

/**
 * @typedef {{ name: string, version: string, value: string, enabled: boolean, contentType?: string, exp?: string|number|Date, nbf?: string|number|Date, created: number, updated: number, tags?: Record<string,string> }} StoredSecret
 * @typedef {{ name: string, host: string, model: 'rbac'|'policy', grants: 'all' | Record<string, string[]>, firewall: boolean, secrets: Map<string, StoredSecret[]>,
 *   nextLink?: (next: string | null, request: URL) => string | null, challengeAudience?: {resource: string} | {scope: string} }} Vault
 * @typedef {{ service: 'imds'|'vault'|'acr'|'arm'|'entra'|'github'|'app-service'|'arc'|'token-proxy', host: string, path: string, status: number, method?: string,
 *   query?: Record<string, string>, search?: string, apiVersion?: string | null, authorized?: boolean, at?: number, endedAt?: number,
 *   identity?: string, caller?: string, clientId?: string | null, scope?: string | null, resource?: string, challenge?: boolean }} StandinRequest
 *   One request a stand-in service answered (each service fills the fields it knows).
 * @typedef {{ tenantId: string, identities: typeof DEFAULT_IDENTITIES, vaults: Map<string, Vault>, tokens: Map<string, {identity: any, resource: string}>,
 *   faults: FaultPlan, latency: {imds: number, vault: number}, rateLimit?: {admit: () => boolean, retryAfter?: number | string | (() => number | string)},
 *   requests: StandinRequest[], refused: string[], unknownVaultHosts: string[], unknownVaultAnswer: number | 'close', stats: ReturnType<typeof freshStats>,
 *   imdsVaultResource?: string, pullRequests: Map<string, {head: string | null}>,
 *   federated: Map<string, {clientId: string, objectId: string, federated: {issuer: string, subject: string, audiences?: string[]}[]}>,
 *   entraCodes: 'generic' | 'specific',
 *   github: {requestToken: string, subject: string, idToken: (audience: string) => string},
 *   appService: {header: string, identities: typeof DEFAULT_IDENTITIES}, arc: {keys: Map<string, string>, unreadableKey: boolean} }} StandinState
 */

function freshStats() {
  return {
    imdsRequests: 0,
    vaultRequests: 0,
    challenges: 0,
    inFlight: 0,
    maxInFlight: 0,
    connects: 0,
    throttled: 0,
    listPages: 0,
    secretsServed: 0,
    /** Date.now() of the first request to IMDS or Key Vault (0: none yet). */
    firstRequestAt: 0,
  };
}

/**
 * Starts the stand-in.
 * @param {{ identities?: typeof DEFAULT_IDENTITIES, latency?: {imds?: number, vault?: number}, ports?: {imds?: number, proxy?: number, github?: number}, caFile?: string }} [options]
 */
export async function startStandin(options = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'kv-standin-'));
  const { caPem, certPem, keyPem } = makeCertificates();
  // options.caFile: also where a tool started apart from the stand-in expects the CA (cli.mjs --local-action).
  const caFile = options.caFile ?? join(dir, 'ca.pem');
  writeFileSync(caFile, caPem);

  /** @type {StandinState} */
  const state = {
    tenantId: TENANT_ID,
    identities: options.identities ?? DEFAULT_IDENTITIES,
    vaults: new Map(),
    tokens: new Map(),
    faults: new FaultPlan(),
    latency: { imds: options.latency?.imds ?? 0, vault: options.latency?.vault ?? 0 },
    rateLimit: undefined,
    requests: [],
    refused: [],
    unknownVaultHosts: [],
    /** How the proxy answers CONNECT to a vault host the stand-in does not have: a status, or 'close'. */
    unknownVaultAnswer: 502,
    stats: freshStats(),
    /** The Key Vault audience this VM's cloud issues tokens for; undefined: any (see imds.mjs). */
    imdsVaultResource: /** @type {string | undefined} */ (undefined),
    /** owner/repo#number → the head repository's full name (null: deleted fork). */
    pullRequests: new Map(),
    /** Entra app registrations or user-assigned identities with federated credentials, by client id. */
    federated: new Map(),
    /** How Entra answers a federated token nothing matches: 'generic' AADSTS70021, or 'specific' 700211/700213/7002138/700212 (Entra's newer codes). */
    entraCodes: 'generic',
    /** GitHub's OIDC provider for this job. */
    github: {
      requestToken: randomBytes(24).toString('hex'),
      subject: GITHUB_SUBJECT,
      idToken: (audience) =>
        unsignedJwt(
          {
            iss: GITHUB_ISSUER,
            sub: state.github.subject,
            aud: audience,
            repository: 'acme/training',
            ref: 'refs/heads/main',
          },
          300,
        ),
    },
    /** Container Apps / App Service: the X-IDENTITY-HEADER secret and the app's identities. */
    appService: { header: randomBytes(16).toString('hex'), identities: options.identities ?? DEFAULT_IDENTITIES },
    /** Azure Arc: challenge keys handed out; unreadableKey: the runner's user cannot read them (not in himds). */
    arc: { keys: new Map(), unreadableKey: false },
    /** For tokens, storage-keys and acr-login: ARM's storage accounts (by lower-cased id), the subscriptions they live in, registries, apps. */
    storageAccounts: new Map(),
    subscriptions: new Set(),
    registries: new Map(),
    acrRefreshTokens: new Map(),
    /** Resources (app id URIs, application ids) Entra issues tokens for, beyond the first-party ones. */
    apps: new Set(),
  };

  const imds = http.createServer(imdsHandler(state));
  const githubApi = githubHandler(state);
  const github = http.createServer(githubApi);
  const appService = http.createServer(appServiceHandler(state));
  const arc = http.createServer(arcHandler(state));
  const vaultApi = keyVaultHandler(state);
  const onTls = (req, res) =>
    (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase() === GITHUB_API_HOSTNAME
      ? githubApi(req, res)
      : vaultApi(req, res);
  const vault = https.createServer({ cert: certPem, key: keyPem, keepAlive: true }, onTls);
  const proxy = createProxy(state, () => /** @type {import('node:net').AddressInfo} */ (vault.address()).port);
  const entra = entraHandler(state);
  const tokenProxy = new TokenProxy({
    log: { record: (r) => state.requests.push(/** @type {StandinRequest} */ (r)) },
    faults: state.faults,
    entra: { handle: entra },
    dir,
  });
  // options.ports: fixed ports for the ones env() names (cli.mjs --local-action); any free port otherwise.
  const listen = (server, port = 0) =>
    new Promise((resolve, reject) =>
      server.once('error', reject).listen(port, '127.0.0.1', () => resolve(server.address().port)),
    );
  const ports = options.ports ?? {};
  const [imdsPort, , proxyPort, githubPort, appServicePort, arcPort] = await Promise.all([
    listen(imds, ports.imds),
    listen(vault),
    listen(proxy.server, ports.proxy),
    listen(github, ports.github),
    listen(appService),
    listen(arc),
    tokenProxy.listen(),
  ]);

  /** refuseImds(): the timer that listens on IMDS's port again. */
  let imdsReopen;
  /** The last listen on IMDS's port, so refuseImds() right after reset() closes what reset() opened. */
  let imdsListening = Promise.resolve();
  const listenImds = () =>
    (imdsListening = imdsListening.then(() => (imds.listening ? undefined : listen(imds, imdsPort))));

  const removeArcKeys = () => {
    for (const file of state.arc.keys.values()) rmSync(file, { force: true, recursive: true });
    state.arc.keys.clear();
  };

  const api = {
    state,
    caFile,
    imdsUrl: `http://127.0.0.1:${imdsPort}`,
    proxyUrl: `http://127.0.0.1:${proxyPort}`,
    githubUrl: `http://127.0.0.1:${githubPort}`,
    /** The same GitHub API over TLS, reachable only through the proxy (as from a runner behind HTTPS_PROXY). */
    githubProxiedUrl: `https://${GITHUB_API_HOSTNAME}`,
    appServiceUrl: `http://127.0.0.1:${appServicePort}`,
    arcUrl: `http://127.0.0.1:${arcPort}`,
    get stats() {
      return state.stats;
    },
    /** An AKS identity binding's token proxy (tokenProxy.mjs): its env() goes on top of envFor('workload-identity'). */
    tokenProxy,
    get identities() {
      return state.identities;
    },

    /** Environment that points the real SDKs (Node and Python) at the stand-in. */
    env() {
      return {
        AZURE_POD_IDENTITY_AUTHORITY_HOST: api.imdsUrl,
        HTTPS_PROXY: api.proxyUrl,
        https_proxy: api.proxyUrl,
        NO_PROXY: '',
        no_proxy: '',
        NODE_EXTRA_CA_CERTS: caFile,
        REQUESTS_CA_BUNDLE: caFile,
        GITHUB_API_URL: api.githubUrl,
      };
    },

    /**
     * Adds a vault. Its name picks the host: NAME.<suffix of cloud>.
     * @param {string} name
     * @param {{ cloud?: keyof typeof CLOUD_SUFFIX, model?: 'rbac'|'policy', grants?: 'all' | Record<string,string[]>, firewall?: boolean, publicNetworkAccess?: boolean,
     *   secrets?: Record<string, string | Partial<StoredSecret> | Partial<StoredSecret>[]>, nextLink?: (next: string | null, request: URL) => string | null,
     *   challengeAudience?: {resource: string} | {scope: string} }} [spec]
     * spec.challengeAudience: what the vault's 401 challenge names instead of its own audience (resource="https://vault.azure.net").
     */
    addVault(name, spec = {}) {
      const host = `${name.toLowerCase()}.${CLOUD_SUFFIX[spec.cloud ?? 'AzureCloud']}`;
      /** @type {Vault} */
      const v = {
        name,
        host,
        model: spec.model ?? 'rbac',
        grants: spec.grants ?? 'all',
        firewall: spec.firewall ?? false,
        publicNetworkAccess: spec.publicNetworkAccess ?? true,
        secrets: new Map(),
        nextLink: spec.nextLink,
        challengeAudience: spec.challengeAudience,
      };
      state.vaults.set(host, v);
      for (const [secretName, value] of Object.entries(spec.secrets ?? {})) {
        for (const one of Array.isArray(value) ? value : [value]) api.setSecret(host, secretName, one);
      }
      return v;
    },

    /**
     * Adds a version of a secret (it becomes the latest). Returns the stored version.
     * @param {string} host
     * @param {string} name
     * @param {string | Partial<StoredSecret>} value
     */
    setSecret(host, name, value) {
      const v = state.vaults.get(host);
      if (!v) throw new Error(`no vault ${host}`);
      const spec = typeof value === 'string' ? { value } : value;
      const created = ++createdCounter;
      /** @type {StoredSecret} */
      const secret = { name, version: newVersionId(), enabled: true, created, updated: created, value: '', ...spec };
      const list = v.secrets.get(name.toLowerCase()) ?? [];
      list.push(secret);
      v.secrets.set(name.toLowerCase(), list);
      return secret;
    },

    /**
     * IMDS refuses connections (nothing listens on its port: ECONNREFUSED) for forMs, or until reset():
     * as on a VM that has just booted. Resolves once the listener is closed.
     * @param {number} [forMs]
     */
    async refuseImds(forMs) {
      clearTimeout(imdsReopen);
      await imdsListening;
      imds.closeAllConnections?.();
      if (imds.listening) await new Promise((resolve) => imds.close(() => resolve(undefined)));
      if (forMs !== undefined) imdsReopen = setTimeout(() => void listenImds(), forMs);
    },

    /** Scripted faults: api.fault('vault', [429, {status: 429, retryAfter: 1}, 'reset', 'hang'], '/secrets/x'). */
    fault(service, steps, match) {
      state.faults.add(service, steps, match);
    },

    /**
     * Enforce a rate limit on Key Vault. kind 'sliding' (the default): at most `perSecond` requests in any
     * one-second window; 'bucket': a token bucket of `perSecond` tokens refilled at `perSecond` a second;
     * 'fixed': at most `perSecond` in each calendar second (window starts at the first request).
     * The 429s carry `retryAfter` as Retry-After when it is given (0 too; a function is asked for each answer: PAST_DATE).
     * @param {number} perSecond @param {number | string | (() => number | string)} [retryAfter] @param {{ kind?: 'sliding'|'bucket'|'fixed' }} [options]
     */
    limitRate(perSecond, retryAfter, { kind = 'sliding' } = {}) {
      const admits = {
        sliding() {
          const window = [];
          return (now) => {
            while (window.length > 0 && now - window[0] >= 1000) window.shift();
            if (window.length >= perSecond) return false;
            window.push(now);
            return true;
          };
        },
        bucket() {
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
        fixed() {
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
      if (!admits[kind]) throw new Error(`limitRate: unknown kind ${kind}`);
      const admit = admits[kind]();
      state.rateLimit = { retryAfter, admit: () => admit(Date.now()) };
    },

    /**
     * Environment for a runner on another kind of host, on top of env():
     * 'app-service' (Container Apps jobs, App Service), 'arc' (Arc-enabled server), 'github-oidc'
     * (a job with permissions: id-token: write), 'workload-identity' (AKS; give its token file and client id).
     * @param {'app-service'|'arc'|'github-oidc'|'workload-identity'} host
     * @param {{ tokenFile?: string, clientId?: string, tenantId?: string, cloud?: keyof typeof CLOUD_SUFFIX }} [extra]
     * @returns {Record<string, string>}
     */
    envFor(host, extra = {}) {
      switch (host) {
        case 'app-service':
          return { IDENTITY_ENDPOINT: `${api.appServiceUrl}/msi/token`, IDENTITY_HEADER: state.appService.header };
        case 'arc':
          return { IDENTITY_ENDPOINT: `${api.arcUrl}/metadata/identity/oauth2/token`, IMDS_ENDPOINT: api.arcUrl };
        case 'github-oidc':
          return {
            ACTIONS_ID_TOKEN_REQUEST_URL: `${api.githubUrl}/_apis/pipelines/oidc/token?api-version=2.0`,
            ACTIONS_ID_TOKEN_REQUEST_TOKEN: state.github.requestToken,
          };
        case 'workload-identity':
          return {
            AZURE_FEDERATED_TOKEN_FILE: extra.tokenFile,
            AZURE_CLIENT_ID: extra.clientId,
            AZURE_TENANT_ID: extra.tenantId ?? state.tenantId,
            AZURE_AUTHORITY_HOST: `https://${LOGIN_HOSTS[extra.cloud ?? 'AzureCloud']}/`,
          };
        default:
          throw new Error(`unknown host ${host}`);
      }
    },

    /** An app registration or user-assigned identity that trusts tokens from these issuers and subjects. */
    addFederatedIdentity({ clientId, objectId, federated }) {
      state.federated.set(clientId.toLowerCase(), { clientId, objectId, federated });
    },

    /** Writes a Kubernetes service account token (as AKS projects it) and returns its path. */
    serviceAccountToken({
      issuer = AKS_ISSUER,
      subject = 'system:serviceaccount:arc-runners:gpu-runner',
      audience = TOKEN_EXCHANGE_AUDIENCE,
      lifetimeSeconds = 3600,
    } = {}) {
      const file = join(dir, `sa-token-${++tokenFiles}`);
      writeFileSync(
        file,
        unsignedJwt(
          { iss: issuer, sub: subject, aud: [audience], 'kubernetes.io': { namespace: 'arc-runners' } },
          lifetimeSeconds,
        ),
      );
      return file;
    },

    /** A pull request GitHub's API knows: head is the head repository's owner/name, null for a deleted fork. */
    addPullRequest(repository, number, head) {
      state.pullRequests.set(`${repository}#${number}`.toLowerCase(), { head });
    },

    /**
     * A storage account ARM knows. keyOperators/readers: 'all' or object ids holding the
     * key operator role (listKeys) and read access (GET); keys: what listKeys lists (two by default).
     * @param {{ subscription?: string, resourceGroup?: string, name: string, keys?: string[], allowSharedKeyAccess?: boolean, keyOperators?: 'all' | string[], readers?: 'all' | string[] }} spec
     */
    addStorageAccount(spec) {
      const subscription = spec.subscription ?? '6f1c2d3e-0000-4000-8000-00000000c0de';
      const resourceGroup = spec.resourceGroup ?? 'ml-rg';
      const id = `/subscriptions/${subscription}/resourceGroups/${resourceGroup}/providers/Microsoft.Storage/storageAccounts/${spec.name}`;
      const keys = spec.keys ?? [randomBytes(64).toString('base64'), randomBytes(64).toString('base64')];
      state.subscriptions.add(subscription.toLowerCase());
      const account = {
        id,
        name: spec.name,
        keys,
        allowSharedKeyAccess: spec.allowSharedKeyAccess ?? true,
        keyOperators: spec.keyOperators ?? 'all',
        readers: spec.readers ?? 'all',
      };
      state.storageAccounts.set(id.toLowerCase(), account);
      return account;
    },

    /**
     * A container registry: NAME.azurecr.io (or the cloud's suffix). pullers: 'all' or the object
     * ids holding AcrPull; entraAuth false: admin user and tokens only; refreshToken: what the exchange
     * answers instead of a token of its own (as something answering in the registry's place might).
     * @param {string} name
     * @param {{ cloud?: keyof typeof CLOUD_SUFFIX, pullers?: 'all' | string[], entraAuth?: boolean, refreshToken?: string }} [spec]
     */
    addRegistry(name, spec = {}) {
      const cloud = spec.cloud ?? 'AzureCloud';
      const suffix = { AzureCloud: 'azurecr.io', AzureUSGovernment: 'azurecr.us', AzureChinaCloud: 'azurecr.cn' }[
        cloud
      ];
      const host = `${name.toLowerCase()}.${suffix}`;
      const arm = {
        AzureCloud: 'https://management.azure.com',
        AzureUSGovernment: 'https://management.usgovcloudapi.net',
        AzureChinaCloud: 'https://management.chinacloudapi.cn',
      }[cloud];
      // ACR accepts its own audience and (unless authentication-as-arm is disabled) ARM's.
      const registry = {
        name,
        host,
        pullers: spec.pullers ?? 'all',
        entraAuth: spec.entraAuth ?? true,
        refreshToken: spec.refreshToken,
        audiences: [
          'https://containerregistry.azure.net',
          arm,
          ...(cloud === 'AzureCloud' ? ['https://management.core.windows.net'] : []),
        ],
      };
      state.registries.set(host, registry);
      return registry;
    },

    /** An app registration Entra issues tokens for (its app id URI or application id). */
    addApp(resource) {
      state.apps.add(resource.replace(/\/$/, '').toLowerCase());
    },

    /** Every access token IMDS handed out, so tests can look for them in logs. */
    issuedTokens() {
      return [...state.tokens.keys()];
    },

    // What the stand-in saw and issued, for tests to assert on (read-only views of its state).

    /** The tenant every identity here belongs to. */
    get tenantId() {
      return state.tenantId;
    },

    /**
     * Every request a stand-in service answered, in order; only `service`'s when given.
     * @param {StandinRequest['service']} [service]
     * @returns {StandinRequest[]}
     */
    requests(service) {
      return service ? state.requests.filter((q) => q.service === service) : state.requests;
    },

    /** Hosts the proxy refused to tunnel to (anything that is not the stand-in). @returns {readonly string[]} */
    refusedHosts() {
      return state.refused;
    },

    /** Vault hosts a client asked the proxy for that the stand-in does not have. @returns {readonly string[]} */
    unknownVaultHosts() {
      return state.unknownVaultHosts;
    },

    /** Every access token issued, with whom and which resource it was for. @returns {ReadonlyMap<string, {identity: any, resource: string}>} */
    tokenGrants() {
      return state.tokens;
    },

    /** The X-IDENTITY-HEADER the Container Apps / App Service endpoint expects. */
    get appServiceHeader() {
      return state.appService.header;
    },

    // How the stand-in behaves, for one test (reset() puts each back).

    /**
     * Delays every IMDS and Key Vault answer by these many milliseconds.
     * @param {{imds?: number, vault?: number}} latency
     */
    setLatency({ imds, vault }) {
      if (imds !== undefined) state.latency.imds = imds;
      if (vault !== undefined) state.latency.vault = vault;
    },

    /**
     * Answers Key Vault with 429 (and `retryAfter`, if given) while `admit()` says no: a rule of the
     * test's own, where limitRate is a rate.
     * @param {NonNullable<StandinState['rateLimit']>} rule
     */
    throttleUnless(rule) {
      state.rateLimit = rule;
    },

    /**
     * How the proxy answers CONNECT to a vault host the stand-in does not have: a status, or 'close'.
     * @param {StandinState['unknownVaultAnswer']} answer
     */
    answerUnknownVaults(answer) {
      state.unknownVaultAnswer = answer;
    },

    /** The subject of the ID tokens GitHub's OIDC provider issues for this job. @param {string} subject */
    setGithubSubject(subject) {
      state.github.subject = subject;
    },

    /** Entra's codes for a federated token nothing matches. @param {StandinState['entraCodes']} codes */
    useEntraCodes(codes) {
      state.entraCodes = codes;
    },

    /** The managed identities IMDS knows (the VM's). @param {typeof DEFAULT_IDENTITIES} identities */
    setVmIdentities(identities) {
      state.identities = identities;
    },

    /** The identities the Container Apps / App Service endpoint knows. @param {typeof DEFAULT_IDENTITIES} identities */
    setAppServiceIdentities(identities) {
      state.appService.identities = identities;
    },

    /** Arc's himds writes its challenge key where the runner's user cannot read it. */
    makeArcKeyUnreadable() {
      state.arc.unreadableKey = true;
    },

    /** The Key Vault audience this VM's cloud issues tokens for (see imds.mjs). @param {string} resource */
    setImdsVaultResource(resource) {
      state.imdsVaultResource = resource;
    },

    reset() {
      // IMDS listens again (refuseImds); binding 127.0.0.1 is done long before a spawned action asks.
      clearTimeout(imdsReopen);
      void listenImds();
      state.vaults.clear();
      state.faults.clear();
      state.requests.length = 0;
      state.refused.length = 0;
      state.unknownVaultHosts.length = 0;
      state.unknownVaultAnswer = 502;
      state.rateLimit = undefined;
      state.pullRequests.clear();
      state.federated.clear();
      state.entraCodes = 'generic';
      state.tokens.clear();
      state.storageAccounts.clear();
      state.subscriptions.clear();
      state.registries.clear();
      state.acrRefreshTokens.clear();
      state.apps.clear();
      removeArcKeys();
      state.github.subject = GITHUB_SUBJECT;
      state.arc.unreadableKey = false;
      state.appService.identities = options.identities ?? DEFAULT_IDENTITIES;
      state.identities = options.identities ?? DEFAULT_IDENTITIES;
      state.imdsVaultResource = undefined;
      state.latency.imds = options.latency?.imds ?? 0;
      state.latency.vault = options.latency?.vault ?? 0;
      state.stats = freshStats();
      tokenProxy.reset();
    },

    async stop() {
      clearTimeout(imdsReopen);
      await imdsListening;
      removeArcKeys();
      proxy.destroyAll();
      await tokenProxy.close();
      for (const server of [imds, vault, proxy.server, github, appService, arc]) {
        server.closeAllConnections?.();
        if (server.listening) await new Promise((resolve) => server.close(() => resolve(undefined)));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return api;
}
