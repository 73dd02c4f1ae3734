export const id = 149;
export const ids = [149,910];
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

/***/ 7149:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  TOKEN_EXCHANGE_AUDIENCE: () => (/* binding */ TOKEN_EXCHANGE_AUDIENCE),
  createAzureAccess: () => (/* binding */ createAzureAccess)
});

// EXTERNAL MODULE: ./node_modules/@azure/identity/dist/esm/index.js + 182 modules
var esm = __webpack_require__(5563);
// EXTERNAL MODULE: ./node_modules/@azure/keyvault-secrets/dist/esm/index.js + 47 modules
var dist_esm = __webpack_require__(9336);
// EXTERNAL MODULE: ./lib/util/abort.js
var abort = __webpack_require__(2830);
// EXTERNAL MODULE: ./lib/inputs/cloud.js
var inputs_cloud = __webpack_require__(1944);
// EXTERNAL MODULE: ./lib/constants.js
var constants = __webpack_require__(4238);
// EXTERNAL MODULE: ./lib/util/sdkErrors.js
var sdkErrors = __webpack_require__(6907);
// EXTERNAL MODULE: ./lib/export/mask.js
var export_mask = __webpack_require__(8740);
// EXTERNAL MODULE: ./lib/identity/token.js
var token = __webpack_require__(4059);
// EXTERNAL MODULE: ./lib/azure/identityHttp.js
var azure_identityHttp = __webpack_require__(8013);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
// EXTERNAL MODULE: ./lib/azure/vaultAgent.js
var vaultAgent = __webpack_require__(1414);
;// CONCATENATED MODULE: ./lib/azure/imdsAgent.js
// The HTTP agent for IMDS requests. Giving the SDK an agent of our own does two things:
// - the SDK's proxy policy skips requests that carry an agent, so IMDS is never sent through
//   HTTPS_PROXY/HTTP_PROXY, whatever NO_PROXY says (a proxy cannot reach 169.254.169.254);
// - a connect timeout, so a runner that is not an Azure VM fails in seconds, not after TCP's minutes.


const IMDS_CONNECT_TIMEOUT_MS = 3000;
class ImdsUnreachableError extends Error {
    name = 'ImdsUnreachableError';
    code = 'EIMDSUNREACHABLE';
}
/** IMDS (or whatever listens there) answered, but not with a token: cut short, HTML, or not JSON. */
class ImdsBadAnswerError extends Error {
    name = 'ImdsBadAnswerError';
    code = 'EIMDSBADANSWER';
}
function createImdsAgent(connectTimeoutMs = IMDS_CONNECT_TIMEOUT_MS) {
    const agent = (0,vaultAgent/* printsAs */.HN)(Object.assign(new external_node_http_.Agent({ keepAlive: false }), { answered: false }), '[identity endpoint agent, direct]');
    const create = agent.createConnection.bind(agent);
    agent.createConnection = ((options, callback) => {
        const socket = create(options, callback);
        const timer = setTimeout(() => {
            socket.destroy(new ImdsUnreachableError(`no TCP connection to ${options.host}:${options.port} within ${connectTimeoutMs} ms`));
        }, connectTimeoutMs);
        socket.once('connect', () => clearTimeout(timer));
        socket.once('data', () => (agent.answered = true));
        socket.once('close', () => clearTimeout(timer));
        return socket;
    });
    return agent;
}

// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
// EXTERNAL MODULE: ./node_modules/@azure/logger/dist/esm/index.js + 1 modules
var logger_dist_esm = __webpack_require__(7567);
// EXTERNAL MODULE: ./lib/runner/commands.js
var commands = __webpack_require__(6910);
;// CONCATENATED MODULE: ./lib/azure/sdkLog.js
// The SDK's own logging (AZURE_LOG_LEVEL) is useful when a user debugs a vault, but its request
// dumps can include a proxy agent's raw socket buffers, and with them "Authorization: Bearer …",
// and the agent's proxy URL with its user and password (the action's agents serialize as a short
// description instead: vaultAgent.ts). Every SDK log line passes through here: tokens, credentials
// in URLs and Basic/Proxy-Authorization headers, and known values are redacted first.



