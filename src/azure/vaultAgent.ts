// Connection reuse through a proxy. The SDK's proxy policy builds its HttpsProxyAgent without
// keep-alive, so every Key Vault request opened a new CONNECT tunnel and TLS session. When a proxy
// applies to the vault, the action hands the SDK the same agent with keep-alive on. When NO_PROXY
// exempts the vault, it hands a direct keep-alive agent, so NO_PROXY means what curl means by it
// (the SDK alone would only honour ".domain" entries). With no proxy at all, the SDK's own agent serves.
import type { Agent, ClientRequest } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Socket } from 'node:net';
import { createSecureContext, type SecureContext } from 'node:tls';
import { inspect } from 'node:util';
import { HttpsProxyAgent } from 'https-proxy-agent';

type ConnectOptions = Parameters<HttpsProxyAgent<string>['connect']>[1];

/**
 * One TLS context (Node's default CA store, NODE_EXTRA_CA_CERTS included: what tls.connect builds for
 * each connection when given none) for every vault connection of the run. At 200 secrets the run opens
 * 32 connections at once, and building the context anew for each repeats the same CPU work 32 times.
 */
let shared: SecureContext | undefined;
const sharedContext = () => (shared ??= createSecureContext());

/** A proxy URL as it may be printed: no user, no password. */
export function describeProxy(proxy: string): string {
  try {
    const url = new URL(proxy);
    url.username = '';
    url.password = '';
    return url.toString();
  } catch {
    return '(a proxy)';
  }
}

/**
 * The SDK logs each request whole with AZURE_LOG_LEVEL=info, agent included: its proxy URL (user and
 * password in it) and its sockets. The action's agents print as one line that holds neither.
 */
export function printsAs<T extends object>(agent: T, description: string): T {
  Object.defineProperties(agent, {
    toJSON: { value: () => description, enumerable: false },
    [inspect.custom]: { value: () => description, enumerable: false },
  });
  return agent;
}

/**
 * agent-base names a pooled socket one way when it is freed and another when a request looks for
 * one (with and without the TLS fields), so keep-alive sockets were pooled but never reused. Every
 * request through this agent is https to a vault host, so host and port name a socket exactly,
 * and the endpoint is always secure (agent-base otherwise guesses from a stack trace per request).
 */
class KeepAliveProxyAgent extends HttpsProxyAgent<string> {
  /** The last TLS session each host gave (host:port), offered when the next connection to it opens, as Node's https.Agent does. */
  readonly #sessions = new Map<string, Buffer>();

  override async connect(req: ClientRequest, opts: ConnectOptions): Promise<Socket> {
    const name = this.getName(opts);
    const session = this.#sessions.get(name);
    // Every endpoint is https (isSecureEndpoint), so these are always tls.connect options.
    const socket = await super.connect(req, {
      ...opts,
      secureContext: sharedContext(),
      ...(session ? { session } : {}),
    } as ConnectOptions);
    socket.on('session', (next: Buffer) => this.#sessions.set(name, next));
    return socket;
  }

  override isSecureEndpoint(): boolean {
    return true;
  }

  override getName(options?: {
    host?: string | null;
    hostname?: string | null;
    port?: number | string | null;
  }): string {
    return `${options?.host ?? options?.hostname ?? ''}:${options?.port ?? 443}`;
  }
}

type Env = Record<string, string | undefined>;

/** NO_PROXY as curl reads it: "*", or hosts and domains (a leading "." or "*." optional); ports ignored. */
export function bypassesProxy(host: string, noProxy: string | undefined): boolean {
  const lower = host.toLowerCase();
  return (noProxy ?? '')
    .split(/[\s,]+/)
    .map((entry) =>
      entry
        .trim()
        .toLowerCase()
        .replace(/:\d+$/, '')
        .replace(/^\*?\./, ''),
    )
    .filter((entry) => entry !== '')
    .some((entry) => entry === '*' || lower === entry || lower.endsWith(`.${entry}`));
}

/** The proxy the environment names for https URLs, as the SDK reads it. */
const configuredProxy = (env: Env) =>
  env.HTTPS_PROXY || env.https_proxy || env.ALL_PROXY || env.all_proxy || env.HTTP_PROXY || env.http_proxy || undefined;

/** The proxy for an https URL, unless NO_PROXY exempts its host. */
export function proxyFor(url: string, env: Env = process.env): string | undefined {
  const proxy = configuredProxy(env);
  if (!proxy) return undefined;
  return bypassesProxy(new URL(url).hostname, env.NO_PROXY ?? env.no_proxy) ? undefined : proxy;
}

/** The proxy's credentials (user:password in its URL), decoded, for masks and the log redactor; empty without any. */
export function proxyCredentials(env: Env = process.env): string[] {
  const proxy = configuredProxy(env);
  if (!proxy) return [];
  try {
    const url = new URL(proxy);
    if (!url.password && !url.username) return [];
    const decode = (s: string) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    };
    const user = decode(url.username);
    const password = decode(url.password);
    return [
      ...new Set(
        [password, url.password, `${user}:${password}`, Buffer.from(`${user}:${password}`).toString('base64')].filter(
          (s) => s !== '' && s !== ':',
        ),
      ),
    ];
  } catch {
    return [];
  }
}

/** The agent for a vault (or Entra's sign-in host): keep-alive through the proxy, direct when NO_PROXY exempts it, or the SDK's own when there is no proxy. */
export function createVaultAgent(vaultUrl: string, env: Env = process.env): Agent | undefined {
  if (!configuredProxy(env)) return undefined;
  const proxy = proxyFor(vaultUrl, env);
  return proxy
    ? printsAs(new KeepAliveProxyAgent(proxy, { keepAlive: true }), `[agent via proxy ${describeProxy(proxy)}]`)
    : printsAs(new HttpsAgent({ keepAlive: true, secureContext: sharedContext() }), '[agent, direct (NO_PROXY)]');
}
