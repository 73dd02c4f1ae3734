// The subject a GitHub ID token presented: its form, the other form's start, and the flexible credential's
// expression, checked against the stand-in's model of Entra's expression language. Pure. For any subject:
// github-subject.property.test.ts.
import { flexibleExpression, otherPrefix, repositoryPath, subjectForm } from '../../../src/identity/githubSubject.js';
import { claimsMatcher } from '../../../standin/flexibleCredentials.mjs';
import { GITHUB_ISSUER } from '../../../standin/index.mjs';

const IDS = { repository_owner_id: '5544123', repository_id: '821093847' };

describe('the form a subject presents', () => {
  it.each([
    ['repo:acme/training:ref:refs/heads/main', 'names', 'repo:acme/training', 'repo:acme@5544123/training@821093847'],
    [
      'repo:acme@5544123/training@821093847:environment:prod',
      'ids',
      'repo:acme@5544123/training@821093847',
      'repo:acme/training',
    ],
    [
      'repo:my_org.x/re-po.js:pull_request',
      'names',
      'repo:my_org.x/re-po.js',
      'repo:my_org.x@5544123/re-po.js@821093847',
    ],
    // Only one id: not one of GitHub's forms.
    ['repo:acme@5544123/training:ref:refs/heads/main', 'custom', undefined, undefined],
    ['repository_owner_id:5544123:repository_id:821093847:environment:prod', 'custom', undefined, undefined],
    ['repo:acme/training', 'custom', undefined, undefined],
  ])('%s: %s', (sub, form, prefix, other) => {
    const f = subjectForm(sub);
    expect(f.form).toBe(form);
    expect('prefix' in f ? f.prefix : undefined).toBe(prefix);
    expect(otherPrefix(f, IDS)).toBe(other);
  });

  it('a names subject without numeric id claims: placeholders for the ids', () => {
    const f = subjectForm('repo:acme/training:ref:refs/heads/main');
    expect(otherPrefix(f, {})).toBe('repo:acme@<owner-id>/training@<repo-id>');
    expect(otherPrefix(f, { repository_owner_id: '12;rm', repository_id: '1\n::x' })).toBe(
      'repo:acme@<owner-id>/training@<repo-id>',
    );
  });

  it('the repository for gh api: the subject’s, else a plain repository claim, else none', () => {
    expect(repositoryPath(subjectForm('repo:acme/training:x'), { repository: 'evil/x' })).toBe('acme/training');
    expect(repositoryPath(subjectForm('custom:sub'), { repository: 'acme/training' })).toBe('acme/training');
    expect(repositoryPath(subjectForm('custom:sub'), { repository: "acme/t'x" })).toBeUndefined();
    expect(repositoryPath(subjectForm('custom:sub'), {})).toBeUndefined();
  });
});

describe('the flexible credential for a subject that changes with every run', () => {
  const NAMES = 'repo:acme/training';
  const ID_FORM = 'repo:acme@5544123/training@821093847';
  it.each([
    [`${NAMES}:ref:refs/tags/v1.2.0`, `claims['sub'] matches '${NAMES}:ref:refs/tags/*'`, 'every tag'],
    [`${ID_FORM}:ref:refs/tags/v1.2.0`, `claims['sub'] matches '${ID_FORM}:ref:refs/tags/*'`, 'every tag'],
    [
      `${NAMES}:ref:refs/heads/gh-readonly-queue/main/pr-42-1f0c9e2d3b4a5968778695a4b3c2d1e0f9a8b7c6`,
      `claims['sub'] matches '${NAMES}:ref:refs/heads/gh-readonly-queue/main/*'`,
      'every merge queue run for main',
    ],
    [
      `${NAMES}:ref:refs/heads/gh-readonly-queue/release/2.x/pr-7-abc123`,
      `claims['sub'] matches '${NAMES}:ref:refs/heads/gh-readonly-queue/release/2.x/*'`,
      'every merge queue run for release/2.x',
    ],
    [
      `${NAMES}:ref:refs/heads/gh-readonly-queue/it's/pr-7-abc123`,
      `claims['sub'] matches '${NAMES}:ref:refs/heads/gh-readonly-queue/*'`,
      'every merge queue run',
    ],
    [
      `${NAMES}:ref:refs/pull/17/merge`,
      `claims['sub'] matches '${NAMES}:ref:refs/pull/*/merge'`,
      "every pull request's merge ref",
    ],
  ])('%s → %s', (sub, expression, covers) => {
    const suggestion = flexibleExpression(sub, GITHUB_ISSUER);
    expect(suggestion).toMatchObject({ expression, covers });
    // Entra's language (the stand-in's model of it) takes the expression, and it matches the subject it came from.
    expect(claimsMatcher(GITHUB_ISSUER, expression)({ sub })).toBe(true);
  });

  it.each([
    [`${NAMES}:ref:refs/heads/main`, GITHUB_ISSUER],
    [`${NAMES}:environment:prod`, GITHUB_ISSUER],
    [`${NAMES}:pull_request`, GITHUB_ISSUER],
    ['repository_owner_id:1:repository_id:2:ref:refs/tags/v1', GITHUB_ISSUER],
    // An enterprise's custom issuer, or GitHub Enterprise Server: flexible credentials take github.com's only.
    [`${NAMES}:ref:refs/tags/v1`, `${GITHUB_ISSUER}/acme-enterprise`],
    [`${NAMES}:ref:refs/tags/v1`, 'https://ghes.example/_services/token'],
    [`${NAMES}:ref:refs/tags/v1`, undefined],
  ])('none for %s (issuer %s)', (sub, iss) => {
    expect(flexibleExpression(sub, iss)).toBeUndefined();
  });
});
