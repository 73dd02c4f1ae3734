export const id = 444;
export const ids = [444];
export const modules = {

/***/ 4238:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DG: () => (/* binding */ States),
/* harmony export */   Fc: () => (/* binding */ PROTECTED_ENV),
/* harmony export */   G0: () => (/* binding */ Inputs),
/* harmony export */   Jm: () => (/* binding */ IMDS_HOST),
/* harmony export */   P2: () => (/* binding */ WRITTEN_ONLY_ENV),
/* harmony export */   p0: () => (/* binding */ InputDefaults)
/* harmony export */ });
/* unused harmony exports PROTECTED_ENV_NAMES, PROTECTED_ENV_PREFIXES, PROTECTED_ENV_SUFFIXES */
// Every input, output and state name the action uses, in one place (the names in action.yml).
const Inputs = {
    KeyVault: 'keyvault',
    Secrets: 'secrets',
    ClientId: 'client-id',
    ObjectId: 'object-id',
    ResourceId: 'resource-id',
    ExportEnv: 'export-env',
    Cloud: 'cloud',
    Timeout: 'timeout',
    AllowForkPullRequests: 'allow-fork-pull-requests',
    Concurrency: 'concurrency',
    Files: 'files',
    ParseJson: 'parse-json',
    IgnoreMissing: 'ignore-missing',
    ExpiryWarningDays: 'expiry-warning-days',
    FailOnExpired: 'fail-on-expired',
    GithubToken: 'github-token',
    Auth: 'auth',
    TenantId: 'tenant-id',
    // issue 15: credentials beyond Key Vault secrets (src/resources/)
    Tokens: 'tokens',
    StorageKeys: 'storage-keys',
    AcrLogin: 'acr-login',
};
/** State the main step leaves for the post step (STATE_<name>). */
const States = {
    /** JSON: { dir, files } written by this step, removed by the post step. */
    WrittenFiles: 'written-files',
    /** JSON: { dir, files } of acr-login's job-scoped Docker config, removed by the post step. */
    DockerConfig: 'docker-config',
};
const InputDefaults = {
    ExportEnv: true,
    Cloud: 'AzureCloud',
    TimeoutSeconds: 60,
    AllowForkPullRequests: false,
    /** Chosen by measurement: see README "Performance". */
    Concurrency: 32,
    MaxConcurrency: 64,
    ParseJson: false,
    IgnoreMissing: false,
    ExpiryWarningDays: 14,
    FailOnExpired: false,
    Auth: 'auto',
};
/**
 * Names never exported as environment variables, whoever writes them: they change how other programs
 * run (the shell, the dynamic loader, compilers and build tools, git, language runtimes and package
 * managers, TLS trust, proxies, pagers and editors, temporary and config directories, cloud identity
 * endpoints, Windows' own variables) or the runner itself. Compared case-insensitively (Windows reads
 * environment names without case). See README "Protected names".
 */
const PROTECTED_ENV_NAMES = [
    // Shells and the C library
    'PATH', 'HOME', 'SHELL', 'ENV', 'BASH_ENV', 'SHELLOPTS', 'BASHOPTS', 'PS4', 'PROMPT_COMMAND', 'IFS', 'CDPATH', 'GLOBIGNORE', 'EXECIGNORE',
    'ZDOTDIR', 'HISTFILE', 'INPUTRC', 'BASH_LOADABLES_PATH', 'BASH_XTRACEFD', 'GCONV_PATH', 'LOCPATH', 'NLSPATH', 'HOSTALIASES',
    'RESOLV_HOST_CONF', 'LOCALDOMAIN', 'RES_OPTIONS', 'TMPDIR', 'TMP', 'TEMP', 'TEMPDIR',
    // Pagers, editors, terminals
    'PAGER', 'MANPAGER', 'MANOPT', 'LESS', 'LESSOPEN', 'LESSCLOSE', 'LESSKEY', 'LESSKEYIN', 'LESSSECURE', 'EDITOR', 'VISUAL', 'SUDO_EDITOR',
    'SYSTEMD_PAGER', 'SYSTEMD_EDITOR', 'BROWSER', 'TERMINFO', 'TERMINFO_DIRS', 'SSH_AUTH_SOCK', 'SSH_ASKPASS_REQUIRE', 'GNUPGHOME',
    // Compilers and build tools
    'CC', 'CXX', 'CPP', 'LD', 'AR', 'NM', 'CFLAGS', 'CXXFLAGS', 'CPPFLAGS', 'LDFLAGS', 'MAKEFLAGS', 'MFLAGS', 'PKG_CONFIG', 'PKG_CONFIG_PATH',
    'LIBRARY_PATH', 'CPATH', 'C_INCLUDE_PATH', 'CPLUS_INCLUDE_PATH', 'MANPATH', 'CUDA_PATH',
    // git
    'GIT_CONFIG', 'GIT_SSH_COMMAND', 'GIT_SSH', 'GIT_SSH_VARIANT', 'GIT_EXEC_PATH', 'GIT_EXTERNAL_DIFF', 'GIT_DIFF_OPTS', 'GIT_EDITOR', 'GIT_SEQUENCE_EDITOR',
    'GIT_PAGER', 'GIT_PROXY_COMMAND', 'GIT_SSL_NO_VERIFY', 'GIT_SSL_CAINFO', 'GIT_SSL_CAPATH', 'GIT_SSL_CERT', 'GIT_SSL_KEY', 'GIT_DIR', 'GIT_WORK_TREE',
    'GIT_COMMON_DIR', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES', 'GIT_TEMPLATE_DIR', 'GIT_NAMESPACE',
    'GIT_CEILING_DIRECTORIES', 'GIT_ALLOW_PROTOCOL', 'GIT_PROTOCOL_FROM_USER', 'GIT_CURL_VERBOSE', 'GIT_TERMINAL_PROMPT', 'GIT_REPLACE_REF_BASE',
    // Node and its package managers
    'NODE_OPTIONS', 'NODE_EXTRA_CA_CERTS', 'NODE_TLS_REJECT_UNAUTHORIZED', 'NODE_PATH', 'NODE_REPL_EXTERNAL_MODULE', 'NODE_ICU_DATA',
    'NODE_V8_COVERAGE', 'NODE_REDIRECT_WARNINGS', 'NODE_COMPILE_CACHE', 'NODE_USE_ENV_PROXY', 'NODE_SKIP_PLATFORM_CHECK', 'COREPACK_NPM_REGISTRY', 'COREPACK_HOME',
    'YARN_RC_FILENAME', 'YARN_NPM_REGISTRY_SERVER',
    // Python
    'PYTHONSTARTUP', 'PYTHONPATH', 'PYTHONHOME', 'PYTHONUSERBASE', 'PYTHONWARNINGS', 'PYTHONBREAKPOINT', 'PYTHONINSPECT', 'PYTHONEXECUTABLE',
    'PYTHONPLATLIBDIR', 'PYTHONPYCACHEPREFIX', 'PYTHONNOUSERSITE', 'PYTHONSAFEPATH', 'PYTHONHTTPSVERIFY', 'VIRTUAL_ENV', 'PIP_CONFIG_FILE',
    'PIP_TRUSTED_HOST', 'PIP_CERT', 'PIP_PREFIX', 'PIP_TARGET', 'PIP_SRC', 'UV_INDEX_URL', 'UV_DEFAULT_INDEX', 'UV_PYTHON', 'CONDARC',
    // Java, Perl, Ruby, PHP, Lua, R
    'JAVA_TOOL_OPTIONS', '_JAVA_OPTIONS', 'JDK_JAVA_OPTIONS', 'JAVA_OPTIONS', 'JAVA_OPTS', 'JAVA_HOME', 'CLASSPATH', 'MAVEN_OPTS', 'MAVEN_ARGS',
    'GRADLE_OPTS', 'GRADLE_USER_HOME', 'ANT_OPTS', 'SBT_OPTS', 'PERLLIB', 'PERL_MB_OPT', 'PERL_MM_OPT', 'PERL_LOCAL_LIB_ROOT', 'RUBYOPT', 'RUBYLIB',
    'GEM_HOME', 'GEM_PATH', 'BUNDLE_GEMFILE', 'BUNDLE_PATH', 'PHPRC', 'PHP_INI_SCAN_DIR', 'LUA_PATH', 'LUA_CPATH', 'LUA_INIT', 'R_PROFILE',
    'R_PROFILE_USER', 'R_ENVIRON', 'R_ENVIRON_USER', 'R_LIBS', 'R_LIBS_USER',
    // Go, Rust
    'GOFLAGS', 'GOPROXY', 'GOSUMDB', 'GONOSUMDB', 'GONOSUMCHECK', 'GONOPROXY', 'GOPRIVATE', 'GOINSECURE', 'GOTOOLCHAIN', 'GOROOT', 'GOPATH', 'GOBIN',
    'GOENV', 'GOAUTH', 'GOCACHE', 'GOCACHEPROG', 'GOMODCACHE', 'GOEXPERIMENT', 'GOVCS', 'GODEBUG', 'GOWORK', 'GOTMPDIR', 'GCCGO', 'GO111MODULE',
    'RUSTC', 'RUSTC_WRAPPER', 'RUSTC_WORKSPACE_WRAPPER', 'RUSTDOC', 'RUSTFLAGS', 'RUSTDOCFLAGS', 'RUSTC_BOOTSTRAP', 'CARGO_HOME', 'CARGO_BUILD_RUSTC',
    'CARGO_BUILD_RUSTC_WRAPPER', 'CARGO_BUILD_RUSTC_WORKSPACE_WRAPPER', 'CARGO_BUILD_RUSTFLAGS', 'CARGO_ENCODED_RUSTFLAGS',
    // .NET, NuGet, PowerShell
    'NUGET_PLUGIN_PATHS', 'NUGET_CREDENTIALPROVIDERS_PATH', 'NUGET_PACKAGES', 'PSMODULEPATH', 'PSEXECUTIONPOLICYPREFERENCE', '__PSLOCKDOWNPOLICY',
    // TLS
    'SSL_CERT_FILE', 'SSL_CERT_DIR', 'OPENSSL_CONF', 'OPENSSL_ENGINES', 'OPENSSL_MODULES', 'GRPC_DEFAULT_SSL_ROOTS_FILE_PATH', 'CURL_HOME', 'WGETRC',
    // Containers, Kubernetes, Terraform, model hubs
    'DOCKER_HOST', 'DOCKER_CONFIG', 'DOCKER_CONTEXT', 'DOCKER_CERT_PATH', 'DOCKER_TLS_VERIFY', 'CONTAINER_HOST', 'HELM_PLUGINS',
    'TF_PLUGIN_CACHE_DIR', 'TF_DATA_DIR', 'TF_LOG_PATH', 'HF_ENDPOINT', 'WANDB_BASE_URL',
    // Cloud identity: where a later step's SDK gets its token, and what it trusts
    'AZURE_AUTHORITY_HOST', 'AZURE_POD_IDENTITY_AUTHORITY_HOST', 'AZURE_REGIONAL_AUTHORITY_NAME', 'AZURE_FEDERATED_TOKEN_FILE', 'AZURE_CONFIG_DIR',
    'AZURE_EXTENSION_DIR', 'AZURE_LOG_LEVEL', 'IDENTITY_ENDPOINT', 'IDENTITY_HEADER', 'IDENTITY_SERVER_THUMBPRINT', 'IMDS_ENDPOINT',
    'AWS_EC2_METADATA_SERVICE_ENDPOINT', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
    'AWS_CONTAINER_AUTHORIZATION_TOKEN', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'GCE_METADATA_HOST', 'GCE_METADATA_IP', 'GCE_METADATA_ROOT',
    // Windows
    'PATHEXT', 'COMSPEC', 'SYSTEMROOT', 'SYSTEMDRIVE', 'WINDIR', 'USERPROFILE', 'APPDATA', 'LOCALAPPDATA', 'PROGRAMDATA', 'PROGRAMFILES',
    'PROGRAMW6432', 'COMMONPROGRAMFILES', 'COMMONPROGRAMW6432', 'ALLUSERSPROFILE', 'HOMEDRIVE', 'HOMEPATH',
];
const PROTECTED_ENV_PREFIXES = [
    'GITHUB_', 'RUNNER_', 'ACTIONS_', 'INPUT_', 'STATE_', 'LD_', 'DYLD_', 'BASH_FUNC_', 'GIT_CONFIG_', 'GIT_TRACE', 'XDG_', 'NPM_CONFIG_',
    'PERL5', 'DOTNET_', 'COREHOST_', 'CORECLR_', 'COR_', 'COMPLUS_', 'CGO_', 'RUSTUP_', 'CARGO_TARGET_', 'MSI_', 'AWS_ENDPOINT_URL', 'AZURE_CORE_',
    'TF_CLI_',
];
/** HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, NO_PROXY, FTP_PROXY…; SSH_ASKPASS, SUDO_ASKPASS…; REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE…: in any case. */
const PROTECTED_ENV_SUFFIXES = ['_PROXY', '_ASKPASS', '_CA_BUNDLE', '_CA_CERTS', '_SSL_NO_VERIFY'];
const PROTECTED_ENV = { names: PROTECTED_ENV_NAMES, prefixes: PROTECTED_ENV_PREFIXES, suffixes: PROTECTED_ENV_SUFFIXES };
/**
 * Names only a reference written by name may set; a name a wildcard or a JSON key brings in never
 * does. Each is a file or setting a program reads (a kubeconfig, a cloud SDK's credentials, a tool's
 * own namespace), so a user may well export one on purpose (`KUBECONFIG=aks-kubeconfig` in files),
 * but a vault writer must not be able to. Compared case-insensitively. See README "Protected names".
 */
const WRITTEN_ONLY_ENV = {
    names: ['KUBECONFIG', 'GOOGLE_APPLICATION_CREDENTIALS'],
    prefixes: [
        'GIT_', 'NODE_', 'NPM_', 'YARN_', 'COREPACK_', 'PIP_', 'PYTHON', 'UV_', 'POETRY_', 'CONDA_', 'TWINE_', 'DOCKER_', 'BUILDKIT_', 'BUILDX_', 'KUBE',
        'HELM_', 'AZURE_', 'ARM_', 'AWS_', 'GOOGLE_', 'CLOUDSDK_', 'CARGO_', 'BUNDLE_', 'NUGET_', 'SSH_', 'GPG_', 'HF_', 'WANDB_', 'JAVA_',
        'MAVEN_', 'GRADLE_', 'POWERSHELL_',
    ],
    suffixes: ['_HOME', '_OPTS', '_OPTIONS', '_FLAGS'],
};
/** The IMDS address on every Azure VM. Never reached through a proxy. */
const IMDS_HOST = '169.254.169.254';


/***/ }),

/***/ 2834:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   KX: () => (/* binding */ MAX_JSON_DEPTH),
/* harmony export */   PU: () => (/* binding */ masksString),
/* harmony export */   dV: () => (/* binding */ jsonLeaves),
/* harmony export */   gE: () => (/* binding */ MIN_MASKED_LEAF),
/* harmony export */   kM: () => (/* binding */ masksLeaf),
/* harmony export */   sZ: () => (/* binding */ CREDENTIAL_KEY)
/* harmony export */ });
/* unused harmony export envSafe */
/* harmony import */ var _runner_untrusted_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1528);
// parse-json: a secret whose value is a JSON object becomes one export per leaf.

/** How deep parse-json follows objects and arrays; deeper values are refused, not half-exported. */
const MAX_JSON_DEPTH = 32;
const envSafe = (key) => key.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
/** A number as the secret wrote it: 12345678901234567890 and 1.50 stay exactly that. */
class RawNumber {
    text;
    constructor(text) {
        this.text = text;
    }
}
/** The deepest nesting of objects and arrays in JSON text, found without parsing (strings skipped). */
function nestingDepth(text) {
    let depth = 0;
    let deepest = 0;
    let inString = false;
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (inString) {
            if (c === '\\')
                i++;
            else if (c === '"')
                inString = false;
        }
        else if (c === '"')
            inString = true;
        else if (c === '{' || c === '[')
            deepest = Math.max(deepest, ++depth);
        else if (c === '}' || c === ']')
            depth--;
    }
    return deepest;
}
/** A key path for messages: keys joined with dots, each escaped (keys come from the vault). */
const keyPath = (path, key) => (path ? `${path}.${(0,_runner_untrusted_js__WEBPACK_IMPORTED_MODULE_0__/* .untrusted */ .b)(key, 60)}` : (0,_runner_untrusted_js__WEBPACK_IMPORTED_MODULE_0__/* .untrusted */ .b)(key, 60));
/** JSON text for a parsed value, numbers as written. */
function jsonText(node) {
    if (node instanceof RawNumber)
        return node.text;
    if (Array.isArray(node))
        return `[${node.map(jsonText).join(',')}]`;
    if (typeof node === 'object' && node !== null)
        return `{${Object.entries(node).map(([k, v]) => `${JSON.stringify(k)}:${jsonText(v)}`).join(',')}}`;
    return JSON.stringify(node);
}
/** Every string inside an array (or object within it), with its path. */
function stringsWithin(node, path, out = []) {
    if (typeof node === 'string')
        out.push({ value: node, path });
    else if (Array.isArray(node))
        node.forEach((child, i) => stringsWithin(child, `${path}[${i}]`, out));
    else if (typeof node === 'object' && node !== null && !(node instanceof RawNumber)) {
        for (const [key, child] of Object.entries(node))
            stringsWithin(child, keyPath(path, key), out);
    }
    return out;
}
/**
 * The leaves of a JSON object value; undefined when the value is not a JSON object; tooDeep when it
 * nests deeper than MAX_JSON_DEPTH. Arrays are leaves, as JSON text.
 */
function jsonLeaves(alias, value) {
    const trimmed = value.trim();
    if (!trimmed.startsWith('{'))
        return undefined;
    if (nestingDepth(trimmed) > MAX_JSON_DEPTH)
        return { tooDeep: true };
    let parsed;
    try {
        // Node 24's reviver sees each number's source text: big integers keep every digit.
        parsed = JSON.parse(trimmed, (_key, v, context) => (typeof v === 'number' && context?.source !== undefined ? new RawNumber(context.source) : v));
    }
    catch {
        return undefined;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        return undefined;
    const leaves = [];
    const walk = (node, name, path) => {
        for (const [key, child] of Object.entries(node)) {
            const childName = `${name}_${envSafe(key)}`;
            const childPath = keyPath(path, key);
            if (typeof child === 'string')
                leaves.push({ name: childName, value: child, path: childPath, kind: 'string' });
            else if (child instanceof RawNumber)
                leaves.push({ name: childName, value: child.text, path: childPath, kind: 'number' });
            else if (Array.isArray(child))
                leaves.push({ name: childName, value: jsonText(child), path: childPath, kind: 'array', strings: stringsWithin(child, childPath) });
            else if (typeof child === 'object' && child !== null)
                walk(child, childName, childPath);
            else
                leaves.push({ name: childName, value: JSON.stringify(child), path: childPath, kind: child === null ? 'null' : 'boolean' });
        }
    };
    walk(parsed, alias, '');
    return { leaves };
}
/** Keys that name credentials: their leaves are masked however short. */
const CREDENTIAL_KEY = /pass|pwd|secret|token|key|cred|auth|cert|private|sig|sas|conn|salt|pin|otp/i;
/** Shorter leaves would mask those characters everywhere in the log. */
const MIN_MASKED_LEAF = 4;
/**
 * Whether a string at this key path is registered as a mask: at least MIN_MASKED_LEAF characters,
 * or any non-blank length when its key names a credential.
 */
function masksString(value, path) {
    const length = value.trim().length;
    return length >= MIN_MASKED_LEAF || (length > 0 && CREDENTIAL_KEY.test(path));
}
/** Whether a leaf is registered as a mask. Booleans and null carry nothing secret. */
function masksLeaf(leaf) {
    if (leaf.kind === 'boolean' || leaf.kind === 'null')
        return false;
    return masksString(leaf.value, leaf.path);
}


/***/ }),

/***/ 8740:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   km: () => (/* binding */ maskPieces)
/* harmony export */ });
/* unused harmony exports MIN_MASKED_LINE_VALUE, isStructuralLine, valuePieces */
/* harmony import */ var _json_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2834);
// What to register with the runner's secret masker for one value. The runner masks log lines one at
// a time, so a multi-line value is masked line by line: each line that carries secret material, and
// for a "key: value" line its value on its own too (what `yq`, `jq -r` or `kubectl -o jsonpath` print).
// Every pass here is linear in the value's length: values come from the vault, and a crafted one
// must not cost seconds of CPU (no regex here can backtrack over more than a constant span).

/**
 * The start of a "key: value" (YAML, also "- key: value") or "key": value (JSON) line; group 1 the
 * key. Anchored, and every quantifier is followed by a character it cannot match, so a failed match
 * backtracks over each character at most a constant number of times.
 */
