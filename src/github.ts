// GitHub's API, for the one question the event payload cannot answer: which repository a pull
// request's head is in, when a comment on it triggered the run. Loaded only then.
import { getOctokit } from '@actions/github';
import type { PullRequestRepos } from './forkGuard.js';

/** GET /repos/{repository}/pulls/{number} with the job's token (GITHUB_API_URL, so GHES works too). */
export async function pullRequestRepos(repository: string, number: number, token: string): Promise<PullRequestRepos> {
  const [owner, repo] = repository.split('/') as [string, string];
  const octokit = getOctokit(token, { request: { retries: 0 } });
  const { data } = await octokit.rest.pulls.get({ owner, repo, pull_number: number });
  return { head: data.head.repo?.full_name ?? null, base: data.base.repo.full_name };
}
