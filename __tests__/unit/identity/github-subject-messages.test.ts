// What a GitHub OIDC subject mismatch says: the form the token presented (names, or GitHub's immutable ids),
// both directions and their fixes, how to read what GitHub sends, and for a tag, merge queue or pull request
// ref, the flexible credential that matches every run, quoted for a shell. And the tenant-id that auto missed.
// For any subject and claims: github-subject.property.test.ts.
import { githubSubjectFacts } from '../../../src/identity/githubSubject.js';
import { say } from '../../../src/messages/catalogue.js';
import {
  entraRefusal,
  type IdentityContext,
  identityNotFound,
  identityUnreachable,
  type SourceFacts,
  withOidcTenantHint,
} from '../../../src/messages/identity.js';
import type { FederatedClaims } from '../../../src/ports.js';
import { claimsMatcher } from '../../../standin/flexibleCredentials.mjs';
import { GITHUB_ISSUER } from '../../../standin/index.mjs';
import { shellWords } from '../../helpers/hostile.js';

const CLIENT_ID = '9a7b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d';
const NAMES = 'repo:acme/training';
const IDS = 'repo:acme@5544123/training@821093847';
const CLAIMS = { repository: 'acme/training', repository_owner_id: '5544123', repository_id: '821093847' };

/** The message for a GitHub OIDC refusal, with the subject facts the identity stage reads from the claims. */
const oidc = (
  code: number,
  sub: string,
  more: Omit<Partial<IdentityContext>, 'claims'> & { claims?: FederatedClaims } = {},
): string => {
  const claims = { iss: GITHUB_ISSUER, sub, aud: 'api://AzureADTokenExchange', ...CLAIMS, ...more.claims };
  return entraRefusal(code, {
    source: { kind: 'github-oidc', tenantId: '11111111-2222-4333-8444-555555555555', clientId: CLIENT_ID },
    endpoint: 'https://login.microsoftonline.com/11111111-2222-4333-8444-555555555555',
    cloud: 'AzureCloud',
    ...more,
    claims,
    github: githubSubjectFacts(claims),
  }).text;
};

/** The az rest command a message offers for the flexible credential, as a shell splits it; its --body parsed. */
function flexibleCommand(message: string): { words: string[]; body: Record<string, unknown> } | undefined {
  const at = message.indexOf('az rest ');
  if (at < 0) return undefined;
  const line = message.slice(at, message.indexOf(' (the object id:', at));
  const words = shellWords(line);
  expect(words).not.toBeNull();
  return { words: words!, body: JSON.parse(words![words!.indexOf('--body') + 1]!) as Record<string, unknown> };
}

describe('a subject mismatch names the presented form and both directions', () => {
  const CODES = [70021, 700213, 7002137, 7002138];

  it.each(CODES)('AADSTS%i, the name form presented: add it, or opt in to match an ids credential', (code) => {
    const sub = `${NAMES}:ref:refs/heads/main`;
    const m = oidc(code, sub);
    expect(m).toContain(`AADSTS${code}`);
    expect(m).toContain(`${sub}`);
    expect(m).toContain('That is the name form (repo:OWNER/REPO:…)');
    expect(m).toContain(`"subject":"${sub}"`); // the exact subject's credential
    expect(m).toContain(
      `If the credential was made for the immutable form instead (its subject starting ${IDS}:, as the Azure portal now writes it), add the name form as above, or opt the repository in to immutable subjects`,
    );
    expect(m).toContain(
      'What GitHub sends this repository: gh api repos/acme/training/actions/oidc/customization/sub (sub_claim_prefix starts every subject it sends; use_immutable_subject is the opt-in).',
    );
    expect(m).not.toContain('az rest'); // a branch: an exact subject fits every run
  });

  it.each(CODES)('AADSTS%i, the immutable form presented: add it; a names credential no longer matches', (code) => {
    const sub = `${IDS}:environment:prod`;
    const m = oidc(code, sub);
    expect(m).toContain('That is the immutable form (repo:OWNER@OWNER_ID/REPO@REPO_ID:…)');
    expect(m).toContain('created, renamed or transferred since 2026-07-15, or opted in');
    expect(m).toContain(`"subject":"${sub}"`);
    expect(m).toContain(
      `A credential made for the name form (its subject starting ${NAMES}:) no longer matches: add the immutable form as above (its ids survive a rename) and delete the old one; only a repository that opted in can go back to names, by turning the opt-in off.`,
    );
    expect(m).toContain('gh api repos/acme/training/actions/oidc/customization/sub');
  });

  it('the ids the name form lacks come from the token’s claims, or are placeholders', () => {
    expect(oidc(700213, `${NAMES}:ref:refs/heads/main`, { claims: { repository_id: 'x' } })).toContain(
      'its subject starting repo:acme@5544123/training@<repo-id>:',
    );
  });

  it('a customized subject: says so, and where GitHub’s template is read', () => {
    const m = oidc(700213, 'repository_owner_id:5544123:repository_id:821093847:environment:prod');
    expect(m).toContain("That is not one of GitHub's default subjects");
    expect(m).toContain('include_claim_keys');
    expect(m).toContain('gh api repos/acme/training/actions/oidc/customization/sub');
  });

  it.each([
    ['issuer', 700211],
    ['audience', 700212],
  ])('an %s mismatch (AADSTS%i) says nothing of subject forms', (_, code) => {
    expect(oidc(code, `${IDS}:ref:refs/tags/v1`)).not.toMatch(/name form|immutable form|gh api|az rest/);
  });

  it('AKS workload identity, and GitHub Enterprise Server’s issuer: no GitHub subject advice', () => {
    const aks = entraRefusal(700213, {
      source: { kind: 'workload-identity', tokenFile: '/t', tenantId: 't', clientId: CLIENT_ID },
      endpoint: 'e',
      cloud: 'AzureCloud',
      claims: { iss: 'https://oidc.prod-aks.azure.com/x/', sub: 'system:serviceaccount:a:b' },
    }).text;
    expect(aks).not.toMatch(/name form|gh api/);
    const ghes = oidc(700213, `${NAMES}:ref:refs/tags/v1`, {
      claims: { iss: 'https://ghes.example/_services/token' },
    });
    expect(ghes).not.toMatch(/name form|gh api|az rest/);
  });
});

