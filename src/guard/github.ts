// GitHub's API, for the one question the event payload cannot answer: which repository a pull
// request's head is in, when a comment on it triggered the run. Loaded only then.
import { getOctokit } from '@actions/github';
import { defaults } from '@actions/github/lib/utils';
import { untilAborted } from '../util/abort.js';
import type { PullRequestRepos } from '../ports.js';

/** GET /repos/{repository}/pulls/{number} with the job's token (GITHUB_API_URL, so GHES works too), within the deadline. */
export async function pullRequestRepos(
  repository: string,
  number: number,
  token: string,
  signal: AbortSignal,
): Promise<PullRequestRepos> {
  const [owner, repo] = repository.split('/') as [string, string];
  // `request` replaces @actions/github's own (its proxy-aware agent and fetch for HTTPS_PROXY): merged, not replaced.
  const octokit = getOctokit(token, { request: { ...defaults.request, signal } });
  const { data } = await untilAborted(octokit.rest.pulls.get({ owner, repo, pull_number: number }), signal);
  return { head: data.head.repo?.full_name ?? null, base: data.base.repo.full_name };
}