const KEY_PREFIX = /^(?:-\s+)?["']?([A-Za-z0-9_.-]+)["']?\s*:/;
/** A value shorter than this on a key line whose key names no credential is structure (apiVersion: v1, "port": 5432). */
const MIN_MASKED_LINE_VALUE = 8;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const isSpace = (c) => c.trim() === '';
/** The text without trailing characters in `strip` or whitespace: one backward scan. */
function trimTrailing(text, strip) {
    let end = text.length;
    while (end > 0 && (strip.includes(text[end - 1]) || isSpace(text[end - 1])))
        end--;
    return text.slice(0, end);
}
/** The text without one pair of matching surrounding quotes. */
function unquote(text) {
    const q = text[0];
    return text.length >= 2 && (q === '"' || q === "'") && text.at(-1) === q ? text.slice(1, -1) : text;
}
/** A trimmed line's key and raw value (everything after the colon, trimmed), or undefined when it is no key line. */
function keyValue(line) {
    const match = KEY_PREFIX.exec(line);
    return match ? { key: match[1], rest: line.slice(match[0].length).trim() } : undefined;
}
/**
 * Whether a trimmed line of a multi-line value carries no secret material, so masking it would only
 * hide ordinary text everywhere in the log: punctuation alone ({, }, ],), a line shorter than
 * MIN_MASKED_LEAF, or a key line with a short value and a key that names no credential.
 */
function isStructuralLine(line) {
    if (!LETTER_OR_DIGIT.test(line))
        return true;
    if (line.length < _json_js__WEBPACK_IMPORTED_MODULE_0__/* .MIN_MASKED_LEAF */ .gE)
        return !_json_js__WEBPACK_IMPORTED_MODULE_0__/* .CREDENTIAL_KEY */ .sZ.test(line);
    const kv = keyValue(line);
    if (!kv)
        return false;
    if (_json_js__WEBPACK_IMPORTED_MODULE_0__/* .CREDENTIAL_KEY */ .sZ.test(kv.key))
        return false;
    const value = unquote(trimTrailing(kv.rest, ',{['));
    return value.length < MIN_MASKED_LINE_VALUE;
}
/**
 * The value part of a masked "key: value" line, as a program reading that key prints it: without a
 * trailing comma, unquoted, and for a JSON string with escapes, decoded too. Registered under the
 * same rule as a parse-json leaf (masksString): at least MIN_MASKED_LEAF characters, or any length
 * when the key names a credential. None for a value that opens a block ({, [, |, >).
 */
function valuePieces(line) {
    const kv = keyValue(line.trim());
    if (!kv)
        return [];
    const raw = trimTrailing(kv.rest, ',');
    if (raw === '' || ('{[|>'.includes(raw[0]) && raw.length <= 2))
        return [];
    const unquoted = unquote(raw);
    const pieces = [unquoted];
    if (raw[0] === '"' && unquoted.includes('\\')) {
        try {
            const decoded = JSON.parse(raw);
            if (typeof decoded === 'string')
                pieces.push(decoded);
        }
        catch {
            // Not a JSON string: the text as written is what a reader prints.
        }
    }
    return pieces.filter((p) => p.trim() !== '' && (0,_json_js__WEBPACK_IMPORTED_MODULE_0__/* .masksString */ .PU)(p, kv.key));
}
/**
 * Every string to register for one value. A single-line value: itself (and its trimmed form). A
 * multi-line value: each line that is not structure (and its trimmed form). Either way, the value
 * part of each such "key: value" line too. A blank value has none: the runner refuses to mask
 * whitespace, and could not usefully.
 */
function maskPieces(value) {
    if (value.trim() === '')
        return [];
    const lines = value.split(/\r\n|\r|\n/);
    if (lines.length === 1)
        return [...new Set([value, value.trim(), ...valuePieces(value)])];
    const pieces = new Set();
    for (const line of lines) {
        const trimmed = line.trim();
        if (trimmed === '' || isStructuralLine(trimmed))
            continue;
        pieces.add(line);
        pieces.add(trimmed);
        for (const piece of valuePieces(trimmed))
            pieces.add(piece);
    }
    if (pieces.size > 0)
        return [...pieces];
    // Nothing but short lines: better to mask them than to leave the value bare.
    return [...new Set(lines.map((l) => l.trim()).filter((l) => LETTER_OR_DIGIT.test(l)))];
}


/***/ }),

/***/ 4059:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   i6: () => (/* binding */ principalOf),
/* harmony export */   pq: () => (/* binding */ stringClaims)
/* harmony export */ });
/* unused harmony export jwtClaims */
// Reads the principal out of the access token the action already holds. The token itself is never printed.
/** A JWT's payload claims; undefined when the text is not a JWT. Never verifies: for messages only. */
function jwtClaims(token) {
    const payload = token.split('.')[1];
    if (!payload)
        return undefined;
    try {
        const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
        return typeof claims === 'object' && claims !== null && !Array.isArray(claims) ? claims : undefined;
    }
    catch {
        return undefined;
    }
}
/** The named string claims of a JWT (those present). */
function stringClaims(token, keys) {
    const claims = jwtClaims(token) ?? {};
    return Object.fromEntries(keys.filter((k) => typeof claims[k] === 'string').map((k) => [k, claims[k]]));
}
/** The oid, tid and appid claims of an access token; empty when the token is not a JWT. */
function principalOf(token) {
    const { oid, tid, appid } = stringClaims(token, ['oid', 'tid', 'appid']);
    return { ...(oid ? { objectId: oid } : {}), ...(tid ? { tenantId: tid } : {}), ...(appid ? { appId: appid } : {}) };
}


/***/ }),

/***/ 1944:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   HN: () => (/* binding */ cloudOfHost),
/* harmony export */   JJ: () => (/* binding */ CLOUDS),
/* harmony export */   LJ: () => (/* binding */ vaultScope),
/* harmony export */   fJ: () => (/* binding */ isCloudName),
/* harmony export */   kh: () => (/* binding */ loginHost),
/* harmony export */   lr: () => (/* binding */ vaultResource),
/* harmony export */   qK: () => (/* binding */ vaultUrl)
/* harmony export */ });
// The Azure clouds the action knows: the Key Vault DNS suffix and the Entra sign-in host of each.
const CLOUDS = {
    AzureCloud: { vaultSuffix: 'vault.azure.net', login: 'login.microsoftonline.com' },
    AzureUSGovernment: { vaultSuffix: 'vault.usgovcloudapi.net', login: 'login.microsoftonline.us' },
    AzureChinaCloud: { vaultSuffix: 'vault.azure.cn', login: 'login.chinacloudapi.cn' },
};
/** Microsoft Entra ID's sign-in host in this cloud. */
function loginHost(cloud) {
    return CLOUDS[cloud].login;
}
function isCloudName(value) {
    return Object.hasOwn(CLOUDS, value);
}
/** The token audience Key Vault names in its challenge, e.g. https://vault.azure.net. */
function vaultResource(cloud) {
    return `https://${CLOUDS[cloud].vaultSuffix}`;
}
/** The OAuth scope for that audience. */
function vaultScope(cloud) {
    return `${vaultResource(cloud)}/.default`;
}
function vaultUrl(name, cloud) {
    return `https://${name.toLowerCase()}.${CLOUDS[cloud].vaultSuffix}/`;
}
/** The cloud whose vault suffix `host` ends with, if any. */
function cloudOfHost(host) {
    const lower = host.toLowerCase();
    return Object.keys(CLOUDS).find((c) => lower.endsWith(`.${CLOUDS[c].vaultSuffix}`));
}


/***/ }),

/***/ 7334:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Mr: () => (/* binding */ CLOUD_RESOURCES),
/* harmony export */   Od: () => (/* binding */ scopeOf),
/* harmony export */   l2: () => (/* binding */ armResource),
/* harmony export */   w1: () => (/* binding */ wellKnownResource),
/* harmony export */   wz: () => (/* binding */ WELL_KNOWN_TOKENS)
/* harmony export */ });
/* harmony import */ var _cloud_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1944);
// Per-cloud endpoints for the resources beyond Key Vault (issue 15): ARM, storage, ACR, and the
// well-known token names. Sources, so nobody has to guess again:
// - ARM hosts and Azure Machine Learning's resource: Microsoft's Python SDK, azure/ai/ml/_azure_environments.py
//   (management.azure.com / .usgovcloudapi.net / .chinacloudapi.cn; ml.azure.com / .us / .cn; storage suffixes).
// - Storage's token audience https://storage.azure.com is the same in every cloud: the storage SDKs
//   (azure/storage/blob/_shared/constants.py STORAGE_OAUTH_SCOPE) send it whatever the cloud.
// - Microsoft Graph: graph.microsoft.com, graph.microsoft.us (US Government L4), microsoftgraph.chinacloudapi.cn
//   (Graph's "National cloud deployments" page).
// - ACR's audience: https://containerregistry.azure.net in AzureCloud (accepted even where a registry
//   disables ARM-audience tokens); in the sovereign clouds Microsoft's container registry SDKs
//   (KnownContainerRegistryAudience in JS, .NET, Java, Python) send the cloud's ARM audience, so that is what is used.

const CLOUD_RESOURCES = {
    AzureCloud: { arm: 'management.azure.com', storageSuffix: 'core.windows.net', acrSuffix: 'azurecr.io', ml: 'https://ml.azure.com', graph: 'https://graph.microsoft.com', acrAudience: 'https://containerregistry.azure.net' },
    AzureUSGovernment: { arm: 'management.usgovcloudapi.net', storageSuffix: 'core.usgovcloudapi.net', acrSuffix: 'azurecr.us', ml: 'https://ml.azure.us', graph: 'https://graph.microsoft.us', acrAudience: 'https://management.usgovcloudapi.net' },
    AzureChinaCloud: { arm: 'management.chinacloudapi.cn', storageSuffix: 'core.chinacloudapi.cn', acrSuffix: 'azurecr.cn', ml: 'https://ml.azure.cn', graph: 'https://microsoftgraph.chinacloudapi.cn', acrAudience: 'https://management.chinacloudapi.cn' },
};
const WELL_KNOWN_TOKENS = ['management', 'storage', 'ml', 'graph', 'containerregistry', 'keyvault'];
const armResource = (cloud) => `https://${CLOUD_RESOURCES[cloud].arm}`;
/** The token audience (resource) a well-known name stands for in this cloud. */
function wellKnownResource(name, cloud) {
    const c = CLOUD_RESOURCES[cloud];
    switch (name) {
        case 'management':
            return armResource(cloud);
        case 'storage':
            return 'https://storage.azure.com';
        case 'ml':
            return c.ml;
        case 'graph':
            return c.graph;
        case 'containerregistry':
            return c.acrAudience;
        case 'keyvault':
            return (0,_cloud_js__WEBPACK_IMPORTED_MODULE_0__/* .vaultResource */ .lr)(cloud);
    }
}
/** The OAuth scope for a resource: "/.default" after it, without a doubled slash (MSAL's rule). */
const scopeOf = (resource) => `${resource.replace(/\/+$/, '')}/.default`;


/***/ }),

/***/ 9444:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  run: () => (/* binding */ run)
});

// UNUSED EXPORTS: defaultDependencies

// EXTERNAL MODULE: ./lib/util/errors.js
var errors = __webpack_require__(9661);
;// CONCATENATED MODULE: ./lib/export/expiry.js

const DAY_MS = 86_400_000;
function expiryNotes(secrets, now, warningDays) {
    const notes = [];
    for (const secret of secrets) {
        const { expiresOn, notBefore } = secret.bundle;
        if (expiresOn && expiresOn.getTime() <= now)
            notes.push({ secret, kind: 'expired', date: expiresOn });
        else if (expiresOn && expiresOn.getTime() - now <= warningDays * DAY_MS)
            notes.push({ secret, kind: 'expiring', date: expiresOn });
        if (notBefore && notBefore.getTime() > now)
            notes.push({ secret, kind: 'not-yet-valid', date: notBefore });
    }
    return notes;
}
const day = (date) => date.toISOString().slice(0, 10);
function describeExpiry({ secret: { ref }, kind, date }, now) {
    const where = `${ref.alias} (${ref.vault.name}/${ref.name}, ${ref.input} line ${ref.line})`;
    switch (kind) {
        case 'expired':
            return `${where} expired on ${day(date)}; Key Vault still returns it. Rotate it: az keyvault secret set --vault-name ${ref.vault.name} -n ${ref.name} --value … --expires <date>`;
        case 'expiring': {
            const days = Math.max(0, Math.ceil((date.getTime() - now) / DAY_MS));
            return `${where} expires on ${day(date)} (in ${days} day${days === 1 ? '' : 's'}). Rotate it before then.`;
        }
        case 'not-yet-valid':
            return `${where} is not valid until ${day(date)} (its activation date, nbf); Key Vault returns it anyway.`;
    }
}
/** Warns about expired, expiring and not-yet-valid secrets; with fail-on-expired, an expired one fails the step. */
function checkExpiry(secrets, config, clock, warn) {
    const now = clock.now();
    const notes = expiryNotes(secrets, now, config.expiryWarningDays);
    const expired = notes.filter((n) => n.kind === 'expired');
    if (config.failOnExpired && expired.length > 0) {
        throw new errors/* ActionError */.l(`${expired.length === 1 ? 'A secret has' : `${expired.length} secrets have`} expired and fail-on-expired is set; nothing was exported:\n${expired.map((n) => `  ${describeExpiry(n, now)}`).join('\n')}`);
    }
    for (const note of notes)
        warn(describeExpiry(note, now));
}

// EXTERNAL MODULE: ./lib/constants.js
var constants = __webpack_require__(4238);
;// CONCATENATED MODULE: ./lib/export/envLimits.js
// Env exports that no later process could start with. GITHUB_ENV values reach every later step of the
// job, and the kernel refuses to start a program whose environment is too big (execve: E2BIG), so one
// oversized export would break every `run:` step after this one. Refused before anything is written.

/** Linux: environment and arguments together (ARG_MAX, `getconf ARG_MAX`: a quarter of the 8 MiB default stack). */
const LINUX_ARG_MAX = 2 * 1024 * 1024;
/** Linux: one "NAME=value" string (MAX_ARG_STRLEN, 32 pages). */
const LINUX_MAX_ARG_STRLEN = 128 * 1024;
/** macOS: environment and arguments together (`getconf ARG_MAX`). */
const MACOS_ARG_MAX = 1024 * 1024;
/** Windows: one variable, "NAME=value", in UTF-16 code units (the block itself has no fixed limit). */
const WINDOWS_MAX_VARIABLE = 32_767;
/** Left for a later step's own arguments and the variables the runner adds per step (INPUT_*, GITHUB_*). */
const EXEC_HEADROOM = 256 * 1024;
/** A file export's value is its path under RUNNER_TEMP; this is a generous bound for it. */
const FILE_PATH_BOUND = 512;
const KiB = (bytes) => `${Math.ceil(bytes / 1024)} KiB`;
const MiB = (bytes) => `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
const utf8 = (s) => Buffer.byteLength(s, 'utf8');
/** What one variable costs execve: "NAME=value\0" and its pointer. */
const entryBytes = (name, value) => utf8(name) + 1 + utf8(value) + 1 + 8;
const FIXES = `Set ${constants/* Inputs */.G0.ExportEnv}: false and read the values as step outputs (steps.<id>.outputs.<ALIAS>), or read large secrets as files (${constants/* Inputs */.G0.Files}: …), whose path is exported instead.`;
/**
 * Why the env vars these items would export make later steps unable to start programs, or undefined
 * when they fit. `env` is this step's environment, which later steps inherit (plus what it exports).
 */
function envExportProblem(items, exportEnv, env, platform) {
    if (!exportEnv || items.length === 0)
        return undefined;
    const valueOf = (item) => (item.via === 'file' ? 'x'.repeat(FILE_PATH_BOUND) : item.value);
    if (platform === 'win32') {
        const long = items.filter((i) => i.name.length + 1 + valueOf(i).length > WINDOWS_MAX_VARIABLE);
        if (long.length > 0)
            return oneTooLong(long, `Windows allows ${WINDOWS_MAX_VARIABLE} characters per environment variable`, (i) => `${Math.ceil(valueOf(i).length / 1024)}K characters`);
        return undefined; // the block as a whole has no fixed limit on Windows
    }
    if (platform === 'linux') {
        const long = items.filter((i) => utf8(i.name) + 1 + utf8(valueOf(i)) + 1 > LINUX_MAX_ARG_STRLEN);
        if (long.length > 0)
            return oneTooLong(long, `Linux allows ${KiB(LINUX_MAX_ARG_STRLEN)} per environment variable`, (i) => KiB(utf8(valueOf(i))));
    }
    const argMax = platform === 'darwin' ? MACOS_ARG_MAX : LINUX_ARG_MAX;
    const exported = new Map(items.map((i) => [i.name, valueOf(i)]));
    let inherited = 0;
    for (const [name, value] of Object.entries(env))
        if (value !== undefined && !exported.has(name))
            inherited += entryBytes(name, value);
    let added = 0;
    for (const [name, value] of exported)
        added += entryBytes(name, value);
    const budget = argMax - EXEC_HEADROOM;
    if (inherited + added <= budget)
        return undefined;
    return (`The ${exported.size} environment variables this step would export take ${MiB(added)}; with the ${MiB(inherited)} already in the environment, ` +
        `every later step would start with ${MiB(inherited + added)}, and no program could start (E2BIG: ${platform === 'darwin' ? 'macOS' : 'Linux'} allows ${MiB(argMax)} for the environment and arguments together; this action keeps it under ${MiB(budget)}). ` +
        `Nothing was exported. ${FIXES}`);
}
function oneTooLong(long, rule, size) {
    const listed = long.slice(0, 10).map((i) => `${i.name} (${i.source.ref.input} line ${i.source.ref.line}, ${size(i)})`);
    const more = long.length > listed.length ? `, and ${long.length - listed.length} more` : '';
    return `${listed.join(', ')}${more}: too large to be an environment variable (${rule}; a later step could start no program). Nothing was exported. ${FIXES}`;
}

// EXTERNAL MODULE: ./lib/util/sdkErrors.js
var sdkErrors = __webpack_require__(6907);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./lib/export/windows.js
// Windows: what "readable by this user only" and "a file name" mean there. Pure functions, so they
// are tested on every OS; the one impure part (running whoami and icacls) takes its runner as an argument.

/**
 * A name Windows keeps for a device (CON, PRN, AUX, NUL, COM0–9, LPT0–9, also with superscript
 * digits, CONIN$, CONOUT$, CLOCK$), in any case, with or without an extension ("con.txt"), and with
 * trailing spaces before the dot. Opening such a "file" opens the device.
 */
const DEVICE = /^(?:CON|PRN|AUX|NUL|COM[0-9\u00b9\u00b2\u00b3]|LPT[0-9\u00b9\u00b2\u00b3]|CONIN\$|CONOUT\$|CLOCK\$)$/i;
function isWindowsDeviceName(name) {
    const base = name.split('.')[0].replace(/[ ]+$/, '');
    return DEVICE.test(base);
}
/**
 * A name that is the same file on every OS: not a device name, not ending in a dot or a space (Windows
 * drops them, so "a." and "a" are one file), nothing Windows refuses (<>:"/\|?* and controls), and not
 * "." or "..".
 */
function isPortableFileName(name) {
    // eslint-disable-next-line no-control-regex
    return name !== '' && name !== '.' && name !== '..' && !/[<>:"/\\|?*\u0000-\u001f]/.test(name) && !/[. ]$/.test(name) && !isWindowsDeviceName(name);
}
/** A security identifier as whoami prints it: S-1-5-21-…-1001. */
const SID = /^S-1-[0-9]+(?:-[0-9]+)+$/;
/** The SID in `whoami /user /fo csv /nh` output: `"host\user","S-1-5-21-…"`. */
function sidOfWhoami(output) {
    const fields = [...output.matchAll(/"([^"]*)"/g)].map((m) => m[1].trim());
    const sid = fields.at(-1);
    return sid !== undefined && SID.test(sid) ? sid : undefined;
}
/**
 * icacls arguments that leave `dir` with one entry: full control for `sid`, inherited by every file
 * and directory created in it, with the entries inherited from RUNNER_TEMP removed. "*" marks a SID
 * rather than an account name, so no name lookup (or a name with spaces) gets in the way.
 */
function ownerOnlyAclArgs(dir, sid) {
    if (!SID.test(sid))
        throw new Error(`not a SID: ${sid}`);
    return [dir, '/inheritance:r', '/grant:r', `*${sid}:(OI)(CI)F`];
}
/** Windows' own tools, from SystemRoot rather than PATH (which any earlier step can change). */
function systemTool(name, systemRoot) {
    const root = systemRoot && external_node_path_.win32.isAbsolute(systemRoot) ? systemRoot : 'C:\\Windows';
    return external_node_path_.win32.join(root, 'System32', name);
}
/** Makes `dir` readable and writable by the current user only. Throws, saying which tool failed, when it cannot. */
function restrictToCurrentUser(dir, run, systemRoot) {
    const whoami = run(systemTool('whoami.exe', systemRoot), ['/user', '/fo', 'csv', '/nh']);
    const sid = sidOfWhoami(whoami);
    if (sid === undefined)
        throw new Error('whoami /user printed no SID');
    run(systemTool('icacls.exe', systemRoot), ownerOnlyAclArgs(dir, sid));
}

;// CONCATENATED MODULE: ./lib/export/files.js
// Secrets as files: a fresh 0700 directory under RUNNER_TEMP (on Windows: an ACL for this user only),
// one 0600 file per secret, removed by the post step.





const PKCS12 = 'application/x-pkcs12';
/** A certificate's PFX, as Key Vault keeps it: base64 text. */
const isPkcs12 = (bundle) => bundle.contentType?.trim().toLowerCase() === PKCS12;
/** A PFX file gets the decoded bytes; PEM and everything else: the text. */
function fileContent(bundle) {
    return isPkcs12(bundle) ? Buffer.from(bundle.value, 'base64') : Buffer.from(bundle.value, 'utf8');
}
/** The prefix of every directory this action creates under RUNNER_TEMP. */
const FILES_DIR_PREFIX = 'keyvault-secrets-';
/** whoami and icacls, bounded: neither should take more than a moment. */
const runProgram = (file, args) => (0,external_node_child_process_.execFileSync)(file, args, { encoding: 'utf8', windowsHide: true, timeout: 15_000, stdio: ['ignore', 'pipe', 'pipe'] });
/**
 * A new directory only this user can enter. mkdtemp creates it 0700, which is what protects it on
 * Linux and macOS; NTFS ignores the mode, so on Windows the directory gets an ACL with one entry,
 * this user, inherited by the files written in it. If that fails, the directory is removed and the
 * step fails: no secret is written where others could read it.
 */
function createFilesDir(runnerTemp, platform = process.platform, run = runProgram) {
    const dir = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(runnerTemp, FILES_DIR_PREFIX));
    if (platform !== 'win32')
        return dir;
    try {
        restrictToCurrentUser(dir, run, process.env.SystemRoot);
    }
    catch (error) {
        (0,external_node_fs_.rmdirSync)(dir);
        const code = error ?? {};
        const why = typeof code.code === 'string' ? code.code : typeof code.status === 'number' ? `exit code ${code.status}` : 'it failed';
        throw new errors/* ActionError */.l(`Could not make ${dir} readable by this user only (whoami /user, then icacls /inheritance:r /grant:r: ${why}), so no secret file was written there. Nothing was exported.`, (0,errors/* errorMessage */.g)(error));
    }
    return dir;
}
/** Writes one file, readable by this user only; never overwrites. */
function writeSecretFile(path, content) {
    const fd = (0,external_node_fs_.openSync)(path, 'wx', 0o600);
    try {
        (0,external_node_fs_.writeSync)(fd, content);
    }
    finally {
        (0,external_node_fs_.closeSync)(fd);
    }
}
/**
 * What saved state may name, checked before anything is removed: a directory directly under
 * RUNNER_TEMP whose name this action gives, not a symlink, and files directly inside it. Paths are
 * compared after realpath, so neither ".." nor a symlink leads anywhere else. State is a file any
 * earlier step could have written to, so it is not trusted.
 */
function checkWritten(state, runnerTemp) {
    let parsed;
    try {
        parsed = JSON.parse(state);
    }
    catch {
        return { problem: 'the saved state is not JSON' };
    }
    const { dir, files } = (parsed ?? {});
    if (typeof dir !== 'string' || !Array.isArray(files) || !files.every((f) => typeof f === 'string'))
        return { problem: 'the saved state does not name a directory and its files' };
    if (!runnerTemp)
        return { problem: 'RUNNER_TEMP is not set' };
    const named = checkWrittenPaths(dir, files);
    if (named !== undefined)
        return { problem: named };
    try {
        const temp = realpathSync(runnerTemp);
        if (!lstatSync(dir).isDirectory() || realpathSync(dir) !== join(temp, basename(dir)))
            return { problem: 'the saved directory is not directly under RUNNER_TEMP' };
    }
    catch {
        return { problem: 'the saved directory does not exist' };
    }
    return { written: { dir, files } };
}
/**
 * The checks on saved paths that need no file system, for the platform's path rules (path.win32 on
 * Windows, where "\\" and "/" both separate; compared exactly, so a path spelt another way fails safe). Undefined when they pass.
 */
function checkWrittenPaths(dir, files, path = nodePath) {
    if (!path.isAbsolute(dir) || dir.split(/[\\/]/).includes('..') || !path.basename(dir).startsWith(FILES_DIR_PREFIX))
        return 'the saved directory is not one this action creates';
    const inside = (f) => path.dirname(f) === dir && !f.split(/[\\/]/).includes('..') && !path.basename(f).startsWith('.');
    if (!files.every(inside))
        return 'a saved file is not directly inside the saved directory';
    return undefined;
}
const nodeFs = { lstatSync: external_node_fs_.lstatSync, rmSync: (p) => (0,external_node_fs_.rmSync)(p), rmdirSync: (p) => (0,external_node_fs_.rmdirSync)(p), readdirSync: (p) => (0,external_node_fs_.readdirSync)(p) };
const codeOf = (error) => {
    const code = error?.code;
    return typeof code === 'string' && /^[A-Z][A-Z0-9_]{0,31}$/.test(code) ? code : 'unknown error';
};
/** Removes the regular files listed (never a symlink or a directory), then the directory if nothing else is in it. Says what it could not remove, and why. */
function removeWritten({ dir, files }, fs = nodeFs) {
    const result = { removed: [], failed: [], replaced: [], dirRemoved: false, others: [] };
    for (const file of files) {
        if (external_node_path_.dirname(file) !== dir)
            continue; // only ever inside the step's own directory
        try {
            if (!fs.lstatSync(file).isFile()) {
                result.replaced.push(file);
                continue;
            }
            fs.rmSync(file);
            result.removed.push(file);
        }
        catch (error) {
            if (codeOf(error) === 'ENOENT')
                result.removed.push(file); // already gone
            else
                result.failed.push({ file, code: codeOf(error) });
        }
    }
    try {
        fs.rmdirSync(dir); // fails, and so keeps the directory, if anything else is in it
        result.dirRemoved = true;
    }
    catch (error) {
        if (codeOf(error) === 'ENOENT') {
            result.dirRemoved = true;
            return result;
        }
        result.dirCode = codeOf(error);
        const ours = new Set(result.failed.map((f) => external_node_path_.basename(f.file)));
        try {
            result.others = fs.readdirSync(dir).filter((name) => !ours.has(name));
        }
        catch {
            // unreadable: nothing to say about what is in it
        }
    }
    return result;
}

;// CONCATENATED MODULE: ./lib/export/remediation.js
// What the export stage says about values it exports, and about the job summary.
const EMPTY_VALUE_WARNING = (alias) => `${alias} is empty (or only whitespace): it is exported, but such a value cannot be masked.`;
const ExportRemediation = {
    masksNotDelivered: (timeoutSeconds) => `The runner did not read this step's log within timeout (${timeoutSeconds} s), so it may not hold every value's mask yet; nothing was exported. Raise timeout, or look at what keeps the runner busy.`,
    summaryNotWritten: (code) => `The secrets were exported, but the job summary could not be written${code ? ` (${code})` : ''}. The step still succeeds.`,
};

// EXTERNAL MODULE: ./lib/runner/untrusted.js
var untrusted = __webpack_require__(1528);
;// CONCATENATED MODULE: ./lib/export/publish.js
// Masks every value, then writes: files, outputs always, env vars if asked. All or nothing.






/** Registers every value (and line) with the masker before anything is written. */
function maskAll(exporter, log, items) {
    const masked = new Set();
    const mask = (piece) => {
        if (!masked.has(piece))
            exporter.setSecret(piece);
        masked.add(piece);
    };
    for (const item of items) {
        item.masks.forEach(mask);
        if (item.unmaskedBecause)
            log.info(`${item.name} is not masked: ${item.unmaskedBecause} (see README, "JSON secrets").`);
        else if (item.masks.length === 0)
            log.warning(EMPTY_VALUE_WARNING(item.name));
    }
}
/** Writes files, then outputs and env vars; if any write fails, removes every one of them. */
function exportAll(exporter, items, exportEnv) {
    const files = items.filter((i) => i.via === 'file');
    let written;
    try {
        if (files.length > 0) {
            const dir = createFilesDir(exporter.tempDir());
            written = { dir, files: files.map((f) => (0,external_node_path_.join)(dir, f.fileName)) };
            // Saved first, so the post step removes them even if this step dies halfway.
            exporter.saveState(constants/* States */.DG.WrittenFiles, JSON.stringify(written));
            files.forEach((item, i) => {
                const path = written.files[i];
                try {
                    writeSecretFile(path, fileContent(item.source.bundle));
                }
                catch (error) {
                    const code = error.code;
                    throw new errors/* ActionError */.l(`Could not write the file for ${item.name} (${item.source.ref.input} line ${item.source.ref.line}) in ${written.dir}: ${code === 'EEXIST' ? 'a file of that name already exists' : typeof code === 'string' ? code : 'write failed'}. Nothing was exported.`, (0,errors/* errorMessage */.g)(error));
                }
                item.value = path;
            });
        }
        exporter.atomically(() => {
            for (const item of items) {
                try {
                    exporter.setOutput(item.name, item.value);
                    if (exportEnv)
                        exporter.exportVariable(item.name, item.value);
                }
                catch (error) {
                    if (error instanceof errors/* ActionError */.l)
                        throw error;
                    // @actions/core's message names its delimiter, never the value; still, say only the name.
                    const { input, line } = item.source.ref;
                    throw new errors/* ActionError */.l(`Could not export ${item.name} (${input} line ${line}): the runner's file commands refused its value, which contains their delimiter. Nothing was exported.`, (0,errors/* errorMessage */.g)(error));
                }
            }
        });
    }
    catch (error) {
        if (written)
            removeWritten(written);
        throw error;
    }
}
const shortVersion = (version) => (0,untrusted/* untrusted */.b)(version, 8);
/** One log line per export: name, where it came from, which version. Never a value. */
function describeExport(item) {
    const { ref, bundle } = item.source;
    const from = `${ref.vault.name}/${(0,untrusted/* untrusted */.b)(ref.name)}${item.jsonPath ? ` → ${item.jsonPath}` : ''} (version ${shortVersion(bundle.version)})`;
    return item.via === 'file' ? `${item.name} ← ${from}, as the file ${item.value}` : `${item.name} ← ${from}`;
}

