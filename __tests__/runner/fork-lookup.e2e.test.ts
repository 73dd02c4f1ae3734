// The fork guard's one call to GitHub (issue_comment on a pull request), from a runner behind
// HTTPS_PROXY: it must go through the proxy as @actions/github sends it, and say what went wrong.
import { createServer } from 'node:net';
import { sampleVault, useStandin } from '../helpers/standin.js';

const ctx = useStandin();
const VALUE = 'fork-lookup-suite-value';
const comment = (number: number) => ({
  issue: { number, pull_request: { url: `https://api.github.com/repos/acme/training/pulls/${number}` } },
  repository: { full_name: 'acme/training' },
});
type Request = { service: string; host: string; path: string };
const githubRequests = () => (ctx.s.requests() as Request[]).filter((q) => q.service === 'github');

describe('behind HTTPS_PROXY', () => {
  it('looks the pull request up through the proxy: a same-repository one reads, a fork is refused', async () => {
    sampleVault(ctx.s, VALUE);
    ctx.s.github.addPullRequest('acme/training', 13, 'acme/training');
    ctx.s.github.addPullRequest('acme/training', 12, 'mallory/training');
    // GitHub's API at a name only the proxy can reach (as on a runner whose only way out is the proxy).
    const env = { GITHUB_API_URL: ctx.s.githubProxiedUrl };
    const connectsBefore = ctx.s.stats.connects;
    const internal = await ctx.step(
      { keyvault: 'ml-prod-kv', secrets: 'db-password' },
      { env, eventName: 'issue_comment', event: comment(13) },
    );
    expect(internal.errors).toEqual([]);
    expect(internal.outputs).toEqual({ DB_PASSWORD: VALUE });
    const fork = await ctx.step(
      { keyvault: 'ml-prod-kv', secrets: 'db-password' },
      { env, eventName: 'issue_comment', event: comment(12) },
    );
    expect(fork.errors).toEqual([expect.stringMatching(/fork mallory\/training into acme\/training/)]);
    expect(githubRequests().map((q) => `${q.host}${q.path}`)).toEqual([
      'api.github.invalid/repos/acme/training/pulls/13',
      'api.github.invalid/repos/acme/training/pulls/12',
    ]);
    expect(ctx.s.stats.connects).toBeGreaterThan(connectsBefore);
  });
});

describe('what a failed lookup says', () => {
  it('a lookup that gets no answer says so, not "HTTP 500 … pull-requests: read"', async () => {
    sampleVault(ctx.s, VALUE);
    const closed = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const r = await ctx.step(
      { keyvault: 'ml-prod-kv', secrets: 'db-password' },
      { env: { GITHUB_API_URL: `http://127.0.0.1:${closed}` }, eventName: 'issue_comment', event: comment(13) },
    );
    expect(r.errors).toEqual([
      expect.stringMatching(
        /looking the pull request up failed \(no answer: ECONNREFUSED\).*Check the runner's route to GitHub's API/,
      ),
    ]);
    expect(r.errors[0]).not.toMatch(/HTTP 500|pull-requests: read/);
  });

  it.each([
    ['429', { status: 429, retryAfter: 0, body: { message: 'slow down' } }],
    [
      '403 with its rate limit used up',
      { status: 403, headers: { 'x-ratelimit-remaining': '0' }, body: { message: 'API rate limit exceeded' } },
    ],
  ])('GitHub throttling the lookup (%s) is named as such, not as a missing permission', async (_, step) => {
    sampleVault(ctx.s, VALUE);
    ctx.s.fault('github', [step]);
    const r = await ctx.step(
      { keyvault: 'ml-prod-kv', secrets: 'db-password' },
      { env: { GITHUB_API_URL: ctx.s.githubProxiedUrl }, eventName: 'issue_comment', event: comment(13) },
    );
    expect(r.errors).toEqual([
      expect.stringMatching(
        /looking the pull request up failed \(HTTP 4\d\d\).*rate-limiting this job's token \(throttled\)/,
      ),
    ]);
    expect(r.errors[0]).not.toMatch(/pull-requests: read/);
    expect(githubRequests()).toHaveLength(1); // one request, never retried: nothing to pace
  });

  it('an answer with an error status keeps its status', async () => {
    sampleVault(ctx.s, VALUE);
    ctx.s.fault('github', [{ status: 503, body: { message: 'unavailable' } }]);
    const r = await ctx.step(
      { keyvault: 'ml-prod-kv', secrets: 'db-password' },
      { env: { GITHUB_API_URL: ctx.s.githubProxiedUrl }, eventName: 'issue_comment', event: comment(13) },
    );
    expect(r.errors).toEqual([expect.stringMatching(/looking the pull request up failed \(HTTP 503\)/)]);
    expect(r.errors[0]).not.toMatch(/pull-requests: read/);
  });
});
