import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
var __webpack_exports__ = {};

;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
;// CONCATENATED MODULE: ./lib/commands.js
// The workflow command protocol (::name key=value::message) for log lines and annotations,
// escaped exactly as @actions/core's command.ts does. Written here because importing
// @actions/core also loads undici (~1 MB, for its OIDC client): that alone doubled the time a run
// takes to report bad input. Masks and file commands still go through @actions/core (actionsCore.ts).

const escapeData = (s) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
// The runner reads a line as a command if it starts with "::" (or "##[") after leading whitespace.
const COMMAND_START = /^(\s*)(::|##\[)/gm;
/** A log line that can never be read as a command, whatever text got into it. */
const plainText = (s) => s.replace(COMMAND_START, (_, space, start) => `${space}${start[0]}\u200b${start.slice(1)}`);
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
};
/** State the main step leaves for the post step (STATE_<name>). */
const States = {
    /** JSON: { dir, files } written by this step, removed by the post step. */
    WrittenFiles: 'written-files',
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
 * Names that are never exported as environment variables: they change how other programs run (the
 * shell, the dynamic loader, git, Node, Python, Java, Perl, Ruby, TLS and proxies) or the runner
 * itself. Compared case-insensitively. See README "Protected names".
 */
const PROTECTED_ENV_NAMES = [
    'PATH', 'HOME', 'SHELL', 'ENV', 'BASH_ENV', 'SHELLOPTS', 'BASHOPTS', 'PS4', 'PROMPT_COMMAND', 'IFS',
    'NODE_OPTIONS', 'NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE', 'SSL_CERT_DIR',
    'GIT_CONFIG', 'GIT_SSH_COMMAND', 'GIT_SSH', 'GIT_EXEC_PATH', 'GIT_ASKPASS',
    'JAVA_TOOL_OPTIONS', '_JAVA_OPTIONS', 'JDK_JAVA_OPTIONS',
    'PERL5OPT', 'PERL5LIB', 'PYTHONSTARTUP', 'PYTHONPATH', 'PYTHONHOME', 'RUBYOPT', 'RUBYLIB',
];
const PROTECTED_ENV_PREFIXES = ['GITHUB_', 'RUNNER_', 'ACTIONS_', 'INPUT_', 'STATE_', 'LD_', 'DYLD_', 'BASH_FUNC_', 'GIT_CONFIG_'];
/** HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, NO_PROXY, FTP_PROXY… in any case. */
const PROTECTED_ENV_SUFFIXES = ['_PROXY'];
const PROTECTED_ENV = { names: PROTECTED_ENV_NAMES, prefixes: PROTECTED_ENV_PREFIXES, suffixes: PROTECTED_ENV_SUFFIXES };
/** The IMDS address on every Azure VM. Never reached through a proxy. */
const IMDS_HOST = '169.254.169.254';

;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");
;// CONCATENATED MODULE: ./lib/files.js
// Secrets as files: a fresh 0700 directory under RUNNER_TEMP, one 0600 file per secret, removed by the post step.


const PKCS12 = 'application/x-pkcs12';
/** A certificate's PFX, as Key Vault keeps it: base64 text. */
const isPkcs12 = (bundle) => bundle.contentType?.trim().toLowerCase() === PKCS12;
/** A PFX file gets the decoded bytes; PEM and everything else: the text. */
function fileContent(bundle) {
    return isPkcs12(bundle) ? Buffer.from(bundle.value, 'base64') : Buffer.from(bundle.value, 'utf8');
}
/** The prefix of every directory this action creates under RUNNER_TEMP. */
const FILES_DIR_PREFIX = 'keyvault-secrets-';
/** A new directory only this user can enter (mkdtemp creates it 0700). */
function createFilesDir(runnerTemp) {
    return mkdtempSync(join(runnerTemp, FILES_DIR_PREFIX));
}
/** Writes one file, readable by this user only; never overwrites. */
function writeSecretFile(path, content) {
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
    if (!(0,external_node_path_namespaceObject.isAbsolute)(dir) || dir.split(external_node_path_namespaceObject.sep).includes('..') || !(0,external_node_path_namespaceObject.basename)(dir).startsWith(FILES_DIR_PREFIX))
        return { problem: 'the saved directory is not one this action creates' };
    try {
        const temp = (0,external_node_fs_namespaceObject.realpathSync)(runnerTemp);
        if (!(0,external_node_fs_namespaceObject.lstatSync)(dir).isDirectory() || (0,external_node_fs_namespaceObject.realpathSync)(dir) !== (0,external_node_path_namespaceObject.join)(temp, (0,external_node_path_namespaceObject.basename)(dir)))
            return { problem: 'the saved directory is not directly under RUNNER_TEMP' };
    }
    catch {
        return { problem: 'the saved directory does not exist' };
    }
    if (!files.every((f) => (0,external_node_path_namespaceObject.dirname)(f) === dir && !(0,external_node_path_namespaceObject.basename)(f).startsWith('.') && (0,external_node_path_namespaceObject.basename)(f) !== '..'))
        return { problem: 'a saved file is not directly inside the saved directory' };
    return { written: { dir, files } };
}
/** Removes the regular files listed (never a symlink or a directory), then the directory if nothing else is in it. Returns what it removed. */
function removeWritten({ dir, files }) {
    const removed = [];
    for (const file of files) {
        if ((0,external_node_path_namespaceObject.dirname)(file) !== dir)
            continue; // only ever inside the step's own directory
        try {
            if (!(0,external_node_fs_namespaceObject.lstatSync)(file).isFile())
                continue;
            (0,external_node_fs_namespaceObject.rmSync)(file);
            removed.push(file);
        }
        catch {
            // already gone
        }
    }
    try {
        (0,external_node_fs_namespaceObject.rmdirSync)(dir); // fails, and so keeps the directory, if anything else is in it
        removed.push(dir);
    }
    catch {
        // not empty, or already gone
    }
    return removed;
}

;// CONCATENATED MODULE: ./lib/cleanup.js
// The post step's work: remove exactly the files the main step wrote, found through its saved state,
// and only after checking that the state names what this action creates (see checkWritten).



function runPost(log = createCommandLog(), runnerTemp = process.env.RUNNER_TEMP) {
    const state = log.getState(States.WrittenFiles);
    if (state === '')
        return; // the main step wrote no files
    const checked = checkWritten(state, runnerTemp);
    if ('problem' in checked) {
        log.warning(`Ignored the saved list of secret files and removed nothing: ${checked.problem}.`);
        return;
    }
    const { written } = checked;
    const removed = removeWritten(written);
    const files = removed.filter((p) => p !== written.dir).length;
    const dir = removed.includes(written.dir) ? 'and their directory' : `; kept ${written.dir}, which holds files this action did not write`;
    log.info(`Removed ${files} secret file${files === 1 ? '' : 's'} ${dir}.`);
}

;// CONCATENATED MODULE: ./lib/post.js
// The post step's entry point (runs.post: dist/post/index.js, post-if: always()).

runPost();