const JWT = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
const BEARER = /(Bearer|PoP)\s+[A-Za-z0-9._~+/=-]+/gi;
// "Basic <credentials>", but not the "Basic realm=…" of a challenge (Arc names its key file there).
const BASIC = /\b(Basic)\s+(?!realm\b)[A-Za-z0-9._~+/-]+=*/gi;
// The user info of any URL: scheme://user:password@ and scheme://token@ (bounded, so one pass stays linear).
const USERINFO = /\b([a-z][a-z0-9+.-]{0,31}:\/\/)[^\s/?#@"'<>]{1,1024}@/gi;
// A Proxy-Authorization header's value, however it is quoted: "Proxy-Authorization": "…", Proxy-Authorization: …
const PROXY_AUTHORIZATION = /(proxy-authorization["']?\s*[:=]\s*["']?)[^"'\r\n]+/gi;
const MAX_LINE = 4000;
class Redactor {
    #known = new Set();
    add(value) {
        if (value.length >= 4)
            this.#known.add(value);
    }
    redact(text) {
        let out = text
            .replace(JWT, '[REDACTED TOKEN]')
            .replace(BEARER, '$1 [REDACTED]')
            .replace(PROXY_AUTHORIZATION, '$1[REDACTED]')
            .replace(BASIC, '$1 [REDACTED]')
            .replace(USERINFO, '$1[REDACTED]@');
        for (const value of this.#known)
            out = out.split(value).join('[REDACTED]');
        return out;
    }
}
/** Sends every SDK log line, redacted, defused and shortened, to `write`. */
function routeSdkLogs(redactor, write) {
    logger_dist_esm/* AzureLogger */.i2.log = (...args) => {
        // Redacted, and never a workflow command: an error body the SDK logs could hold "\n::set-output …".
        // Defused after shortening, so a cut cannot undo an escape.
        const line = redactor.redact((0,external_node_util_.format)(...args));
        write((0,commands/* plainText */.wh)(line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}… (${line.length - MAX_LINE} more characters)` : line));
    };
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
;// CONCATENATED MODULE: ./lib/azure/tokenFile.js
// The AKS workload identity token file (AZURE_FEDERATED_TOKEN_FILE), read by the action rather than
// by the SDK: asynchronously, as a regular file only, and capped. A FIFO or a device there would
// otherwise block the read (readFileSync blocked the whole event loop, so the deadline never fired),
// and a huge file would be read whole and presented to Entra.



/** A projected service account token is a JWT of 1–2 KiB. */
const MAX_TOKEN_FILE_BYTES = 16 * 1024;
class TokenFileError extends Error {
    file;
    problem;
    name = 'TokenFileError';
    code = 'ETOKENFILE';
    constructor(file, 
    /** What is wrong with it, after "The token file … ": "is a directory", "is larger than 16 KiB", … */
    problem) {
        super(`${file} ${problem}`);
        this.file = file;
        this.problem = problem;
    }
}
function kindOf(stat) {
    if (stat.isDirectory())
        return 'a directory';
    if (stat.isFIFO())
        return 'a FIFO (named pipe)';
    if (stat.isSocket())
        return 'a socket';
    if (stat.isCharacterDevice() || stat.isBlockDevice())
        return 'a device';
    return 'not a regular file';
}
/**
 * The token in the file, trimmed, as WorkloadIdentityCredential reads it. Opened non-blocking (a
 * FIFO with no writer would otherwise hold the open), then checked with fstat, which follows the
 * symlinks Kubernetes uses for projected volumes.
 */
async function readTokenFile(file, maxBytes = MAX_TOKEN_FILE_BYTES) {
    let handle;
    try {
        handle = await (0,promises_.open)(file, external_node_fs_.constants.O_RDONLY | (external_node_fs_.constants.O_NONBLOCK ?? 0));
    }
    catch (error) {
        throw new TokenFileError(file, `cannot be opened (${(0,sdkErrors/* errorCode */.CA)(error.code) ?? 'error'})`);
    }
    try {
        const stat = await handle.stat();
        if (!stat.isFile())
            throw new TokenFileError(file, `is ${kindOf(stat)}, not a regular file`);
        if (stat.size > maxBytes)
            throw new TokenFileError(file, `is ${stat.size} bytes, larger than the ${maxBytes / 1024} KiB a service account token can be`);
        // The size can change under us (a kubelet refresh): read at most one byte past the cap, and check again.
        const buffer = Buffer.alloc(maxBytes + 1);
        let length = 0;
        for (;;) {
            const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
            if (bytesRead === 0)
                break;
            length += bytesRead;
            if (length > maxBytes)
                throw new TokenFileError(file, `is larger than the ${maxBytes / 1024} KiB a service account token can be`);
        }
        const token = buffer.subarray(0, length).toString('utf8').trim();
        if (!token)
            throw new TokenFileError(file, 'is empty');
        return token;
    }
    catch (error) {
        if (error instanceof TokenFileError)
            throw error;
        throw new TokenFileError(file, `cannot be read (${(0,sdkErrors/* errorCode */.CA)(error.code) ?? 'error'})`);
    }
    finally {
        await handle.close().catch(() => { });
    }
}

// EXTERNAL MODULE: external "node:async_hooks"
var external_node_async_hooks_ = __webpack_require__(6698);
// EXTERNAL MODULE: ./lib/runner/untrusted.js
var untrusted = __webpack_require__(1528);
;// CONCATENATED MODULE: ./lib/vault/listing.js
// A vault listing is paged: each page names the next by its nextLink, which comes from whatever
// answered. Before a page is requested, its link is checked: the vault's own origin only (the request
// carries the run's token), never a page seen before (a link to itself would never end), and no more
// pages and names than any real vault gives.

/** Key Vault pages 25 secrets at most: 1,000 pages hold 25,000 names. */
const MAX_LIST_PAGES = 1_000;
const MAX_LISTED_NAMES = 25_000;
/** Why a vault's listing was not followed further; its message names the reason, safely printable. */
class ListingRefused extends Error {
    kind;
    name = 'ListingRefused';
    constructor(message, 
    /** link: a nextLink Key Vault would not give; size: more than any vault the action reads whole. */
    kind) {
        super(message);
        this.kind = kind;
    }
}
/** Scheme, host and port: what a token may be sent to. */
const originOf = (url) => `${url.protocol}//${url.host}`;
/** One listing of one vault, page by page. */
class ListingTracker {
    limits;
    #vault;
    #seen = new Set();
    #names = 0;
    constructor(vaultUrl, limits = { pages: MAX_LIST_PAGES, names: MAX_LISTED_NAMES }) {
        this.limits = limits;
        this.#vault = new URL(vaultUrl);
    }
    /** Before each page's request (the first, then each nextLink): throws when it must not be sent. */
    page(link) {
        let url;
        try {
            url = new URL(link, this.#vault);
        }
        catch {
            throw new ListingRefused(`page ${this.#seen.size} links to "${(0,untrusted/* untrusted */.b)(link, 80)}", which is not a URL`, 'link');
        }
        if (originOf(url) !== originOf(this.#vault) || url.username !== '' || url.password !== '') {
            throw new ListingRefused(`page ${this.#seen.size} links to ${(0,untrusted/* untrusted */.b)(originOf(url), 120)}, not to the vault's own ${originOf(this.#vault)}; it was not followed, so the run's token went nowhere else`, 'link');
        }
        if (this.#seen.has(url.href))
            throw new ListingRefused(`page ${this.#seen.size} links back to an earlier page; it was not followed, as it would never end`, 'link');
        if (this.#seen.size >= this.limits.pages)
            throw new ListingRefused(`it has more than ${this.limits.pages} pages`, 'size');
        this.#seen.add(url.href);
    }
    /** After each listed name. */
    named() {
        if (++this.#names > this.limits.names)
            throw new ListingRefused(`it has more than ${this.limits.names} names`, 'size');
    }
}

;// CONCATENATED MODULE: ./lib/azure/vaultPolicy.js
// The SDK's pager requests a listing's second page onwards with no abort signal, wherever the
// previous page's nextLink points, as often as it points there. One pipeline policy on each vault
// client (the SDK's own extension point, ahead of its retry and authentication policies) holds
// every listing request to the run's deadline and to the checks in listing.ts, before it is sent.


/** The listing a request belongs to: set for the duration of one listSecrets call, followed through the SDK's awaits. */
const current = new external_node_async_hooks_.AsyncLocalStorage();
/** Runs `list` as one listing of the vault: every page it requests is checked and bounded by `signal`. */
function withinListing(vaultUrl, signal, list) {
    const tracker = new ListingTracker(vaultUrl);
    return current.run({ tracker, signal }, () => list(tracker));
}
/** The policy for a vault's client; requests outside a listing (each carries its own signal) pass unchanged. */
function vaultPolicy() {
    return {
        position: 'perCall',
        policy: {
            name: 'keyvault-secrets-action-vault-guard',
            async sendRequest(request, next) {
                const listing = current.getStore();
                if (listing) {
                    listing.signal.throwIfAborted();
                    request.abortSignal ??= listing.signal;
                    listing.tracker.page(request.url);
                }
                return next(request);
            },
        },
    };
}

;// CONCATENATED MODULE: ./lib/azure/index.js
// The real Azure access: @azure/identity's ManagedIdentityCredential and one @azure/keyvault-secrets
// SecretClient per vault, used as they are, configured only through their own options.














const USER_AGENT = 'keyvault-secrets-action';
/** The audience GitHub's ID token (and AKS's projected token) carry for Entra's token exchange. */
const TOKEN_EXCHANGE_AUDIENCE = 'api://AzureADTokenExchange';
function managedIdentityCredential(identity, agent, httpClient) {
    const common = {
        agent,
        // Streams each answer and cuts it off past its cap (identityHttp.ts).
        httpClient,
        // The action retries IMDS itself (acquireToken in main.ts): bounded by the step's deadline,
        // fast on "unreachable", and also on 429 without Retry-After, which the SDK does not retry.
        retryOptions: { maxRetries: 0 },
        userAgentOptions: { userAgentPrefix: USER_AGENT },
    };
    switch (identity.kind) {
        case 'system':
            return new esm/* ManagedIdentityCredential */.NC(common);
        case 'client-id':
            return new esm/* ManagedIdentityCredential */.NC({ ...common, clientId: identity.id });
        case 'object-id':
            return new esm/* ManagedIdentityCredential */.NC({ ...common, objectId: identity.id });
        case 'resource-id':
            return new esm/* ManagedIdentityCredential */.NC({ ...common, resourceId: identity.id });
    }
}
/**
 * The credential the vault clients use: it hands them the run's one token, acquired (and retried)
 * by the action, so a run makes exactly one IMDS request however many vaults it reads.
 */
class RunTokenCredential {
    scope;
    inner;
    #settle;
    #token = new Promise((resolve, reject) => {
        this.#settle = (outcome) => (outcome instanceof Error ? reject(outcome) : resolve(outcome));
    });
    constructor(scope, inner) {
        this.scope = scope;
        this.inner = inner;
        this.#token.catch(() => { }); // a failure is reported by the action, not as an unhandled rejection
    }
    share(outcome) {
        this.#settle(outcome);
    }
    async getToken(scopes, options) {
        const requested = [].concat(scopes);
        // Another audience (not expected from Key Vault) goes to the real credential.
        if (requested.length !== 1 || requested[0] !== this.scope)
            return (await this.inner.getToken(scopes, options));
        return (0,abort/* untilAborted */.E)(this.#token, options?.abortSignal);
    }
}
function toBundle(secret) {
    const p = secret.properties;
    return {
        value: secret.value ?? '',
        version: p.version ?? '',
        ...(p.contentType ? { contentType: p.contentType } : {}),
        enabled: p.enabled ?? true,
        ...(p.updatedOn ? { updatedOn: p.updatedOn } : {}),
        ...(p.expiresOn ? { expiresOn: p.expiresOn } : {}),
        ...(p.notBefore ? { notBefore: p.notBefore } : {}),
    };
}
/**
 * The variables by which MSAL (and @azure/identity) pick a managed identity source themselves, in their
 * own order. A source named in the auth input wins: the others' variables are hidden from this process.
 */
const OTHER_SOURCES_VARIABLES = {
    imds: ['IDENTITY_ENDPOINT', 'IDENTITY_HEADER', 'IDENTITY_SERVER_THUMBPRINT', 'IMDS_ENDPOINT', 'MSI_ENDPOINT', 'MSI_SECRET', 'AZURE_FEDERATED_TOKEN_FILE'],
    'app-service': ['IDENTITY_SERVER_THUMBPRINT', 'MSI_ENDPOINT', 'MSI_SECRET', 'AZURE_FEDERATED_TOKEN_FILE'],
    arc: ['IDENTITY_HEADER', 'IDENTITY_SERVER_THUMBPRINT', 'MSI_ENDPOINT', 'MSI_SECRET', 'AZURE_FEDERATED_TOKEN_FILE'],
};
/** A federated token read or issued for Entra: a JWT of 1–2 KiB. */
const MAX_FEDERATED_TOKEN_CHARS = 16 * 1024;
/** The credential for this source, and where it gets tokens (for messages). */
function credentialFor(source, cloud, agent, httpClient, hooks) {
    const entra = (authorityHost) => (authorityHost ?? `https://${(0,inputs_cloud/* loginHost */.kh)(cloud)}`).replace(/\/$/, '');
    /** Entra through the action's own agent (HTTPS_PROXY/NO_PROXY as for the vaults), so the SDK never builds one that logs the proxy URL. */
    const entraOptions = (authorityHost) => {
        const entraAgent = (0,vaultAgent/* createVaultAgent */.Ce)(authorityHost);
        return { authorityHost, httpClient, ...(entraAgent ? { agent: entraAgent } : {}), userAgentOptions: { userAgentPrefix: USER_AGENT } };
    };
    if (source.kind === 'imds' || source.kind === 'app-service' || source.kind === 'arc') {
        for (const name of OTHER_SOURCES_VARIABLES[source.kind])
            delete process.env[name];
    }
    switch (source.kind) {
        case 'imds': {
            const authority = process.env.AZURE_POD_IDENTITY_AUTHORITY_HOST;
            return { credential: managedIdentityCredential(source.identity, agent, httpClient), endpoint: authority ? authority.replace(/\/$/, '') : `http://${constants/* IMDS_HOST */.Jm}` };
        }
        case 'app-service':
            // MSAL picks the App Service source from IDENTITY_ENDPOINT and IDENTITY_HEADER; the header is a secret.
            if (process.env.IDENTITY_HEADER)
                hooks.credential(process.env.IDENTITY_HEADER);
            return { credential: managedIdentityCredential(source.identity, agent, httpClient), endpoint: source.endpoint };
        case 'arc':
            // MSAL picks the Arc source from IDENTITY_ENDPOINT and IMDS_ENDPOINT, and answers himds's key-file challenge
            // (the key it sends is masked on its way out: identityHttp.ts).
            return { credential: managedIdentityCredential({ kind: 'system' }, agent, httpClient), endpoint: source.endpoint };
        case 'workload-identity': {
            const authorityHost = entra(source.authorityHost);
            const endpoint = `${authorityHost}/${source.tenantId}`;
            const exchanging = `Microsoft Entra ID (${endpoint}) to exchange the service account token`;
            // What WorkloadIdentityCredential does (a ClientAssertionCredential with the file's trimmed content,
            // the same tenant, client id, authority host and options), except that the action reads the file:
            // asynchronously, as a regular file only, capped (tokenFile.ts). The SDK would read whatever is there.
            let assertion = '';
            const exchange = new esm/* ClientAssertionCredential */.XI(source.tenantId, source.clientId, async () => assertion, entraOptions(authorityHost));
            return {
                credential: {
                    getToken: async (scopes, options) => {
                        hooks.waiting(`the workload identity token file ${source.tokenFile} (AZURE_FEDERATED_TOKEN_FILE) to be read`);
                        assertion = await (0,abort/* untilAborted */.E)(readTokenFile(source.tokenFile), options?.abortSignal);
                        hooks.presented(assertion);
                        hooks.waiting(exchanging);
                        return exchange.getToken(scopes, options);
                    },
                },
                endpoint,
                waitsFor: exchanging,
            };
        }
        case 'github-oidc': {
            const authorityHost = entra(undefined);
            const endpoint = `${authorityHost}/${source.tenantId}`;
            const exchanging = `Microsoft Entra ID (${endpoint}) to exchange the job's ID token`;
            // One ID token per run (it lives minutes; the run needs one Entra token).
            let assertion;
            const getAssertion = () => (assertion ??= (async () => {
                hooks.waiting("GitHub's ID token endpoint (ACTIONS_ID_TOKEN_REQUEST_URL) to issue this job an ID token");
                const { getIdToken } = await __webpack_require__.e(/* import() */ 244).then(__webpack_require__.bind(__webpack_require__, 1244));
                const token = await getIdToken(TOKEN_EXCHANGE_AUDIENCE); // core masks it
                // (The SDK drops what getAssertion throws into its own error: the client's flag carries it.)
                if (token.length > MAX_FEDERATED_TOKEN_CHARS)
                    throw (httpClient.oversized = new azure_identityHttp/* IdentityAnswerTooLargeError */.aF(`GitHub's ID token endpoint issued an ID token of ${Math.round(token.length / 1024)} KiB, more than the ${MAX_FEDERATED_TOKEN_CHARS / 1024} KiB one can be`));
                hooks.presented(token);
                hooks.waiting(exchanging);
                return token;
            })());
            return { credential: new esm/* ClientAssertionCredential */.XI(source.tenantId, source.clientId, getAssertion, entraOptions(authorityHost)), endpoint, waitsFor: exchanging };
        }
    }
}
const createAzureAccess = async ({ source, cloud, mask = () => { } }) => {
    const redactor = new Redactor();
    routeSdkLogs(redactor, (line) => process.stderr.write(`${line}\n`));
    const masked = new Set();
    /** A credential this run reads or sends: a mask at once (never printed before it is one), and redacted from SDK logs. */
    const secret = (value) => {
        if (value.length < 4 || masked.has(value))
            return;
        masked.add(value);
        mask(value);
        redactor.add(value);
    };
    // The proxy's password (the runner does not know it): the agents never print it, and should anything else, it is masked.
    for (const credential of (0,vaultAgent/* proxyCredentials */.FF)())
        secret(credential);
    const scope = (0,inputs_cloud/* vaultScope */.LJ)(cloud);
    const imdsAgent = createImdsAgent();
    const identityHttp = (0,azure_identityHttp/* createCappedHttpClient */.NP)(secret);
    let assertion;
    let waiting = '';
    const { credential: managedIdentity, endpoint, waitsFor } = credentialFor(source, cloud, imdsAgent, identityHttp, {
        presented: (presented) => {
            secret(presented);
            assertion = presented;
        },
        credential: secret,
        waiting: (what) => (waiting = what),
    });
    const credential = new RunTokenCredential(scope, managedIdentity);
    const clients = new Map();
    const access = {
        identityEndpoint: endpoint,
        federatedClaims: () => (assertion ? (0,token/* stringClaims */.pq)(assertion, ['iss', 'sub']) : undefined),
        waitingFor: () => waiting,
        acquireToken: async (signal, otherScope) => {
            imdsAgent.answered = false;
            identityHttp.oversized = undefined;
            waiting = waitsFor ?? `the identity endpoint ${endpoint} to issue a token`;
            try {
                const token = await managedIdentity.getToken(otherScope ?? scope, { abortSignal: signal });
                if (!token)
                    throw new Error('the credential returned no token');
                (0,azure_identityHttp/* checkTokenLength */.gx)(token.token, endpoint);
                redactor.add(token.token);
                return token;
            }
            catch (error) {
                // Cut off for its size: whatever the SDK made of that, the answer was too large.
                if (identityHttp.oversized)
                    throw identityHttp.oversized;
                // An answer with no error status that still gave no token: MSAL calls that a network error.
                const { text } = (0,sdkErrors/* factsOf */.xS)(error);
                if (imdsAgent.answered && /network_error|network unreachable|no "?expiresOn|Http status code: 2\d\d/i.test(text)) {
                    throw new ImdsBadAnswerError('the endpoint answered, but not with a token', { cause: error });
                }
                throw error;
            }
        },
        shareToken: (outcome) => credential.share(outcome),
        vault(url) {
            let store = clients.get(url);
            if (!store) {
                const agent = (0,vaultAgent/* createVaultAgent */.Ce)(url);
                const client = new dist_esm/* SecretClient */._V(url, credential, { userAgentOptions: { userAgentPrefix: USER_AGENT }, additionalPolicies: [vaultPolicy()], ...(agent ? { agent } : {}) });
                store = {
                    getSecret: async (name, version, signal) => {
                        const bundle = toBundle(await client.getSecret(name, { abortSignal: signal, ...(version ? { version } : {}) }));
                        // Not masked yet (that comes once every secret is in): the SDK's own log lines must not show it meanwhile.
                        for (const piece of (0,export_mask/* maskPieces */.km)(bundle.value))
                            redactor.add(piece);
                        return bundle;
                    },
                    // Each page checked before it is requested, and bounded by the deadline (vaultPolicy.ts).
                    listSecrets: (signal) => withinListing(url, signal, async (tracker) => {
                        const listing = [];
                        for await (const p of client.listPropertiesOfSecrets({ abortSignal: signal })) {
                            tracker.named();
                            listing.push({ name: p.name, enabled: p.enabled ?? true });
                        }
                        return listing;
                    }),
                };
                clients.set(url, store);
            }
            return store;
        },
    };
    return access;
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


/***/ }),

/***/ 6910:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createCommandLog: () => (/* binding */ createCommandLog),
/* harmony export */   wh: () => (/* binding */ plainText)
/* harmony export */ });
/* unused harmony exports escapeData, escapeProperty, DOTNET_SPACE, issueCommand */
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8161);
// The workflow command protocol (::name key=value::message) for log lines and annotations,
// escaped exactly as @actions/core's command.ts does. Written here because importing
// @actions/core also loads undici (~1 MB, for its OIDC client): that alone doubled the time a run
// takes to report bad input. Masks and file commands still go through @actions/core (actionsCore.ts).

const escapeData = (s) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
// What actions/runner reads as a command (src/Runner.Common/ActionCommand.cs): "::" at the start of a
// line after leading whitespace (.NET's Char.IsWhiteSpace, which also counts U+0085 and U+3000), and
// "##[" ANYWHERE in a line (the legacy form, tried when the first fails). A line ends at "\n" or "\r".
// JavaScript's ^ with the m flag starts a line after \n, \r, U+2028 and U+2029: a superset.
const DOTNET_SPACE = '[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]';
const COMMAND_START = new RegExp(`^(${DOTNET_SPACE}*)::`, 'gm');
// The runner's own defence for its markers (OutputManager.cs: "##[start-action" → "##[\\start-action"):
// a backslash after "##[" leaves no registered command name to parse. Idempotent: "##[\\" is left alone.
const LEGACY_START = /##\[(?!\\)/g;
/**
 * A log line that can never be read as a command, whatever text got into it. The ":" + U+200B + ":"
 * survives the runner's culture-sensitive StartsWith("::") (ICU ignores U+200B), but the command name
 * is then read from the third character, ":", and no command is named so.
 */
const plainText = (s) => s.replace(COMMAND_START, (_, space) => `${space}:\u200b:`).replace(LEGACY_START, '##[\\');
function issueCommand(name, message, properties = {}) {
    const props = Object.entries(properties)
        .filter(([, v]) => v !== '')
        .map(([k, v]) => `${k}=${escapeProperty(v)}`)
        .join(',');
    process.stdout.write(`::${name}${props ? ` ${props}` : ''}::${escapeData(message)}${node_os__WEBPACK_IMPORTED_MODULE_0__.EOL}`);
}
/** The Log on the real runner: inputs from INPUT_* variables, lines and annotations on stdout. */
function createCommandLog() {
    return {
        // Untrimmed: line numbers in messages count the input's lines as written. readConfig trims.
        getInput: (name) => process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '',
        getState: (name) => process.env[`STATE_${name}`] ?? '',
        debug: (message) => issueCommand('debug', message),
        info: (message) => void process.stdout.write(`${plainText(message)}${node_os__WEBPACK_IMPORTED_MODULE_0__.EOL}`),
        warning: (message) => issueCommand('warning', message),
        error: (message) => issueCommand('error', message),
        // core.setSecret writes exactly this: ::add-mask:: with the value's %, \r and \n escaped.
        setSecret: (value) => issueCommand('add-mask', value),
        setFailed: (message) => {
            process.exitCode = 1;
            issueCommand('error', message);
        },
        group: async (title, task) => {
            issueCommand('group', title);
            try {
                return await task();
            }
            finally {
                issueCommand('endgroup', '');
            }
        },
    };
}


/***/ })

};