describe('a subject that changes with every run: the flexible credential, next to the exact subject', () => {
  it.each([
    [`${NAMES}:ref:refs/tags/v1.2.0`, 'this tag', 'every tag', `${NAMES}:ref:refs/tags/*`],
    [`${IDS}:ref:refs/tags/v1.2.0`, 'this tag', 'every tag', `${IDS}:ref:refs/tags/*`],
    [
      `${NAMES}:ref:refs/heads/gh-readonly-queue/main/pr-42-1f0c9e2d`,
      'this merge queue branch',
      'every merge queue run for main',
      `${NAMES}:ref:refs/heads/gh-readonly-queue/main/*`,
    ],
    [
      `${IDS}:ref:refs/pull/17/merge`,
      "this pull request's merge ref",
      "every pull request's merge ref",
      `${IDS}:ref:refs/pull/*/merge`,
    ],
  ])('%s', (sub, one, covers, comparand) => {
    const m = oidc(700213, sub);
    const expression = `claims['sub'] matches '${comparand}'`;
    expect(m).toContain(`"subject":"${sub}"`); // the exact subject is still offered
    expect(m).toContain(
      `An exact subject matches ${one} only; one flexible federated credential matches ${covers}: ${expression} (preview; on an app registration only, not on a managed identity; made through Microsoft Graph beta, which az ad app federated-credential does not do)`,
    );
    const command = flexibleCommand(m)!;
    expect(command.words.slice(0, 6)).toEqual([
      'az',
      'rest',
      '--method',
      'post',
      '--url',
      'https://graph.microsoft.com/beta/applications/<application-object-id>/federatedIdentityCredentials',
    ]);
    expect(command.body).toEqual({
      name: 'github-actions-flexible',
      issuer: GITHUB_ISSUER,
      audiences: ['api://AzureADTokenExchange'],
      claimsMatchingExpression: { value: expression, languageVersion: 1 },
    });
    expect(claimsMatcher(GITHUB_ISSUER, expression)({ sub })).toBe(true);
    expect(m).toContain(`(the object id: az ad app show --id ${CLIENT_ID} --query id -o tsv)`);
  });

  it('not in the US Government or China clouds (Graph beta and these issuers are the public cloud’s)', () => {
    expect(oidc(700213, `${NAMES}:ref:refs/tags/v1`, { cloud: 'AzureUSGovernment' })).not.toContain('az rest');
  });
});

describe('client-id without tenant-id where GitHub OIDC could be used', () => {
  const imds = (oidcWithoutTenant: boolean): SourceFacts => ({
    kind: 'imds',
    ...(oidcWithoutTenant ? { oidcWithoutTenant: true as const } : {}),
  });
  const c = (source: SourceFacts): IdentityContext => ({
    source,
    selector: `client-id ${CLIENT_ID}`,
    endpoint: 'http://169.254.169.254/metadata/identity/oauth2/token',
    cloud: 'AzureCloud',
  });
  const HINT =
    "client-id is given and this job may request a GitHub ID token (ACTIONS_ID_TOKEN_REQUEST_URL is set), but tenant-id is not: GitHub OIDC needs both, so auth: auto used this machine's managed identity (IMDS) instead. To sign in with GitHub OIDC, add tenant-id (az account show --query tenantId -o tsv). If you meant the managed identity: ";

  it.each([
    ['IMDS unreachable', (s: SourceFacts) => identityUnreachable(c(s), 'ECONNREFUSED').text],
    ['no such identity on the VM', (s: SourceFacts) => identityNotFound(c(s)).text],
    [
      'IMDS still unreachable after waiting',
      (s: SourceFacts) =>
        withOidcTenantHint(
          s,
          say('identity.imds-still-unreachable', {
            endpoint: 'http://169.254.169.254/metadata/identity/oauth2/token',
            detail: 'ECONNREFUSED',
            attempts: 3,
            seconds: 60,
            reason: 'auth: imds says this runner is an Azure VM',
          }),
        ).text,
    ],
  ])('%s: says first that GitHub OIDC also needs tenant-id', (_, message) => {
    expect(message(imds(true)).startsWith(HINT)).toBe(true);
    expect(message(imds(true)).slice(HINT.length)).toBe(message(imds(false)));
    expect(message(imds(false))).not.toContain('tenant-id is not');
  });

  it('only for IMDS', () => {
    const said = say('identity.arc-no-identity', { platform: 'linux' });
    expect(withOidcTenantHint({ kind: 'arc' }, said)).toBe(said);
  });
});
