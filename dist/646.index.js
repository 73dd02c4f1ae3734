export const id = 646;
export const ids = [646];
export const modules = {

/***/ 8013:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   NP: () => (/* binding */ createCappedHttpClient),
/* harmony export */   aF: () => (/* binding */ IdentityAnswerTooLargeError),
/* harmony export */   gx: () => (/* binding */ checkTokenLength)
/* harmony export */ });
/* unused harmony exports MAX_IDENTITY_ANSWER_BYTES, MAX_ACCESS_TOKEN_CHARS */
/* harmony import */ var _azure_core_rest_pipeline__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1818);
// The HTTP client every identity request goes through (IMDS, Container Apps / App Service, Arc, and
// Entra ID's token exchange): the SDK's own client, with two additions.
// - A size cap. The SDK buffers whatever an endpoint sends as the body; a 100 MiB "token" became a
//   100 MiB ::add-mask:: and ~1 GiB of memory. Here the body is streamed and the request torn down
//   past MAX_IDENTITY_ANSWER_BYTES (counted after decompression).
// - Credentials a request carries (Container Apps' X-IDENTITY-HEADER, Arc's Basic challenge key) are
//   handed to `onCredential` before the request is sent, so they are masks before anything can print them.

/** An identity answer is a JSON object of a few KiB; anything this large is not one. */
const MAX_IDENTITY_ANSWER_BYTES = 64 * 1024;
/** An access token is a few KiB (Entra's largest, with many roles, well under this). */
const MAX_ACCESS_TOKEN_CHARS = 32 * 1024;
/** An identity endpoint (or whatever answered in its place) sent more than any token answer holds. */
class IdentityAnswerTooLargeError extends Error {
    what;
    name = 'IdentityAnswerTooLargeError';
    code = 'EIDENTITYTOOLARGE';
    constructor(
    /** What was too large, in words the user can act on (sizes only; never the content). */
    what) {
        super(`${what}: not read`);
        this.what = what;
    }
}
const kib = (bytes) => `${Math.round(bytes / 1024)} KiB`;
/** Reads a response body up to `maxBytes`; past it, stops reading and tears the request down. */
async function readCapped(stream, maxBytes, abort) {
    const chunks = [];
    let total = 0;
    for await (const chunk of stream) {
        const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        total += buffer.length;
        if (total > maxBytes) {
            abort();
            stream.destroy?.();
            return undefined;
        }
        chunks.push(buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
}
const CREDENTIAL_HEADERS = ['x-identity-header', 'secret'];
function createCappedHttpClient(onCredential, maxBytes = MAX_IDENTITY_ANSWER_BYTES, inner = (0,_azure_core_rest_pipeline__WEBPACK_IMPORTED_MODULE_0__/* .createDefaultHttpClient */ .fl)()) {
    const client = {
        oversized: undefined,
        async sendRequest(request) {
            for (const name of CREDENTIAL_HEADERS) {
                const value = request.headers.get(name);
                if (value)
                    onCredential(value);
            }
            const basic = /^Basic\s+(.+)$/i.exec(request.headers.get('authorization') ?? '');
            if (basic?.[1])
                onCredential(basic[1].trim());
            const host = (() => {
                try {
                    return new URL(request.url).host;
                }
                catch {
                    return 'the identity endpoint';
                }
            })();
            // Stream every answer, and stop it here when the deadline (or the SDK) aborts, or past the cap.
            const controller = new AbortController();
            const outer = request.abortSignal;
            const onAbort = () => controller.abort();
            if (outer?.aborted)
                controller.abort();
            outer?.addEventListener('abort', onAbort, { once: true });
            const streamed = request.streamResponseStatusCodes;
            request.abortSignal = controller.signal;
            request.streamResponseStatusCodes = new Set([Number.POSITIVE_INFINITY]);
            try {
                const response = await inner.sendRequest(request);
                const stream = response.readableStreamBody;
                delete response.readableStreamBody;
                if (!stream)
                    return response;
                const length = Number(response.headers.get('content-length') ?? NaN);
                const tooLarge = () => {
                    client.oversized = new IdentityAnswerTooLargeError(`${host} answered with more than ${kib(maxBytes)}`);
                    return client.oversized;
                };
                if (length > maxBytes) {
                    controller.abort();
                    stream.destroy?.();
                    throw tooLarge();
                }
                const text = await readCapped(stream, maxBytes, () => controller.abort());
                if (text === undefined)
                    throw tooLarge();
                response.bodyAsText = text;
                return response;
            }
            finally {
                outer?.removeEventListener('abort', onAbort);
                request.abortSignal = outer;
                request.streamResponseStatusCodes = streamed;
            }
        },
    };
    return client;
}
/** Refuses an access token longer than any real one (it becomes a mask, and every request's header). */
function checkTokenLength(token, from, max = MAX_ACCESS_TOKEN_CHARS) {
    if (token.length > max)
        throw new IdentityAnswerTooLargeError(`${from} issued a token of ${kib(token.length)}, more than the ${kib(max)} an access token can be`);
}


/***/ }),

