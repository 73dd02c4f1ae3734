// Connection reuse through a proxy. The SDK's proxy policy builds its HttpsProxyAgent without
// keep-alive, so every Key Vault request opened a new CONNECT tunnel and TLS session. When a proxy
// applies to the vault, the action hands the SDK the same agent with keep-alive on; otherwise it
// hands nothing and the SDK's own keep-alive agent connects directly.
import type { Agent } from 'node:http';
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

/** The proxy the environment names for an https URL, as the SDK reads it, unless NO_PROXY bypasses it. */
export function proxyFor(url: string, env: Env = process.env): string | undefined {
  const proxy = env.HTTPS_PROXY || env.https_proxy || env.ALL_PROXY || env.all_proxy || env.HTTP_PROXY || env.http_proxy;
  if (!proxy) return undefined;
  return bypassesProxy(new URL(url).hostname, env.NO_PROXY ?? env.no_proxy) ? undefined : proxy;
}

/** A keep-alive proxy agent for the vault, or undefined when no proxy applies. */
export function createVaultAgent(vaultUrl: string, env: Env = process.env): Agent | undefined {
  const proxy = proxyFor(vaultUrl, env);
  return proxy ? new KeepAliveProxyAgent(proxy, { keepAlive: true }) : undefined;
}
