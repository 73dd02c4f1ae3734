// Faults the action must survive or explain: each injected into the stand-in, the bundled action
// run as a step with debug logging on, and the outcome, the message, the exports and leaks checked.
import { join } from 'node:path';
import { DEFAULT_IDENTITIES } from '../../standin/index.mjs';
import { ROOT } from '../../standin/runner.mjs';
import {
  expectMaskedAndNotLeaked,
  expectNothingExported,
  sampleInputs,
  sampleVault,
  useStandin,
} from '../helpers/standin.js';

const ctx = useStandin();
const SYSTEM_OID = DEFAULT_IDENTITIES[0]!.objectId;
const VALUE = 'fault-suite-secret-value';

describe('faults it survives', () => {
  it.each([
    ['429 with Retry-After', [{ status: 429, retryAfter: 1 }], 1000],
    // The shared pause: 100–200 ms, then 200–400 ms (src/retry.ts throttleMs), so at least 300 ms.
    ['429 without Retry-After, twice', [{ status: 429 }, { status: 429 }], 300],
    ['500 then 503', [500, 503], 0],
    ['a connection reset', ['reset'], 0],
  ])('Key Vault: %s', async (_, steps, atLeastMs) => {
    sampleVault(ctx.s, VALUE);
    ctx.s.fault('vault', steps, '/secrets/db-password');
    const r = await ctx.step(sampleInputs());
    expect(r.errors).toEqual([]);
    expect(r.outputs).toEqual({ DB_PASSWORD: VALUE });
    expect(r.durationMs).toBeGreaterThanOrEqual(atLeastMs);
    expectMaskedAndNotLeaked(r, [VALUE], ctx.s.entra.issuedTokens());
  });

  it.each([
    ['500', [500]],
    ['410', [410]],
    ['429', [429]],
  ])('IMDS: %s, retried', async (_, steps) => {
    sampleVault(ctx.s, VALUE);
    ctx.s.fault('imds', steps);
    const r = await ctx.step(sampleInputs());
    expect(r.errors).toEqual([]);
    expect(r.outputs).toEqual({ DB_PASSWORD: VALUE });
    expect(ctx.s.stats.imdsRequests).toBe(2);
  });

  it('never sends IMDS through a proxy, whatever the environment says', async () => {
    sampleVault(ctx.s, VALUE);
    const r = await ctx.step(sampleInputs(), {
      env: { HTTP_PROXY: ctx.s.proxyUrl, http_proxy: ctx.s.proxyUrl, ALL_PROXY: ctx.s.proxyUrl },
    });
    expect(r.errors).toEqual([]);
    expect(ctx.s.proxy.refusedHosts()).toEqual([]);
  });
});