/***/ 6646:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   STORAGE_API_VERSION: () => (/* binding */ STORAGE_API_VERSION),
/* harmony export */   createResourceAccess: () => (/* binding */ createResourceAccess)
/* harmony export */ });
/* harmony import */ var _azure_core_rest_pipeline__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1818);
/* harmony import */ var _inputs_resourceCatalog_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7334);
/* harmony import */ var _resources_access_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1535);
/* harmony import */ var _identityHttp_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8013);
/* harmony import */ var _vaultAgent_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1414);
// ARM (storage account listKeys) and ACR (oauth2/exchange) through @azure/core-rest-pipeline: the same
// pipeline the Key Vault client runs on, so proxies (HTTPS_PROXY/NO_PROXY, with the action's keep-alive
// agent), the TLS CA (NODE_EXTRA_CA_CERTS), retries of 408/429/5xx and the SDK's redacted logging
// behave as they do for Key Vault. The bearer token is the one the action acquired for the resource.





const USER_AGENT = 'keyvault-secrets-action';
/** Storage's current stable management API (Microsoft.Storage 2023-05-01: listKeys, allowSharedKeyAccess). */
const STORAGE_API_VERSION = '2023-05-01';
/** listKeys and the exchange answer a few KiB; the body is streamed and cut off past this (identityHttp.ts). */
const MAX_BODY = 256 * 1024;
const httpClient = (0,_identityHttp_js__WEBPACK_IMPORTED_MODULE_3__/* .createCappedHttpClient */ .NP)(() => { }, MAX_BODY);
const pipelines = new Map();
/** One pipeline per host, with the action's agent for it (keep-alive through the proxy) when a proxy is set. */
function pipelineFor(url, token) {
    const host = new URL(url).host;
    const key = `${host} ${token ?? ''}`;
    let pipeline = pipelines.get(key);
    if (!pipeline) {
        const agent = (0,_vaultAgent_js__WEBPACK_IMPORTED_MODULE_4__/* .createVaultAgent */ .Ce)(url);
        pipeline = (0,_azure_core_rest_pipeline__WEBPACK_IMPORTED_MODULE_0__/* .createPipelineFromOptions */ .Fp)({ userAgentOptions: { userAgentPrefix: USER_AGENT }, retryOptions: { maxRetries: 2, retryDelayInMs: 250, maxRetryDelayInMs: 4000 }, ...(agent ? { agent } : {}) });
        if (token) {
            const credential = { getToken: () => Promise.resolve({ token, expiresOnTimestamp: Date.now() + 60_000 }) };
            pipeline.addPolicy((0,_azure_core_rest_pipeline__WEBPACK_IMPORTED_MODULE_0__/* .bearerTokenAuthenticationPolicy */ .N$)({ credential, scopes: [] }));
        }
        pipelines.set(key, pipeline);
    }
    return pipeline;
}
async function send(url, init) {
    const headers = (0,_azure_core_rest_pipeline__WEBPACK_IMPORTED_MODULE_0__/* .createHttpHeaders */ .Nc)({ Accept: 'application/json' });
    let body;
    if (init.form) {
        headers.set('Content-Type', 'application/x-www-form-urlencoded');
        body = new URLSearchParams(init.form).toString();
    }
    const request = (0,_azure_core_rest_pipeline__WEBPACK_IMPORTED_MODULE_0__/* .createPipelineRequest */ .G6)({ url, method: init.method, headers, abortSignal: init.signal, ...(body !== undefined ? { body } : {}), ...(init.method === 'POST' && body === undefined ? { body: '' } : {}) });
    const response = await pipelineFor(url, init.token).sendRequest(httpClient, request);
    const text = response.bodyAsText ?? '';
    let parsed;
    try {
        parsed = text === '' ? undefined : JSON.parse(text);
    }
    catch {
        parsed = undefined;
    }
    return { status: response.status, body: parsed };
}
const str = (v) => (typeof v === 'string' ? v : undefined);
/** ARM's {"error":{"code","message"}} or ACR's {"errors":[{"code","message"}]}. */
function answerError({ status, body }) {
    const b = (body ?? {});
    const e = b.error ?? (Array.isArray(b.errors) ? b.errors[0] : undefined);
    return new _resources_access_js__WEBPACK_IMPORTED_MODULE_2__/* .ServiceAnswerError */ .M(status, str(e?.code), str(e?.message));
}
const createResourceAccess = ({ cloud }) => {
    const arm = `https://${_inputs_resourceCatalog_js__WEBPACK_IMPORTED_MODULE_1__/* .CLOUD_RESOURCES */ .Mr[cloud].arm}`;
    return Promise.resolve({
        async listStorageKeys(accountId, armToken, signal) {
            const answer = await send(`${arm}${accountId}/listKeys?api-version=${STORAGE_API_VERSION}`, { method: 'POST', token: armToken, signal });
            if (answer.status !== 200)
                throw answerError(answer);
            const keys = answer.body?.keys;
            if (!Array.isArray(keys))
                throw new _resources_access_js__WEBPACK_IMPORTED_MODULE_2__/* .ServiceAnswerError */ .M(answer.status, undefined, 'the answer holds no keys');
            return keys.flatMap((k) => (typeof k?.keyName === 'string' && typeof k.value === 'string' ? [{ keyName: k.keyName, value: k.value }] : []));
        },
        async storageAccount(accountId, armToken, signal) {
            const answer = await send(`${arm}${accountId}?api-version=${STORAGE_API_VERSION}`, { method: 'GET', token: armToken, signal });
            if (answer.status !== 200)
                throw answerError(answer);
            const allow = answer.body?.properties?.allowSharedKeyAccess;
            return typeof allow === 'boolean' ? { allowSharedKeyAccess: allow } : {};
        },
        async acrRefreshToken(registry, entraToken, tenantId, signal) {
            const form = { grant_type: 'access_token', service: registry, access_token: entraToken, ...(tenantId ? { tenant: tenantId } : {}) };
            const answer = await send(`https://${registry}/oauth2/exchange`, { method: 'POST', form, signal });
            if (answer.status !== 200)
                throw answerError(answer);
            const token = str(answer.body?.refresh_token);
            if (!token)
                throw new _resources_access_js__WEBPACK_IMPORTED_MODULE_2__/* .ServiceAnswerError */ .M(answer.status, undefined, 'the answer holds no refresh_token');
            return token;
        },
    });
};


