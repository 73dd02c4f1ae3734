// GitHub OIDC through the stand-in's GitHub and Entra: the two forms of GitHub's subject (names, and the
// immutable repo:OWNER@OWNER_ID/REPO@REPO_ID), each meeting a credential made for the other; subjects that
// change with every run (a tag, a merge queue branch, a pull request ref) and the flexible credential the
// error offers, which Entra then accepts; and client-id without tenant-id where GitHub OIDC was meant.
import { join } from 'node:path';
import { GITHUB_IMMUTABLE_SUBJECT, GITHUB_ISSUER, GITHUB_SUBJECT, jwtClaims } from '../../standin/index.mjs';
import { ROOT } from '../../standin/runner.mjs';
import { shellWords } from '../helpers/hostile.js';
import {
  expectMaskedAndNotLeaked,
  expectNothingExported,
  sampleInputs,
  sampleVault,
  type StepResult,
  useStandin,
} from '../helpers/standin.js';

const ctx = useStandin();
const VALUE = 'oidc-subjects-secret-value';
const APP = { clientId: '9a7b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d', objectId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d' };
const NAMES = 'repo:acme/training';
const IDS = 'repo:acme@5544123/training@821093847';

const oidc = (more: Record<string, string> = {}) =>
  sampleInputs({ 'tenant-id': ctx.s.entra.tenantId, 'client-id': APP.clientId, ...more });
const run = () => ctx.step(oidc(), { env: ctx.s.envFor('github-oidc') });
const federate = (...federated: Record<string, unknown>[]) =>
  ctx.s.entra.addFederatedIdentity({ ...APP, federated: federated as { issuer: string; subject: string }[] });
/** The job's ID token: masked, so among the masks. */
const idTokenOf = (r: StepResult) => r.masks.find((m: string) => jwtClaims(m)?.iss === GITHUB_ISSUER);

/** One error, no value, no access token and no ID token anywhere, nothing exported. */
function expectOneCleanError(r: StepResult): string {
  expect(r.errors).toHaveLength(1);
  const idToken = idTokenOf(r);
  expect(idToken).toBeDefined();
  expectMaskedAndNotLeaked(r, [], [...ctx.s.entra.issuedTokens(), idToken!]);
  expectNothingExported(r);
  return r.errors[0]!;
}

/** What `gh api repos/OWNER/REPO/actions/oidc/customization/sub`, as the error names it, answers. */
async function ghApi(error: string): Promise<{ sub_claim_prefix: string; use_immutable_subject: boolean }> {
  const path = /gh api (repos\/\S+\/actions\/oidc\/customization\/sub) /.exec(error)?.[1];
  expect(path).toBeDefined();
  const answer = await fetch(`${ctx.s.env().GITHUB_API_URL}/${path}`, { headers: { authorization: 'token t' } });
  expect(answer.status).toBe(200);
  return (await answer.json()) as { sub_claim_prefix: string; use_immutable_subject: boolean };
}

describe('the two subject forms, each against a credential made for the other', () => {
  beforeEach(() => sampleVault(ctx.s, VALUE));

  it.each(['generic', 'specific'] as const)(
    'names credential, ids token (%s codes): the immutable form named, both fixes, and gh api reads what GitHub sends',
    async (codes) => {
      ctx.s.entra.useCodes(codes);
      federate({ issuer: GITHUB_ISSUER, subject: GITHUB_SUBJECT });
      ctx.s.github.useImmutableSubject();
      const error = expectOneCleanError(await run());
      expect(error).toMatch(codes === 'generic' ? /\(AADSTS70021\)/ : /\(AADSTS700213\)/);
      expect(error).toContain(GITHUB_IMMUTABLE_SUBJECT);
      expect(error).toContain('That is the immutable form (repo:OWNER@OWNER_ID/REPO@REPO_ID:…)');
      // Fix one: a credential with the presented subject.
      expect(error).toContain(`"subject":"${GITHUB_IMMUTABLE_SUBJECT}"`);
      // The other direction: the names credential no longer matches; going back is for opted-in repositories only.
      expect(error).toContain(
        `A credential made for the name form (its subject starting ${NAMES}:) no longer matches: add the immutable form as above`,
      );
      expect(error).toContain('only a repository that opted in can go back to names, by turning the opt-in off');
      const settings = await ghApi(error);
      expect(GITHUB_IMMUTABLE_SUBJECT.startsWith(`${settings.sub_claim_prefix}:`)).toBe(true);

      // The first fix, as printed, lets the next run in.
      federate(
        { issuer: GITHUB_ISSUER, subject: GITHUB_SUBJECT },
        { issuer: GITHUB_ISSUER, subject: GITHUB_IMMUTABLE_SUBJECT },
      );
      expect((await run()).outputs).toEqual({ DB_PASSWORD: VALUE });
    },
  );

  it.each(['generic', 'specific'] as const)(
    'ids credential, names token (%s codes): the name form named, the ids it would carry, and opting in as the other fix',
    async (codes) => {
      ctx.s.entra.useCodes(codes);
      federate({ issuer: GITHUB_ISSUER, subject: GITHUB_IMMUTABLE_SUBJECT });
      const error = expectOneCleanError(await run());
      expect(error).toContain(GITHUB_SUBJECT);
      expect(error).toContain('That is the name form (repo:OWNER/REPO:…)');
      expect(error).toContain(`"subject":"${GITHUB_SUBJECT}"`);
      // The ids come from the token's repository_owner_id and repository_id claims.
      expect(error).toContain(
        `If the credential was made for the immutable form instead (its subject starting ${IDS}:, as the Azure portal now writes it), add the name form as above, or opt the repository in to immutable subjects`,
      );
      const settings = await ghApi(error);
      expect(settings).toMatchObject({ use_immutable_subject: false, sub_claim_prefix: NAMES });

      // The second fix: once the repository opts in, GitHub sends the form the credential holds.
      ctx.s.github.useImmutableSubject();
      expect((await run()).outputs).toEqual({ DB_PASSWORD: VALUE });
    },
  );
});

describe('a subject that changes with every run: the flexible credential the error offers', () => {
  beforeEach(() => {
    sampleVault(ctx.s, VALUE);
    ctx.s.entra.useCodes('specific');
  });

  it.each([
    ['a tag', 'ref:refs/tags/v1.2.0', 'ref:refs/tags/v1.3.0', 'every tag', `${NAMES}:ref:refs/tags/*`],
    [
      'a merge queue branch',
      'ref:refs/heads/gh-readonly-queue/main/pr-42-1f0c9e2d3b4a',
      'ref:refs/heads/gh-readonly-queue/main/pr-43-0a1b2c3d4e5f',
      'every merge queue run for main',
      `${NAMES}:ref:refs/heads/gh-readonly-queue/main/*`,
    ],
    [
      'a pull request ref',
      'ref:refs/pull/17/merge',
      'ref:refs/pull/18/merge',
      "every pull request's merge ref",
      `${NAMES}:ref:refs/pull/*/merge`,
    ],
  ])(
    '%s: offered next to the exact subject, quoted for a shell; Entra then admits the next run',
    async (_, context, next, covers, comparand) => {
      federate({ issuer: GITHUB_ISSUER, subject: GITHUB_SUBJECT });
      ctx.s.github.setContext(context);
      const error = expectOneCleanError(await run());
      expect(error).toContain(`"subject":"${NAMES}:${context}"`);
      const expression = `claims['sub'] matches '${comparand}'`;
      expect(error).toContain(
        `one flexible federated credential matches ${covers}: ${expression} (preview; on an app registration only, not on a managed identity;`,
      );
      const command = error.slice(error.indexOf('az rest '), error.indexOf(' (the object id:'));
      const words = shellWords(command);
      expect(words).not.toBeNull();
      const body = JSON.parse(words![words!.indexOf('--body') + 1]!) as {
        issuer: string;
        audiences: string[];
        claimsMatchingExpression: { value: string; languageVersion: number };
      };
      expect(body.claimsMatchingExpression).toEqual({ value: expression, languageVersion: 1 });

      // The body, as Graph would store it on the app registration: this run and the next one are let in.
      federate({ issuer: GITHUB_ISSUER, subject: GITHUB_SUBJECT }, body);
      expect((await run()).outputs).toEqual({ DB_PASSWORD: VALUE });
      ctx.s.github.setContext(next);
      expect((await run()).outputs).toEqual({ DB_PASSWORD: VALUE });
      // Where it does not apply: a managed identity cannot hold one.
      expect(() => ctx.s.entra.addFederatedIdentity({ ...APP, kind: 'managed-identity', federated: [body] })).toThrow(
        /only on app registrations/,
      );
    },
  );

  it('the immutable form keeps its ids in the expression', async () => {
    federate({ issuer: GITHUB_ISSUER, subject: GITHUB_IMMUTABLE_SUBJECT });
    ctx.s.github.useImmutableSubject();
    ctx.s.github.setContext('ref:refs/tags/v2.0.0');
    const error = expectOneCleanError(await run());
    expect(error).toContain(`claims['sub'] matches '${IDS}:ref:refs/tags/*'`);
  });
});

describe('client-id without tenant-id, in a job that may request a GitHub ID token', () => {
  const NOT_AZURE = { NODE_OPTIONS: `--require ${join(ROOT, '__tests__', 'fixtures', 'dmi-none.cjs')}` };
  const HINT =
    "client-id is given and this job may request a GitHub ID token (ACTIONS_ID_TOKEN_REQUEST_URL is set), but tenant-id is not: GitHub OIDC needs both, so auth: auto used this machine's managed identity (IMDS) instead. To sign in with GitHub OIDC, add tenant-id (az account show --query tenantId -o tsv).";
  beforeEach(() => sampleVault(ctx.s, VALUE));

  it('no IMDS (a GitHub-hosted runner): the error says GitHub OIDC also needs tenant-id, before the IMDS advice', async () => {
    await ctx.s.imds.refuse();
    const r = await ctx.step(sampleInputs({ 'client-id': APP.clientId }), {
      env: { ...ctx.s.envFor('github-oidc'), ...NOT_AZURE },
    });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toContain(HINT);
    expect(r.errors[0]).toMatch(
      /If you meant the managed identity: The managed identity endpoint .* cannot be reached/,
    );
    expect(ctx.s.requests('entra')).toEqual([]);
    expectNothingExported(r);
  });

  it('a VM without that identity: the same, before "no identity with client-id …"', async () => {
    const r = await ctx.step(sampleInputs({ 'client-id': APP.clientId }), {
      env: { ...ctx.s.envFor('github-oidc'), ...NOT_AZURE },
    });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toContain(HINT);
    expect(r.errors[0]).toContain(`has no identity with client-id ${APP.clientId}`);
    expectNothingExported(r);
  });

  it('without the ID-token variables: IMDS’s own advice only', async () => {
    await ctx.s.imds.refuse();
    const r = await ctx.step(sampleInputs({ 'client-id': APP.clientId }), { env: NOT_AZURE });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).not.toContain('tenant-id');
  });
});