// EXTERNAL MODULE: ./lib/export/mask.js
var mask = __webpack_require__(8740);
// EXTERNAL MODULE: ./lib/inputs/cloud.js
var inputs_cloud = __webpack_require__(1944);
;// CONCATENATED MODULE: ./lib/inputs/references.js
// The `secrets` input, parsed. Pure and total: every mistake comes back as an InputProblem, nothing throws.


const SECRET_NAME = /^[0-9A-Za-z-]{1,127}$/;
const NAME_PREFIX = /^[0-9A-Za-z-]{0,126}$/;
const SECRET_VERSION = /^[0-9A-Fa-f]{32}$/;
const ALIAS = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Key Vault's rule: 3–24 letters, digits and dashes; starts with a letter, ends with a letter or digit, no "--". */
const VAULT_NAME = /^(?=.{3,24}$)[A-Za-z](?:[A-Za-z0-9]|-(?!-))*[A-Za-z0-9]$/;
const ok = (value) => ({ ok: true, value });
const fail = (message) => ({ ok: false, message });
/** The default alias of a secret name: upper-cased, dashes become underscores. */
function defaultAlias(name) {
    return name.toUpperCase().replaceAll('-', '_');
}
/** A vault given as a name or as its URL, for the chosen cloud. */
function parseVault(text, cloud) {
    const value = text.trim();
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
        const url = parseHttpsUrl(value);
        if (!url.ok)
            return url;
        const vault = vaultOfUrl(url.value, cloud);
        if (!vault.ok)
            return vault;
        if (url.value.pathname !== '/' || url.value.search || url.value.hash) {
            return fail(`"${value}" has a path; give the vault URL alone, ${vault.value.url}`);
        }
        return vault;
    }
    if (!VAULT_NAME.test(value)) {
        return fail(`"${value}" is not a Key Vault name: 3–24 letters, digits and dashes, starting with a letter`);
    }
    return ok({ name: value, url: (0,inputs_cloud/* vaultUrl */.qK)(value, cloud) });
}
function parseHttpsUrl(text) {
    let url;
    try {
        url = new URL(text);
    }
    catch {
        return fail(`"${text}" is not a valid URL`);
    }
    if (url.protocol !== 'https:')
        return fail(`"${text}" must use https://`);
    if (url.username || url.password || url.port)
        return fail(`"${text}" must not carry a port or credentials`);
    return ok(url);
}
/** The vault a URL points at, when its host is a Key Vault host of the chosen cloud. */
function vaultOfUrl(url, cloud) {
    const host = url.hostname.toLowerCase();
    const suffix = inputs_cloud/* CLOUDS */.JJ[cloud].vaultSuffix;
    const hostCloud = (0,inputs_cloud/* cloudOfHost */.HN)(host);
    if (hostCloud !== undefined && hostCloud !== cloud) {
        return fail(`${host} is a ${hostCloud} vault, but cloud is ${cloud}; set cloud: ${hostCloud} or use a *.${suffix} vault`);
    }
    if (!host.endsWith(`.${suffix}`))
        return fail(`${host} is not a Key Vault host; ${cloud} vaults are NAME.${suffix}`);
    const name = host.slice(0, -suffix.length - 1);
    if (!VAULT_NAME.test(name))
        return fail(`"${name}" in ${host} is not a Key Vault name`);
    return ok({ name, url: `https://${host}/` });
}
function parseNameAndVersion(path) {
    const parts = path.split('/');
    if (parts.length > 2)
        return fail(`"${path}" has too many parts; write name or name/version`);
    const [name = '', version] = parts;
    if (name.endsWith('*')) {
        const prefix = name.slice(0, -1);
        if (version !== undefined)
            return fail(`"${path}": a wildcard takes the latest version of each secret; remove /${version}`);
        if (!NAME_PREFIX.test(prefix))
            return fail(`"${name}" is not a valid wildcard: a name prefix (letters, digits and dashes) followed by one *`);
        return ok({ name: prefix, wildcard: true });
    }
    if (!SECRET_NAME.test(name)) {
        return fail(`"${name}" is not a valid secret name: Key Vault names use 1–127 letters, digits and dashes`);
    }
    if (version !== undefined && !SECRET_VERSION.test(version)) {
        return fail(`"${version}" is not a secret version: a version is 32 hexadecimal characters`);
    }
    return ok(version === undefined ? { name } : { name, version });
}
function parseSecretUrl(text, cloud) {
    const url = parseHttpsUrl(text);
    if (!url.ok)
        return url;
    const vault = vaultOfUrl(url.value, cloud);
    if (!vault.ok)
        return vault;
    if (url.value.search || url.value.hash)
        return fail(`"${text}" must not have a query or fragment`);
    const match = /^\/secrets\/(.*?)\/?$/.exec(url.value.pathname);
    if (!match || match[1] === '')
        return fail(`"${text}" is not a secret URL: ${vault.value.url}secrets/NAME[/VERSION]`);
    const secret = parseNameAndVersion(match[1]);
    if (!secret.ok)
        return secret;
    return ok({ vault: vault.value, ...secret.value });
}
/** One reference: [ALIAS=]name[/version] or [ALIAS=]https://VAULT.<suffix>/secrets/name[/version]. */
function parseReference(text, defaultVault, cloud) {
    // An alias comes before the first "="; a URL's query may hold "=" too, so a "/" or ":" before it means no alias.
    const eq = /^[^=/:]*=/.test(text) ? text.indexOf('=') : -1;
    const aliasText = eq >= 0 ? text.slice(0, eq).trim() : undefined;
    const targetText = eq >= 0 ? text.slice(eq + 1).trim() : text;
    if (aliasText === '')
        return fail(`"${text}" has an empty alias before "="`);
    if (targetText === '')
        return fail(`"${text}" names no secret after "="`);
    if (aliasText !== undefined && !ALIAS.test(aliasText)) {
        return fail(`"${aliasText}" is not a valid alias: use letters, digits and _, not starting with a digit`);
    }
    let target;
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(targetText)) {
        target = parseSecretUrl(targetText, cloud);
    }
    else {
        const secret = parseNameAndVersion(targetText);
        if (!secret.ok)
            return secret;
        if (defaultVault === undefined) {
            return fail(`"${targetText}" names no vault: set the keyvault input, or write the secret's URL`);
        }
        target = ok({ vault: defaultVault, ...secret.value });
    }
    if (!target.ok)
        return target;
    if (target.value.wildcard) {
        if (aliasText !== undefined)
            return fail(`"${text}": a wildcard exports each secret under its default alias; remove ${aliasText}=`);
        return ok({ alias: '', explicitAlias: false, ...target.value });
    }
    const alias = aliasText ?? defaultAlias(target.value.name);
    if (!ALIAS.test(alias)) {
        return fail(`"${target.value.name}" has no usable default alias ("${alias}" is not a valid name); give one: MY_ALIAS=${targetText}`);
    }
    return ok({ alias, explicitAlias: aliasText !== undefined, ...target.value });
}
/**
 * Every reference in a multi-line input. One per line; commas also separate.
 * Blank lines and lines starting with # are skipped but still counted.
 */
function parseReferences(input, text, options) {
    const references = [];
    const wildcards = [];
    const problems = [];
    const lines = text.split(/\r\n|\r|\n/);
    lines.forEach((rawLine, index) => {
        const line = index + 1;
        const trimmed = rawLine.trim();
        if (trimmed === '' || trimmed.startsWith('#'))
            return;
        for (const item of trimmed.split(',')) {
            const itemText = item.trim();
            if (itemText === '')
                continue;
            const parsed = parseReference(itemText, options.defaultVault, options.cloud);
            if (!parsed.ok) {
                problems.push({ input, line, message: parsed.message });
                continue;
            }
            const { alias, vault, name, version, wildcard } = parsed.value;
            if (wildcard)
                wildcards.push({ input, line, text: itemText, vault, prefix: name });
            else
                references.push({ input, line, text: itemText, alias, vault, name, ...(version !== undefined ? { version } : {}) });
        }
    });
    return { references, wildcards, problems };
}
/** A name that must never become an environment variable, in any case. */
function isProtectedName(alias, { names, prefixes, suffixes }) {
    const upper = alias.toUpperCase();
    return names.includes(upper) || prefixes.some((p) => upper.startsWith(p)) || suffixes.some((s) => upper.endsWith(s));
}
/**
 * Problems with the set of names a run would export: protected names and duplicates (compared
 * without case, since the runner's expressions read outputs without regard to case). A name in
 * `protectedNames` is refused whoever wrote it; a name in `writtenOnly` only when a wildcard or a JSON
 * key brought it in, since then a vault writer chose it, not the workflow.
 */
function checkAliases(exports, protectedNames = constants/* PROTECTED_ENV */.Fc, writtenOnly = constants/* WRITTEN_ONLY_ENV */.P2) {
    const problems = [];
    const seen = new Map();
    for (const ref of exports) {
        const problem = protectedProblem(ref, protectedNames, writtenOnly);
        if (problem !== undefined) {
            problems.push({ input: ref.input, line: ref.line, message: problem });
            continue;
        }
        const key = ref.alias.toUpperCase();
        const first = seen.get(key);
        if (first) {
            const where = first.input === ref.input ? `line ${first.line}` : `${first.input} line ${first.line}`;
            problems.push({
                input: ref.input,
                line: ref.line,
                message: `"${ref.text}"${ref.matchedBy ? `, matched by ${ref.matchedBy},` : ''} exports ${ref.alias}, already exported by "${first.text}" on ${where}; give one of them another alias`,
            });
            continue;
        }
        seen.set(key, ref);
    }
    return problems;
}
/** Why a name may not be exported, if it may not. */
function protectedProblem(ref, protectedNames, writtenOnly) {
    if (isProtectedName(ref.alias, protectedNames)) {
        if (ref.matchedBy)
            return `"${ref.text}", matched by ${ref.matchedBy}, would set ${ref.alias}, a protected name that is never exported; narrow the prefix and list it by name with another alias: OTHER_NAME=${ref.text}`;
        if (ref.jsonPath !== undefined)
            return `"${ref.text}" would set ${ref.alias}, a protected name that is never exported; give the secret another alias, or read it whole with parse-json: false`;
        return `"${ref.text}" would set ${ref.alias}, a protected name that is never exported; give it another alias: OTHER_NAME=${ref.text.replace(/^[^=]*=/, '')}`;
    }
    if (!isProtectedName(ref.alias, writtenOnly))
        return undefined;
    // Only a reference the workflow writes by name may set these: a wildcard or a JSON key is the vault's choice.
    if (ref.matchedBy)
        return `"${ref.text}", matched by ${ref.matchedBy}, would set ${ref.alias}, a protected name that a wildcard never sets (it changes how other programs run); narrow the prefix, and if you mean it, list it by name: ${ref.alias}=${ref.text}`;
    if (ref.jsonPath !== undefined)
        return `"${ref.text}" would set ${ref.alias}, a protected name that a JSON key never sets (it changes how other programs run); give the secret another alias, or read it whole with parse-json: false`;
    return undefined;
}
function formatProblem(problem) {
    return problem.line !== undefined ? `${problem.input} line ${problem.line}: ${problem.message}` : `${problem.input}: ${problem.message}`;
}

// EXTERNAL MODULE: ./lib/inputs/resourceCatalog.js
var resourceCatalog = __webpack_require__(7334);
;// CONCATENATED MODULE: ./lib/inputs/resources.js



