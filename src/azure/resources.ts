// ARM (storage account listKeys) and ACR (oauth2/exchange) through @azure/core-rest-pipeline: the same
// pipeline the Key Vault client runs on, so proxies (HTTPS_PROXY/NO_PROXY, with the action's keep-alive
// agent), the TLS CA (NODE_EXTRA_CA_CERTS) and the SDK's redacted logging behave as they do for Key Vault.
// Retries of 408/429/5xx are the action's (retryPolicy.ts): no stage above asks these services again, so
// their 429s are retried here, each wait at least the Retry-After and never past the deadline. The bearer
// token is the one the action acquired for the resource.
import {
  bearerTokenAuthenticationPolicy,
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest,
  type Pipeline,
} from '@azure/core-rest-pipeline';
import { retryPolicy } from './retryPolicy.js';
import { CLOUD_RESOURCES } from '../inputs/resourceCatalog.js';
import { API_VERSIONS } from '../inputs/cloud.js';
import type { ResourceAccessFactory, StorageKey } from '../ports.js';
import { ServiceAnswerError } from '../resources/access.js';
import { createCappedHttpClient } from './identityHttp.js';
import { createVaultAgent } from './vaultAgent.js';
import { USER_AGENT } from '../constants.js';

/** listKeys and the exchange answer a few KiB; the body is streamed and cut off past this (identityHttp.ts). */
const MAX_BODY = 256 * 1024;

const httpClient = createCappedHttpClient(() => {}, MAX_BODY);
const pipelines = new Map<string, Pipeline>();

/** One pipeline per host, with the action's agent for it (keep-alive through the proxy) when a proxy is set. */
function pipelineFor(url: string, token?: string): Pipeline {
  const host = new URL(url).host;
  const key = `${host} ${token ?? ''}`;
  let pipeline = pipelines.get(key);
  if (!pipeline) {
    const agent = createVaultAgent(url);
    pipeline = createPipelineFromOptions({
      userAgentOptions: { userAgentPrefix: USER_AGENT },
      ...(agent ? { agent } : {}),
    });
    // The SDK's retry (the Retry phase's only policy) out, the action's in: even told to make no retries, the
    // SDK's turns an answer that comes back after the deadline into an AbortError.
    pipeline.removePolicy({ phase: 'Retry' });
    pipeline.addPolicy(retryPolicy({ maxRetries: 2, baseMs: 250, capMs: 4000, throttling: true }), { phase: 'Retry' });
    if (token) {
      const credential = { getToken: () => Promise.resolve({ token, expiresOnTimestamp: Date.now() + 60_000 }) };
      pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential, scopes: [] }));
    }
    pipelines.set(key, pipeline);
  }
  return pipeline;
}

interface Answer {
  status: number;
  body: unknown;
}

async function send(
  url: string,
  init: { method: 'GET' | 'POST'; token?: string; form?: Record<string, string>; signal: AbortSignal },
): Promise<Answer> {
  const headers = createHttpHeaders({ Accept: 'application/json' });
  let body: string | undefined;
  if (init.form) {
    headers.set('Content-Type', 'application/x-www-form-urlencoded');
    body = new URLSearchParams(init.form).toString();
  }
  const request = createPipelineRequest({
    url,
    method: init.method,
    headers,
    abortSignal: init.signal,
    ...(body !== undefined ? { body } : {}),
    ...(init.method === 'POST' && body === undefined ? { body: '' } : {}),
  });
  const response = await pipelineFor(url, init.token).sendRequest(httpClient, request);
  const text = response.bodyAsText ?? '';
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, body: parsed };
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** ARM's {"error":{"code","message"}} or ACR's {"errors":[{"code","message"}]}. */
function answerError({ status, body }: Answer): ServiceAnswerError {
  const b = (body ?? {}) as {
    error?: { code?: unknown; message?: unknown };
    errors?: { code?: unknown; message?: unknown }[];
  };
  const e = b.error ?? (Array.isArray(b.errors) ? b.errors[0] : undefined);
  return new ServiceAnswerError(status, str(e?.code), str(e?.message));
}

export const createResourceAccess: ResourceAccessFactory = ({ cloud }) => {
  const arm = `https://${CLOUD_RESOURCES[cloud].arm}`;
  const version = API_VERSIONS[cloud].storage;
  return Promise.resolve({
    async listStorageKeys(accountId, armToken, signal): Promise<StorageKey[]> {
      const answer = await send(`${arm}${accountId}/listKeys?api-version=${version}`, {
        method: 'POST',
        token: armToken,
        signal,
      });
      if (answer.status !== 200) throw answerError(answer);
      const keys = (answer.body as { keys?: unknown } | undefined)?.keys;
      if (!Array.isArray(keys)) throw new ServiceAnswerError(answer.status, undefined, 'the answer holds no keys');
      return keys.flatMap((k: { keyName?: unknown; value?: unknown }) =>
        typeof k?.keyName === 'string' && typeof k.value === 'string' ? [{ keyName: k.keyName, value: k.value }] : [],
      );
    },
    async storageAccount(accountId, armToken, signal) {
      const answer = await send(`${arm}${accountId}?api-version=${version}`, {
        method: 'GET',
        token: armToken,
        signal,
      });
      if (answer.status !== 200) throw answerError(answer);
      const allow = (answer.body as { properties?: { allowSharedKeyAccess?: unknown } } | undefined)?.properties
        ?.allowSharedKeyAccess;
      return typeof allow === 'boolean' ? { allowSharedKeyAccess: allow } : {};
    },
    async acrRefreshToken(registry, entraToken, tenantId, signal) {
      const form: Record<string, string> = {
        grant_type: 'access_token',
        service: registry,
        access_token: entraToken,
        ...(tenantId ? { tenant: tenantId } : {}),
      };
      const answer = await send(`https://${registry}/oauth2/exchange`, { method: 'POST', form, signal });
      if (answer.status !== 200) throw answerError(answer);
      const token = str((answer.body as { refresh_token?: unknown } | undefined)?.refresh_token);
      if (!token) throw new ServiceAnswerError(answer.status, undefined, 'the answer holds no refresh_token');
      return token;
    },
  });
};
