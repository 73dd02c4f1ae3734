export const id = 399;
export const ids = [399];
export const modules = {

/***/ 1399:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EXIT_FLUSH_TIMEOUT_MS: () => (/* binding */ EXIT_FLUSH_TIMEOUT_MS),
/* harmony export */   a: () => (/* binding */ flushed),
/* harmony export */   stdioFlushed: () => (/* binding */ stdioFlushed)
/* harmony export */ });
/** How long the entry point waits, after the run, for stdout and stderr to drain before it exits anyway. */
const EXIT_FLUSH_TIMEOUT_MS = 10_000;
/**
 * Resolves true once everything written to `stream` so far is handed to the OS (the pipe's buffer
 * then outlives this process); false when `signal` aborts first or the stream fails (the reader left).
 * An empty write is queued behind every earlier write, so its callback means all of them are out.
 */
function flushed(stream, signal) {
    if (stream.writableLength === 0)
        return Promise.resolve(true);
    if (signal.aborted || stream.destroyed)
        return Promise.resolve(false);
    return new Promise((resolve) => {
        const done = (ok) => {
            signal.removeEventListener('abort', onAbort);
            resolve(ok);
        };
        const onAbort = () => done(false);
        signal.addEventListener('abort', onAbort, { once: true });
        stream.write('', (error) => done(!error));
    });
}
/** Both of this process's output streams, flushed (see flushed). */
async function stdioFlushed(signal) {
    const [out, err] = await Promise.all([flushed(process.stdout, signal), flushed(process.stderr, signal)]);
    return out && err;
}


/***/ })

};