const EXPIRES_ON_SUFFIX = '_EXPIRES_ON';
/** The variable acr-login writes; the action's own, not an alias. */
const DOCKER_CONFIG_ENV = 'DOCKER_CONFIG';
const resources_fail = (message) => ({ ok: false, message });
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STORAGE_ACCOUNT_ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Storage\/storageAccounts\/([^/]+)$/i;
const RESOURCE_GROUP = /^[-\w.()]{1,90}$/;
const STORAGE_ACCOUNT = /^[a-z0-9]{3,24}$/;
const REGISTRY_NAME = /^[A-Za-z0-9]{5,50}$/;
/** Splits "ALIAS=target"; a "/" or ":" before the first "=" means there is no alias (as in secrets). */
function splitAlias(text, what) {
    const eq = /^[^=/:]*=/.test(text) ? text.indexOf('=') : -1;
    if (eq < 0)
        return { ok: true, value: { target: text } };
    const alias = text.slice(0, eq).trim();
    const target = text.slice(eq + 1).trim();
    if (alias === '')
        return resources_fail(`"${text}" has an empty alias before "="`);
    if (target === '')
        return resources_fail(`"${text}" names no ${what} after "="`);
    if (!ALIAS.test(alias))
        return resources_fail(`"${alias}" is not a valid alias: use letters, digits and _, not starting with a digit`);
    return { ok: true, value: { alias, target } };
}
function eachItem(input, text, parse) {
    const problems = [];
    text.split(/\r\n|\r|\n/).forEach((raw, index) => {
        const trimmed = raw.trim();
        if (trimmed === '' || trimmed.startsWith('#'))
            return;
        for (const item of trimmed.split(',')) {
            const itemText = item.trim();
            if (itemText === '')
                continue;
            const message = parse(itemText, index + 1);
            if (message !== undefined)
                problems.push({ input, line: index + 1, message });
        }
    });
    return problems;
}
function parseResource(target, cloud) {
    const lower = target.toLowerCase();
    if (resourceCatalog/* WELL_KNOWN_TOKENS */.wz.includes(lower)) {
        const wellKnown = lower;
        return { ok: true, value: { resource: (0,resourceCatalog/* wellKnownResource */.w1)(wellKnown, cloud), wellKnown } };
    }
    if (GUID.test(target))
        return { ok: true, value: { resource: target } }; // an application (client) id
    if (/^api:\/\/[^\s/]+(\/[^\s]*)?$/i.test(target))
        return { ok: true, value: { resource: target.replace(/\/+$/, '') } };
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) {
        let url;
        try {
            url = new URL(target);
        }
        catch {
            return resources_fail(`"${target}" is not a valid URL`);
        }
        if (url.protocol !== 'https:')
            return resources_fail(`"${target}" must use https:// (or be an api:// application id URI)`);
        if (url.username || url.password || url.search || url.hash)
            return resources_fail(`"${target}" must not carry credentials, a query or a fragment`);
        return { ok: true, value: { resource: target.replace(/\/+$/, '') } };
    }
    return resources_fail(`"${target}" is not a resource: write one of ${resourceCatalog/* WELL_KNOWN_TOKENS */.wz.join(', ')}, an application id URI (api://…), an application id, or an https:// resource URI`);
}
function parseTokens(text, cloud) {
    const input = constants/* Inputs */.G0.Tokens;
    const tokens = [];
    const problems = eachItem(input, text, (item, line) => {
        const split = splitAlias(item, 'resource');
        if (!split.ok)
            return split.message;
        const parsed = parseResource(split.value.target, cloud);
        if (!parsed.ok)
            return parsed.message;
        const alias = split.value.alias ?? (parsed.value.wellKnown ? `${parsed.value.wellKnown.toUpperCase()}_TOKEN` : undefined);
        if (alias === undefined)
            return `"${item}" needs an alias for its output: MY_TOKEN=${split.value.target}`;
        tokens.push({ input, line, text: item, alias, ...parsed.value });
        return undefined;
    });
    return { tokens, problems };
}
function parseStorageKeys(text) {
    const input = constants/* Inputs */.G0.StorageKeys;
    const storageKeys = [];
    const problems = eachItem(input, text, (item, line) => {
        const split = splitAlias(item, 'storage account');
        if (!split.ok)
            return split.message;
        const hash = split.value.target.indexOf('#');
        const id = hash >= 0 ? split.value.target.slice(0, hash) : split.value.target;
        const selectText = hash >= 0 ? split.value.target.slice(hash + 1).toLowerCase() : 'key1';
        if (!['key1', 'key2', 'connection-string'].includes(selectText))
            return `"#${split.value.target.slice(hash + 1)}" is not what a storage key reference can select: #key1 (the default), #key2 or #connection-string`;
        const match = STORAGE_ACCOUNT_ID.exec(id.replace(/\/+$/, ''));
        if (!match)
            return `"${id}" is not a storage account resource id: /subscriptions/SUB/resourceGroups/RG/providers/Microsoft.Storage/storageAccounts/NAME (az storage account show -n NAME --query id -o tsv)`;
        const [, subscription = '', resourceGroup = '', account = ''] = match;
        if (!GUID.test(subscription))
            return `"${subscription}" is not a subscription id (a GUID): az account show --query id -o tsv`;
        if (!RESOURCE_GROUP.test(resourceGroup))
            return `"${resourceGroup}" is not a resource group name`;
        if (!STORAGE_ACCOUNT.test(account))
            return `"${account}" is not a storage account name: 3–24 lower-case letters and digits`;
        const select = selectText;
        const suffix = select === 'key1' ? '_KEY' : select === 'key2' ? '_KEY2' : '_CONNECTION_STRING';
        const alias = split.value.alias ?? `${account.toUpperCase()}${suffix}`;
        if (!ALIAS.test(alias))
            return `"${account}" has no usable default alias ("${alias}"); give one: MY_KEY=${split.value.target}`;
        storageKeys.push({ input, line, text: item, alias, accountId: id.replace(/\/+$/, ''), subscription, resourceGroup, account, select });
        return undefined;
    });
    return { storageKeys, problems };
}
function parseAcrLogins(text, cloud) {
    const input = constants/* Inputs */.G0.AcrLogin;
    const acr = [];
    const suffix = resourceCatalog/* CLOUD_RESOURCES */.Mr[cloud].acrSuffix;
    const seen = new Set();
    const problems = eachItem(input, text, (item, line) => {
        const split = splitAlias(item, 'registry');
        if (!split.ok)
            return split.message;
        let host = split.value.target.toLowerCase().replace(/^https:\/\//, '').replace(/\/+$/, '');
        if (!host.includes('.'))
            host = `${host}.${suffix}`;
        const other = Object.entries(resourceCatalog/* CLOUD_RESOURCES */.Mr).find(([c, r]) => c !== cloud && host.endsWith(`.${r.acrSuffix}`));
        if (other)
            return `${host} is an ${other[0]} registry, but cloud is ${cloud}; set cloud: ${other[0]}`;
        if (!host.endsWith(`.${suffix}`))
            return `"${split.value.target}" is not a container registry: write its name or NAME.${suffix}`;
        const name = host.slice(0, -suffix.length - 1);
        if (!REGISTRY_NAME.test(name))
            return `"${name}" is not a registry name: 5–50 letters and digits`;
        if (seen.has(host))
            return `${host} is listed twice`;
        seen.add(host);
        acr.push({ input, line, text: item, registry: host, name, ...(split.value.alias ? { alias: split.value.alias } : {}) });
        return undefined;
    });
    return { acr, problems };
}
/** Reads the three inputs. */
function readResourceReferences(read, cloud) {
    const t = parseTokens(read(constants/* Inputs */.G0.Tokens), cloud);
    const k = parseStorageKeys(read(constants/* Inputs */.G0.StorageKeys));
    const a = parseAcrLogins(read(constants/* Inputs */.G0.AcrLogin), cloud);
    return { resources: { tokens: t.tokens, storageKeys: k.storageKeys, acr: a.acr }, problems: [...t.problems, ...k.problems, ...a.problems] };
}
const hasResources = (r) => r.tokens.length + r.storageKeys.length + r.acr.length > 0;
/** Every name these references export, for checkAliases with the secrets' names (tokens also claim ALIAS_EXPIRES_ON). */
function resourceExportNames(r) {
    return [
        ...r.tokens.flatMap((t) => [t, { ...t, alias: `${t.alias}${EXPIRES_ON_SUFFIX}` }]),
        ...r.storageKeys,
        ...r.acr.filter((a) => a.alias !== undefined),
    ].map(({ input, line, text, alias }) => ({ input, line, text, alias }));
}
/** DOCKER_CONFIG is the action's own when acr-login is used: no alias may claim it. */
function dockerConfigClash(r, names) {
    if (r.acr.length === 0)
        return [];
    return names
        .filter((n) => n.alias.toUpperCase() === DOCKER_CONFIG_ENV)
        .map((n) => ({ input: n.input, line: n.line, message: `"${n.text}" would set ${DOCKER_CONFIG_ENV}, which acr-login sets to its job-scoped Docker config; give it another alias` }));
}

;// CONCATENATED MODULE: ./lib/export/dockerConfig.js
// acr-login's job-scoped Docker config (issue 15): a fresh 0700 directory under RUNNER_TEMP holding a
// 0600 config.json, exported as DOCKER_CONFIG; the post step removes it as it removes secret files.
// The entry is what `az acr login` leaves: az runs `docker login --username 00000000-0000-0000-0000-000000000000
// --password-stdin` with the ACR refresh token, and docker (with no credential helper) stores
// auths[registry].auth = base64("user:password"). Docker then sends it as Basic auth to the registry's
// token endpoint, which ACR accepts for that user with a refresh token. The runner user's ~/.docker is
// never written; its cli-plugins directory is only named, so user-installed plugins (compose, buildx) still load.



/** The user docker and ACR use with a refresh token as the password. */
const ACR_TOKEN_USER = '00000000-0000-0000-0000-000000000000';
const DOCKER_DIR_PREFIX = `${FILES_DIR_PREFIX}docker-`;
function dockerConfigJson(logins, home) {
    const auths = Object.fromEntries(logins.map((l) => [l.registry, { auth: Buffer.from(`${ACR_TOKEN_USER}:${l.refreshToken}`).toString('base64') }]));
    return `${JSON.stringify({ auths, ...(home ? { cliPluginsExtraDirs: [(0,external_node_path_.join)(home, '.docker', 'cli-plugins')] } : {}) }, null, 2)}\n`;
}
/** The directory and file a run would write; created by writeDockerConfig. */
function createDockerConfigDir(runnerTemp) {
    const dir = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(runnerTemp, DOCKER_DIR_PREFIX));
    return { dir, files: [(0,external_node_path_.join)(dir, 'config.json')] };
}
function writeDockerConfig(written, logins, home) {
    writeSecretFile(written.files[0], Buffer.from(dockerConfigJson(logins, home), 'utf8'));
}

;// CONCATENATED MODULE: ./lib/export/summary.js


const oneLine = (text) => (0,untrusted/* untrusted */.b)(text.replace(/[\r\n]+/g, ' '), 2000);
/**
 * Text in a table cell or list item: one line, rendered as written. No code span, link, image,
 * emphasis, math, mention, HTML, entity, autolink, table cell or list/heading/quote marker comes from
 * the text: GFM's punctuation is backslash-escaped, "&<>" are entities, and "://", "www." and "@"
 * (extended autolinks) are broken with an escape.
 */
const cell = (text) => oneLine(text)
    .trimStart()
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replace(/[\\`*_[\]()!~#|$@{}]/g, '\\$&')
    .replace(/:(?=\/\/)/g, '\\:')
    .replace(/(www)\./gi, '$1\\.')
    .replace(/^([-+=]|\d+(?=[.)]))/, (m) => (/^\d/.test(m) ? `${m}\\` : `\\${m}`));
/**
 * Text as inline code: `text` when nothing in it can close the span or be read as markup there; otherwise
 * the escaped plain text (in a code span a backslash escapes nothing, and a "|" still splits a table cell).
 */
const code = (text) => {
    const line = oneLine(text);
    return /^[^`<>|\\&]*$/.test(line) && line.trim() !== '' ? `\`${line}\`` : cell(line);
};
const summary_day = (date) => (date ? date.toISOString().slice(0, 10) : '–');
/**
 * The runner drops a step summary bigger than this whole, with an error ("$GITHUB_STEP_SUMMARY upload
 * aborted, supports content up to a size of 1024k"; actions/runner CreateStepSummaryCommand).
 */
const STEP_SUMMARY_LIMIT_BYTES = 1024 * 1024;
/** This action's summary stays this far under the limit (UTF-8 bytes, as the runner measures the file). */
const SUMMARY_BUDGET_BYTES = STEP_SUMMARY_LIMIT_BYTES - 32 * 1024;
const bytes = (line) => Buffer.byteLength(line, 'utf8') + 1; // and its newline
const total = (lines) => lines.reduce((sum, line) => sum + bytes(line), 0);
/** As many of `lines` as fit in `budget` bytes; if some do not, the last line says how many were left out. */
function within(lines, budget, more) {
    if (total(lines) <= budget)
        return [...lines];
    const room = budget - bytes(more(lines.length));
    const kept = [];
    let used = 0;
    for (const line of lines) {
        if (used + bytes(line) > room)
            break;
        kept.push(line);
        used += bytes(line);
    }
    return [...kept, more(lines.length - kept.length)];
}
function exportedAs(item, exportEnv) {
    const where = exportEnv ? 'output, env' : 'output';
    if (item.via === 'file')
        return `file (path in ${where})`;
    if (item.via === 'json')
        return `${where} (JSON ${code(item.jsonPath ?? '')})`;
    return where;
}
function successSummary(items, exportEnv, warnings) {
    const rows = items.map((item) => {
        const { ref, bundle } = item.source;
        const expires = bundle.expiresOn ? (bundle.expiresOn.getTime() <= Date.now() ? `⚠️ ${summary_day(bundle.expiresOn)} (expired)` : summary_day(bundle.expiresOn)) : '–';
        return `| ${code(item.name)} | ${cell(ref.vault.name)} | ${cell(ref.name)} | ${code(shortVersion(bundle.version))} | ${summary_day(bundle.updatedOn)} | ${expires} | ${exportedAs(item, exportEnv)} |`;
    });
    const head = [`### 🔐 Key Vault secrets: ${items.length} exported`, '', '| Alias | Vault | Secret | Version | Updated | Expires | Exported as |', '| --- | --- | --- | --- | --- | --- | --- |'];
    const notes = within(warnings.map((w) => `- ${cell(w)}`), SUMMARY_BUDGET_BYTES / 8, (n) => `- … and ${n} more warnings (the step's log has them all)`);
    const tail = ['', ...(warnings.length > 0 ? ['**Warnings**', '', ...notes, ''] : [])];
    const table = within(rows, SUMMARY_BUDGET_BYTES - total(head) - total(tail), (n) => `| … and ${n} more (the step's log lists every export) | | | | | | |`);
    return [...head, ...table, ...tail].join('\n');
}
function failureSummary(failures, count) {
    const short = (reason) => reason.split(':')[0].trim();
    const head = [`### ❌ Key Vault secrets: ${failures.length} of ${count} could not be read; nothing was exported`, '', '| Line | Alias | Vault | Secret | Reason |', '| --- | --- | --- | --- | --- |'];
    const fixHead = ['', '**How to fix**', ''];
    // The table and the fixes share what the budget leaves: a quarter for the table, the rest for the fixes.
    const room = SUMMARY_BUDGET_BYTES - total(head) - total(fixHead) - bytes('');
    const table = within(failures.map((f) => `| ${f.input} ${f.line} | ${code(f.alias)} | ${cell(f.vault)} | ${cell(f.secret)} | ${cell(short(f.reason))} |`), room / 4, (n) => `| … and ${n} more (the step's log lists them) | | | | |`);
    const fixes = within(failures.map((f) => `- ${f.input} line ${f.line}, ${cell(f.vault)}/${cell(f.secret)}: ${cell(f.reason)}`), room - total(table), (n) => `- … and ${n} more (the step's log lists them)`);
    return [...head, ...table, ...fixHead, ...fixes, ''].join('\n');
}

;// CONCATENATED MODULE: ./lib/export/resources.js
// Exports what tokens, storage-keys and acr-login fetched (issue 15) through the same machinery as
// secrets: masked first (maskAll), then written all at once (exportAll), rolled back together on failure.








/** A credential in the shape exportAll and its error messages read (input, line, alias). */
function sourceOf(c, alias) {
    const { input, line, text } = c.ref;
    return { ref: { input, line, text, alias, vault: { name: c.target, url: '' }, name: c.target }, bundle: { value: c.value, version: '', enabled: true } };
}
const aliasOf = (c) => ('alias' in c.ref ? c.ref.alias : undefined);
/** masked: the secret outputs (registered with the masker); plain: expiry times, not secrets. */
function planResourceExports(credentials) {
    const masked = [];
    const plain = [];
    for (const c of credentials) {
        const alias = aliasOf(c);
        if (alias)
            masked.push({ name: alias, value: c.value, masks: [...new Set([...(0,mask/* maskPieces */.km)(c.value), ...(c.alsoMask ?? []).flatMap(mask/* maskPieces */.km)])], source: sourceOf(c, alias), via: 'value' });
        if (c.kind === 'token' && alias && c.expiresOn) {
            plain.push({ name: `${alias}${EXPIRES_ON_SUFFIX}`, value: c.expiresOn.toISOString(), masks: [], source: sourceOf(c, alias), via: 'value' });
        }
    }
    return { masked, plain };
}
/**
 * Writes the Docker config (when acr-login logged in anywhere), then every output and env var. If
 * anything fails, the config directory is removed too: nothing is exported. Returns its directory.
 */
function exportEverything(exporter, items, credentials, exportEnv, home) {
    const logins = credentials.filter((c) => c.kind === 'acr').map((c) => ({ registry: c.target, refreshToken: c.value }));
    let docker;
    try {
        const all = [...items];
        if (logins.length > 0) {
            const first = credentials.find((c) => c.kind === 'acr');
            try {
                docker = createDockerConfigDir(exporter.tempDir());
                // Saved first, so the post step removes it even if this step dies halfway.
                exporter.saveState(constants/* States */.DG.DockerConfig, JSON.stringify(docker));
                writeDockerConfig(docker, logins, home);
            }
            catch (error) {
                const code = error.code;
                throw new errors/* ActionError */.l(`Could not write the Docker config for acr-login under RUNNER_TEMP: ${typeof code === 'string' ? code : 'write failed'}. Nothing was exported.`, (0,errors/* errorMessage */.g)(error));
            }
            // The action's own variable, not an alias: it bypasses the protected-name check on purpose.
            all.push({ name: DOCKER_CONFIG_ENV, value: docker.dir, masks: [], source: sourceOf(first, DOCKER_CONFIG_ENV), via: 'value' });
        }
        exportAll(exporter, all, exportEnv);
        return docker?.dir;
    }
    catch (error) {
        if (docker)
            removeWritten(docker);
        throw error;
    }
}
/** One log line per credential: name, what it is for. Never a value. */
function describeResourceExport(c, dockerDir) {
    const alias = aliasOf(c);
    switch (c.kind) {
        case 'token':
            return `${alias} ← token for ${c.target}, expires ${c.expiresOn?.toISOString() ?? 'unknown'} (${alias}${EXPIRES_ON_SUFFIX}); not refreshed`;
        case 'storage-key':
            return `${alias} ← storage account ${c.target}`;
        case 'acr':
            return `${DOCKER_CONFIG_ENV} ← ${dockerDir ?? ''} logs in to ${c.target}${alias ? `; ${alias} ← its refresh token` : ''}`;
    }
}
function resourcesSummary(credentials, exportEnv) {
    const where = exportEnv ? 'output, env' : 'output';
    const rows = credentials.map((c) => {
        const alias = aliasOf(c) ?? DOCKER_CONFIG_ENV;
        const what = c.kind === 'token' ? 'access token' : c.kind === 'storage-key' ? 'storage key' : 'registry login';
        const expires = c.kind === 'token' && c.expiresOn ? c.expiresOn.toISOString().slice(0, 16).replace('T', ' ') : '–';
        return `| ${code(alias)} | ${c.ref.input} ${c.ref.line} | ${what} | ${cell(c.target)} | ${expires} | ${c.kind === 'acr' ? `Docker config (${where})` : where} |`;
    });
    return [`### 🔑 Credentials from the same identity: ${credentials.length} exported`, '', '| Alias | Line | Kind | For | Expires (UTC) | Exported as |', '| --- | --- | --- | --- | --- | --- |', ...rows, ''].join('\n');
}

;// CONCATENATED MODULE: ./lib/export/deliver.js






async function deliver(out, log, d, config, home, deadline) {
    const { items, credentials, extra } = d;
    if (d.token)
        out.setSecret(d.token);
    maskAll(out, log, [...items, ...extra.masked]);
    const maskedAlready = new Set(extra.masked.flatMap((i) => i.masks));
    for (const value of new Set(d.held))
        if (value !== d.token && !maskedAlready.has(value))
            out.setSecret(value);
    // The runner registers a mask when it reads its line: every mask is in its pipe before any value is in a file.
    if (!(await out.masksDelivered(deadline)))
        throw new errors/* ActionError */.l(ExportRemediation.masksNotDelivered(config.timeoutSeconds));
    const dockerDir = exportEverything(out, [...items, ...extra.masked, ...extra.plain], credentials, config.exportEnv, home);
    const n = credentials.length;
    await log.group(`Exported ${items.length} secret${items.length === 1 ? '' : 's'}${n > 0 ? ` and ${n} credential${n === 1 ? '' : 's'}` : ''}`, async () => {
        for (const item of items)
            log.info(describeExport(item));
        for (const c of credentials)
            log.info(describeResourceExport(c, dockerDir));
    });
    // The values are out: a summary that cannot be written is worth a warning, not a failed step.
    try {
        const secrets = items.length > 0 || n === 0 || d.warnings.length > 0 ? successSummary(items, config.exportEnv, d.warnings) : '';
        await out.writeSummary(secrets + (n > 0 ? `${secrets ? '\n' : ''}${resourcesSummary(credentials, config.exportEnv)}` : ''));
    }
    catch (error) {
        log.warning(ExportRemediation.summaryNotWritten((0,sdkErrors/* errorCode */.CA)(error?.code)));
    }
}

// EXTERNAL MODULE: ./lib/export/json.js
var json = __webpack_require__(2834);
;// CONCATENATED MODULE: ./lib/export/plan.js






/**
 * Expands JSON secrets (parse-json) into leaves and turns files references into files, then checks
 * every resulting name: protected names and collisions are problems, reported before any write.
 * `others`: names the run exports besides secrets (tokens, storage-keys, acr-login), which a wildcard's
 * match or a JSON key must not collide with either. They come first (they passed these checks with the inputs),
 * so a collision is reported on the secret's line.
 */
function planExports(secrets, parseJson, others = []) {
    const items = [];
    const problems = [];
    const fileNames = new Set();
    for (const source of secrets) {
        const { ref, bundle } = source;
        if (ref.input === constants/* Inputs */.G0.Files) {
            if (isPkcs12(bundle) && !BASE64.test(bundle.value.replace(/\s+/g, ''))) {
                problems.push({ input: ref.input, line: ref.line, message: `${ref.alias}: ${ref.vault.name}/${ref.name} has the content type application/x-pkcs12, but its value is not base64, so it is not a certificate's PFX. Fix the content type (az keyvault secret set-attributes --vault-name ${ref.vault.name} -n ${ref.name} --content-type text/plain) or the value.` });
                continue;
            }
            const fileName = uniqueFileName(ref, fileNames);
            items.push({ name: ref.alias, value: '', masks: (0,mask/* maskPieces */.km)(bundle.value), source, via: 'file', fileName });
            continue;
        }
        const expansion = parseJson ? (0,json/* jsonLeaves */.dV)(ref.alias, bundle.value) : undefined;
        if (expansion && 'tooDeep' in expansion) {
            problems.push({ input: ref.input, line: ref.line, message: `${ref.alias}: the JSON in ${ref.vault.name}/${ref.name} nests deeper than ${json/* MAX_JSON_DEPTH */.KX} levels, which parse-json does not expand. Flatten the secret, or read it whole with parse-json: false.` });
            continue;
        }
        if (!expansion) {
            items.push({ name: ref.alias, value: bundle.value, masks: (0,mask/* maskPieces */.km)(bundle.value), source, via: 'value' });
            continue;
        }
        // Never exported whole, but a later step could still print it: its lines are masked too.
        const whole = (0,mask/* maskPieces */.km)(bundle.value);
        for (const leaf of expansion.leaves) {
            const masked = (0,json/* masksLeaf */.kM)(leaf);
            const inArray = (leaf.strings ?? []).filter((s) => (0,json/* masksString */.PU)(s.value, s.path)).flatMap((s) => (0,mask/* maskPieces */.km)(s.value));
            items.push({
                name: leaf.name,
                value: leaf.value,
                masks: [...new Set([...(masked ? (0,mask/* maskPieces */.km)(leaf.value) : []), ...inArray, ...whole])],
                source,
                via: 'json',
                jsonPath: leaf.path,
                ...(masked ? {} : { unmaskedBecause: leaf.kind === 'boolean' || leaf.kind === 'null' ? `it is ${leaf.value}` : `it is shorter than ${json/* MIN_MASKED_LEAF */.gE} characters` }),
            });
        }
    }
    const named = items.map((i) => ({
        input: i.source.ref.input,
        line: i.source.ref.line,
        alias: i.name,
        text: i.via === 'json' ? `${i.source.ref.text} → ${i.jsonPath}` : i.source.ref.text,
        ...(i.source.ref.matchedBy ? { matchedBy: i.source.ref.matchedBy } : {}),
        ...(i.via === 'json' ? { jsonPath: i.jsonPath ?? '' } : {}),
    }));
    return { items, problems: [...problems, ...checkAliases([...others, ...named])] };
}
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/**
 * A file name no other file of this step has (compared without case): the secret's name, else its
 * alias, else alias_2, alias_3… A name Windows keeps for a device (nul, con, com1…) is skipped on
 * every OS, so a workflow gets the same paths wherever it runs.
 */
function uniqueFileName(ref, taken) {
    let name = [ref.name, ref.alias].find((candidate) => isPortableFileName(candidate) && !taken.has(candidate.toLowerCase()));
    for (let n = 2; name === undefined; n++)
        if (!taken.has(`${ref.alias}_${n}`.toLowerCase()))
            name = `${ref.alias}_${n}`;
    taken.add(name.toLowerCase());
    return name;
}

;// CONCATENATED MODULE: ./lib/guard/remediation.js
// What the fork guard says when it refuses, or cannot decide, and how to fix it.
const FORK_GUARD = (event, head, base) => `Refusing to fetch secrets for a ${event} event from the fork ${head} into ${base}: the fork's code would run with this runner's managed identity. ` +
    `GitHub withholds repository secrets from fork pull requests for this reason. If you trust every fork (for example, the job needs approval), set allow-fork-pull-requests: true.`;
