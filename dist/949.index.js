export const id = 949;
export const ids = [949,433];
export const modules = {

/***/ 4949:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  TOKEN_EXCHANGE_AUDIENCE: () => (/* binding */ TOKEN_EXCHANGE_AUDIENCE),
  createAzureAccess: () => (/* binding */ createAzureAccess)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./node_modules/@azure/identity/dist/esm/index.js + 182 modules
var esm = __webpack_require__(5563);
// EXTERNAL MODULE: ./node_modules/@azure/keyvault-secrets/dist/esm/index.js + 47 modules
var dist_esm = __webpack_require__(9336);
// EXTERNAL MODULE: ./lib/abort.js
var abort = __webpack_require__(1269);
// EXTERNAL MODULE: ./lib/cloud.js
var lib_cloud = __webpack_require__(6906);
// EXTERNAL MODULE: ./lib/constants.js
var constants = __webpack_require__(4238);
// EXTERNAL MODULE: ./lib/failures.js
var failures = __webpack_require__(4080);
// EXTERNAL MODULE: ./lib/mask.js
var mask = __webpack_require__(7639);
// EXTERNAL MODULE: ./lib/token.js
var token = __webpack_require__(2278);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
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
    const agent = Object.assign(new external_node_http_.Agent({ keepAlive: false }), { answered: false });
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
// EXTERNAL MODULE: ./lib/commands.js
var commands = __webpack_require__(9433);
;// CONCATENATED MODULE: ./lib/azure/sdkLog.js
// The SDK's own logging (AZURE_LOG_LEVEL) is useful when a user debugs a vault, but its request
// dumps can include a proxy agent's raw socket buffers, and with them "Authorization: Bearer …".
// Every SDK log line passes through here: tokens and known values are redacted first.



const JWT = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
const BEARER = /(Bearer|PoP)\s+[A-Za-z0-9._~+/=-]+/gi;
const MAX_LINE = 4000;
class Redactor {
    #known = new Set();
    add(value) {
        if (value.length >= 4)
            this.#known.add(value);
    }
    redact(text) {
        let out = text.replace(JWT, '[REDACTED TOKEN]').replace(BEARER, '$1 [REDACTED]');
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

// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
// EXTERNAL MODULE: ./node_modules/https-proxy-agent/dist/index.js
var dist = __webpack_require__(3669);
;// CONCATENATED MODULE: ./lib/azure/vaultAgent.js


/**
 * agent-base names a pooled socket one way when it is freed and another when a request looks for
 * one (with and without the TLS fields), so keep-alive sockets were pooled but never reused. Every
 * request through this agent is https to a vault host, so host and port name a socket exactly,
 * and the endpoint is always secure (agent-base otherwise guesses from a stack trace per request).
 */
class KeepAliveProxyAgent extends dist.HttpsProxyAgent {
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
/** The agent for a vault: keep-alive through the proxy, direct when NO_PROXY exempts it, or the SDK's own when there is no proxy. */
function createVaultAgent(vaultUrl, env = process.env) {
    if (!configuredProxy(env))
        return undefined;
    const proxy = proxyFor(vaultUrl, env);
    return proxy ? new KeepAliveProxyAgent(proxy, { keepAlive: true }) : new external_node_https_.Agent({ keepAlive: true });
}

;// CONCATENATED MODULE: ./lib/azure/index.js
// The real Azure access: @azure/identity's ManagedIdentityCredential and one @azure/keyvault-secrets
// SecretClient per vault, used as they are, configured only through their own options.












const USER_AGENT = 'keyvault-secrets-action';
/** The audience GitHub's ID token (and AKS's projected token) carry for Entra's token exchange. */
const TOKEN_EXCHANGE_AUDIENCE = 'api://AzureADTokenExchange';
function managedIdentityCredential(identity, agent) {
    const common = {
        agent,
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
/** The credential for this source, and where it gets tokens (for messages). */
function credentialFor(source, cloud, agent, presented) {
    const entra = (authorityHost) => (authorityHost ?? `https://${(0,lib_cloud/* loginHost */.kh)(cloud)}`).replace(/\/$/, '');
    if (source.kind === 'imds' || source.kind === 'app-service' || source.kind === 'arc') {
        for (const name of OTHER_SOURCES_VARIABLES[source.kind])
            delete process.env[name];
    }
    switch (source.kind) {
        case 'imds': {
            const authority = process.env.AZURE_POD_IDENTITY_AUTHORITY_HOST;
            return { credential: managedIdentityCredential(source.identity, agent), endpoint: authority ? authority.replace(/\/$/, '') : `http://${constants/* IMDS_HOST */.Jm}` };
        }
        case 'app-service':
            // MSAL picks the App Service source from IDENTITY_ENDPOINT and IDENTITY_HEADER.
            return { credential: managedIdentityCredential(source.identity, agent), endpoint: source.endpoint };
        case 'arc':
            // MSAL picks the Arc source from IDENTITY_ENDPOINT and IMDS_ENDPOINT, and answers himds's key-file challenge.
            return { credential: managedIdentityCredential({ kind: 'system' }, agent), endpoint: source.endpoint };
        case 'workload-identity': {
            const authorityHost = entra(source.authorityHost);
            const credential = new esm/* WorkloadIdentityCredential */.R9({ tenantId: source.tenantId, clientId: source.clientId, tokenFilePath: source.tokenFile, authorityHost, userAgentOptions: { userAgentPrefix: USER_AGENT } });
            return {
                credential: {
                    getToken: async (scopes, options) => {
                        // What the message names if Entra refuses it: the token file's iss and sub, read as the SDK reads it.
                        try {
                            presented((0,external_node_fs_.readFileSync)(source.tokenFile, 'utf8').trim());
                        }
                        catch {
                            // the SDK reports an unreadable file itself
                        }
                        return credential.getToken(scopes, options);
                    },
                },
                endpoint: `${authorityHost}/${source.tenantId}`,
            };
        }
        case 'github-oidc': {
            const authorityHost = entra(undefined);
            // One ID token per run (it lives minutes; the run needs one Entra token).
            let assertion;
            const getAssertion = () => (assertion ??= (async () => {
                const { getIDToken } = await Promise.all(/* import() */[__webpack_require__.e(119), __webpack_require__.e(255)]).then(__webpack_require__.bind(__webpack_require__, 6255));
                const token = await getIDToken(TOKEN_EXCHANGE_AUDIENCE); // core masks it
                presented(token);
                return token;
            })());
            return { credential: new esm/* ClientAssertionCredential */.XI(source.tenantId, source.clientId, getAssertion, { authorityHost, userAgentOptions: { userAgentPrefix: USER_AGENT } }), endpoint: `${authorityHost}/${source.tenantId}` };
        }
    }
}
const createAzureAccess = async ({ source, cloud }) => {
    const redactor = new Redactor();
    routeSdkLogs(redactor, (line) => process.stderr.write(`${line}\n`));
    const scope = (0,lib_cloud/* vaultScope */.LJ)(cloud);
    const imdsAgent = createImdsAgent();
    let assertion;
    const { credential: managedIdentity, endpoint } = credentialFor(source, cloud, imdsAgent, (presented) => {
        assertion = presented;
        redactor.add(presented);
    });
    const credential = new RunTokenCredential(scope, managedIdentity);
    const clients = new Map();
    const access = {
        identityEndpoint: endpoint,
        federatedClaims: () => (assertion ? (0,token/* stringClaims */.pq)(assertion, ['iss', 'sub']) : undefined),
        acquireToken: async (signal) => {
            imdsAgent.answered = false;
            try {
                const token = await managedIdentity.getToken(scope, { abortSignal: signal });
                if (!token)
                    throw new Error('the credential returned no token');
                redactor.add(token.token);
                return token;
            }
            catch (error) {
                // An answer with no error status that still gave no token: MSAL calls that a network error.
                const { text } = (0,failures/* factsOf */.xS)(error);
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
                const agent = createVaultAgent(url);
                const client = new dist_esm/* SecretClient */._V(url, credential, { userAgentOptions: { userAgentPrefix: USER_AGENT }, ...(agent ? { agent } : {}) });
                store = {
                    getSecret: async (name, version, signal) => {
                        const bundle = toBundle(await client.getSecret(name, { abortSignal: signal, ...(version ? { version } : {}) }));
                        // Not masked yet (that comes once every secret is in): the SDK's own log lines must not show it meanwhile.
                        for (const piece of (0,mask/* maskPieces */.km)(bundle.value))
                            redactor.add(piece);
                        return bundle;
                    },
                    listSecrets: async (signal) => {
                        const listing = [];
                        for await (const p of client.listPropertiesOfSecrets({ abortSignal: signal }))
                            listing.push({ name: p.name, enabled: p.enabled ?? true });
                        return listing;
                    },
                };
                clients.set(url, store);
            }
            return store;
        },
    };
    return access;
};


/***/ }),

/***/ 9433:
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
