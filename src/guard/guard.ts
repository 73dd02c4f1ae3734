// The fork guard as a stage: a fork's pull request is refused before any credential is asked for.
import type { RunContext } from '../context.js';
import type { Config } from '../inputs/config.js';
import { ActionError, errorMessage } from '../util/errors.js';
import { factsOf } from '../util/sdkErrors.js';
import { compareRepos, type ForkVerdict, forkVerdict } from './forkGuard.js';
import type { PullRequestLookup } from '../ports.js';
import { say } from '../messages/catalogue.js';

export async function refuseForkPullRequests({
  config,
  deps: { event, pullRequest },
  deadline,
}: Pick<RunContext, 'config' | 'deps' | 'deadline'>): Promise<void> {
  if (config.allowForkPullRequests) return;
  const context = await event();
  let verdict = forkVerdict(context);
  if (verdict.kind === 'look-up') verdict = await lookUpPullRequest(verdict, config, pullRequest, deadline);
  if (verdict.kind === 'fork')
    throw new ActionError(say('guard.fork', { event: context.eventName, head: verdict.head, base: verdict.base }));
}

/** A comment's pull request, looked up with the job's token; when that cannot be done, the step fails closed. */
async function lookUpPullRequest(
  { repository, number }: Extract<ForkVerdict, { kind: 'look-up' }>,
  config: Config,
  pullRequest: PullRequestLookup,
  deadline: AbortSignal,
): Promise<ForkVerdict> {
  if (!config.githubToken) throw new ActionError(say('guard.lookup-needs-token', { repository, number }));
  try {
    const repos = await pullRequest(repository, number, config.githubToken, deadline);
    return compareRepos(repos.head, repos.base);
  } catch (error) {
    if (deadline.aborted)
      throw new ActionError(
        say('guard.lookup-timed-out', { repository, number, seconds: config.timeoutSeconds }),
        errorMessage(error),
      );
    const { status, why } = lookupFailure(error);
    const id = (
      {
        refused: 'guard.lookup-refused',
        'rate-limited': 'guard.lookup-rate-limited',
        unreachable: 'guard.lookup-unreachable',
      } as const
    )[why];
    throw new ActionError(say(id, { repository, number, status }), errorMessage(error));
  }
}

/**
 * Octokit gives a request that got no answer (refused, no such host, aborted) status 500 too: only an answer has a
 * response. GitHub answers an exhausted rate limit 429, or 403 with x-ratelimit-remaining 0 or a Retry-After: that
 * is throttling, not a missing permission. The lookup is one request, never retried: nothing to pace.
 */
function lookupFailure(error: unknown): { status: string; why: 'refused' | 'rate-limited' | 'unreachable' } {
  const { status, response } = (error ?? {}) as {
    status?: unknown;
    response?: { headers?: Record<string, string | undefined> };
  };
  if (typeof status === 'number' && response !== undefined) {
    const headers = response.headers ?? {};
    const rateLimited =
      status === 429 || (status === 403 && (headers['x-ratelimit-remaining'] === '0' || !!headers['retry-after']));
    return {
      status: `HTTP ${status}`,
      why: rateLimited ? 'rate-limited' : [401, 403, 404].includes(status) ? 'refused' : 'unreachable',
    };
  }
  const code = factsOf(error).codes.find((c) => /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(c));
  return { status: code ? `no answer: ${code}` : 'no answer', why: 'unreachable' };
}