const GuardRemediation = {
    eventUnreadable: (event, why) => `Refusing to fetch secrets: this is a ${event} event and its payload cannot be read (${why}), so the fork guard cannot tell whether a fork's code is running. ` +
        `The runner always provides it; if this job runs outside GitHub Actions, set GITHUB_EVENT_NAME and GITHUB_EVENT_PATH, or allow-fork-pull-requests: true.`,
    forkLookupNeedsToken: (repository, number) => `Refusing to fetch secrets: a comment on pull request #${number} of ${repository} triggered this run, and without a token the fork guard cannot look up whether it comes from a fork. ` +
        `Leave github-token at its default (\${{ github.token }}), with permissions: pull-requests: read, or set allow-fork-pull-requests: true.`,
    /** `refused`: GitHub answered 401, 403 or 404, which is what a token without the permission gets. */
    forkLookupFailed: (repository, number, status, refused = true) => `Refusing to fetch secrets: a comment on pull request #${number} of ${repository} triggered this run, and looking the pull request up failed (${status}), so the fork guard cannot tell whether it comes from a fork. ` +
        (refused
            ? `Give the job permissions: pull-requests: read (and contents: read), or set allow-fork-pull-requests: true.`
            : `Check the runner's route to GitHub's API (GITHUB_API_URL, HTTPS_PROXY/NO_PROXY) and https://www.githubstatus.com, then re-run; or set allow-fork-pull-requests: true.`),
    forkLookupTimedOut: (repository, number, seconds) => `Refusing to fetch secrets: a comment on pull request #${number} of ${repository} triggered this run, and GitHub's API did not answer the fork guard's lookup within the timeout (${seconds} s), so it cannot tell whether the pull request comes from a fork. ` +
        `Check the runner's route to GitHub's API (GITHUB_API_URL, HTTPS_PROXY/NO_PROXY), raise timeout, or set allow-fork-pull-requests: true.`,
};

;// CONCATENATED MODULE: ./lib/guard/forkGuard.js
// Fork pull requests on a self-hosted runner would run the fork's code with the VM's identity.
// GitHub withholds secrets from them; so does this action, unless told otherwise. The guard reads
// the event; it is not a sandbox (see README "Security").



const PULL_REQUEST_EVENTS = ['pull_request', 'pull_request_target', 'pull_request_review', 'pull_request_review_comment'];
/** Events whose payload the guard needs: without it, the step fails closed. */
const GUARDED_EVENTS = [...PULL_REQUEST_EVENTS, 'workflow_run', 'issue_comment'];
const nameOf = (repo) => repo?.full_name;
function compareRepos(head, base) {
    // A deleted fork has no head repository: it is not this repository either.
    if (!head)
        return { kind: 'fork', head: 'a deleted fork', base };
    return head.toLowerCase() === base.toLowerCase() ? { kind: 'same-repository' } : { kind: 'fork', head, base };
}
/** Whether this event runs code from a fork's pull request, as far as its payload tells. */
function forkVerdict({ eventName, payload }) {
    const repository = nameOf(payload.repository) ?? 'this repository';
    if (PULL_REQUEST_EVENTS.includes(eventName)) {
        const pr = payload.pull_request;
        if (!pr)
            return { kind: 'not-a-pull-request' };
        return compareRepos(nameOf(pr.head?.repo), nameOf(pr.base?.repo) ?? repository);
    }
    if (eventName === 'workflow_run') {
        // The triggering run's event and head repository; a run from a fork's pull request keeps the fork's.
        const run = payload.workflow_run;
        if (!run || !PULL_REQUEST_EVENTS.includes(run.event ?? ''))
            return { kind: 'not-a-pull-request' };
        return compareRepos(nameOf(run.head_repository), nameOf(run.repository) ?? repository);
    }
    if (eventName === 'issue_comment') {
        const issue = payload.issue;
        if (!issue?.pull_request)
            return { kind: 'not-a-pull-request' };
        if (typeof issue.number !== 'number' || repository === 'this repository')
            return { kind: 'fork', head: 'an unknown repository', base: repository };
        return { kind: 'look-up', repository, number: issue.number };
    }
    return { kind: 'not-a-pull-request' };
}
/** The event's payload, read from GITHUB_EVENT_PATH for the events the guard needs it for; fails closed. */
function readEvent(env = process.env) {
    const eventName = env.GITHUB_EVENT_NAME ?? '';
    if (!GUARDED_EVENTS.includes(eventName))
        return { eventName, payload: {} };
    const path = env.GITHUB_EVENT_PATH;
    let text;
    try {
        if (!path)
            throw new Error('unset');
        text = (0,external_node_fs_.readFileSync)(path, 'utf8');
    }
    catch {
        throw new errors/* ActionError */.l(GuardRemediation.eventUnreadable(eventName, path ? `${path} cannot be read` : 'GITHUB_EVENT_PATH is not set'));
    }
    try {
        const payload = JSON.parse(text);
        if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
            throw new Error('not an object');
        return { eventName, payload: payload };
    }
    catch {
        throw new errors/* ActionError */.l(GuardRemediation.eventUnreadable(eventName, `${path} is not a JSON object`));
    }
}

;// CONCATENATED MODULE: ./lib/guard/guard.js




async function refuseForkPullRequests(config, { event, pullRequest }, deadline) {
    if (config.allowForkPullRequests)
        return;
    const context = await event();
    let verdict = forkVerdict(context);
    if (verdict.kind === 'look-up')
        verdict = await lookUpPullRequest(verdict, config, pullRequest, deadline);
    if (verdict.kind === 'fork')
        throw new errors/* ActionError */.l(FORK_GUARD(context.eventName, verdict.head, verdict.base));
}
/** A comment's pull request, looked up with the job's token; when that cannot be done, the step fails closed. */
async function lookUpPullRequest({ repository, number }, config, pullRequest, deadline) {
    if (!config.githubToken)
        throw new errors/* ActionError */.l(GuardRemediation.forkLookupNeedsToken(repository, number));
    try {
        const repos = await pullRequest(repository, number, config.githubToken, deadline);
        return compareRepos(repos.head, repos.base);
    }
    catch (error) {
        if (deadline.aborted)
            throw new errors/* ActionError */.l(GuardRemediation.forkLookupTimedOut(repository, number, config.timeoutSeconds), (0,errors/* errorMessage */.g)(error));
        const { status, refused } = lookupFailure(error);
        throw new errors/* ActionError */.l(GuardRemediation.forkLookupFailed(repository, number, status, refused), (0,errors/* errorMessage */.g)(error));
    }
}
/** Octokit gives a request that got no answer (refused, no such host, aborted) status 500 too: only an answer has a response. */
function lookupFailure(error) {
    const { status, response } = (error ?? {});
    if (typeof status === 'number' && response !== undefined)
        return { status: `HTTP ${status}`, refused: [401, 403, 404].includes(status) };
    const code = (0,sdkErrors/* factsOf */.xS)(error).codes.find((c) => /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(c));
    return { status: code ? `no answer: ${code}` : 'no answer', refused: false };
}

// EXTERNAL MODULE: ./lib/util/abort.js
var abort = __webpack_require__(2830);
// EXTERNAL MODULE: ./lib/util/backoff.js
var backoff = __webpack_require__(2296);
;// CONCATENATED MODULE: ./lib/util/remediation.js
// Texts every stage uses: a wait that outlived the step's timeout, and a failure nobody foresaw.
const SharedRemediation = {
    timeout: (what, seconds) => `timed out after ${seconds} s waiting for ${what}. Raise the timeout input if the vault is slow, or check the runner's network.`,
    unexpectedFailure: (kind) => `Unexpected failure (${kind}); nothing was exported. Re-run the job with debug logging (RUNNER_DEBUG=1) for the detail, and report it with that log.`,
};

;// CONCATENATED MODULE: ./lib/identity/failures.js
// Turns what a token request threw into the failure the identity stage reports: classified from codes
// and text, none of which is ever shown (it can echo a response).


const UNREACHABLE_CODES = ['EIMDSUNREACHABLE', 'ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN'];
/** Classified from the error's text and codes; none of that text is ever shown (it can echo a response). */
function classifyIdentityError(error, now) {
    // The action's own errors carry their words (file names, sizes), never a response's text.
    const tokenFile = (0,sdkErrors/* causeNamed */.TJ)(error, 'TokenFileError');
    if (typeof tokenFile?.file === 'string' && typeof tokenFile.problem === 'string')
        return { kind: 'token-file', file: tokenFile.file, problem: tokenFile.problem };
    const tooLarge = (0,sdkErrors/* causeNamed */.TJ)(error, 'IdentityAnswerTooLargeError');
    if (typeof tooLarge?.what === 'string')
        return { kind: 'too-large', what: tooLarge.what };
    const facts = (0,sdkErrors/* factsOf */.xS)(error);
    if (facts.names.includes('ImdsBadAnswerError'))
        return { kind: 'not-a-token' };
    if (/ACTIONS_ID_TOKEN_REQUEST|Failed to get ID Token/i.test(facts.text)) {
        const code = /Error Code : (\d{3})/.exec(facts.text)?.[1];
        return { kind: 'no-id-token', status: code ? `HTTP ${code}` : 'no token' };
    }
    if (/unable_to_read_secret_file|unable to read the secret file/i.test(facts.text))
        return { kind: 'arc-key-unreadable' };
    if (/Multiple user assigned identities exist/i.test(facts.text))
        return { kind: 'ambiguous-identity' };
    if (/invalid_resource|AADSTS(50001|500011)\b/.test(facts.text))
        return { kind: 'wrong-cloud' };
    const aadsts = /AADSTS(\d{5,7})\b/.exec(facts.text);
    if (aadsts)
        return { kind: 'entra', code: Number(aadsts[1]) };
    if (/identity not found|No User Assigned or Delegated Managed Identity found|No (Managed Identity|MSI) found/i.test(facts.text))
        return { kind: 'identity-not-found' };
    const unreachable = facts.codes.find((c) => UNREACHABLE_CODES.includes(c));
    if (unreachable || facts.names.includes('ImdsUnreachableError') || /network unreachable/i.test(facts.text)) {
        return { kind: 'unreachable', detail: unreachable ?? 'network unreachable' };
    }
    const status = facts.status ?? Number(/Http status code: (\d{3})/.exec(facts.text)?.[1] ?? NaN);
    if (status === 400)
        return { kind: 'identity-not-found' };
    if (status === 404 || status === 410 || status === 429 || status >= 500 || facts.codes.includes('ECONNRESET')) {
        const wait = (0,backoff/* retryAfterMs */.Vs)(facts.retryAfter, now);
        return { kind: 'retryable', status: Number.isNaN(status) ? 'connection reset' : `HTTP ${status}`, ...(wait !== undefined ? { retryAfterMs: wait } : {}) };
    }
    // Never the error's text: it can hold the body IMDS (or whatever answered) sent.
    return { kind: 'other', status: Number.isNaN(status) ? (facts.codes.find((c) => (0,sdkErrors/* errorCode */.CA)(c)) ?? 'no HTTP status') : `HTTP ${status}` };
}

;// CONCATENATED MODULE: ./lib/inputs/problems.js
// Bad input, refused as one error that lists every problem: before any request (the inputs), or once a
// wildcard's matches or a JSON secret's keys are known (the names they bring in).


const listed = (problems) => problems.map((p) => `  ${formatProblem(p)}`).join('\n');
function refuseInputs(problems) {
    const count = problems.length === 1 ? 'a problem' : `${problems.length} problems`;
    throw new errors/* ActionError */.l(`The inputs have ${count}; nothing was fetched:\n${listed(problems)}`);
}
function refuseProblems(problems) {
    if (problems.length === 0)
        return;
    const need = problems.length === 1 ? 'one name needs' : `${problems.length} names need`;
    throw new errors/* ActionError */.l(`Nothing was exported; ${need} a fix:\n${listed(problems)}`);
}

;// CONCATENATED MODULE: ./lib/inputs/config.js
// The action's inputs, validated all at once. Nothing here touches the network or throws.





/** The auth input's values: auto, or the identity source to use. */
const AUTH_MODES = ['auto', 'imds', 'workload-identity', 'app-service', 'arc', 'github-oidc'];
const config_GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const USER_ASSIGNED_ID = /^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/[^/]+$/i;
// The YAML 1.2 core schema booleans, as @actions/core's getBooleanInput accepts them.
const TRUE = ['true', 'True', 'TRUE'];
const FALSE = ['false', 'False', 'FALSE'];
function readBoolean(read, name, fallback, problems) {
    const text = read(name).trim();
    if (text === '')
        return fallback;
    if (TRUE.includes(text))
        return true;
    if (FALSE.includes(text))
        return false;
    problems.push({ input: name, message: `"${text}" is not a boolean; write true or false` });
    return fallback;
}
function readNumber(read, name, fallback, range, problems) {
    const text = read(name).trim();
    if (text === '')
        return fallback;
    const value = Number(text);
    const inRange = (range.aboveMin ? value > range.min : value >= range.min) && value <= range.max;
    if (!/^[0-9.eE+-]+$/.test(text) || !Number.isFinite(value) || (range.integer && !Number.isInteger(value)) || !inRange) {
        const kind = range.integer ? 'a whole number' : 'a number';
        const bounds = range.aboveMin ? `greater than ${range.min} and at most ${range.max}` : `from ${range.min} to ${range.max}`;
        problems.push({ input: name, message: `"${text}" is not ${kind} ${bounds}` });
        return fallback;
    }
    return value;
}
function readIdentity(read, problems) {
    const given = [constants/* Inputs */.G0.ClientId, constants/* Inputs */.G0.ObjectId, constants/* Inputs */.G0.ResourceId]
        .map((name) => ({ name, value: read(name).trim() }))
        .filter((i) => i.value !== '');
    if (given.length > 1) {
        problems.push({ input: given.map((i) => i.name).join(', '), message: 'select the user-assigned identity with one of client-id, object-id or resource-id, not several' });
        return { kind: 'system' };
    }
    const [selected] = given;
    if (!selected)
        return { kind: 'system' };
    if (selected.name === constants/* Inputs */.G0.ResourceId) {
        if (!USER_ASSIGNED_ID.test(selected.value)) {
            problems.push({ input: selected.name, message: `"${selected.value}" is not a user-assigned identity resource id: /subscriptions/SUB/resourceGroups/RG/providers/Microsoft.ManagedIdentity/userAssignedIdentities/NAME` });
        }
        return { kind: 'resource-id', id: selected.value };
    }
    if (!config_GUID.test(selected.value)) {
        problems.push({ input: selected.name, message: `"${selected.value}" is not a GUID; find it with: az identity show -g RG -n NAME --query ${selected.name === constants/* Inputs */.G0.ClientId ? 'clientId' : 'principalId'}` });
    }
    return { kind: selected.name === constants/* Inputs */.G0.ClientId ? 'client-id' : 'object-id', id: selected.value };
}
function readAuth(read, problems) {
    const text = read(constants/* Inputs */.G0.Auth).trim() || constants/* InputDefaults */.p0.Auth;
    if (AUTH_MODES.includes(text))
        return text;
    problems.push({ input: constants/* Inputs */.G0.Auth, message: `"${text}" is not one of ${AUTH_MODES.join(', ')}` });
    return constants/* InputDefaults */.p0.Auth;
}
function readTenant(read, problems) {
    const text = read(constants/* Inputs */.G0.TenantId).trim();
    if (text !== '' && !config_GUID.test(text))
        problems.push({ input: constants/* Inputs */.G0.TenantId, message: `"${text}" is not a GUID; find it with: az account show --query tenantId -o tsv` });
    return text;
}
/** Reads and checks every input; every problem is reported, not only the first. */
function readConfig(read) {
    const problems = [];
    const cloudText = read(constants/* Inputs */.G0.Cloud).trim() || constants/* InputDefaults */.p0.Cloud;
    let cloud = constants/* InputDefaults */.p0.Cloud;
    if ((0,inputs_cloud/* isCloudName */.fJ)(cloudText))
        cloud = cloudText;
    else
        problems.push({ input: constants/* Inputs */.G0.Cloud, message: `"${cloudText}" is not a cloud this action knows: ${Object.keys(inputs_cloud/* CLOUDS */.JJ).join(', ')}` });
    const vaultText = read(constants/* Inputs */.G0.KeyVault).trim();
    let vault;
    if (vaultText !== '') {
        const parsed = parseVault(vaultText, cloud);
        if (parsed.ok)
            vault = parsed.value;
        else
            problems.push({ input: constants/* Inputs */.G0.KeyVault, message: parsed.message });
    }
    const parsed = [constants/* Inputs */.G0.Secrets, constants/* Inputs */.G0.Files].map((input) => parseReferences(input, read(input), { defaultVault: vault, cloud }));
    const references = parsed.flatMap((p) => p.references);
    const wildcards = parsed.flatMap((p) => p.wildcards);
    // With a bad keyvault input, "names no vault" on every line would only repeat that problem.
    problems.push(...parsed.flatMap((p) => p.problems).filter((p) => vaultText === '' || vault !== undefined || !p.message.includes('names no vault')));
    const { resources, problems: resourceProblems } = readResourceReferences(read, cloud);
    problems.push(...resourceProblems);
    if (references.length + wildcards.length === 0 && !hasResources(resources) && parsed.every((p) => p.problems.length === 0) && resourceProblems.length === 0) {
        problems.push({ input: constants/* Inputs */.G0.Secrets, message: 'names no secret; list one reference per line, e.g. db-password or DB_URL=db-url' });
    }
    const named = [...references, ...resourceExportNames(resources)];
    // With acr-login, an alias DOCKER_CONFIG gets the specific message, not also the protected-name one.
    const clash = dockerConfigClash(resources, named);
    problems.push(...checkAliases(clash.length > 0 ? named.filter((n) => n.alias.toUpperCase() !== DOCKER_CONFIG_ENV) : named), ...clash);
    const config = {
        cloud,
        vault,
        references,
        wildcards,
        identity: readIdentity(read, problems),
        exportEnv: readBoolean(read, constants/* Inputs */.G0.ExportEnv, constants/* InputDefaults */.p0.ExportEnv, problems),
        timeoutSeconds: readNumber(read, constants/* Inputs */.G0.Timeout, constants/* InputDefaults */.p0.TimeoutSeconds, { min: 0, max: 21_600, integer: false, aboveMin: true }, problems),
        allowForkPullRequests: readBoolean(read, constants/* Inputs */.G0.AllowForkPullRequests, constants/* InputDefaults */.p0.AllowForkPullRequests, problems),
        concurrency: readNumber(read, constants/* Inputs */.G0.Concurrency, constants/* InputDefaults */.p0.Concurrency, { min: 1, max: constants/* InputDefaults */.p0.MaxConcurrency, integer: true }, problems),
        parseJson: readBoolean(read, constants/* Inputs */.G0.ParseJson, constants/* InputDefaults */.p0.ParseJson, problems),
        ignoreMissing: readBoolean(read, constants/* Inputs */.G0.IgnoreMissing, constants/* InputDefaults */.p0.IgnoreMissing, problems),
        expiryWarningDays: readNumber(read, constants/* Inputs */.G0.ExpiryWarningDays, constants/* InputDefaults */.p0.ExpiryWarningDays, { min: 0, max: 3650, integer: false }, problems),
        failOnExpired: readBoolean(read, constants/* Inputs */.G0.FailOnExpired, constants/* InputDefaults */.p0.FailOnExpired, problems),
        githubToken: read(constants/* Inputs */.G0.GithubToken).trim(),
        auth: readAuth(read, problems),
        tenantId: readTenant(read, problems),
        resources,
    };
    return problems.length > 0 ? { problems } : { config, problems: [] };
}
/** The action's inputs, or one error listing every problem with them (nothing fetched). */
function parseInputs(read) {
    const { config, problems } = readConfig(read);
    if (config)
        return config;
    return refuseInputs(problems);
}

;// CONCATENATED MODULE: ./lib/identity/source.js
// Where the run's token comes from: every place a self-hosted runner on Azure holds an identity, and
// GitHub OIDC. Decided from the auth input and the environment before any request; pure.




const SOURCE_NAMES = {
    imds: 'Azure VM/VMSS managed identity (IMDS)',
    'workload-identity': 'AKS workload identity',
    'app-service': 'Container Apps / App Service managed identity',
    arc: 'Azure Arc-enabled server managed identity (himds)',
    'github-oidc': 'GitHub OIDC (workload identity federation)',
};
/** "client-id 6f1c…" for a user-assigned selector; undefined for the system-assigned identity or a source without one. */
function selectorText(source) {
    return 'identity' in source && source.identity.kind !== 'system' ? `${source.identity.kind} ${source.identity.id}` : undefined;
}
/**
 * auto picks the host the environment names, in this order: AZURE_FEDERATED_TOKEN_FILE → AKS
 * workload identity; IDENTITY_ENDPOINT with IDENTITY_HEADER → Container Apps / App Service;
 * IDENTITY_ENDPOINT with IMDS_ENDPOINT → Arc; then tenant-id given → GitHub OIDC; otherwise IMDS (a
 * VM or scale set, which no variable announces).
 */
