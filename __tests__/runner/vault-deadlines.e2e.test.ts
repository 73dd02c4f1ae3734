// A deadline case for every wait on Key Vault and GitHub: each one stalled in the stand-in, and the
// step must end at `timeout` (plus a generous margin for a loaded machine) with one clear error.
import { expectNothingExported, sampleVault, useStandin } from '../helpers/standin.js';

const ctx = useStandin();
type Request = { host: string; path: string; search?: string; authorized?: boolean };
const VALUE = 'deadline-suite-value';
/** The runner stand-in's own limit, so a step that never ends fails here instead of hanging the suite. */
const RUN_LIMIT = { timeoutMs: 25_000 };

function expectEndsAtDeadline(r: { durationMs: number; errors: string[] }, seconds: number, message: RegExp) {
  expect(r.errors).toEqual([expect.stringMatching(message)]);
  expect(r.durationMs).toBeGreaterThanOrEqual(seconds * 1000);
  expect(r.durationMs).toBeLessThan(seconds * 1000 + 5000);
}

describe('Key Vault', () => {
  it.each([
    ['its challenge (the first, unauthenticated request)', (q: Request) => !q.authorized],
    ['the secret itself, after the challenge', (q: Request) => Boolean(q.authorized)],
  ])('a stalled answer to %s ends the step at the deadline', async (_, match) => {
    sampleVault(ctx.s, VALUE);
    ctx.s.fault('vault', ['hang', 'hang', 'hang', 'hang'], match);
    const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'db-password', timeout: '3' }, RUN_LIMIT);
    expectEndsAtDeadline(
      r,
      3,
      /ml-prod-kv\/db-password \(DB_PASSWORD\): timed out after 3 s waiting for ml-prod-kv to answer for "db-password"/,
    );
    expectNothingExported(r);
  });

  it.each([
    ['page 1', (q: Request) => Boolean(q.authorized) && q.path === '/secrets'],
    ['page 2 (the SDK sends it with no abort signal)', (q: Request) => Boolean(q.search?.includes('skiptoken'))],
  ])('a stalled listing, %s, ends the step at the deadline', async (_, match) => {
    sampleVault(ctx.s, Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`app-s${i}`, `${VALUE}-${i}`])));
    ctx.s.fault('vault', ['hang', 'hang', 'hang', 'hang'], match);
    const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'app-*', timeout: '4' }, RUN_LIMIT);
    expectEndsAtDeadline(
      r,
      4,
      /ml-prod-kv\/app-\* \(APP_\*\): timed out after 4 s waiting for ml-prod-kv to list its secrets \(for app-\*\)/,
    );
    expectNothingExported(r);
  });
});

describe('Key Vault throttling', () => {
  it('a 429 whose Retry-After is far past the deadline (and past what a timer holds) ends the step at the deadline, named as throttling', async () => {
    sampleVault(ctx.s, VALUE);
    ctx.s.keyvault.throttleUnless({ admit: () => false, retryAfter: '99999999999' });
    const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'db-password', timeout: '3' }, RUN_LIMIT);
    expectEndsAtDeadline(r, 3, /throttled: ml-prod-kv kept answering 429 Too Many Requests until the deadline/);
    expectNothingExported(r);
    // One request, then one wait cut to the deadline: not the SDK's three more at once, nor a wait past 2^31 ms,
    // which Node's timer turns into 1 ms and so wakes the run every millisecond until the deadline.
    expect(ctx.s.stats.vaultRequests).toBe(1);
  });
});

describe('GitHub', () => {
  const comment = {
    issue: { number: 13, pull_request: { url: 'https://api.github.com/repos/acme/training/pulls/13' } },
    repository: { full_name: 'acme/training' },
  };

  it('a stalled fork-guard lookup ends the step at the deadline, and says so', async () => {
    sampleVault(ctx.s, VALUE);
    ctx.s.github.addPullRequest('acme/training', 13, 'acme/training');
    ctx.s.fault('github', ['hang']);
    const r = await ctx.step(
      { keyvault: 'ml-prod-kv', secrets: 'db-password', timeout: '3' },
      { ...RUN_LIMIT, eventName: 'issue_comment', event: comment },
    );
    expectEndsAtDeadline(
      r,
      3,
      /pull request #13 of acme\/training .*GitHub's API did not answer the fork guard's lookup within the timeout \(3 s\)/,
    );
    expect(r.errors[0]).not.toMatch(/HTTP 500|pull-requests: read/);
    expect(ctx.s.stats.imdsRequests + ctx.s.stats.vaultRequests).toBe(0);
    expectNothingExported(r);
  });
});
