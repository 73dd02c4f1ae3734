// AKS identity bindings: the projected service account token exchanged with the cluster's token proxy
// (AZURE_KUBERNETES_TOKEN_PROXY) in Microsoft Entra ID's place. The request is the one Entra's token endpoint
// takes (ClientAssertionCredential's, as for workload identity), sent to the proxy's address at Entra's path, as
// the Azure SDKs send it. What differs from their enableAzureProxy: the CA the webhook names is the only trust
// (never the runner's CAs, NODE_EXTRA_CA_CERTS included), the connection is direct (never through HTTPS_PROXY,
// which the SDK's proxy policy would apply, dropping the CA and SNI name with it), the CA file is read
// asynchronously and capped, and every answer goes through the capped identity client.
import type { PipelineRequest } from '@azure/core-rest-pipeline';
import { Agent as HttpsAgent } from 'node:https';
import type { IdentitySource } from '../../ports.js';
import {
  caCertificates,
  MAX_CA_BYTES,
  type TokenProxy,
  type TokenProxyFailureReason,
  tokenProxyText,
} from '../../identity/tokenProxy.js';
import { untilAborted } from '../../util/abort.js';
import { errorCode } from '../../util/sdkErrors.js';
import { openNonBlocking, readUpTo } from '../../util/smallFile.js';
import type { CappedHttpClient } from '../identityHttp.js';
import { kindOf, readTokenFile } from '../tokenFile.js';
import { printsAs } from '../vaultAgent.js';
import type { CredentialContext, SourceCredential } from './context.js';
import { assertionExchange, entraAuthority } from './entra.js';

/** A token request through the proxy that failed where the SDK sees only a "network error": why, in words the identity stage prints. */
export class TokenProxyError extends Error {
  override readonly name = 'TokenProxyError';
  readonly code = 'ETOKENPROXY';
  constructor(
    readonly reason: TokenProxyFailureReason,
    /** ca-file: what is wrong with the file; tls and unreachable: the system code; not-json: the answer's status and type. */
    readonly detail: string,
    options?: ErrorOptions,
  ) {
    super(`token proxy: ${reason} (${detail})`, options);
  }
}

/** The system codes of a certificate the handshake refused (OpenSSL's verify errors, Node's name check). */
const CERTIFICATE_CODE = /CERT|ISSUER|SIGNATURE|^INVALID_CA$|^HOSTNAME_MISMATCH$|^ERR_TLS_/;
const UNREACHABLE_CODES = ['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN'];

type Noted = { reason: TokenProxyFailureReason; detail: string };

/** What a transport error means here, if it is one of the failures the SDK would drop. */
function transportFailure(error: unknown): Noted | undefined {
  const e = error as { code?: unknown; message?: unknown };
  const code = errorCode(e.code);
  if (!code) return undefined;
  if (CERTIFICATE_CODE.test(code) || /^ERR_SSL_|^EPROTO$/.test(code)) return { reason: 'tls', detail: code };
  // Node's words for a connection the server closed before the handshake completed.
  if ((code === 'ECONNRESET' || code === 'EPIPE') && /before secure TLS connection/i.test(String(e.message)))
    return { reason: 'tls', detail: code };
  if (UNREACHABLE_CODES.includes(code)) return { reason: 'unreachable', detail: code };
  return undefined;
}

/** "HTTP 200, text/html": an answer's status and, when it is a plain media type, its type. */
function answerText(status: number, contentType: string | undefined): string {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return /^[a-z0-9.+-]{1,40}\/[a-z0-9.+-]{1,60}$/.test(type) ? `HTTP ${status}, ${type}` : `HTTP ${status}`;
}

