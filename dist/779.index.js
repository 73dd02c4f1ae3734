export const id = 779;
export const ids = [779];
export const modules = {

/***/ 3779:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   apps: () => (/* binding */ apps),
/* harmony export */   "default": () => (__WEBPACK_DEFAULT_EXPORT__),
/* harmony export */   openApp: () => (/* binding */ openApp)
/* harmony export */ });
// See package.json: @azure/identity loads 'open' only to show a browser sign-in page, which a CI
// action never does. Anything that calls it fails loudly instead of opening something.
const never = async () => {
  throw new Error('keyvault-secrets-action never opens a browser');
};
/* harmony default export */ const __WEBPACK_DEFAULT_EXPORT__ = (never);
const openApp = never;
const apps = {};


/***/ })

};
