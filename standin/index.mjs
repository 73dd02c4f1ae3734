// The local Azure stand-in: each service in its own module, composed here on 127.0.0.1. IMDS, GitHub, App
// Service and Arc answer plain HTTP; Key Vault, Entra's sign-in hosts, ARM, ACR and the proxied GitHub API
// share one TLS server, reached through a CONNECT proxy that refuses every other host. The real,
// unmodified Azure SDKs talk to it in their production configuration. What each service models, and how
// tests use it: standin/README.md.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Acr } from './acr.mjs';
import { Arm } from './arm.mjs';
import { ACR_SUFFIXES, ARM_HOSTNAMES, GITHUB_API_HOSTNAME, LOGIN_HOSTNAMES, makeCertificates } from './certs.mjs';
import { Entra } from './entra.mjs';
import { FaultPlan } from './faults.mjs';
import { GitHub } from './github.mjs';
import { Aks, AppService, Arc } from './hosts.mjs';
import { Imds } from './imds.mjs';
import { KeyVault } from './keyvault.mjs';
import { close, listen } from './listen.mjs';
import { RequestLog } from './log.mjs';
import { ConnectProxy } from './proxy.mjs';
import { TokenProxy } from './tokenProxy.mjs';

export { ACR_TOKEN_USER } from './acr.mjs';
export { ARM_HOSTS } from './arm.mjs';
export { LOGIN_HOSTS, TENANT_ID } from './entra.mjs';
export { PAST_DATE } from './faults.mjs';
export { GITHUB_IMMUTABLE_SUBJECT, GITHUB_ISSUER, GITHUB_REPOSITORY, GITHUB_SUBJECT } from './github.mjs';
export { AKS_ISSUER, ARC_KEY_DIR } from './hosts.mjs';
export { DEFAULT_IDENTITIES } from './imds.mjs';
export { jwtClaims, unsignedJwt } from './jwt.mjs';
export { CLOUD_SUFFIX, KV_ERRORS } from './keyvault.mjs';
export { TOKEN_PROXY_SNI_NAME } from './tokenProxy.mjs';

/**
 * Starts the stand-in.
 * @param {{ identities?: import('./imds.mjs').ManagedIdentity[], latency?: {imds?: number, vault?: number}, ports?: {imds?: number, proxy?: number, github?: number}, caFile?: string }} [options]
 * options.identities and options.latency: what reset() puts back; options.ports: fixed ports for the ones
 * env() names (cli.mjs --local-action), any free port otherwise; options.caFile: also where a tool started
 * apart from the stand-in expects the CA.
 */
