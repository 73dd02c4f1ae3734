export const id = 433;
export const ids = [433];
export const modules = {

/***/ 9433:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createCommandLog: () => (/* binding */ createCommandLog),
/* harmony export */   wh: () => (/* binding */ plainText)
/* harmony export */ });
/* unused harmony exports escapeData, escapeProperty, issueCommand */
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8161);
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