function detectMode(inputs, env) {
    if (inputs.auth !== 'auto')
        return inputs.auth;
    if (env.AZURE_FEDERATED_TOKEN_FILE)
        return 'workload-identity';
    if (env.IDENTITY_ENDPOINT && env.IDENTITY_HEADER)
        return 'app-service';
    if (env.IDENTITY_ENDPOINT && env.IMDS_ENDPOINT)
        return 'arc';
    if (inputs.tenantId)
        return 'github-oidc';
    return 'imds';
}
const problem = (input, message) => ({ problem: { input, message } });
const selectorInput = (identity) => (identity.kind === 'system' ? undefined : identity.kind);
function resolveIdentitySource(inputs, env) {
    const mode = detectMode(inputs, env);
    const selector = selectorInput(inputs.identity);
    if (inputs.tenantId && mode !== 'github-oidc' && mode !== 'workload-identity') {
        return problem(constants/* Inputs */.G0.TenantId, `is used only with GitHub OIDC and AKS workload identity, but auth is ${mode}; remove tenant-id or set auth: github-oidc`);
    }
    switch (mode) {
        case 'imds':
            return { source: { kind: 'imds', identity: inputs.identity } };
        case 'app-service': {
            if (!env.IDENTITY_ENDPOINT || !env.IDENTITY_HEADER)
                return problem(constants/* Inputs */.G0.Auth, 'app-service needs IDENTITY_ENDPOINT and IDENTITY_HEADER, which Container Apps and App Service set when the app has a managed identity; they are not set here');
            return { source: { kind: 'app-service', endpoint: env.IDENTITY_ENDPOINT, identity: inputs.identity } };
        }
        case 'arc': {
            if (selector)
                return problem(selector, 'an Azure Arc-enabled server has only its system-assigned identity; remove client-id, object-id and resource-id');
            if (!env.IDENTITY_ENDPOINT || !env.IMDS_ENDPOINT)
                return problem(constants/* Inputs */.G0.Auth, 'arc needs IDENTITY_ENDPOINT and IMDS_ENDPOINT, which the Connected Machine agent sets for services; add them to the runner service environment (IDENTITY_ENDPOINT=http://localhost:40342/metadata/identity/oauth2/token, IMDS_ENDPOINT=http://localhost:40342)');
            return { source: { kind: 'arc', endpoint: env.IDENTITY_ENDPOINT } };
        }
        case 'workload-identity': {
            if (selector === 'object-id' || selector === 'resource-id')
                return problem(selector, 'AKS workload identity selects the identity by client id only (AZURE_CLIENT_ID, or client-id); remove object-id and resource-id');
            const tokenFile = env.AZURE_FEDERATED_TOKEN_FILE;
            const clientId = inputs.identity.kind === 'client-id' ? inputs.identity.id : env.AZURE_CLIENT_ID;
            const tenantId = inputs.tenantId || env.AZURE_TENANT_ID;
            if (!tokenFile || !clientId || !tenantId) {
                const missing = [!tokenFile && 'AZURE_FEDERATED_TOKEN_FILE', !clientId && 'AZURE_CLIENT_ID (or client-id)', !tenantId && 'AZURE_TENANT_ID (or tenant-id)'].filter(Boolean).join(', ');
                return problem(constants/* Inputs */.G0.Auth, `workload-identity needs ${missing}. The workload identity webhook sets them in pods labelled azure.workload.identity/use: "true" whose service account is annotated with azure.workload.identity/client-id`);
            }
            return { source: { kind: 'workload-identity', tokenFile, clientId, tenantId, ...(env.AZURE_AUTHORITY_HOST ? { authorityHost: env.AZURE_AUTHORITY_HOST } : {}) } };
        }
        case 'github-oidc': {
            if (selector === 'object-id' || selector === 'resource-id')
                return problem(selector, 'GitHub OIDC names the app registration (or user-assigned identity) by client-id; remove object-id and resource-id');
            if (!inputs.tenantId || inputs.identity.kind !== 'client-id') {
                return problem(inputs.tenantId ? constants/* Inputs */.G0.ClientId : constants/* Inputs */.G0.TenantId, 'GitHub OIDC needs both tenant-id and client-id: the tenant, and the client id of the app registration or user-assigned identity that trusts this repository');
            }
            if (!env.ACTIONS_ID_TOKEN_REQUEST_URL || !env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
                return problem(constants/* Inputs */.G0.TenantId, 'GitHub OIDC needs an ID token, and this job may not request one: add "permissions: id-token: write" (and contents: read) to the job or workflow');
            }
            return { source: { kind: 'github-oidc', tenantId: inputs.tenantId, clientId: inputs.identity.id } };
        }
    }
}
/** Where the token comes from, decided before any request; a source this host cannot give is bad input. */
function identitySource(inputs, env) {
    const resolved = resolveIdentitySource(inputs, env);
    if ('problem' in resolved)
        return refuseInputs([resolved.problem]);
    return resolved.source;
}
/** The source for the log: "Azure VM/VMSS managed identity (IMDS), user-assigned (client id …)". */
function describeSource(source) {
    const selector = selectorText(source);
    const clientId = 'clientId' in source ? `, client id ${source.clientId}` : '';
    return `${SOURCE_NAMES[source.kind]}${selector ? `, user-assigned (${selector})` : ''}${clientId}`;
}

;// CONCATENATED MODULE: ./lib/util/shell.js
// Commands printed for an admin to paste. Text the action did not write itself (token claims, ids from
// a token or the platform) goes into a command only when it is one plain word in every shell an admin
// may paste into (sh, PowerShell, cmd): letters, digits and "._:/@+=-", not starting with "-". Any other
// text is shown escaped in the prose, and the command holds a placeholder in its place.
const PLAIN_WORD = /^(?!-)[A-Za-z0-9._:/@+=-]{1,400}$/;
const isPlainWord = (text) => PLAIN_WORD.test(text);
/** One POSIX shell word: the text as is when plain, otherwise single-quoted (a quote inside written '\''). */
const shellArg = (text) => (isPlainWord(text) ? text : `'${text.replaceAll("'", "'\\''")}'`);
/** A JSON argument for the shell: JSON-escaped, then one single-quoted word. */
const jsonArg = (value) => shellArg(JSON.stringify(value));
/** Foreign text for a command: itself when plain, else the placeholder. */
const commandWord = (text, placeholder) => (text !== undefined && isPlainWord(text) ? text : placeholder);
const shell_GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

;// CONCATENATED MODULE: ./lib/identity/remediation.js
// What users read when a token request fails: the cause in plain words and the command that fixes it, per identity source.




const VM_IDENTITY_ASSIGN = 'az vm identity assign -g <resource-group> -n <vm-name>';
const VMSS_IDENTITY_ASSIGN = 'az vmss identity assign -g <resource-group> -n <scale-set-name>';
/** The VM/VMSS (IMDS) texts, which other sources fall back on. */
const ImdsRemediation = {
    identityNotFound: (selector) => selector
        ? `The managed identity endpoint (IMDS) has no identity with ${selector} on this runner's VM: the user-assigned identity is not attached. ` +
            `Attach it: ${VM_IDENTITY_ASSIGN} --identities <identity resource id> (scale sets: ${VMSS_IDENTITY_ASSIGN} --identities <identity resource id>), or fix the id in the action's inputs.`
        : `This runner's VM has no system-assigned managed identity (IMDS answered "Identity not found"). ` +
            `Enable it: ${VM_IDENTITY_ASSIGN} (scale sets: ${VMSS_IDENTITY_ASSIGN}), then grant its principal id access to the vault; or select a user-assigned identity with client-id, object-id or resource-id.`,
    imdsUnreachable: (endpoint, detail) => `The managed identity endpoint ${endpoint} cannot be reached (${detail}). This runner is not an Azure VM or scale set instance, or something blocks the endpoint. ` +
        `Run this job on an Azure VM/VMSS runner with a managed identity. If the runner uses a proxy, 169.254.169.254 must be in NO_PROXY (this action never proxies it, but a transparent proxy or firewall can still intercept it).`,
    imdsError: (endpoint, status) => `The managed identity endpoint ${endpoint} refused to issue a token (${status}). If a proxy or firewall answers for 169.254.169.254, let the runner reach it directly; otherwise check the VM's identity: az vm identity show -g <resource-group> -n <vm-name>`,
    imdsGaveUp: (endpoint, status, seconds) => `The managed identity endpoint ${endpoint} kept failing (last: ${status}) until the ${seconds} s deadline. Retry the job; if it persists, check the VM's identity: az vm identity show -g <resource-group> -n <vm-name>`,
    imdsNotAToken: (endpoint) => `The managed identity endpoint ${endpoint} answered with something that is not a token (cut short, or not JSON). A proxy or firewall may be answering for 169.254.169.254: let the runner reach it directly (NO_PROXY), then retry.`,
};
const CONTAINERAPP_ASSIGN = 'az containerapp job identity assign -g <resource-group> -n <job-name>';
const ARC_HIMDS_GROUP = 'sudo usermod -aG himds <runner-user>, then restart the runner service (sudo ./svc.sh stop && sudo ./svc.sh start)';
/** The fix for each way a token request fails, per identity source. */
const IdentityRemediation = {
    identityNotFound(c) {
        const selector = selectorText(c.source);
        switch (c.source.kind) {
            case 'app-service':
                return selector
                    ? `The Container Apps / App Service identity endpoint has no user-assigned identity with ${selector} ("No User Assigned or Delegated Managed Identity found"). Attach it: ${CONTAINERAPP_ASSIGN} --user-assigned <identity resource id> ` +
                        `(apps: az containerapp identity assign …; App Service: az webapp identity assign …), or fix the id in the action's inputs.`
                    : `This Container Apps job (or app) has no system-assigned managed identity. Enable it: ${CONTAINERAPP_ASSIGN} --system-assigned ` +
                        `(apps: az containerapp identity assign -g <resource-group> -n <app-name> --system-assigned; App Service: az webapp identity assign), then grant its principal id access to the vault; or select a user-assigned identity with client-id, object-id or resource-id.`;
            case 'arc':
                return `The Azure Arc agent (himds) issued no identity for this server. Check the agent: azcmagent show (it must be Connected), then grant the server's principal id access to the vault.`;
            default:
                return ImdsRemediation.identityNotFound(selector);
        }
    },
    ambiguousIdentity: () => `This VM has several user-assigned identities and no system-assigned one, so IMDS cannot choose ("Multiple user assigned identities exist"). ` +
        `Select one with client-id, object-id or resource-id; list them with: az vm identity show -g <resource-group> -n <vm-name> --query userAssignedIdentities (scale sets: az vmss identity show …).`,
    /** A token for another resource (tokens, storage-keys, acr-login: issue 15) refused as unknown. */
    unknownResource: (scope, cloud) => {
        const resource = scope.replace(/\/\.default$/, '');
        return `Microsoft Entra ID knows no resource ${(0,untrusted/* untrusted */.b)(resource)} in this tenant (invalid_resource, AADSTS500011). Check the application id URI ` +
            `(az ad sp list --filter "servicePrincipalNames/any(n:n eq '${commandWord(resource, '<app-id-uri>')}')" --query "[].appId"), and for a well-known name that cloud (${cloud}) is the runner's cloud.`;
    },
    wrongCloud: (c) => `The token for ${(0,inputs_cloud/* vaultResource */.lr)(c.cloud)} was refused as an unknown resource (invalid_resource): cloud is ${c.cloud}, which is not the cloud this runner's identity lives in. ` +
        `Set cloud to that cloud (az cloud show --query name -o tsv): AzureCloud, AzureUSGovernment or AzureChinaCloud.`,
    entra(code, c) {
        const source = c.source;
        if (source.kind !== 'workload-identity' && source.kind !== 'github-oidc')
            return `Microsoft Entra ID refused the token (AADSTS${code}); see https://login.microsoftonline.com/error?code=${code}`;
        const aks = source.kind === 'workload-identity';
        // iss and sub come from the federated token: shown escaped, and in the commands only as plain words.
        const issDefault = aks ? '<your AKS OIDC issuer: az aks show -g <rg> -n <cluster> --query oidcIssuerProfile.issuerUrl -o tsv>' : 'https://token.actions.githubusercontent.com';
        const subDefault = aks ? 'system:serviceaccount:<namespace>:<service-account>' : 'repo:<owner>/<repo>:ref:refs/heads/<branch>';
        const claim = (value, fallback, placeholder) => value === undefined ? { text: fallback, arg: fallback, plain: true } : { text: (0,untrusted/* untrusted */.b)(value, 300), arg: commandWord(value, placeholder), plain: isPlainWord(value) };
        const iss = claim(c.claims?.iss, issDefault, '<issuer>');
        const sub = claim(c.claims?.sub, subDefault, '<subject>');
        const unsafe = [!iss.plain && 'issuer', !sub.plain && 'subject'].filter(Boolean);
        const unsafeNote = unsafe.length
            ? ` The token's ${unsafe.join(' and ')} holds characters that are not safe to paste into a shell, so the commands below show ${unsafe.map((u) => `<${u}>`).join(' and ')} in ${unsafe.length > 1 ? 'their' : 'its'} place: fill in the value you mean to trust, quoted for your shell.`
            : '';
        const clientId = commandWord(source.clientId, '<client-id>');
        const params = (name) => jsonArg({ name, issuer: iss.arg, subject: sub.arg, audiences: ['api://AzureADTokenExchange'] });
        const clientIdText = aks ? 'AZURE_CLIENT_ID (the azure.workload.identity/client-id annotation on the runner\'s service account)' : 'client-id';
        const tenantText = aks ? 'AZURE_TENANT_ID' : 'tenant-id';
        switch (code) {
            case 70021:
                return aks
                    ? `Microsoft Entra ID has no federated credential on the identity with client id ${(0,untrusted/* untrusted */.b)(source.clientId, 80)} that matches this pod's service account token (AADSTS70021). The token's issuer is ${iss.text} and its subject is ${sub.text}.${unsafeNote} ` +
                        `Add one: az identity federated-credential create --name actions-runner --identity-name <identity-name> --resource-group <resource-group> --issuer ${iss.arg} --subject ${sub.arg} --audiences api://AzureADTokenExchange ` +
                        `(for an app registration: az ad app federated-credential create --id ${clientId} --parameters ${params('actions-runner')}).`
                    : `Microsoft Entra ID has no federated credential on the application ${(0,untrusted/* untrusted */.b)(source.clientId, 80)} that matches this job's GitHub token (AADSTS70021). The token's subject is ${sub.text} (issuer ${iss.text}).${unsafeNote} ` +
                        `Add it: az ad app federated-credential create --id ${clientId} --parameters ${params('github-actions')} ` +
                        `(for a user-assigned identity: az identity federated-credential create --name github-actions --identity-name <identity-name> --resource-group <resource-group> --issuer ${iss.arg} --subject ${sub.arg} --audiences api://AzureADTokenExchange).`;
            case 700024:
                return aks
                    ? `The service account token in AZURE_FEDERATED_TOKEN_FILE (${source.tokenFile}) has expired (AADSTS700024). The kubelet refreshes projected tokens while the pod runs; restart the runner pod, and check the node's clock.`
                    : `The job's GitHub ID token had expired when Microsoft Entra ID received it (AADSTS700024). Re-run the job, and check the runner's clock.`;
            case 700016:
                return `Microsoft Entra ID has no application or identity with client id ${source.clientId} in tenant ${source.tenantId} (AADSTS700016). Check ${clientIdText}, ${tenantText} and cloud (${c.cloud}): az identity show -g <resource-group> -n <identity-name> --query "{clientId:clientId,tenantId:tenantId}"`;
            case 90002:
                return `Microsoft Entra ID has no tenant ${source.tenantId} in ${c.cloud} (AADSTS90002). Check ${tenantText} (az account show --query tenantId -o tsv) and cloud.`;
            default:
                return `Microsoft Entra ID refused the token exchange for client id ${source.clientId} (AADSTS${code}); see https://login.microsoftonline.com/error?code=${code}`;
        }
    },
    arcKeyUnreadable: () => `The runner's user cannot read the Azure Arc agent's challenge key file in /var/opt/azcmagent/tokens: only root and members of the himds group can. Add the runner's user to that group: ${ARC_HIMDS_GROUP}.`,
    noIdToken: (status) => `GitHub did not issue this job an ID token (${status}). Add "permissions: id-token: write" to the job (a job triggered by a fork's pull request never gets one), and check that ACTIONS_ID_TOKEN_REQUEST_URL reaches GitHub.`,
    unreachable(c, detail) {
        switch (c.source.kind) {
            case 'imds':
                return ImdsRemediation.imdsUnreachable(c.endpoint, detail);
            case 'app-service':
                return `The managed identity endpoint ${c.endpoint} (IDENTITY_ENDPOINT) cannot be reached (${detail}). Run the job in the Container Apps job or app whose identity it is; IDENTITY_ENDPOINT and IDENTITY_HEADER come from the platform.`;
            case 'arc':
                return `The Azure Arc agent's identity endpoint ${c.endpoint} cannot be reached (${detail}). Check that the agent runs: sudo systemctl status himdsd; azcmagent show.`;
            default:
                return `Microsoft Entra ID (${c.endpoint}) cannot be reached (${detail}). Check the runner's network, HTTPS_PROXY/NO_PROXY, and cloud (${c.cloud}).`;
        }
    },
    notAToken: (c) => ImdsRemediation.imdsNotAToken(c.endpoint),
    tokenFile: (file, problem) => `The workload identity token file ${file} (AZURE_FEDERATED_TOKEN_FILE) ${problem}, so it was not read. The workload identity webhook projects the pod's service account token there as a small regular file: ` +
        `check that the pod is labelled azure.workload.identity/use: "true", that AZURE_FEDERATED_TOKEN_FILE is the webhook's (usually /var/run/secrets/azure/tokens/azure-identity-token), and that nothing else is mounted there (kubectl describe pod <runner-pod>).`,
    tooLarge(c, what) {
        const where = c.source.kind === 'imds' ? 'that this runner is an Azure VM and that nothing else answers for 169.254.169.254 (AZURE_POD_IDENTITY_AUTHORITY_HOST, a local proxy or firewall)'
            : c.source.kind === 'app-service' || c.source.kind === 'arc' ? 'IDENTITY_ENDPOINT, and that nothing else answers there'
                : `HTTPS_PROXY/NO_PROXY and the cloud (${c.cloud}): a proxy or captive portal may be answering for Microsoft Entra ID`;
        return `Refused the identity answer: ${what}, larger than any token answer, so it was not read. Something other than the identity endpoint is answering; check ${where}.`;
    },
    refused: (c, status) => ImdsRemediation.imdsError(c.endpoint, status),
    gaveUp: (c, status, seconds) => ImdsRemediation.imdsGaveUp(c.endpoint, status, seconds),
};

;// CONCATENATED MODULE: ./lib/identity/acquire.js






/** The run's one token, shared with the vault clients; retries what IMDS says is passing (410, 429, 5xx) until the deadline. */
async function acquireToken(access, config, source, deadline, clock) {
    try {
        const token = await acquireTokenWithRetries(access, config, source, deadline, clock);
        access.shareToken(token);
        return token;
    }
    catch (error) {
        access.shareToken(error instanceof Error ? error : new Error((0,errors/* errorMessage */.g)(error)));
        throw error;
    }
}
/** A token for the Key Vault audience, or with `scope`, for another resource from the same identity (issue 15). */
async function acquireTokenWithRetries(access, config, source, deadline, clock, scope) {
    const timedOut = (what, detail) => new errors/* ActionError */.l(`Managed identity: ${SharedRemediation.timeout(what, config.timeoutSeconds)}`, (0,errors/* errorMessage */.g)(detail));
    for (let attempt = 0;; attempt++) {
        try {
            return await (0,abort/* untilAborted */.E)(scope === undefined ? access.acquireToken(deadline) : access.acquireToken(deadline, scope), deadline);
        }
        catch (error) {
            if (deadline.aborted)
                throw timedOut(access.waitingFor?.() ?? `the identity endpoint ${access.identityEndpoint} to issue a token`, error);
            const failure = classifyIdentityError(error, clock.now());
            const claims = access.federatedClaims();
            const c = { source, endpoint: access.identityEndpoint, cloud: config.cloud, ...(claims ? { claims } : {}) };
            const refused = (message) => new errors/* ActionError */.l(message, (0,errors/* errorMessage */.g)(error));
            switch (failure.kind) {
                case 'identity-not-found':
                    throw refused(IdentityRemediation.identityNotFound(c));
                case 'ambiguous-identity':
                    throw refused(IdentityRemediation.ambiguousIdentity());
                case 'wrong-cloud':
                    // For another resource, "invalid resource" means the tenant has no such resource (or it is another cloud's).
                    throw refused(scope ? IdentityRemediation.unknownResource(scope, config.cloud) : IdentityRemediation.wrongCloud(c));
                case 'entra':
                    throw refused(IdentityRemediation.entra(failure.code, c));
                case 'arc-key-unreadable':
                    throw refused(IdentityRemediation.arcKeyUnreadable());
                case 'no-id-token':
                    throw refused(IdentityRemediation.noIdToken(failure.status));
                case 'not-a-token':
                    throw refused(IdentityRemediation.notAToken(c));
                case 'token-file':
                    throw refused(IdentityRemediation.tokenFile(failure.file, failure.problem));
                case 'too-large':
                    throw refused(IdentityRemediation.tooLarge(c, failure.what));
                case 'unreachable':
                    throw refused(IdentityRemediation.unreachable(c, failure.detail));
                case 'other':
                    throw refused(IdentityRemediation.refused(c, failure.status));
                case 'retryable':
                    try {
                        await clock.sleep(failure.retryAfterMs ?? (0,backoff/* backoffMs */.jo)(attempt, clock.random), deadline);
                    }
                    catch {
                        throw refused(IdentityRemediation.gaveUp(c, failure.status, config.timeoutSeconds));
                    }
            }
        }
    }
}

// EXTERNAL MODULE: ./lib/identity/token.js
var identity_token = __webpack_require__(4059);
// EXTERNAL MODULE: ./lib/resources/access.js
var access = __webpack_require__(1535);
;// CONCATENATED MODULE: ./lib/resources/remediation.js
// What users read when a token, a storage key or a registry login fails: cause and fix (issue 15).


// The principal id comes from a token's claims: into a command only as one plain word (util/shell.ts).
const oid = (principalId) => commandWord(principalId, '<principalId>');
const who = (principalId) => (principalId ? `the runner's identity (principal id ${(0,untrusted/* untrusted */.b)(principalId, 64)})` : "the runner's identity");
const said = (code, message) => (code || message ? ` (${[code, message && (0,untrusted/* untrusted */.b)(message, 300)].filter(Boolean).join(': ')})` : '');
const ResourceRemediation = {
    token: (resource, message) => `no token for ${resource}: ${message}`,
    storageForbidden: (accountId, principalId) => `AuthorizationFailed: ${who(principalId)} may not list the keys of this storage account. Grant it the key operator role: ` +
        `az role assignment create --role "Storage Account Key Operator Service Role" --assignee ${oid(principalId)} --scope ${accountId}`,
    storageNotFound: (account, resourceGroup, subscription, code) => `${code}: there is no storage account ${account} in resource group ${resourceGroup} of subscription ${subscription}. Check the id: az storage account show -n ${account} --query id -o tsv`,
    subscriptionNotFound: (subscription, cloud) => `SubscriptionNotFound: subscription ${subscription} does not exist in ${cloud}, or is in another tenant. Check the id and the cloud input: az account list --query "[].id" -o tsv`,
    sharedKeyDisabled: (account) => `shared key access disabled: ${account} has allowSharedKeyAccess false, so its keys authorize nothing. Use Microsoft Entra access instead: ` +
        `tokens: storage (with the "Storage Blob Data Reader" role, or azcopy login --identity); or allow keys: az storage account update -n ${account} --allow-shared-key-access true`,
    noSuchKey: (account, key) => `${key} missing: ARM listed no ${key} for ${account}. Regenerate it: az storage account keys renew -n ${account} --key ${key === 'key2' ? 'secondary' : 'primary'}`,
    armRefused: (status, code, message) => `refused by Azure Resource Manager: HTTP ${status}${said(code, message)}. Check the resource id and the identity's role assignments.`,
    acrForbidden: (registry, principalId) => `unauthorized: ${registry} refused ${who(principalId)}. Grant it AcrPull (AcrPush to push): ` +
        `az role assignment create --role AcrPull --assignee ${oid(principalId)} --scope $(az acr show -n ${registry.split('.')[0]} --query id -o tsv). ` +
        `A registry that allows anonymous pull needs no login: remove it from acr-login.`,
    acrNoEntra: (registry, message) => `Microsoft Entra sign-in refused by ${registry}${said(undefined, message)}: the registry accepts only its admin user or repository-scoped tokens. ` +
        `Enable Entra authentication (az acr config authentication-as-arm update -r ${registry.split('.')[0]} --status enabled), or log in with docker/login-action and a token from Key Vault.`,
    acrNotFound: (registry, why) => `not found: the registry ${registry} does not exist or cannot be reached (${why}). Check the name and the cloud input: az acr show -n ${registry.split('.')[0]} --query loginServer -o tsv`,
    unreachable: (host, why) => `cannot reach ${host} (${why}). If the runner uses a proxy, it must allow ${host}.`,
    timeout: (what, seconds) => `timed out: ${what} did not answer within the step's ${seconds} s timeout. Raise timeout or check the network.`,
};

