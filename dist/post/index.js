import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
var __webpack_exports__ = {};

;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");
;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
;// CONCATENATED MODULE: ./lib/runner/commands.js
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
    process.stdout.write(`::${name}${props ? ` ${props}` : ''}::${escapeData(message)}${external_node_os_namespaceObject.EOL}`);
}
/** The Log on the real runner: inputs from INPUT_* variables, lines and annotations on stdout. */
function createCommandLog() {
    return {
        // Untrimmed: line numbers in messages count the input's lines as written. readConfig trims.
        getInput: (name) => process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '',
        getState: (name) => process.env[`STATE_${name}`] ?? '',
        debug: (message) => issueCommand('debug', message),
        info: (message) => void process.stdout.write(`${plainText(message)}${external_node_os_namespaceObject.EOL}`),
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

;// CONCATENATED MODULE: ./lib/constants.js
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

;// CONCATENATED MODULE: external "node:child_process"
const external_node_child_process_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");
;// CONCATENATED MODULE: ./lib/util/errors.js
// One way to turn anything thrown into text, and the error type whose message is written for the user.
/** The message of anything thrown, without its stack. */
function errors_errorMessage(error) {
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
class errors_ActionError extends Error {
    detail;
    name = 'ActionError';
    constructor(message, 
    /** SDK or network detail, for the debug log only. */
    detail) {
        super(message);
        this.detail = detail;
    }
}

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
    const root = systemRoot && win32.isAbsolute(systemRoot) ? systemRoot : 'C:\\Windows';
    return win32.join(root, 'System32', name);
}
/** Makes `dir` readable and writable by the current user only. Throws, saying which tool failed, when it cannot. */
function windows_restrictToCurrentUser(dir, run, systemRoot) {
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
const runProgram = (file, args) => execFileSync(file, args, { encoding: 'utf8', windowsHide: true, timeout: 15_000, stdio: ['ignore', 'pipe', 'pipe'] });
/**
 * A new directory only this user can enter. mkdtemp creates it 0700, which is what protects it on
 * Linux and macOS; NTFS ignores the mode, so on Windows the directory gets an ACL with one entry,
 * this user, inherited by the files written in it. If that fails, the directory is removed and the
 * step fails: no secret is written where others could read it.
 */
function createFilesDir(runnerTemp, platform = process.platform, run = runProgram) {
    const dir = mkdtempSync(join(runnerTemp, FILES_DIR_PREFIX));
    if (platform !== 'win32')
        return dir;
    try {
        restrictToCurrentUser(dir, run, process.env.SystemRoot);
    }
    catch (error) {
        rmdirSync(dir);
        const code = error ?? {};
        const why = typeof code.code === 'string' ? code.code : typeof code.status === 'number' ? `exit code ${code.status}` : 'it failed';
        throw new ActionError(`Could not make ${dir} readable by this user only (whoami /user, then icacls /inheritance:r /grant:r: ${why}), so no secret file was written there. Nothing was exported.`, errorMessage(error));
    }
    return dir;
}
/** Writes one file, readable by this user only; never overwrites. */
function files_writeSecretFile(path, content) {
    const fd = openSync(path, 'wx', 0o600);
    try {
        writeSync(fd, content);
    }
    finally {
        closeSync(fd);
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
        const temp = (0,external_node_fs_namespaceObject.realpathSync)(runnerTemp);
        if (!(0,external_node_fs_namespaceObject.lstatSync)(dir).isDirectory() || (0,external_node_fs_namespaceObject.realpathSync)(dir) !== (0,external_node_path_namespaceObject.join)(temp, (0,external_node_path_namespaceObject.basename)(dir)))
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
function checkWrittenPaths(dir, files, path = external_node_path_namespaceObject) {
    if (!path.isAbsolute(dir) || dir.split(/[\\/]/).includes('..') || !path.basename(dir).startsWith(FILES_DIR_PREFIX))
        return 'the saved directory is not one this action creates';
    const inside = (f) => path.dirname(f) === dir && !f.split(/[\\/]/).includes('..') && !path.basename(f).startsWith('.');
    if (!files.every(inside))
        return 'a saved file is not directly inside the saved directory';
    return undefined;
}
const nodeFs = { lstatSync: external_node_fs_namespaceObject.lstatSync, rmSync: (p) => (0,external_node_fs_namespaceObject.rmSync)(p), rmdirSync: (p) => (0,external_node_fs_namespaceObject.rmdirSync)(p), readdirSync: (p) => (0,external_node_fs_namespaceObject.readdirSync)(p) };
const codeOf = (error) => {
    const code = error?.code;
    return typeof code === 'string' && /^[A-Z][A-Z0-9_]{0,31}$/.test(code) ? code : 'unknown error';
};
/** Removes the regular files listed (never a symlink or a directory), then the directory if nothing else is in it. Says what it could not remove, and why. */
function removeWritten({ dir, files }, fs = nodeFs) {
    const result = { removed: [], failed: [], replaced: [], dirRemoved: false, others: [] };
    for (const file of files) {
        if (external_node_path_namespaceObject.dirname(file) !== dir)
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
        const ours = new Set(result.failed.map((f) => external_node_path_namespaceObject.basename(f.file)));
        try {
            result.others = fs.readdirSync(dir).filter((name) => !ours.has(name));
        }
        catch {
            // unreadable: nothing to say about what is in it
        }
    }
    return result;
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
    return `${JSON.stringify({ auths, ...(home ? { cliPluginsExtraDirs: [join(home, '.docker', 'cli-plugins')] } : {}) }, null, 2)}\n`;
}
/** The directory and file a run would write; created by writeDockerConfig. */
function createDockerConfigDir(runnerTemp) {
    const dir = mkdtempSync(join(runnerTemp, DOCKER_DIR_PREFIX));
    return { dir, files: [join(dir, 'config.json')] };
}
function writeDockerConfig(written, logins, home) {
    writeSecretFile(written.files[0], Buffer.from(dockerConfigJson(logins, home), 'utf8'));
}

;// CONCATENATED MODULE: ./lib/runner/untrusted.js
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

;// CONCATENATED MODULE: ./lib/export/cleanup.js
// The post step's work: remove exactly the files the main step wrote, found through its saved state,
// and only after checking that the state names what this action creates (see checkWritten).







function runPost(log = createCommandLog(), runnerTemp = process.env.RUNNER_TEMP, fs) {
    removeDockerConfig(log, runnerTemp);
    const state = log.getState(States.WrittenFiles);
    if (state === '')
        return; // the main step wrote no files
    const checked = checkWritten(state, runnerTemp);
    if ('problem' in checked) {
        log.warning(`Ignored the saved list of secret files and removed nothing: ${checked.problem}.`);
        return;
    }
    const { written } = checked;
    const result = removeWritten(written, fs);
    for (const { file, code } of result.failed) {
        log.warning(`Could not remove the secret file ${untrusted(file)} (${code}): it still holds the secret. Delete it, or clean RUNNER_TEMP, before another job uses this runner.`);
    }
    for (const file of result.replaced)
        log.warning(`Left ${untrusted(file)} alone: it is no longer the regular file this action wrote.`);
    const files = result.removed.length;
    const total = written.files.length;
    const removed = files === total ? `Removed ${files} secret file${files === 1 ? '' : 's'}` : `Removed ${files} of ${total} secret files`;
    if (result.dirRemoved) {
        log.info(`${removed} and their directory.`);
        return;
    }
    const others = result.others.map((name) => untrusted((0,external_node_path_namespaceObject.basename)(name), 60));
    const why = others.length > 0
        ? `which holds files this action did not write (${others.slice(0, 5).join(', ')}${others.length > 5 ? `, and ${others.length - 5} more` : ''})`
        : result.failed.length > 0
            ? `since ${result.failed.length === 1 ? 'one of its files' : `${result.failed.length} of its files`} could not be removed`
            : `which could not be removed (${result.dirCode ?? 'unknown error'})`;
    const line = `${removed}; kept ${untrusted(written.dir)}, ${why}.`;
    if (others.length > 0 && result.failed.length === 0)
        log.info(line);
    else
        log.warning(line);
}
/** acr-login's Docker config (issue 15): checked and removed exactly as the secret files are. */
function removeDockerConfig(log, runnerTemp) {
    const state = log.getState(States.DockerConfig);
    if (state === '')
        return;
    const checked = checkWritten(state, runnerTemp);
    // The whole directory goes: it must be one acr-login creates (not, say, the secret files' directory).
    const problem = 'problem' in checked ? checked.problem : (0,external_node_path_namespaceObject.basename)(checked.written.dir).startsWith(DOCKER_DIR_PREFIX) ? undefined : 'the saved directory is not a Docker config this action creates';
    if (problem !== undefined || 'problem' in checked) {
        log.warning(`Ignored the saved Docker config location and removed nothing: ${problem}.`);
        return;
    }
    // Later steps' docker and buildx write there too (buildx/, contexts/): the whole directory is the job's,
    // created by this action (checked: directly under RUNNER_TEMP, its prefix, not a symlink). rm never follows links inside.
    const dir = untrusted(checked.written.dir);
    try {
        (0,external_node_fs_namespaceObject.rmSync)(checked.written.dir, { recursive: true, force: true });
    }
    catch (error) {
        const code = error?.code;
        log.warning(`Could not remove the job's Docker config ${dir} (${typeof code === 'string' ? code : 'unknown error'}): it still holds a registry login. Delete it, or clean RUNNER_TEMP, before another job uses this runner.`);
        return;
    }
    log.info(`Removed the job's Docker config (${dir}).`);
}

;// CONCATENATED MODULE: ./lib/post.js
// The post step's entry point (runs.post: dist/post/index.js, post-if: always()).

runPost();