describe('failures it explains', () => {
  it.each([
    [
      'ForbiddenByRbac',
      { model: 'rbac', grants: {} },
      [
        /forbidden by Azure RBAC/,
        new RegExp(`az role assignment create --role "Key Vault Secrets User" --assignee ${SYSTEM_OID}`),
      ],
    ],
    [
      'ForbiddenByPolicy',
      { model: 'policy', grants: {} },
      [
        /access policy/,
        new RegExp(`az keyvault set-policy -n ml-prod-kv --object-id ${SYSTEM_OID} --secret-permissions get`),
      ],
    ],
    ['ForbiddenByFirewall', { firewall: true }, [/firewall/, /private endpoint/]],
    [
      'SecretDisabled',
      { secrets: { 'db-password': { value: VALUE, enabled: false } } },
      [/disabled/, /set-attributes/],
    ],
    ['SecretNotFound', { secrets: {} }, [/not found/, /az keyvault secret list --vault-name ml-prod-kv/]],
  ] as const)('%s', async (_, spec, messages) => {
    sampleVault(ctx.s, VALUE, spec);
    const r = await ctx.step(sampleInputs());
    expect(r.code).not.toBe(0);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(/secrets line 1: ml-prod-kv\/db-password/);
    for (const m of messages) expect(r.errors[0]).toMatch(m);
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expectNothingExported(r);
    expectMaskedAndNotLeaked(r, [], ctx.s.entra.issuedTokens());
  });

  it.each([403, 404, 'close'] as const)(
    'a vault name that does not exist in the cloud (the proxy answers %s)',
    async (answer) => {
      ctx.s.proxy.answerUnknownVaults(answer);
      const r = await ctx.step({ keyvault: 'no-such-kv', secrets: 'db-password' });
      expect(r.errors[0]).toMatch(
        /vault not found: no-such-kv\.vault\.azure\.net could not be reached .*no vault named no-such-kv exists in AzureCloud/,
      );
      expectNothingExported(r);
    },
  );

  it('an identity that is not attached to the VM', async () => {
    sampleVault(ctx.s, VALUE);
    const r = await ctx.step(sampleInputs({ 'client-id': '00000000-0000-4000-8000-0000000000ff' }));
    expect(r.errors[0]).toMatch(
      /no identity with client-id 00000000-0000-4000-8000-0000000000ff.*az vm identity assign.*--identities/,
    );
    expect(r.errors[0]).toMatch(/az vmss identity assign/);
  });

  it('an unreachable IMDS fails in seconds', async () => {
    sampleVault(ctx.s, VALUE);
    // No chassis asset tag, even where the suite runs on an Azure VM (GitHub-hosted runners are): there, auto waits (runner/imds-boot.e2e.test.ts).
    const noDmi = `--require ${join(ROOT, '__tests__', 'fixtures', 'dmi-none.cjs')}`;
    const r = await ctx.step(sampleInputs(), {
      env: { AZURE_POD_IDENTITY_AUTHORITY_HOST: 'http://127.0.0.1:9', NODE_OPTIONS: noDmi },
    });
    expect(r.errors[0]).toMatch(/cannot be reached.*not an Azure VM.*169\.254\.169\.254 must be in NO_PROXY/);
    expect(r.durationMs).toBeLessThan(10_000);
    expectNothingExported(r);
  });

  it.each([
    ['Key Vault', 'vault', /timed out after 2 s waiting for ml-prod-kv/],
    ['IMDS', 'imds', /timed out after 2 s waiting for the identity endpoint/],
  ] as const)('a hung %s ends the step at the deadline', async (_, service, message) => {
    sampleVault(ctx.s, VALUE);
    ctx.s.fault(service, ['hang', 'hang', 'hang', 'hang']);
    const r = await ctx.step(sampleInputs({ timeout: '2' }));
    expect(r.errors[0]).toMatch(message);
    expect(r.durationMs).toBeGreaterThanOrEqual(2000);
    expect(r.durationMs).toBeLessThan(8000);
    expectNothingExported(r);
  });

  it('lists every failed reference, each with its own fix', async () => {
    sampleVault(ctx.s, { ok: VALUE, off: { value: 'x', enabled: false } });
    ctx.s.keyvault.addVault('locked-kv', { model: 'policy', grants: {} });
    const r = await ctx.step({
      keyvault: 'ml-prod-kv',
      secrets: 'ok\nmissing\noff\nhttps://locked-kv.vault.azure.net/secrets/db',
    });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(/Could not read 3 of 4/);
    expect(r.errors[0]).toMatch(/line 2: ml-prod-kv\/missing .*not found/);
    expect(r.errors[0]).toMatch(/line 3: ml-prod-kv\/off .*disabled/);
    expect(r.errors[0]).toMatch(/line 4: locked-kv\/db .*set-policy -n locked-kv/);
    expectNothingExported(r);
  });
});