;// CONCATENATED MODULE: ./lib/resources/failures.js




const DNS_CODES = ['ENOTFOUND', 'EAI_AGAIN'];
const PROXY_STATUSES = [403, 404, 502, 503, 504];
/** The account has allowSharedKeyAccess false. */
class SharedKeyDisabled extends Error {
}
class NoSuchKey extends Error {
    key;
    constructor(key) {
        super(`no ${key}`);
        this.key = key;
    }
}
function describeStorageFailure(error, ref, principalId, deps) {
    if (error instanceof SharedKeyDisabled)
        return ResourceRemediation.sharedKeyDisabled(ref.account);
    if (error instanceof NoSuchKey)
        return ResourceRemediation.noSuchKey(ref.account, error.key);
    if ((0,sdkErrors/* isAbort */.rV)(error) || deps.signal.aborted)
        return ResourceRemediation.timeout(`Azure Resource Manager (listKeys for ${ref.account})`, deps.timeoutSeconds);
    if (error instanceof access/* ServiceAnswerError */.M && error.code === undefined && PROXY_STATUSES.includes(error.status)) {
        return ResourceRemediation.unreachable(resourceCatalog/* CLOUD_RESOURCES */.Mr[deps.cloud].arm, `the proxy answered ${error.status}`);
    }
    if (error instanceof access/* ServiceAnswerError */.M) {
        switch (error.code) {
            case 'AuthorizationFailed':
                return ResourceRemediation.storageForbidden(ref.accountId, principalId);
            case 'SubscriptionNotFound':
                return ResourceRemediation.subscriptionNotFound(ref.subscription, deps.cloud);
            case 'ResourceNotFound':
            case 'ResourceGroupNotFound':
                return ResourceRemediation.storageNotFound(ref.account, ref.resourceGroup, ref.subscription, error.code);
        }
        if (error.status === 403)
            return ResourceRemediation.storageForbidden(ref.accountId, principalId);
        if (error.status === 404)
            return ResourceRemediation.storageNotFound(ref.account, ref.resourceGroup, ref.subscription, 'HTTP 404');
        return ResourceRemediation.armRefused(error.status, error.code, error.serviceMessage);
    }
    const facts = (0,sdkErrors/* factsOf */.xS)(error);
    return ResourceRemediation.unreachable(resourceCatalog/* CLOUD_RESOURCES */.Mr[deps.cloud].arm, facts.status !== undefined ? `HTTP ${facts.status}` : (facts.codes[0] ?? 'no answer'));
}
function describeAcrFailure(error, registry, principalId, deps) {
    if ((0,sdkErrors/* isAbort */.rV)(error) || deps.signal.aborted)
        return ResourceRemediation.timeout(`${registry}'s token exchange`, deps.timeoutSeconds);
    // ARM and ACR answer with their own error body; a bare 502/503/… came from the proxy, which is how "no such host" looks from behind one.
    if (error instanceof access/* ServiceAnswerError */.M && error.code === undefined && PROXY_STATUSES.includes(error.status))
        return ResourceRemediation.acrNotFound(registry, `the proxy answered ${error.status}`);
    if (error instanceof access/* ServiceAnswerError */.M) {
        if (error.status === 401 || error.status === 403) {
            return /admin|not enabled|disabled|authentication-as-arm|audience/i.test(error.serviceMessage ?? '') ? ResourceRemediation.acrNoEntra(registry, error.serviceMessage) : ResourceRemediation.acrForbidden(registry, principalId);
        }
        if (error.status === 404)
            return ResourceRemediation.acrNotFound(registry, 'HTTP 404');
        return ResourceRemediation.acrNotFound(registry, `HTTP ${error.status}${error.code ? ` ${error.code}` : ''}`);
    }
    const facts = (0,sdkErrors/* factsOf */.xS)(error);
    const dns = facts.codes.find((c) => DNS_CODES.includes(c));
    if (dns)
        return ResourceRemediation.acrNotFound(registry, `DNS: ${dns}`);
    if (facts.status !== undefined && PROXY_STATUSES.includes(facts.status))
        return ResourceRemediation.acrNotFound(registry, `the proxy answered ${facts.status}`);
    return ResourceRemediation.unreachable(registry, facts.status !== undefined ? `HTTP ${facts.status}` : (facts.codes[0] ?? 'no answer'));
}

;// CONCATENATED MODULE: ./lib/resources/fetch.js







/**
 * The resources stage as the story starts it: each token through the identity stage's retries (within
 * the deadline), the Key Vault token reused for its own audience, ARM and ACR loaded only when needed.
 * `held` fills with every token, key and refresh token as it arrives (each also goes to `hold`).
 */
function fetchNamedResources(config, identity, load, deadline, hold) {
    const { access, source, clock, vaultToken } = identity;
    const held = [];
    const outcome = fetchResources(config.resources, {
        token: (scope) => acquireTokenWithRetries(access, config, source, deadline, clock, scope),
        access: () => load({ cloud: config.cloud }),
        cloud: config.cloud,
        timeoutSeconds: config.timeoutSeconds,
        signal: deadline,
        hold: (value) => {
            held.push(value);
            hold(value);
        },
        ...(vaultToken ? { held: new Map([[(0,inputs_cloud/* vaultResource */.lr)(config.cloud), Promise.resolve(vaultToken)]]) } : {}),
    });
    return { outcome, held };
}
async function fetchResources(refs, deps) {
    const tokens = new Map(deps.held);
    const tokenFor = (resource) => {
        const key = resource.replace(/\/+$/, '').toLowerCase();
        let promise = tokens.get(key);
        if (!promise) {
            promise = deps.token((0,resourceCatalog/* scopeOf */.Od)(resource)).then((t) => {
                deps.hold(t.token);
                return t;
            });
            tokens.set(key, promise);
        }
        return promise;
    };
    let loaded;
    const access = () => (loaded ??= deps.access());
    const details = [];
    const tokenFailure = (resource, error) => ResourceRemediation.token(resource, error instanceof errors/* ActionError */.l ? error.message : (0,errors/* errorMessage */.g)(error));
    const one = async (ref) => {
        const failed = (target, reason, error) => {
            if (error !== undefined)
                details.push(`${ref.input} line ${ref.line}: ${(0,errors/* errorMessage */.g)(error)}${error instanceof errors/* ActionError */.l && error.detail ? ` (${error.detail})` : ''}`);
            return { input: ref.input, line: ref.line, alias: 'alias' in ref && ref.alias ? ref.alias : '–', target, reason };
        };
        if ('resource' in ref) {
            try {
                const t = await tokenFor(ref.resource);
                return { kind: 'token', ref, value: t.token, target: ref.resource, expiresOn: new Date(t.expiresOnTimestamp) };
            }
            catch (error) {
                return failed(ref.resource, tokenFailure(ref.resource, error), error);
            }
        }
        if ('accountId' in ref) {
            const arm = (0,resourceCatalog/* armResource */.l2)(deps.cloud);
            let token;
            try {
                token = await tokenFor(arm);
            }
            catch (error) {
                return failed(ref.account, tokenFailure(arm, error), error);
            }
            try {
                const { value, key } = await storageValue(ref, token.token, await access(), deps);
                deps.hold(value);
                return { kind: 'storage-key', ref, value, target: `${ref.account}#${ref.select}`, ...(key !== value ? { alsoMask: [key] } : {}) };
            }
            catch (error) {
                return failed(`${ref.account}#${ref.select}`, describeStorageFailure(error, ref, (0,identity_token/* principalOf */.i6)(token.token).objectId, deps), error);
            }
        }
        const audience = resourceCatalog/* CLOUD_RESOURCES */.Mr[deps.cloud].acrAudience;
        let token;
        try {
            token = await tokenFor(audience);
        }
        catch (error) {
            return failed(ref.registry, tokenFailure(audience, error), error);
        }
        try {
            const refresh = await (await access()).acrRefreshToken(ref.registry, token.token, (0,identity_token/* principalOf */.i6)(token.token).tenantId, deps.signal);
            deps.hold(refresh);
            return { kind: 'acr', ref, value: refresh, target: ref.registry };
        }
        catch (error) {
            return failed(ref.registry, describeAcrFailure(error, ref.registry, (0,identity_token/* principalOf */.i6)(token.token).objectId, deps), error);
        }
    };
    const all = await Promise.all([...refs.tokens, ...refs.storageKeys, ...refs.acr].map(one));
    return {
        credentials: all.filter((o) => 'value' in o),
        failures: all.filter((o) => !('value' in o)),
        details,
    };
}
/** One listKeys (and one GET of the account) per account, however many references name it. */
const accountAnswers = new WeakMap();
async function storageValue(ref, armToken, access, deps) {
    let cache = accountAnswers.get(access);
    if (!cache) {
        cache = new Map();
        accountAnswers.set(access, cache);
    }
    const key = ref.accountId.toLowerCase();
    let answer = cache.get(key);
    if (!answer) {
        // listKeys answers even when shared key access is off (the keys exist, they just authorize nothing),
        // so the account's allowSharedKeyAccess is read too. A key operator may lack read permission: then it is not known.
        const properties = access.storageAccount(ref.accountId, armToken, deps.signal).catch(() => ({}));
        answer = Promise.all([access.listStorageKeys(ref.accountId, armToken, deps.signal), properties]).then(([keys, p]) => {
            for (const k of keys)
                deps.hold(k.value); // masked on every path, exported or not
            return { keys, ...p };
        });
        cache.set(key, answer);
    }
    const { keys, allowSharedKeyAccess } = await answer;
    if (allowSharedKeyAccess === false)
        throw new SharedKeyDisabled();
    const wanted = ref.select === 'key2' ? 'key2' : 'key1';
    const found = keys.find((k) => k.keyName.toLowerCase() === wanted);
    if (!found)
        throw new NoSuchKey(wanted);
    if (ref.select !== 'connection-string')
        return { value: found.value, key: found.value };
    return { value: `DefaultEndpointsProtocol=https;AccountName=${ref.account};AccountKey=${found.value};EndpointSuffix=${resourceCatalog/* CLOUD_RESOURCES */.Mr[deps.cloud].storageSuffix}`, key: found.value };
}

;// CONCATENATED MODULE: ./lib/vault/remediation.js
// What users read when Key Vault refuses or fails: the cause in plain words and the command that fixes it.
// Kept together so every message can be reviewed (and tested against the stand-in's real error bodies) in one place.



// The principal id is the token's oid claim: a GUID, or it stays out of the command.
const principal = (c) => (c.principalId !== undefined && shell_GUID.test(c.principalId) ? c.principalId : '<principalId>');
const principalText = (c) => (c.principalId ? `the runner's managed identity (principal id ${(0,untrusted/* untrusted */.b)(c.principalId, 80)})` : "the runner's managed identity");
const Remediation = {
    notFound: (c) => `not found: there is no secret "${c.secret}" in ${c.vault} (${c.vaultUrl}). Check the name (and version) for a typo, and that keyvault and cloud (${c.cloud}) name the vault that holds it: ` +
        `az keyvault secret list --vault-name ${c.vault} --query "[].name" -o tsv`,
    forbiddenByRbac: (c) => `forbidden by Azure RBAC: ${principalText(c)} may not ${c.listing ? 'list' : 'read'} secrets in ${c.vault}. Grant it the "Key Vault Secrets User" role (it reads and lists): ` +
        `az role assignment create --role "Key Vault Secrets User" --assignee ${principal(c)} --scope $(az keyvault show -n ${c.vault} --query id -o tsv)`,
    forbiddenByPolicy: (c, permissions = 'get') => `forbidden by the vault's access policy: ${principalText(c)} lacks the secret ${permissions.split(' ').join(' and ')} permission${permissions.includes(' ') ? 's' : ''} on ${c.vault}${c.listing ? ' (a wildcard lists the vault)' : ''}. Grant ${permissions.includes(' ') ? 'them' : 'it'}: ` +
        `az keyvault set-policy -n ${c.vault} --object-id ${principal(c)} --secret-permissions ${permissions}`,
    forbiddenByFirewall: (c) => `blocked by the firewall of ${c.vault}: its network rules do not admit this runner. Allow the runner's subnet ` +
        `(az keyvault network-rule add -n ${c.vault} --vnet-name <vnet> --subnet <subnet>) or reach the vault through a private endpoint.`,
    forbiddenByConnection: (c) => `blocked: ${c.vault} has public network access disabled, and this runner did not reach it through an approved private endpoint. ` +
        `Reach it through a private endpoint (the runner's DNS must resolve ${new URL(c.vaultUrl).hostname} to the endpoint's private address: az network private-endpoint list --query "[].customDnsConfigs"), or allow the runner's network: az keyvault update -n ${c.vault} --public-network-access Enabled --default-action Deny, then az keyvault network-rule add -n ${c.vault} --subnet <subnet id>.`,
    secretDisabled: (c) => `disabled: the secret "${c.secret}" is disabled in ${c.vault}. Enable it (az keyvault secret set-attributes --vault-name ${c.vault} -n ${c.secret.split('/')[0]} --enabled true) or reference an enabled version.`,
    forbidden: (c, code) => `forbidden (${code}): ${principalText(c)} may not ${c.listing ? 'list the secrets of' : `read "${c.secret}" in`} ${c.vault}. Grant it "Key Vault Secrets User" ` +
        `(az role assignment create --role "Key Vault Secrets User" --assignee ${principal(c)} --scope $(az keyvault show -n ${c.vault} --query id -o tsv)) ` +
        `or, for access policies, az keyvault set-policy -n ${c.vault} --object-id ${principal(c)} --secret-permissions ${c.listing ? 'get list' : 'get'}`,
    badParameter: (c, message) => `rejected by Key Vault as invalid (${message}). Check the reference "${c.secret}".`,
    throttled: (c) => `throttled: ${c.vault} kept answering 429 Too Many Requests until the deadline. Lower concurrency, raise timeout, or spread jobs that read this vault over time.`,
    unauthorized: (c) => `unauthorized: ${c.vault} rejected the managed identity's token. Check that the vault is in the same tenant as the identity (az keyvault show -n ${c.vault} --query properties.tenantId).`,
    vaultNotFound: (c, detail) => `vault not found: ${new URL(c.vaultUrl).hostname} could not be reached (${detail}): no vault named ${c.vault} exists in ${c.cloud}, or a proxy blocks it. ` +
        `Check the keyvault and cloud inputs (az keyvault list --query "[].name" -o tsv) and HTTPS_PROXY/NO_PROXY.`,
    unreachable: (c, detail) => `unreachable: no answer from ${c.vaultUrl} (${detail}). Check the vault's name and cloud, the runner's network, and HTTPS_PROXY/NO_PROXY.`,
    serverError: (c, status) => `Key Vault answered ${status} for ${c.vault} and kept failing after retries. Retry the job; check https://status.azure.com if it persists.`,
    listingRefused: (c, reason, kind) => `listing ${c.vault} stopped: ${reason}. ` +
        (kind === 'link'
            ? `Key Vault's own pages link only to the vault, each to a new page: a proxy or an impostor is answering for ${new URL(c.vaultUrl).hostname}; check HTTPS_PROXY/NO_PROXY and the runner's DNS.`
            : `Name the secrets you need instead of ${c.secret}, or keep them in a smaller vault.`),
    invalidListedNames: (names) => `Skipped ${names.length} listed name${names.length === 1 ? '' : 's'} that no Key Vault would give (is a proxy answering for the vault?): ${names.join(', ')}`,
    unexpected: (c, what) => `failed: an answer from ${c.vault} that this action does not understand (${what}). Re-run the job with debug logging (RUNNER_DEBUG=1) to see the detail.`,
    redirected: (c, status) => `not Key Vault: ${new URL(c.vaultUrl).hostname} answered with a redirect (${status}), which Key Vault never sends. A proxy, captive portal or DNS override is answering for the vault; check HTTPS_PROXY/NO_PROXY and the runner's DNS.`,
    notKeyVault: (c, status) => `not Key Vault: ${new URL(c.vaultUrl).hostname} answered${status ? ` ${status}` : ''} with a body that is not Key Vault's JSON (an HTML page, or cut short). A proxy or captive portal is answering for the vault; check HTTPS_PROXY/NO_PROXY and the runner's DNS.`,
    conflict: (c, status, code) => `refused by Key Vault (${status}${code ? ` ${code}` : ''}) for "${c.secret}" in ${c.vault}. Check the secret's state: az keyvault secret show --vault-name ${c.vault} -n ${c.secret.split('/')[0]}`,
    timeout: SharedRemediation.timeout,
};

;// CONCATENATED MODULE: ./lib/vault/failures.js
// Turns what a Key Vault request threw into one sentence a user can act on, with the fix.


const failures_DNS_CODES = ['ENOTFOUND', 'EAI_AGAIN'];
/** Statuses a proxy answers a CONNECT with when it cannot (or will not) reach the host. */
const failures_PROXY_STATUSES = [403, 404, 407, 502, 503, 504];
/** Key Vault's 404 SecretNotFound: the name (or version) does not exist in that vault. */
function isSecretNotFound(error) {
    const facts = (0,sdkErrors/* factsOf */.xS)(error);
    return facts.status === 404 && facts.code === 'SecretNotFound';
}
/** The body was not the JSON expected: cut short, HTML, or empty. */
function isUnparsableBody(facts) {
    return facts.codes.includes('PARSE_ERROR') || facts.names.includes('SyntaxError') || /JSON|parsing the response body|Unexpected token|Unexpected end/i.test(facts.text);
}
/** The reason a secret could not be read, in the user's terms, with the fix. */
function describeVaultFailure(error, c, timeoutSeconds) {
    const facts = (0,sdkErrors/* factsOf */.xS)(error);
    const refused = (0,sdkErrors/* causeNamed */.TJ)(error, 'ListingRefused');
    if (refused && (refused.kind === 'link' || refused.kind === 'size'))
        return Remediation.listingRefused(c, String(refused.message), refused.kind);
    if ((0,sdkErrors/* isAbort */.rV)(error))
        return Remediation.timeout(c.listing ? `${c.vault} to list its secrets (for ${c.secret})` : `${c.vault} to answer for "${c.secret}"`, timeoutSeconds);
    const dns = facts.codes.find((code) => failures_DNS_CODES.includes(code));
    if (dns)
        return Remediation.vaultNotFound(c, `DNS: ${dns}`);
    // Key Vault always answers with its own error body; an answer without one came from a proxy,
    // which is how "no such host" looks from behind one.
    if (!facts.serviceBody && facts.status !== undefined && failures_PROXY_STATUSES.includes(facts.status)) {
        return Remediation.vaultNotFound(c, `the proxy answered ${facts.status}`);
    }
    if (facts.status === undefined && /proxy connection ended|CONNECT response/i.test(facts.text)) {
        return Remediation.vaultNotFound(c, 'the proxy closed the tunnel');
    }
    const system = facts.codes.find((code) => code.startsWith('E') && /^E[A-Z_]+$/.test(code));
    if (facts.status !== undefined && facts.status >= 300 && facts.status < 400)
        return Remediation.redirected(c, facts.status);
    if (!facts.serviceBody && (isUnparsableBody(facts) || facts.names.includes('TypeError')))
        return Remediation.notKeyVault(c, facts.status);
    switch (facts.status) {
        case 404:
            return isSecretNotFound(error) ? Remediation.notFound(c) : Remediation.unreachable(c, `404 ${facts.code}`);
        case 403:
            switch (facts.innerCode) {
                case 'ForbiddenByRbac':
                    return Remediation.forbiddenByRbac(c);
                case 'ForbiddenByPolicy':
                case 'AccessDenied':
                    return Remediation.forbiddenByPolicy(c, c.listing ? 'get list' : 'get');
                case 'ForbiddenByFirewall':
                    return Remediation.forbiddenByFirewall(c);
                case 'ForbiddenByConnection':
                    return Remediation.forbiddenByConnection(c);
                case 'SecretDisabled':
                    return Remediation.secretDisabled(c);
            }
            return Remediation.forbidden(c, facts.innerCode ?? facts.code ?? 'Forbidden');
        case 401:
            return Remediation.unauthorized(c);
        case 400:
            return Remediation.badParameter(c, facts.code ?? 'HTTP 400');
        case 429:
            return Remediation.throttled(c);
        case 409:
        case 410:
            return Remediation.conflict(c, facts.status, facts.code);
    }
    if (facts.status !== undefined && facts.status >= 500)
        return Remediation.serverError(c, facts.status);
    if (system)
        return Remediation.unreachable(c, system);
    // Never the error's text: the SDK copies response bodies into messages.
    return Remediation.unexpected(c, facts.status !== undefined ? `HTTP ${facts.status}${facts.code ? ` ${facts.code}` : ''}` : (facts.code ?? facts.names.find((n) => (0,sdkErrors/* errorCode */.CA)(n)) ?? 'no HTTP status'));
}

;// CONCATENATED MODULE: ./lib/vault/require.js



/** A failure whose table belongs in the job summary too. */
class FetchFailure extends errors/* ActionError */.l {
    failures;
    total;
    constructor(message, failures, total, detail) {
        super(message, detail);
        this.failures = failures;
        this.total = total;
    }
}
/**
 * Every fetched secret, or one error naming each reference that failed, with its fix. With
 * ignore-missing, a secret that does not exist (or a wildcard that matches nothing) is a warning.
 */
