export const id = 659;
export const ids = [659];
export const modules = {

/***/ 9659:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createAzureAccess: () => (/* binding */ createAzureAccess)
});

// EXTERNAL MODULE: ./node_modules/@azure/identity/dist/esm/index.js + 182 modules
var esm = __webpack_require__(5563);
// EXTERNAL MODULE: ./node_modules/@azure/keyvault-secrets/dist/esm/index.js + 47 modules
var dist_esm = __webpack_require__(9336);
// EXTERNAL MODULE: ./lib/cloud.js
var lib_cloud = __webpack_require__(6906);
// EXTERNAL MODULE: ./lib/constants.js
var constants = __webpack_require__(4238);
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
function createImdsAgent(connectTimeoutMs = IMDS_CONNECT_TIMEOUT_MS) {
    const agent = new external_node_http_.Agent({ keepAlive: false });
    const create = agent.createConnection.bind(agent);
    agent.createConnection = ((options, callback) => {
        const socket = create(options, callback);
        const timer = setTimeout(() => {
            socket.destroy(new ImdsUnreachableError(`no TCP connection to ${options.host}:${options.port} within ${connectTimeoutMs} ms`));
        }, connectTimeoutMs);
        socket.once('connect', () => clearTimeout(timer));
        socket.once('close', () => clearTimeout(timer));
        return socket;
    });
    return agent;
}

;// CONCATENATED MODULE: ./lib/azure/index.js
// The real Azure access: @azure/identity's ManagedIdentityCredential and one @azure/keyvault-secrets
// SecretClient per vault, used as they are, configured only through their own options.





const USER_AGENT = 'keyvault-secrets-action';
function credentialFor(identity) {
    const common = {
        agent: createImdsAgent(),
        // The action retries IMDS itself (src/retry.ts): bounded by the step's deadline, fast on
        // "unreachable", and also on 429 without Retry-After, which the SDK does not retry.
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
 * Hands every client the one token this run acquired, so a run makes exactly one IMDS request
 * however many vaults it reads; other scopes (none expected) go to the real credential.
 */
class OneTokenCredential {
    inner;
    #pending = new Map();
    constructor(inner) {
        this.inner = inner;
    }
    getToken(scopes, options) {
        const key = [].concat(scopes).join(' ');
        let token = this.#pending.get(key);
        if (!token) {
            token = this.inner.getToken(scopes, options).then((t) => {
                if (!t)
                    throw new Error('ManagedIdentityCredential returned no token');
                return t;
            });
            token.catch(() => this.#pending.delete(key));
            this.#pending.set(key, token);
        }
        return token;
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
const createAzureAccess = async ({ identity, cloud }) => {
    const credential = new OneTokenCredential(credentialFor(identity));
    const scope = (0,lib_cloud/* vaultScope */.LJ)(cloud);
    const clients = new Map();
    const authority = process.env.AZURE_POD_IDENTITY_AUTHORITY_HOST;
    const access = {
        imdsEndpoint: authority ? authority.replace(/\/$/, '') : `http://${constants/* IMDS_HOST */.Jm}`,
        acquireToken: (signal) => credential.getToken(scope, { abortSignal: signal }),
        vault(url) {
            let store = clients.get(url);
            if (!store) {
                const client = new dist_esm/* SecretClient */._V(url, credential, { userAgentOptions: { userAgentPrefix: USER_AGENT } });
                store = {
                    getSecret: async (name, version, signal) => toBundle(await client.getSecret(name, { abortSignal: signal, ...(version ? { version } : {}) })),
                };
                clients.set(url, store);
            }
            return store;
        },
    };
    return access;
};


/***/ })

};
