// What the fork guard says when it refuses, or cannot decide, and how to fix it.
import { entry } from './entry.js';

const ALLOW = 'set allow-fork-pull-requests: true';
/** The pull request a comment was made on (issue_comment), which the guard looks up with the job's token. */
type Lookup = { repository: string; number: number };
const commented = (a: Lookup) =>
  `Refusing to fetch secrets: a comment on pull request #${a.number} of ${a.repository} triggered this run, `;
const LOOKUP: Lookup = { repository: 'acme/training', number: 42 };

export const GUARD_MESSAGES = {
  'guard.fork': entry({
    section: 'guard',
    when: 'a pull request from a fork (or a run or comment it triggered): refused before any credential is asked for',
    problem: (a: { event: string; head: string; base: string }) =>
      `Refusing to fetch secrets for a ${a.event} event from the fork ${a.head} into ${a.base}: the fork's code would run with this runner's managed identity.`,
    fix: () =>
      `GitHub withholds repository secrets from fork pull requests for this reason. If you trust every fork (for example, the job needs approval), ${ALLOW}.`,
    example: { event: 'pull_request', head: 'mallory/training', base: 'acme/training' },
  }),
  'guard.event-unreadable': entry({
    section: 'guard',
    when: 'a pull request event whose payload cannot be read (the guard fails closed)',
    problem: (a: { event: string; why: string }) =>
      `Refusing to fetch secrets: this is a ${a.event} event and its payload cannot be read (${a.why}), so the fork guard cannot tell whether a fork's code is running.`,
    fix: () =>
      `The runner always provides it; if this job runs outside GitHub Actions, set GITHUB_EVENT_NAME and GITHUB_EVENT_PATH, or allow-fork-pull-requests: true.`,
    example: { event: 'pull_request', why: 'GITHUB_EVENT_PATH is not set' },
  }),
  'guard.lookup-needs-token': entry({
    section: 'guard',
    when: 'a comment on a pull request, and no `github-token` to look it up',
    problem: (a: Lookup) =>
      `${commented(a)}and without a token the fork guard cannot look up whether it comes from a fork.`,
    fix: () =>
      `Leave github-token at its default (\${{ github.token }}), with permissions: pull-requests: read, or ${ALLOW}.`,
    example: LOOKUP,
  }),
  'guard.lookup-refused': entry({
    section: 'guard',
    when: "a comment on a pull request, and GitHub's API refuses the lookup (401, 403, 404)",
    problem: (a: Lookup & { status: string }) =>
      `${commented(a)}and looking the pull request up failed (${a.status}), so the fork guard cannot tell whether it comes from a fork.`,
    fix: () => `Give the job permissions: pull-requests: read (and contents: read), or ${ALLOW}.`,
    example: { ...LOOKUP, status: 'HTTP 403' },
  }),
  'guard.lookup-rate-limited': entry({
    section: 'guard',
    when: "a comment on a pull request, and GitHub's API rate-limits the lookup",
    problem: (a: Lookup & { status: string }) =>
      `${commented(a)}and looking the pull request up failed (${a.status}), so the fork guard cannot tell whether it comes from a fork.`,
    fix: () => `GitHub's API is rate-limiting this job's token (throttled): re-run the job later; or ${ALLOW}.`,
    example: { ...LOOKUP, status: 'HTTP 429' },
  }),
  'guard.lookup-unreachable': entry({
    section: 'guard',
    when: "a comment on a pull request, and GitHub's API cannot be reached",
    problem: (a: Lookup & { status: string }) =>
      `${commented(a)}and looking the pull request up failed (${a.status}), so the fork guard cannot tell whether it comes from a fork.`,
    fix: () =>
      `Check the runner's route to GitHub's API (GITHUB_API_URL, HTTPS_PROXY/NO_PROXY) and https://www.githubstatus.com, then re-run; or ${ALLOW}.`,
    example: { ...LOOKUP, status: 'no answer: ECONNREFUSED' },
  }),
  'guard.lookup-timed-out': entry({
    section: 'guard',
    when: "a comment on a pull request, and GitHub's API does not answer within `timeout`",
    problem: (a: Lookup & { seconds: number }) =>
      `${commented(a)}and GitHub's API did not answer the fork guard's lookup within the timeout (${a.seconds} s), ` +
      `so it cannot tell whether the pull request comes from a fork.`,
    fix: () =>
      `Check the runner's route to GitHub's API (GITHUB_API_URL, HTTPS_PROXY/NO_PROXY), raise timeout, or ${ALLOW}.`,
    example: { ...LOOKUP, seconds: 60 },
  }),
};
