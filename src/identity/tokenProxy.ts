// AKS identity bindings: the workload identity webhook, for a pod annotated
// azure.workload.identity/use-identity-binding: "true", also sets AZURE_KUBERNETES_TOKEN_PROXY (the cluster's
// token proxy, which takes the token exchange in Entra ID's place), AZURE_KUBERNETES_SNI_NAME (the name its
// certificate is for) and AZURE_KUBERNETES_CA_FILE or AZURE_KUBERNETES_CA_DATA (the CA it chains to). Read here
// from the environment, as the Azure SDKs read them, and stricter: every value is checked before any request,
// and the proxy is trusted through that CA alone, so one is required. Pure.
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { isAbsolute } from 'node:path';
import type { TokenProxy } from '../ports.js';
import { untrusted } from '../runner/untrusted.js';

export type { TokenProxy } from '../ports.js';

export const TOKEN_PROXY_VARIABLES = {
  url: 'AZURE_KUBERNETES_TOKEN_PROXY',
  sniName: 'AZURE_KUBERNETES_SNI_NAME',
  caFile: 'AZURE_KUBERNETES_CA_FILE',
  caData: 'AZURE_KUBERNETES_CA_DATA',
} as const;

/** A cluster's CA bundle is a certificate or a few; anything this large is not one. */
export const MAX_CA_BYTES = 64 * 1024;
const MAX_URL_CHARS = 2048;
const MAX_PATH_CHARS = 4096;
/** A DNS name: at most 253 characters, labels of letters, digits and inner hyphens, at most 63 each. */
const DNS_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
// eslint-disable-next-line no-control-regex -- refusing the controls is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

type Env = Record<string, string | undefined>;

const WEBHOOK =
  'The workload identity webhook sets them for a pod annotated azure.workload.identity/use-identity-binding: "true" (kubectl describe pod <runner-pod>)';

/**
 * The certificates in a PEM bundle, each parsed; or what is wrong with it, in words after "… holds". Every
 * CERTIFICATE block must parse, and there must be one: a bundle cut short during a CA rotation is refused,
 * not half trusted.
 */
export function caCertificates(pem: string): { certificates: string[] } | { problem: string } {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) return { problem: 'no PEM certificate (-----BEGIN CERTIFICATE-----)' };
  for (const [i, block] of blocks.entries()) {
    try {
      new X509Certificate(block);
    } catch {
      return { problem: `a certificate that does not parse (the ${ordinal(i + 1)} of ${blocks.length})` };
    }
  }
  return { certificates: blocks };
}

const ordinal = (n: number) =>
  `${n}${n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th'}`;

/**
 * The token proxy the environment names, none when it names none, or the problem with it (words after the
 * variable's name). A value is shown escaped and cut short, never AZURE_KUBERNETES_CA_DATA's.
 */
export function tokenProxyFromEnv(env: Env): { tokenProxy?: TokenProxy } | { problem: string } {
  const V = TOKEN_PROXY_VARIABLES;
  const [url, sniName, caFile, caData] = [env[V.url], env[V.sniName], env[V.caFile], env[V.caData]];
  if (!url) {
    const set = [sniName && V.sniName, caFile && V.caFile, caData && V.caData].filter(Boolean);
    if (set.length === 0) return {};
    return {
      problem: `${set.join(', ')} ${set.length === 1 ? 'is' : 'are'} set but ${V.url} is not: the identity binding is half configured, and the action does not guess whether to send the token exchange to a token proxy or to Microsoft Entra ID. ${WEBHOOK}.`,
    };
  }
  const parsed = parseProxyUrl(url);
  if ('problem' in parsed) return { problem: `${V.url} (${untrusted(url, 120)}) ${parsed.problem}.` };
  if (sniName !== undefined && sniName !== '') {
    const problem = sniNameProblem(sniName);
    if (problem) return { problem: `${V.sniName} (${untrusted(sniName, 120)}) ${problem}.` };
  }
  if (caFile && caData)
    return { problem: `${V.caFile} and ${V.caData} are both set; the token proxy's CA comes from one of them only.` };
  if (!caFile && !caData)
    return {
      problem: `${V.url} is set, but neither ${V.caFile} nor ${V.caData} is: the action trusts the token proxy only through the CA the webhook names, never the runner's own CAs. ${WEBHOOK}.`,
    };
  let ca: TokenProxy['ca'];
  if (caFile) {
    if (caFile.length > MAX_PATH_CHARS || CONTROL.test(caFile) || !isAbsolute(caFile))
      return { problem: `${V.caFile} (${untrusted(caFile, 120)}) is not an absolute path to a file.` };
    ca = { file: caFile };
  } else {
    const pem = caData ?? '';
    if (Buffer.byteLength(pem) > MAX_CA_BYTES)
      return { problem: `${V.caData} is larger than the ${MAX_CA_BYTES / 1024} KiB a cluster's CA bundle can be.` };
    const checked = caCertificates(pem);
    if ('problem' in checked) return { problem: `${V.caData} holds ${checked.problem}.` };
    ca = { pem };
  }
  return { tokenProxy: { url: parsed.url, ...(sniName ? { sniName: sniName.toLowerCase() } : {}), ca } };
}

/** As the Azure SDKs check it: https, no user info, query or fragment; an empty path is "/". Words after the value. */
function parseProxyUrl(text: string): { url: string } | { problem: string } {
  if (text.length > MAX_URL_CHARS) return { problem: `is longer than ${MAX_URL_CHARS} characters` };
  if (CONTROL.test(text) || /\s/.test(text)) return { problem: 'holds spaces or control characters' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { problem: 'is not a URL' };
  }
  if (url.protocol !== 'https:')
    return { problem: `must be https, as the token exchange carries the pod's service account token` };
  if (url.username || url.password) return { problem: 'must not hold a user name or password' };
  if (url.search || text.includes('?')) return { problem: 'must not hold a query' };
  if (url.hash || text.includes('#')) return { problem: 'must not hold a fragment' };
  if (!url.hostname) return { problem: 'names no host' };
  return { url: url.href };
}

/** What is wrong with an SNI name, if anything: a DNS name, not an address (TLS sends no address as SNI). */
function sniNameProblem(name: string): string | undefined {
  if (isIP(name.replace(/^\[|\]$/g, ''))) return 'is an IP address; an SNI name is a DNS name';
  if (!DNS_NAME.test(name)) return 'is not a DNS name (letters, digits, hyphens and dots, at most 253 characters)';
  return undefined;
}

/** "the AKS identity binding token proxy https://10.0.0.1/ (SNI name …)", for the log and messages. */
export function tokenProxyText(proxy: TokenProxy): string {
  const sni = proxy.sniName ? ` (SNI name ${proxy.sniName})` : '';
  return `the AKS identity binding token proxy ${untrusted(proxy.url, 200)}${sni}`;
}

/**
 * Why a token request through the proxy failed before any answer the SDK reads: its CA file, the TLS
 * handshake, the connection, or an answer that is not JSON (the SDK drops all of these as a "network error").
 */
export type TokenProxyFailureReason = 'ca-file' | 'tls' | 'unreachable' | 'not-json';