describe('fork guard', () => {
  const pr = (head: string) => ({
    pull_request: { number: 7, head: { repo: { full_name: head } }, base: { repo: { full_name: 'acme/training' } } },
    repository: { full_name: 'acme/training' },
  });

  it.each(['pull_request', 'pull_request_target'])('refuses a %s from a fork, with no request', async (eventName) => {
    sampleVault(ctx.s, VALUE);
    const r = await ctx.step(sampleInputs(), { eventName, event: pr('mallory/training') });
    expect(r.errors[0]).toMatch(/fork mallory\/training.*allow-fork-pull-requests: true/);
    expect(ctx.s.stats.imdsRequests + ctx.s.stats.vaultRequests).toBe(0);
    expectNothingExported(r);
  });

  it('fetches for a fork when allowed, and for a branch of the same repository', async () => {
    sampleVault(ctx.s, VALUE);
    const allowed = await ctx.step(sampleInputs({ 'allow-fork-pull-requests': 'true' }), {
      eventName: 'pull_request',
      event: pr('mallory/training'),
    });
    expect(allowed.outputs).toEqual({ DB_PASSWORD: VALUE });
    const internal = await ctx.step(sampleInputs(), { eventName: 'pull_request', event: pr('acme/training') });
    expect(internal.outputs).toEqual({ DB_PASSWORD: VALUE });
  });

  const workflowRun = (head: string | null, event = 'pull_request') => ({
    workflow_run: {
      event,
      head_repository: head ? { full_name: head } : null,
      repository: { full_name: 'acme/training' },
    },
    repository: { full_name: 'acme/training' },
  });

  it.each([
    ['from a fork', workflowRun('mallory/training'), /fork mallory\/training/],
    ['from a deleted fork', workflowRun(null), /fork a deleted fork/],
  ])('refuses a workflow_run triggered by a pull request %s', async (_, event, message) => {
    sampleVault(ctx.s, VALUE);
    const r = await ctx.step(sampleInputs(), { eventName: 'workflow_run', event });
    expect(r.errors).toEqual([expect.stringMatching(message)]);
    expect(ctx.s.stats.imdsRequests).toBe(0);
  });

  it('fetches for a workflow_run from a push, or from a pull request of the same repository', async () => {
    sampleVault(ctx.s, VALUE);
    for (const event of [workflowRun('mallory/training', 'push'), workflowRun('acme/training')]) {
      const r = await ctx.step(sampleInputs(), { eventName: 'workflow_run', event });
      expect(r.outputs).toEqual({ DB_PASSWORD: VALUE });
    }
  });

  const comment = (number: number) => ({
    issue: { number, pull_request: { url: `https://api.github.com/repos/acme/training/pulls/${number}` } },
    repository: { full_name: 'acme/training' },
  });

  it('looks up the pull request behind an issue_comment, and refuses one from a fork', async () => {
    sampleVault(ctx.s, VALUE);
    ctx.s.github.addPullRequest('acme/training', 12, 'mallory/training');
    ctx.s.github.addPullRequest('acme/training', 13, 'acme/training');
    const fork = await ctx.step(sampleInputs(), { eventName: 'issue_comment', event: comment(12) });
    expect(fork.errors).toEqual([expect.stringMatching(/fork mallory\/training into acme\/training/)]);
    expect(ctx.s.stats.imdsRequests).toBe(0);
    const internal = await ctx.step(sampleInputs(), { eventName: 'issue_comment', event: comment(13) });
    expect(internal.outputs).toEqual({ DB_PASSWORD: VALUE });
    expect(
      ctx.s
        .requests()
        .filter((r: { service: string }) => r.service === 'github')
        .map((r: { path: string }) => r.path),
    ).toEqual(['/repos/acme/training/pulls/12', '/repos/acme/training/pulls/13']);
    // A comment on an issue (not a pull request) needs no lookup.
    const issue = await ctx.step(sampleInputs(), {
      eventName: 'issue_comment',
      event: { issue: { number: 3 }, repository: { full_name: 'acme/training' } },
    });
    expect(issue.outputs).toEqual({ DB_PASSWORD: VALUE });
  });

  it('fails closed when the pull request cannot be looked up', async () => {
    sampleVault(ctx.s, VALUE);
    const unknown = await ctx.step(sampleInputs(), { eventName: 'issue_comment', event: comment(99) });
    expect(unknown.errors).toEqual([
      expect.stringMatching(/looking the pull request up failed \(HTTP 404\).*pull-requests: read/),
    ]);
    const noToken = await ctx.step(sampleInputs({ 'github-token': '' }), {
      eventName: 'issue_comment',
      event: comment(99),
    });
    expect(noToken.errors).toEqual([expect.stringMatching(/without a token the fork guard cannot look up/)]);
    expect(ctx.s.stats.imdsRequests).toBe(0);
  });

  it.each([
    ['missing', null, /payload cannot be read \(.* cannot be read\)/],
    ['not JSON', '{"pull_request": ', /payload cannot be read \(.* is not a JSON object\)/],
  ])('fails closed when the event file is %s', async (_, event, message) => {
    sampleVault(ctx.s, VALUE);
    const r = await ctx.step(sampleInputs(), { eventName: 'pull_request', event });
    expect(r.errors).toEqual([expect.stringMatching(message)]);
    expect(ctx.s.stats.imdsRequests).toBe(0);
  });
});