/***/ }),

/***/ 1414:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ce: () => (/* binding */ createVaultAgent),
/* harmony export */   FF: () => (/* binding */ proxyCredentials),
/* harmony export */   HN: () => (/* binding */ printsAs)
/* harmony export */ });
/* unused harmony exports describeProxy, bypassesProxy, proxyFor */
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4708);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7975);
/* harmony import */ var https_proxy_agent__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3669);



/** A proxy URL as it may be printed: no user, no password. */
function describeProxy(proxy) {
    try {
        const url = new URL(proxy);
        url.username = '';
        url.password = '';
        return url.toString();
    }
    catch {
        return '(a proxy)';
    }
}
/**
 * The SDK logs each request whole with AZURE_LOG_LEVEL=info, agent included: its proxy URL (user and
 * password in it) and its sockets. The action's agents print as one line that holds neither.
 */
function printsAs(agent, description) {
    Object.defineProperties(agent, {
        toJSON: { value: () => description, enumerable: false },
        [node_util__WEBPACK_IMPORTED_MODULE_1__.inspect.custom]: { value: () => description, enumerable: false },
    });
    return agent;
}
/**
 * agent-base names a pooled socket one way when it is freed and another when a request looks for
 * one (with and without the TLS fields), so keep-alive sockets were pooled but never reused. Every
 * request through this agent is https to a vault host, so host and port name a socket exactly,
 * and the endpoint is always secure (agent-base otherwise guesses from a stack trace per request).
 */
