// What the fork guard says when it refuses, or cannot decide, and how to fix it.
export const FORK_GUARD = (event: string, head: string, base: string) =>
  `Refusing to fetch secrets for a ${event} event from the fork ${head} into ${base}: the fork's code would run with this runner's managed identity. ` +
  `GitHub withholds repository secrets from fork pull requests for this reason. If you trust every fork (for example, the job needs approval), set allow-fork-pull-requests: true.`;

export const GuardRemediation = {
  eventUnreadable: (event: string, why: string) =>
    `Refusing to fetch secrets: this is a ${event} event and its payload cannot be read (${why}), so the fork guard cannot tell whether a fork's code is running. ` +
    `The runner always provides it; if this job runs outside GitHub Actions, set GITHUB_EVENT_NAME and GITHUB_EVENT_PATH, or allow-fork-pull-requests: true.`,

  forkLookupNeedsToken: (repository: string, number: number) =>
    `Refusing to fetch secrets: a comment on pull request #${number} of ${repository} triggered this run, and without a token the fork guard cannot look up whether it comes from a fork. ` +
    `Leave github-token at its default (\${{ github.token }}), with permissions: pull-requests: read, or set allow-fork-pull-requests: true.`,

  /** `refused`: GitHub answered 401, 403 or 404, which is what a token without the permission gets. */
  forkLookupFailed: (
    repository: string,
    number: number,
    status: string,
    why: 'refused' | 'rate-limited' | 'unreachable' = 'refused',
  ) =>
    `Refusing to fetch secrets: a comment on pull request #${number} of ${repository} triggered this run, ` +
    `and looking the pull request up failed (${status}), so the fork guard cannot tell whether it comes from a fork. ` +
    {
      refused: `Give the job permissions: pull-requests: read (and contents: read), or set allow-fork-pull-requests: true.`,
      'rate-limited': `GitHub's API is rate-limiting this job's token (throttled): re-run the job later; or set allow-fork-pull-requests: true.`,
      unreachable: `Check the runner's route to GitHub's API (GITHUB_API_URL, HTTPS_PROXY/NO_PROXY) and https://www.githubstatus.com, then re-run; or set allow-fork-pull-requests: true.`,
    }[why],

  forkLookupTimedOut: (repository: string, number: number, seconds: number) =>
    `Refusing to fetch secrets: a comment on pull request #${number} of ${repository} triggered this run, ` +
    `and GitHub's API did not answer the fork guard's lookup within the timeout (${seconds} s), ` +
    `so it cannot tell whether the pull request comes from a fork. ` +
    `Check the runner's route to GitHub's API (GITHUB_API_URL, HTTPS_PROXY/NO_PROXY), raise timeout, or set allow-fork-pull-requests: true.`,
} as const;
