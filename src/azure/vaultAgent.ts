// Connection reuse through a proxy. The SDK's proxy policy builds its HttpsProxyAgent without
// keep-alive, so every Key Vault request opened a new CONNECT tunnel and TLS session. When a proxy
// applies to the vault, the action hands the SDK the same agent with keep-alive on. When NO_PROXY
// exempts the vault, it hands a direct keep-alive agent, so NO_PROXY means what curl means by it
// (the SDK alone would only honour ".domain" entries). With no proxy at all, the SDK's own agent serves.
import type { Agent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { HttpsProxyAgent } from 'https-proxy-agent';

/**
 * agent-base names a pooled socket one way when it is freed and another when a request looks for
 * one (with and without the TLS fields), so keep-alive sockets were pooled but never reused. Every
 * request through this agent is https to a vault host, so host and port name a socket exactly,
 * and the endpoint is always secure (agent-base otherwise guesses from a stack trace per request).
 */
class KeepAliveProxyAgent extends HttpsProxyAgent<string> {
  override isSecureEndpoint(): boolean {
    return true;
  }

  override getName(options?: { host?: string | null; hostname?: string | null; port?: number | string | null }): string {
    return `${options?.host ?? options?.hostname ?? ''}:${options?.port ?? 443}`;
  }
}

type Env = Record<string, string | undefined>;

/** NO_PROXY as curl reads it: "*", or hosts and domains (a leading "." or "*." optional); ports ignored. */
export function bypassesProxy(host: string, noProxy: string | undefined): boolean {
  const lower = host.toLowerCase();
  return (noProxy ?? '')
    .split(/[\s,]+/)
    .map((entry) => entry.trim().toLowerCase().replace(/:\d+$/, '').replace(/^\*?\./, ''))
    .filter((entry) => entry !== '')
    .some((entry) => entry === '*' || lower === entry || lower.endsWith(`.${entry}`));
}

/** The proxy the environment names for https URLs, as the SDK reads it. */
const configuredProxy = (env: Env) => env.HTTPS_PROXY || env.https_proxy || env.ALL_PROXY || env.all_proxy || env.HTTP_PROXY || env.http_proxy || undefined;

/** The proxy for an https URL, unless NO_PROXY exempts its host. */
export function proxyFor(url: string, env: Env = process.env): string | undefined {
  const proxy = configuredProxy(env);
  if (!proxy) return undefined;
  return bypassesProxy(new URL(url).hostname, env.NO_PROXY ?? env.no_proxy) ? undefined : proxy;
}

/** The agent for a vault: keep-alive through the proxy, direct when NO_PROXY exempts it, or the SDK's own when there is no proxy. */
export function createVaultAgent(vaultUrl: string, env: Env = process.env): Agent | undefined {
  if (!configuredProxy(env)) return undefined;
  const proxy = proxyFor(vaultUrl, env);
  return proxy ? new KeepAliveProxyAgent(proxy, { keepAlive: true }) : new HttpsAgent({ keepAlive: true });
}