function requireAll(outcomes, expansion, config, principalId, warn) {
    const failures = [];
    const details = []; // SDK text: debug only, printed after the values are masked
    const context = (vault, secret, listing = false) => ({
        vault: vault.name,
        vaultUrl: vault.url,
        secret,
        cloud: config.cloud,
        listing,
        ...(principalId ? { principalId } : {}),
    });
    for (const { wildcard, error } of expansion.failed) {
        details.push(`${wildcard.vault.name} (list): ${(0,sdkErrors/* debugDetail */.TD)(error)}`);
        const reason = describeVaultFailure(error, context(wildcard.vault, wildcard.text, true), config.timeoutSeconds);
        failures.push({ input: wildcard.input, line: wildcard.line, alias: `${wildcard.prefix.toUpperCase().replaceAll('-', '_')}*`, vault: wildcard.vault.name, secret: wildcard.text, reason });
    }
    for (const wildcard of expansion.unmatched) {
        const reason = `no enabled secret in ${wildcard.vault.name} starts with "${wildcard.prefix}". Check the prefix, keyvault and cloud: az keyvault secret list --vault-name ${wildcard.vault.name} --query "[].name" -o tsv`;
        if (config.ignoreMissing)
            warn(`${wildcard.input} line ${wildcard.line}: ${wildcard.text} matched nothing (ignore-missing).`);
        else
            failures.push({ input: wildcard.input, line: wildcard.line, alias: '*', vault: wildcard.vault.name, secret: wildcard.text, reason: `nothing matched: ${reason}` });
    }
    const secrets = [];
    for (const { ref, bundle, error } of outcomes) {
        if (bundle) {
            secrets.push({ ref, bundle });
            continue;
        }
        const secret = ref.version ? `${ref.name}/${ref.version}` : ref.name;
        if (config.ignoreMissing && isSecretNotFound(error)) {
            warn(`${ref.input} line ${ref.line}: ${ref.vault.name}/${secret} does not exist; ${ref.alias} is not exported (ignore-missing).`);
            continue;
        }
        details.push(`${ref.vault.name}/${ref.name}: ${(0,sdkErrors/* debugDetail */.TD)(error)}`);
        const reason = describeVaultFailure(error, context(ref.vault, secret), config.timeoutSeconds);
        failures.push({ input: ref.input, line: ref.line, alias: ref.alias, vault: ref.vault.name, secret, reason });
    }
    if (failures.length === 0)
        return secrets;
    failures.sort((a, b) => a.input.localeCompare(b.input) || a.line - b.line);
    const total = outcomes.length + expansion.failed.length + expansion.unmatched.length;
    const lines = failures.map((f) => `  ${f.input} line ${f.line}: ${f.vault}/${f.secret} (${f.alias}): ${f.reason}`);
    throw new FetchFailure(`Could not read ${failures.length} of ${total} secrets; nothing was exported:\n${lines.join('\n')}`, failures, total, details.join('\n'));
}

;// CONCATENATED MODULE: ./lib/resources/require.js
// The resources stage's verdict (issue 15): every credential tokens, storage-keys and acr-login named, or
// one error naming each that failed (its input and line) with its fix; the failures join the summary's table.

function requireResources(outcome) {
    const { failures, credentials, details } = outcome;
    if (failures.length === 0)
        return credentials;
    const total = failures.length + credentials.length;
    const sorted = [...failures].sort((a, b) => a.input.localeCompare(b.input) || a.line - b.line);
    const lines = sorted.map((f) => `  ${f.input} line ${f.line}: ${f.target} (${f.alias}): ${f.reason}`);
    const table = sorted.map((f) => ({ input: f.input, line: f.line, alias: f.alias, vault: f.target, secret: '–', reason: f.reason }));
    throw new FetchFailure(`Could not get ${failures.length} of ${total} credentials; nothing was exported:\n${lines.join('\n')}`, table, total, details.join('\n'));
}

// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(8500);
;// CONCATENATED MODULE: ./lib/util/clock.js
// Time, waiting and randomness, injectable so retry and deadline logic is tested without real waits.

const systemClock = {
    now: () => Date.now(),
    sleep: (ms, signal) => (0,promises_.setTimeout)(ms, undefined, { signal }),
    random: () => Math.random(),
};

;// CONCATENATED MODULE: ./lib/vault/fetch.js


/** A counting semaphore: at most `limit` holders at once. */
class Semaphore {
    #free;
    #waiting = [];
    constructor(limit) {
        this.#free = limit;
    }
    async use(task) {
        if (this.#free > 0)
            this.#free--;
        else
            await new Promise((resolve) => this.#waiting.push(resolve));
        try {
            return await task();
        }
        finally {
            const next = this.#waiting.shift();
            if (next)
                next();
            else
                this.#free++;
        }
    }
}
function createFetcher(access, options) {
    const { clock, signal } = options;
    const slots = new Semaphore(options.concurrency);
    const primed = new Map();
    let pausedUntil = 0;
    /** One call to Key Vault in a slot, retried while the vault throttles. */
    const call = (what, operation) => slots.use(async () => {
        for (let attempt = 0;; attempt++) {
            const wait = pausedUntil - clock.now();
            try {
                if (wait > 0)
                    await clock.sleep(wait, signal);
                return await operation();
            }
            catch (error) {
                const throttled = !signal.aborted && !(0,sdkErrors/* isAbort */.rV)(error) ? (0,sdkErrors/* throttling */.Au)(error, clock.now()) : undefined;
                if (!throttled)
                    throw error;
                const delay = throttled.retryAfterMs ?? (0,backoff/* backoffMs */.jo)(attempt, clock.random);
                pausedUntil = Math.max(pausedUntil, clock.now() + delay);
                options.onThrottled?.(what, delay);
            }
        }
    });
    /** The first request to a vault meets its 401 challenge alone; the rest wait for it and reuse the answer. */
    const onVault = async (vaultUrl, task) => {
        const first = primed.get(vaultUrl);
        if (first) {
            await first;
            return task(access.vault(vaultUrl));
        }
        const result = Promise.resolve().then(() => task(access.vault(vaultUrl)));
        primed.set(vaultUrl, result.catch(() => undefined));
        return result;
    };
    const fetchOne = async (ref) => {
        try {
            const bundle = await onVault(ref.vault.url, (store) => call(`${ref.vault.name}/${ref.name}`, () => store.getSecret(ref.name, ref.version, signal)));
            return { ref, bundle };
        }
        catch (error) {
            return { ref, error };
        }
    };
    return {
        fetchAll: (refs) => Promise.all(refs.map(fetchOne)),
        async listVaults(wildcards) {
            const vaults = new Map(wildcards.map((w) => [w.vault.url, w.vault.name]));
            const listings = await Promise.all([...vaults].map(async ([vaultUrl, name]) => {
                try {
                    return { vaultUrl, secrets: await onVault(vaultUrl, (store) => call(`${name} (list)`, () => store.listSecrets(signal))) };
                }
                catch (error) {
                    return { vaultUrl, error };
                }
            }));
            return new Map(listings.map((l) => [l.vaultUrl, l]));
        },
    };
}

;// CONCATENATED MODULE: ./lib/vault/wildcards.js


function expandWildcards(wildcards, listings) {
    const expansion = { references: [], unmatched: [], failed: [], problems: [], invalidNames: [] };
    const invalidNames = new Set(); // two wildcards on one vault see its listing twice
    for (const wildcard of wildcards) {
        const listing = listings.get(wildcard.vault.url);
        if (!listing?.secrets) {
            expansion.failed.push({ wildcard, error: listing?.error ?? new Error('not listed') });
            continue;
        }
        const prefix = wildcard.prefix.toLowerCase();
        for (const s of listing.secrets)
            if (!SECRET_NAME.test(s.name))
                invalidNames.add(`${wildcard.vault.name}: ${(0,untrusted/* untrusted */.b)(s.name, 60)}`);
        const matches = listing.secrets
            .filter((s) => s.enabled && SECRET_NAME.test(s.name) && s.name.toLowerCase().startsWith(prefix))
            .map((s) => s.name)
            .sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
        if (matches.length === 0)
            expansion.unmatched.push(wildcard);
        for (const name of matches) {
            const alias = defaultAlias(name);
            if (!ALIAS.test(alias)) {
                expansion.problems.push({
                    input: wildcard.input,
                    line: wildcard.line,
                    message: `"${name}", matched by ${wildcard.text}, has no usable default alias ("${alias}"); narrow the prefix and list it by name with an alias: MY_ALIAS=${name}`,
                });
                continue;
            }
            expansion.references.push({ input: wildcard.input, line: wildcard.line, text: name, alias, vault: wildcard.vault, name, matchedBy: wildcard.text });
        }
    }
    expansion.invalidNames = [...invalidNames];
    return expansion;
}

;// CONCATENATED MODULE: ./lib/vault/read.js





async function readSecrets(fetcher, started, config, principalId, hold, warn) {
    const expansion = expandWildcards(config.wildcards, await started.listings);
    if (expansion.invalidNames.length > 0)
        warn(Remediation.invalidListedNames(expansion.invalidNames));
    // The named references passed these checks with the inputs; now the wildcards' matches join them.
    refuseProblems([...expansion.problems, ...checkAliases([...config.references, ...expansion.references])]);
    const outcomes = [...(await started.named), ...(await fetcher.fetchAll(expansion.references))];
    for (const { bundle } of outcomes)
        if (bundle)
            hold(bundle.value);
    return requireAll(outcomes, expansion, config, principalId, warn);
}

;// CONCATENATED MODULE: ./lib/main.js
// The action's story: inputs → guard → identity → vault (and resources) → export → summary. Each stage lives in its
// folder; this file only tells the order, and holds the one catch that fails the step.























const defaultResources = async (options) => (await Promise.all(/* import() */[__webpack_require__.e(818), __webpack_require__.e(646)]).then(__webpack_require__.bind(__webpack_require__, 6646))).createResourceAccess(options);
async function defaultDependencies() {
    const { createCommandLog } = await __webpack_require__.e(/* import() */ 910).then(__webpack_require__.bind(__webpack_require__, 6910));
    return {
        log: createCommandLog(),
        exporter: async () => (await __webpack_require__.e(/* import() */ 242).then(__webpack_require__.bind(__webpack_require__, 2242))).createCoreExporter(),
        // Loaded only when there is something to fetch: bad input fails without loading the SDK.
        azure: async (options) => (await Promise.all(/* import() */[__webpack_require__.e(818), __webpack_require__.e(186), __webpack_require__.e(149)]).then(__webpack_require__.bind(__webpack_require__, 7149))).createAzureAccess(options),
        event: async () => readEvent(),
        pullRequest: async (repository, number, token, signal) => (await Promise.all(/* import() */[__webpack_require__.e(119), __webpack_require__.e(351), __webpack_require__.e(182)]).then(__webpack_require__.bind(__webpack_require__, 9182))).pullRequestRepos(repository, number, token, signal),
        clock: systemClock,
        env: process.env,
    };
}
async function run(deps) {
    const dependencies = deps ?? (await defaultDependencies());
    const { log, azure, clock, exporter: loadExporter } = dependencies;
    let exporter;
    /** The token and every value this run holds: masked before any failure detail is printed. */
    const held = [];
    try {
        const config = parseInputs((name) => log.getInput(name));
        const source = identitySource(config, dependencies.env);
        // Every wait from here on, the fork guard's lookup included, ends by the deadline.
        const deadline = AbortSignal.timeout(config.timeoutSeconds * 1000);
        await refuseForkPullRequests(config, dependencies, deadline);
        log.info(`Identity: ${describeSource(source)}`);
        // Credentials the identity source reads (a federated token, IDENTITY_HEADER) are masks at once.
        const access = await azure({ source, cloud: config.cloud, mask: (value) => log.setSecret(value) });
        const onThrottled = (what, waitMs) => log.debug(`${what}: throttled (429); waiting ${waitMs} ms`);
        const fetcher = createFetcher(access, { concurrency: config.concurrency, signal: deadline, clock, onThrottled });
        // Each vault's first request fetches Key Vault's challenge while IMDS issues the token.
        const started = { named: fetcher.fetchAll(config.references), listings: fetcher.listVaults(config.wildcards) };
        // A run may name only tokens, storage keys or registries (issue 15): then no Key Vault token is asked for.
        const token = config.references.length + config.wildcards.length > 0 ? await acquireToken(access, config, source, deadline, clock) : undefined;
        if (token)
            held.push(token.token);
        const principalId = token && (0,identity_token/* principalOf */.i6)(token.token).objectId;
        const resources = fetchNamedResources(config, { access, source, clock, vaultToken: token }, dependencies.resources ?? defaultResources, deadline, (value) => held.push(value));
        if (principalId)
            log.debug(`Managed identity principal id: ${principalId}`);
        exporter = loadExporter(); // @actions/core loads while Key Vault answers
        void exporter.catch(() => { });
        const warnings = [];
        const warn = (message) => {
            warnings.push(message); // for the job summary
            log.warning(message);
        };
        const secrets = await readSecrets(fetcher, started, config, principalId, (value) => held.push(value), warn);
        checkExpiry(secrets, config, clock, warn);
        const { items, problems } = planExports(secrets, config.parseJson, resourceExportNames(config.resources));
        refuseProblems(problems);
        const credentials = requireResources(await resources.outcome);
        const extra = planResourceExports(credentials);
        const tooBig = envExportProblem([...items, ...extra.masked, ...extra.plain], config.exportEnv, dependencies.env, dependencies.platform ?? process.platform);
        if (tooBig)
            throw new errors/* ActionError */.l(tooBig);
        const out = await exporter;
        await deliver(out, log, { items, credentials, extra, token: token?.token, held: resources.held, warnings }, config, dependencies.env.HOME, deadline);
    }
    catch (error) {
        await main_fail(error, log, exporter, held);
    }
}
/**
 * Reports the failure: the user's message as the one error, SDK text in the debug log only, and
 * that only once the token and every value this run holds are masked.
 */
async function main_fail(error, log, exporter, held) {
    const out = exporter ? await exporter.catch(() => undefined) : undefined;
    if (out)
        for (const value of held)
            for (const piece of (0,mask/* maskPieces */.km)(value))
                out.setSecret(piece);
    const detailIsSafe = held.length === 0 || out !== undefined;
    if (!(error instanceof errors/* ActionError */.l)) {
        if (detailIsSafe)
            log.debug(error instanceof Error && error.stack ? error.stack : (0,errors/* errorMessage */.g)(error));
        log.setFailed(SharedRemediation.unexpectedFailure(error instanceof Error ? error.name : typeof error));
        return;
    }
    if (error.detail && detailIsSafe)
        log.debug(error.detail);
    log.setFailed(error.message);
    if (error instanceof FetchFailure && out) {
        try {
            await out.writeSummary(failureSummary(error.failures, error.total));
        }
        catch {
            log.debug('Could not write the job summary.');
        }
    }
}


/***/ }),

/***/ 1535:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   M: () => (/* binding */ ServiceAnswerError)
/* harmony export */ });
/**
 * A service's answer that was not a success: its status and, when the body said, its error code and
 * message (ARM: {"error":{"code","message"}}; ACR: {"errors":[{"code","message"}]}). Untrusted text.
 */
class ServiceAnswerError extends Error {
    status;
    code;
    serviceMessage;
    name = 'ServiceAnswerError';
    constructor(status, code, serviceMessage) {
        super(`HTTP ${status}${code ? ` ${code}` : ''}${serviceMessage ? `: ${serviceMessage}` : ''}`);
        this.status = status;
        this.code = code;
        this.serviceMessage = serviceMessage;
    }
}


/***/ }),

/***/ 1528:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   b: () => (/* binding */ untrusted)
/* harmony export */ });
// Text that came from a vault or a server (secret names from a listing, JSON keys, versions, content
// types, error codes) is never trusted to be printable: a newline in it would start a new log line,
// and a log line that starts with "::" is a workflow command (set state, outputs, masks, warnings), as
// is "##[name]" anywhere in a line (actions/runner's legacy form).
const MAX = 200;
// C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const hex = (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
// Spaces .NET trims before looking for "::" (the controls among them are escaped already).
const LEADING_COMMAND = /^([ \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\ufeff]*)::/;
/**
 * The text with every control character written as a \uXXXX escape, cut to `max` characters; printed
 * anywhere in a line, even at its start, it can form no workflow command: a leading "::" is written
 * ":\u003a" and every "##[" "#\u0023[".
 */
function untrusted(text, max = MAX) {
    const escaped = text.replace(UNPRINTABLE, hex);
    const cut = escaped.length > max ? `${escaped.slice(0, max)}…` : escaped;
    return cut.replace(LEADING_COMMAND, '$1:\\u003a').replaceAll('##[', '#\\u0023[');
}


/***/ }),

/***/ 2830:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ untilAborted)
/* harmony export */ });
// Waiting on something that takes no abort signal (MSAL's token request, a shared promise) without
// outliving the deadline.
/** Settles with the promise, or rejects with the signal's reason as soon as it aborts. */
function untilAborted(promise, signal) {
    if (!signal)
        return promise;
    const reason = () => signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
    if (signal.aborted)
        return Promise.reject(reason());
    return new Promise((resolve, reject) => {
        const onAbort = () => reject(reason());
        signal.addEventListener('abort', onAbort, { once: true });
        promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
}


/***/ }),

/***/ 2296:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Vs: () => (/* binding */ retryAfterMs),
/* harmony export */   jo: () => (/* binding */ backoffMs)
/* harmony export */ });
/* unused harmony exports BACKOFF_BASE_MS, BACKOFF_CAP_MS */
// Backoff for what the SDK does not retry: Key Vault's 429 without Retry-After (it does send
// these), 429s that outlast the SDK's own retries, and IMDS errors, always within the deadline.
const BACKOFF_BASE_MS = 1000;
const BACKOFF_CAP_MS = 8000;
/** Roughly 1, 2, 4, 8, 8… seconds, with ±25 % jitter so parallel workers do not retry in step. */
function backoffMs(attempt, random, baseMs = BACKOFF_BASE_MS, capMs = BACKOFF_CAP_MS) {
    const exponential = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
    return Math.round(exponential * (0.75 + random() * 0.5));
}
/** A Retry-After header (seconds or an HTTP date) in milliseconds, if it has a usable value. */
function retryAfterMs(header, now) {
    if (!header)
        return undefined;
    const trimmed = header.trim();
    if (/^\d+(\.\d+)?$/.test(trimmed))
        return Math.round(Number(trimmed) * 1000);
    const date = Date.parse(trimmed);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}


/***/ }),

/***/ 9661:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   g: () => (/* binding */ errorMessage),
/* harmony export */   l: () => (/* binding */ ActionError)
/* harmony export */ });
// One way to turn anything thrown into text, and the error type whose message is written for the user.
/** The message of anything thrown, without its stack. */
function errorMessage(error) {
    if (error instanceof Error)
        return error.message;
    if (typeof error === 'string')
        return error;
    try {
        return JSON.stringify(error) ?? String(error);
    }
    catch {
        return String(error);
    }
}
/** A failure whose message is already what the user should read: cause and fix. */
class ActionError extends Error {
    detail;
    name = 'ActionError';
    constructor(message, 
    /** SDK or network detail, for the debug log only. */
    detail) {
        super(message);
        this.detail = detail;
    }
}


/***/ }),

/***/ 6907:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Au: () => (/* binding */ throttling),
/* harmony export */   CA: () => (/* binding */ errorCode),
/* harmony export */   TD: () => (/* binding */ debugDetail),
/* harmony export */   TJ: () => (/* binding */ causeNamed),
/* harmony export */   rV: () => (/* binding */ isAbort),
/* harmony export */   xS: () => (/* binding */ factsOf)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9661);
/* harmony import */ var _backoff_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2296);
// What an error thrown by the SDK, MSAL or Node says, read duck-typed on their shapes (RestError, MSAL
// errors, Node system errors) so the failure path loads no SDK code. Shared by the identity and vault stages.


/** What an error and its causes say: status, service error code, system codes and text. */
function factsOf(error) {
    const facts = { codes: [], names: [], text: '', serviceBody: false };
    const texts = [];
    let current = error;
    for (let depth = 0; current !== undefined && current !== null && depth < 8; depth++) {
        if (typeof current !== 'object') {
            texts.push(String(current));
            break;
        }
        const e = current;
        const status = [e.statusCode, e.status].find((s) => typeof s === 'number' && s >= 100);
        if (facts.status === undefined && typeof status === 'number')
            facts.status = status;
        if (typeof e.code === 'string')
            facts.codes.push(e.code);
        if (typeof e.errorCode === 'string')
            facts.codes.push(e.errorCode);
        if (typeof e.name === 'string')
            facts.names.push(e.name);
        texts.push((0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .g)(current));
        // Key Vault's body is {"error":{"code","message","innererror":{"code"}}}; the SDK camel-cases innerError.
        const details = e.details;
        if (typeof details?.error === 'object' && details.error !== null)
            facts.serviceBody = true;
        if (facts.code === undefined && typeof details?.error?.code === 'string') {
            facts.code = details.error.code;
            const inner = (details.error.innerError ?? details.error.innererror)?.code;
            if (typeof inner === 'string')
                facts.innerCode = inner;
        }
        const headers = e.response?.headers;
        if (facts.retryAfter === undefined && typeof headers?.get === 'function')
            facts.retryAfter = headers.get('retry-after') ?? undefined;
        current = e.cause;
    }
    if (facts.code === undefined)
        facts.code = facts.codes.find((c) => /^[A-Z][A-Za-z]+$/.test(c));
    if (facts.code !== undefined)
        facts.serviceBody = true;
    // Codes come from a response body: only plain identifiers are ever printed.
    facts.code = errorCode(facts.code);
    facts.innerCode = errorCode(facts.innerCode);
    facts.text = texts.join(' ← ');
    return facts;
}
function isAbort(error) {
    const facts = factsOf(error);
    return facts.names.includes('AbortError') || facts.names.includes('TimeoutError') || facts.codes.includes('ABORT_ERR');
}
/** Throttled by Key Vault; with the wait it asked for, if any. */
function throttling(error, now) {
    const facts = factsOf(error);
    if (facts.status !== 429)
        return undefined;
    return { retryAfterMs: (0,_backoff_js__WEBPACK_IMPORTED_MODULE_1__/* .retryAfterMs */ .Vs)(facts.retryAfter, now) };
}
/** The error, or the first of its causes, with this name. */
function causeNamed(error, name) {
    let current = error;
    for (let depth = 0; typeof current === 'object' && current !== null && depth < 8; depth++) {
        const e = current;
        if (e.name === name)
            return e;
        current = e.cause;
    }
    return undefined;
}
/**
 * An error's text for the debug log, except when it answers a 2xx: a body that could not be parsed
 * (cut short) holds a secret's value that was never read, and so never masked.
 */
function debugDetail(error) {
    const facts = factsOf(error);
    if (facts.status === undefined || facts.status < 200 || facts.status >= 300)
        return (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .g)(error);
    const what = facts.codes.find((c) => errorCode(c)) ?? facts.names.find((n) => errorCode(n)) ?? 'an error';
    return `HTTP ${facts.status} answered, then ${what} reading it; the answer's text is not shown, as it may hold a secret's value`;
}
/** A service error code worth printing: a plain identifier (Key Vault's "ForbiddenByRbac", Entra's "invalid_client"). */
function errorCode(code) {
    return typeof code === 'string' && /^[A-Za-z][A-Za-z0-9_.]{0,63}$/.test(code) ? code : undefined;
}


/***/ })

};
