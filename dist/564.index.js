export const id = 564;
export const ids = [564];
export const modules = {

/***/ 1564:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   pullRequestRepos: () => (/* binding */ pullRequestRepos)
/* harmony export */ });
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2413);
// GitHub's API, for the one question the event payload cannot answer: which repository a pull
// request's head is in, when a comment on it triggered the run. Loaded only then.

/** GET /repos/{repository}/pulls/{number} with the job's token (GITHUB_API_URL, so GHES works too). */
async function pullRequestRepos(repository, number, token) {
    const [owner, repo] = repository.split('/');
    const octokit = (0,_actions_github__WEBPACK_IMPORTED_MODULE_0__/* .getOctokit */ .Q)(token, { request: { retries: 0 } });
    const { data } = await octokit.rest.pulls.get({ owner, repo, pull_number: number });
    return { head: data.head.repo?.full_name ?? null, base: data.base.repo.full_name };
}


/***/ })

};