export async function startStandin(options = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'kv-standin-'));
  const { caPem, certPem, keyPem } = makeCertificates();
  const caFile = options.caFile ?? join(dir, 'ca.pem');
  writeFileSync(caFile, caPem);

  const log = new RequestLog();
  const faults = new FaultPlan();
  const entra = new Entra({ log, faults });
  const deps = { log, faults, entra };
  const imds = new Imds(deps, { identities: options.identities, latency: options.latency?.imds });
  const keyvault = new KeyVault(deps, { latency: options.latency?.vault });
  const arm = new Arm(deps);
  const acr = new Acr(deps);
  const github = new GitHub({ log, faults });
  const appService = new AppService(deps, { identities: options.identities });
  const arc = new Arc({ ...deps, machineIdentities: () => imds.identities });
  const aks = new Aks(dir);
  const tokenProxy = new TokenProxy({ log, faults, entra, dir });

  // One TLS server for every proxied host, routed by the Host header as each service's front door would be.
  const tls = https.createServer({ cert: certPem, key: keyPem, keepAlive: true }, (req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    if (host === GITHUB_API_HOSTNAME) return github.handle(req, res);
    if (LOGIN_HOSTNAMES.includes(host)) return entra.handle(req, res, host);
    if (ARM_HOSTNAMES.includes(host)) return arm.handle(req, res, host);
    if (ACR_SUFFIXES.some((s) => host.endsWith(`.${s}`))) return acr.handle(req, res, host);
    return keyvault.handle(req, res, host);
  });
  const proxy = new ConnectProxy({
    log,
    knows: (host) => keyvault.has(host) || acr.has(host),
    tlsPort: () => /** @type {import('node:net').AddressInfo} */ (tls.address()).port,
  });
  const plain = {
    github: http.createServer((req, res) => void github.handle(req, res)),
    appService: http.createServer((req, res) => void appService.handle(req, res)),
    arc: http.createServer((req, res) => void arc.handle(req, res)),
  };

  const ports = options.ports ?? {};
  const [imdsPort, , proxyPort, githubPort, appServicePort, arcPort] = await Promise.all([
    imds.listen(ports.imds),
    listen(tls),
    proxy.listen(ports.proxy),
    listen(plain.github, ports.github),
    listen(plain.appService),
    listen(plain.arc),
    tokenProxy.listen(),
  ]);

  const api = {
    caFile,
    imdsUrl: `http://127.0.0.1:${imdsPort}`,
    proxyUrl: `http://127.0.0.1:${proxyPort}`,
    githubUrl: `http://127.0.0.1:${githubPort}`,
    /** The same GitHub API over TLS, reachable only through the proxy (as from a runner behind HTTPS_PROXY). */
    githubProxiedUrl: `https://${GITHUB_API_HOSTNAME}`,
    appServiceUrl: `http://127.0.0.1:${appServicePort}`,
    arcUrl: `http://127.0.0.1:${arcPort}`,

    // The services, each set up through its own methods (README.md says what each models).
    keyvault,
    imds,
    entra,
    github,
    arm,
    acr,
    appService,
    arc,
    aks,
    proxy,
    /** An AKS identity binding's token proxy: its env() goes on top of envFor('workload-identity'). */
    tokenProxy,

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
     * Environment for a runner on another kind of host, on top of env():
     * 'app-service' (Container Apps jobs, App Service), 'arc' (Arc-enabled server), 'github-oidc'
     * (a job with permissions: id-token: write), 'workload-identity' (AKS; give its token file and client id).
     * @param {'app-service'|'arc'|'github-oidc'|'workload-identity'} host
     * @param {{ tokenFile?: string, clientId?: string, tenantId?: string, cloud?: keyof typeof import('./entra.mjs').LOGIN_HOSTS }} [extra]
     * @returns {Record<string, string>}
     */
    envFor(host, extra = {}) {
      switch (host) {
        case 'app-service':
          return appService.env(api.appServiceUrl);
        case 'arc':
          return arc.env(api.arcUrl);
        case 'github-oidc':
          return github.oidcEnv(api.githubUrl);
        case 'workload-identity':
          return aks.env({ ...extra, tenantId: extra.tenantId ?? entra.tenantId });
        default:
          throw new Error(`unknown host ${host}`);
      }
    },

    /**
     * Scripted faults, consumed by the requests they match: fault('vault', [429, {status: 429, retryAfter: 1},
     * 'reset', 'hang'], '/secrets/x'). Steps and matches: faults.mjs.
     * @param {Parameters<FaultPlan['add']>[0]} service
     * @param {Parameters<FaultPlan['add']>[1]} steps
     * @param {Parameters<FaultPlan['add']>[2]} [match]
     */
    fault(service, steps, match) {
      faults.add(service, steps, match);
    },

    /**
     * Every request a stand-in service answered, in order; only `service`'s when given.
     * @param {import('./log.mjs').StandinRequest['service']} [service]
     */
    requests(service) {
      return log.requests(service);
    },

    /**
     * Every CONNECT the proxy tunnelled, in order, numbered (`seq`) with the requests: when a client first wrote
     * towards a host, which a loaded machine cannot reorder behind a later plain-HTTP request.
     */
    tunnels() {
      return log.tunnels();
    },

    /** The counters (requests to IMDS and Key Vault, challenges, in flight, CONNECTs, …) as they are now. */
    get stats() {
      return log.stats();
    },

    /** Every service back as it started: no vaults, faults, requests or settings of a test's. */
    reset() {
      for (const service of [imds, keyvault, entra, github, arm, acr, appService, arc, proxy, tokenProxy])
        service.reset();
      faults.clear();
      log.reset();
    },

    async stop() {
      arc.removeKeys();
      await imds.close();
      await proxy.close();
      await tokenProxy.close();
      for (const server of [tls, ...Object.values(plain)]) await close(server);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return api;
}
