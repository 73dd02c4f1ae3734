export const id = 910;
export const ids = [910];
export const modules = {

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
