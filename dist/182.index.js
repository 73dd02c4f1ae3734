export const id = 182;
export const ids = [182];
export const modules = {

/***/ 9182:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   pullRequestRepos: () => (/* binding */ pullRequestRepos)
/* harmony export */ });
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1351);
/* harmony import */ var _actions_github_lib_utils__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8665);
/* harmony import */ var _util_abort_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2830);
// GitHub's API, for the one question the event payload cannot answer: which repository a pull
// request's head is in, when a comment on it triggered the run. Loaded only then.



/** GET /repos/{repository}/pulls/{number} with the job's token (GITHUB_API_URL, so GHES works too), within the deadline. */
async function pullRequestRepos(repository, number, token, signal) {
    const [owner, repo] = repository.split('/');
    // `request` replaces @actions/github's own (its proxy-aware agent and fetch for HTTPS_PROXY): merged, not replaced.
    const octokit = (0,_actions_github__WEBPACK_IMPORTED_MODULE_0__/* .getOctokit */ .Q)(token, { request: { ..._actions_github_lib_utils__WEBPACK_IMPORTED_MODULE_1__/* .defaults */ .NT.request, signal } });
    const { data } = await (0,_util_abort_js__WEBPACK_IMPORTED_MODULE_2__/* .untilAborted */ .E)(octokit.rest.pulls.get({ owner, repo, pull_number: number }), signal);
    return { head: data.head.repo?.full_name ?? null, base: data.base.repo.full_name };
}


/***/ })

};
