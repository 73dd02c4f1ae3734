export const id = 185;
export const ids = [185];
export const modules = {

/***/ 1185:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createCoreExporter: () => (/* binding */ createCoreExporter)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6421);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(452);
// The Exporter backed by @actions/core: masks and file commands exactly as the runner expects.



const FILE_COMMANDS = ['GITHUB_OUTPUT', 'GITHUB_ENV'];
/** Truncates each file command file back to its size before the writes. */
function checkpoint() {
    const sizes = FILE_COMMANDS.map((name) => {
        const path = process.env[name];
        return { path, size: path && (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(path) ? (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(path).size : 0 };
    });
    return () => {
        for (const { path, size } of sizes) {
            if (!path || !(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(path))
                continue;
            const fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(path, 'r+');
            try {
                (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.ftruncateSync)(fd, size);
            }
            finally {
                (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
            }
        }
    };
}
/** Without these files @actions/core falls back to stdout commands, which would print the value. */
function requireFileCommand(name) {
    if (!process.env[name]) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionError */ .l(`${name} is not set: this runner is too old to receive secrets safely. Update the runner to 2.297.0 or later.`);
    }
}
function createCoreExporter() {
    return {
        setSecret: (value) => _actions_core__WEBPACK_IMPORTED_MODULE_1__/* .setSecret */ .Pq(value),
        setOutput: (name, value) => {
            requireFileCommand('GITHUB_OUTPUT');
            _actions_core__WEBPACK_IMPORTED_MODULE_1__/* .setOutput */ .uH(name, value);
        },
        exportVariable: (name, value) => {
            requireFileCommand('GITHUB_ENV');
            _actions_core__WEBPACK_IMPORTED_MODULE_1__/* .exportVariable */ .dN(name, value);
        },
        atomically(writes) {
            const restore = checkpoint();
            const envBefore = { ...process.env };
            try {
                writes();
            }
            catch (error) {
                restore();
                for (const key of Object.keys(process.env))
                    if (!(key in envBefore))
                        delete process.env[key];
                Object.assign(process.env, envBefore);
                throw error;
            }
        },
        saveState: (name, value) => _actions_core__WEBPACK_IMPORTED_MODULE_1__/* .saveState */ .LZ(name, value),
        tempDir: () => {
            // The post step removes files only from under RUNNER_TEMP, so they are written nowhere else.
            if (!process.env.RUNNER_TEMP)
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ActionError */ .l('RUNNER_TEMP is not set, so the files input has nowhere safe to write. Run the action on a GitHub Actions runner.');
            return process.env.RUNNER_TEMP;
        },
        writeSummary: async (markdown) => {
            if (!process.env.GITHUB_STEP_SUMMARY)
                return;
            await _actions_core__WEBPACK_IMPORTED_MODULE_1__/* .summary */ .z.addRaw(markdown, true).write();
        },
    };
}


/***/ })

};
