export const id = 244;
export const ids = [244];
export const modules = {

/***/ 1244:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   getIdToken: () => (/* binding */ getIdToken)
/* harmony export */ });
// The job's GitHub OIDC ID token, from @actions/core (which masks it as it arrives). Loaded only for
// GitHub OIDC: core's entry point brings its HTTP client (undici, tunnel), ~1 MB the other sources never need.
async function getIdToken(audience) {
    const { getIDToken } = await Promise.all(/* import() */[__webpack_require__.e(119), __webpack_require__.e(255)]).then(__webpack_require__.bind(__webpack_require__, 6255));
    return getIDToken(audience);
}


/***/ })

};
