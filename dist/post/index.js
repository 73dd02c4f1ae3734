import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
var __webpack_exports__ = {};

;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
;// CONCATENATED MODULE: ./lib/commands.js
// The workflow command protocol (::name key=value::message) for log lines and annotations,
// escaped exactly as @actions/core's command.ts does. Written here because importing
// @actions/core also loads undici (~1 MB, for OIDC this action never uses): that alone doubled the
// time a run takes to report bad input. Masks and file commands still go through @actions/core.

const escapeData = (s) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
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
        info: (message) => void process.stdout.write(`${message}${external_node_os_namespaceObject.EOL}`),
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
};
/**
 * Names that are never exported as environment variables: they change how every later
 * step, the shell or the runner itself behaves. Compared case-insensitively.
 */
const PROTECTED_ENV_NAMES = ['NODE_OPTIONS', 'PATH', 'LD_PRELOAD', 'LD_LIBRARY_PATH', 'BASH_ENV', 'ENV', 'HOME', 'SHELL'];
const PROTECTED_ENV_PREFIXES = ['GITHUB_', 'RUNNER_', 'ACTIONS_', 'INPUT_', 'STATE_'];
const PROTECTED_ENV = { names: PROTECTED_ENV_NAMES, prefixes: PROTECTED_ENV_PREFIXES };
/** The IMDS address on every Azure VM. Never reached through a proxy. */
const IMDS_HOST = '169.254.169.254';

;// CONCATENATED MODULE: ./lib/errors.js
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

;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");
;// CONCATENATED MODULE: ./lib/files.js
// Secrets as files: a fresh 0700 directory under RUNNER_TEMP, one 0600 file per secret, removed by the post step.


const PKCS12 = 'application/x-pkcs12';
/** Key Vault keeps a certificate's PFX as base64 text: the file gets the decoded bytes. PEM and everything else: the text. */
function fileContent(bundle) {
    return bundle.contentType?.toLowerCase() === PKCS12 ? Buffer.from(bundle.value, 'base64') : Buffer.from(bundle.value, 'utf8');
}
/** A new directory only this user can enter (mkdtemp creates it 0700). */
function createFilesDir(runnerTemp) {
    return mkdtempSync(join(runnerTemp, 'keyvault-secrets-'));
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
/** Removes the files listed, then the directory if nothing else is in it. Returns what it removed. */
function removeWritten({ dir, files }) {
    const removed = [];
    for (const file of files) {
        if (!file.startsWith(`${dir}/`))
            continue; // only ever inside the step's own directory
        try {
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
// The post step's work: remove exactly the files the main step wrote, found through its saved state.




function runPost(log = createCommandLog()) {
    const state = log.getState(States.WrittenFiles);
    if (state === '')
        return; // the main step wrote no files
    try {
        const written = JSON.parse(state);
        const removed = removeWritten(written);
        const files = removed.filter((p) => p !== written.dir).length;
        const dir = removed.includes(written.dir) ? 'and their directory' : `; kept ${written.dir}, which holds files this action did not write`;
        log.info(`Removed ${files} secret file${files === 1 ? '' : 's'} ${dir}.`);
    }
    catch (error) {
        log.warning(`Could not remove the secret files: ${errorMessage(error)}`);
    }
}

;// CONCATENATED MODULE: ./lib/post.js
// The post step's entry point (runs.post: dist/post/index.js, post-if: always()).

runPost();