class KeepAliveProxyAgent extends https_proxy_agent__WEBPACK_IMPORTED_MODULE_2__.HttpsProxyAgent {
    isSecureEndpoint() {
        return true;
    }
    getName(options) {
        return `${options?.host ?? options?.hostname ?? ''}:${options?.port ?? 443}`;
    }
}
/** NO_PROXY as curl reads it: "*", or hosts and domains (a leading "." or "*." optional); ports ignored. */
function bypassesProxy(host, noProxy) {
    const lower = host.toLowerCase();
    return (noProxy ?? '')
        .split(/[\s,]+/)
        .map((entry) => entry.trim().toLowerCase().replace(/:\d+$/, '').replace(/^\*?\./, ''))
        .filter((entry) => entry !== '')
        .some((entry) => entry === '*' || lower === entry || lower.endsWith(`.${entry}`));
}
/** The proxy the environment names for https URLs, as the SDK reads it. */
const configuredProxy = (env) => env.HTTPS_PROXY || env.https_proxy || env.ALL_PROXY || env.all_proxy || env.HTTP_PROXY || env.http_proxy || undefined;
/** The proxy for an https URL, unless NO_PROXY exempts its host. */
function proxyFor(url, env = process.env) {
    const proxy = configuredProxy(env);
    if (!proxy)
        return undefined;
    return bypassesProxy(new URL(url).hostname, env.NO_PROXY ?? env.no_proxy) ? undefined : proxy;
}
/** The proxy's credentials (user:password in its URL), decoded, for masks and the log redactor; empty without any. */
function proxyCredentials(env = process.env) {
    const proxy = configuredProxy(env);
    if (!proxy)
        return [];
    try {
        const url = new URL(proxy);
        if (!url.password && !url.username)
            return [];
        const decode = (s) => {
            try {
                return decodeURIComponent(s);
            }
            catch {
                return s;
            }
        };
        const user = decode(url.username);
        const password = decode(url.password);
        return [...new Set([password, url.password, `${user}:${password}`, Buffer.from(`${user}:${password}`).toString('base64')].filter((s) => s !== '' && s !== ':'))];
    }
    catch {
        return [];
    }
}
/** The agent for a vault (or Entra's sign-in host): keep-alive through the proxy, direct when NO_PROXY exempts it, or the SDK's own when there is no proxy. */
function createVaultAgent(vaultUrl, env = process.env) {
    if (!configuredProxy(env))
        return undefined;
    const proxy = proxyFor(vaultUrl, env);
    return proxy
        ? printsAs(new KeepAliveProxyAgent(proxy, { keepAlive: true }), `[agent via proxy ${describeProxy(proxy)}]`)
        : printsAs(new node_https__WEBPACK_IMPORTED_MODULE_0__.Agent({ keepAlive: true }), '[agent, direct (NO_PROXY)]');
}


/***/ })

};