function isJsonObject(text: string | undefined): boolean {
  if (text === undefined) return false;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

/**
 * The CA bundle in the file, as a cluster keeps it: opened non-blocking (a FIFO there cannot hold the open),
 * a regular file only (fstat follows the kubelet's symlinks), at most MAX_CA_BYTES, every certificate parsed.
 */
export async function readCaFile(file: string, maxBytes = MAX_CA_BYTES): Promise<string[]> {
  const fail = (problem: string, cause?: unknown) =>
    new TokenProxyError('ca-file', problem, cause === undefined ? undefined : { cause });
  let handle;
  try {
    handle = await openNonBlocking(file);
  } catch (error) {
    throw fail(`cannot be opened (${errorCode((error as { code?: unknown }).code) ?? 'error'})`, error);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw fail(`is ${kindOf(stat)}, not a regular file`);
    const content = await readUpTo(handle, maxBytes);
    if (stat.size > maxBytes || content.length > maxBytes)
      throw fail(`is larger than the ${maxBytes / 1024} KiB a cluster's CA bundle can be`);
    // Empty while the kubelet swaps it during a CA rotation: the next attempt (a retried job) reads the new one.
    if (content.length === 0) throw fail('is empty');
    const checked = caCertificates(content.toString('utf8'));
    if ('problem' in checked) throw fail(`holds ${checked.problem}`);
    return checked.certificates;
  } catch (error) {
    if (error instanceof TokenProxyError) throw error;
    throw fail(`cannot be read (${errorCode((error as { code?: unknown }).code) ?? 'error'})`, error);
  } finally {
    await handle.close().catch(() => {});
  }
}

/** The request's path after the proxy's own, its query kept: what the Azure SDKs send to the proxy. */
export function proxiedUrl(requestUrl: string, proxyUrl: string): string {
  const request = new URL(requestUrl);
  const target = new URL(proxyUrl);
  const base = target.pathname.endsWith('/') ? target.pathname : `${target.pathname}/`;
  target.pathname = base + request.pathname.replace(/^\//, '');
  target.search = request.search;
  return target.href;
}

export function tokenProxySource(
  source: Extract<IdentitySource, { kind: 'workload-identity' }>,
  proxy: TokenProxy,
  context: CredentialContext,
): SourceCredential {
  const { hooks } = context;
  const inner = context.httpClient;
  const exchanging = `${tokenProxyText(proxy)} to exchange the service account token`;
  /** The failure the SDK will drop, noted by the client for getToken to report. */
  let failure: Noted | undefined;
  /** One agent per CA bundle: rebuilt only when the file changes (a rotation). */
  let trust: { pem: string; agent: HttpsAgent } | undefined;
  const agentFor = (certificates: string[]) => {
    const pem = certificates.join('\n');
    if (trust?.pem !== pem) {
      trust?.agent.destroy();
      const agent = new HttpsAgent({
        ca: certificates,
        keepAlive: true,
        ...(proxy.sniName ? { servername: proxy.sniName } : {}),
      });
      trust = { pem, agent: printsAs(agent, `(the identity binding token proxy's agent)`) };
    }
    return trust.agent;
  };
  const client: CappedHttpClient = {
    get oversized() {
      return inner.oversized;
    },
    set oversized(value) {
      inner.oversized = value;
    },
    get retryAfter() {
      return inner.retryAfter;
    },
    set retryAfter(value) {
      inner.retryAfter = value;
    },
    async sendRequest(request: PipelineRequest) {
      if (!trust) throw new Error('the token proxy was asked before its CA was read');
      request.url = proxiedUrl(request.url, proxy.url);
      // Set here, at the end of the pipeline: whatever agent its proxy policy chose (HTTPS_PROXY's) is not used.
      request.agent = trust.agent;
      try {
        const response = await inner.sendRequest(request);
        failure = isJsonObject(response.bodyAsText ?? undefined)
          ? undefined
          : {
              reason: 'not-json',
              detail: answerText(response.status, response.headers.get('content-type') ?? undefined),
            };
        return response;
      } catch (error) {
        if (!request.abortSignal?.aborted) failure = transportFailure(error) ?? failure;
        throw error;
      }
    },
  };
  const authorityHost = entraAuthority(context, source.authorityHost);
  let assertion = '';
  const exchange = assertionExchange({ ...context, httpClient: client }, source, authorityHost, () => assertion);
  return {
    credential: {
      getToken: async (scopes, options) => {
        const signal = options?.abortSignal;
        // Set again by the client while the SDK works (the annotation keeps TypeScript from narrowing it to undefined).
        failure = undefined as Noted | undefined;
        hooks.waiting(`the workload identity token file ${source.tokenFile} (AZURE_FEDERATED_TOKEN_FILE) to be read`);
        assertion = await untilAborted(readTokenFile(source.tokenFile), signal);
        hooks.presented(assertion);
        let certificates: string[];
        if ('file' in proxy.ca) {
          hooks.waiting(`the token proxy's CA file ${proxy.ca.file} (AZURE_KUBERNETES_CA_FILE) to be read`);
          certificates = await untilAborted(readCaFile(proxy.ca.file), signal);
        } else {
          certificates = (caCertificates(proxy.ca.pem) as { certificates: string[] }).certificates;
        }
        agentFor(certificates);
        hooks.waiting(exchanging);
        try {
          return await exchange.getToken(scopes, options);
        } catch (error) {
          const noted = failure;
          if (signal?.aborted || inner.oversized || !noted) throw error;
          // An answer of the proxy's that is no JSON yet says it is unavailable: retried as any 5xx or 429 is.
          const status = Number(/^HTTP (\d{3})/.exec(noted.detail)?.[1]);
          if (noted.reason === 'not-json' && (status === 429 || status >= 500))
            throw Object.assign(new Error(`the token proxy answered ${noted.detail}`, { cause: error }), {
              statusCode: status,
            });
          throw new TokenProxyError(noted.reason, noted.detail, { cause: error });
        }
      },
    },
    endpoint: proxy.url,
    waitsFor: exchanging,
  };
}
