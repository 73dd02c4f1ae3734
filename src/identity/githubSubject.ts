// The subject a job's GitHub ID token presented, read for messages: which of GitHub's default forms it
// has, the start of the other form, and the flexible federated credential that would match a subject
// that changes with every run. Pure; what it returns is plain text (letters, digits, "._-/@:*"), safe in
// a command, or undefined.
//
// GitHub's default subject is repo:OWNER/REPO:<context> (names), or, for a repository that uses
// immutable subject claims, repo:OWNER@OWNER_ID/REPO@REPO_ID:<context>: the default for repositories
// created, renamed or transferred since 2026-07-15, an opt-in for the rest, github.com only (GitHub docs,
// "Immutable subject claims"; Microsoft Learn, "Migrate GitHub Actions federated credentials to immutable
// subjects"). A repository or organization may also customize the subject (include_claim_keys).
import { GITHUB_ISSUER } from '../constants.js';
import { isPlainWord } from '../util/shell.js';
import type { GitHubSubjectFacts } from '../messages/identity.js';

/** The claims of a job's ID token that the messages read (GitHub writes the ids as strings). */
export interface GitHubTokenClaims {
  iss?: string;
  sub?: string;
  repository?: string;
  repository_owner_id?: string;
  repository_id?: string;
}

export type SubjectForm =
  /** repo:OWNER/REPO:<context> */
  | { form: 'names'; owner: string; repo: string; prefix: string; context: string }
  /** repo:OWNER@OWNER_ID/REPO@REPO_ID:<context> */
  | { form: 'ids'; owner: string; ownerId: string; repo: string; repoId: string; prefix: string; context: string }
  /** Anything else: a customized template (repository_owner_id:…, job_workflow_ref:…). */
  | { form: 'custom' };

// Owners (users, organizations, enterprise-managed users' _shortcode) and repositories: letters, digits, "._-".
const NAME = '[A-Za-z0-9_.-]{1,100}';
const ID = '[0-9]{1,20}';
const DEFAULT_SUBJECT = new RegExp(`^repo:(${NAME})(?:@(${ID}))?/(${NAME})(?:@(${ID}))?:([\\s\\S]+)$`);
const NUMERIC_ID = new RegExp(`^${ID}$`);
const REPOSITORY = new RegExp(`^${NAME}/${NAME}$`);

/** Which form a subject has; the owner, repository and ids only when both ids are there or neither is. */
export function subjectForm(sub: string): SubjectForm {
  const m = DEFAULT_SUBJECT.exec(sub);
  if (!m) return { form: 'custom' };
  const [, owner = '', ownerId, repo = '', repoId, context = ''] = m;
  if (ownerId !== undefined && repoId !== undefined)
    return { form: 'ids', owner, ownerId, repo, repoId, prefix: `repo:${owner}@${ownerId}/${repo}@${repoId}`, context };
  if (ownerId === undefined && repoId === undefined)
    return { form: 'names', owner, repo, prefix: `repo:${owner}/${repo}`, context };
  return { form: 'custom' };
}

/** A token from github.com's issuer (an enterprise's custom issuer adds a path): the only one with immutable subjects. */
export const isGitHubDotCom = (iss: string | undefined) =>
  iss === GITHUB_ISSUER || (iss?.startsWith(`${GITHUB_ISSUER}/`) ?? false);

/**
 * The start of the other form for the same repository: the names for an ids subject; for a names subject, the
 * ids from the token's repository_owner_id and repository_id claims (placeholders where they are missing or
 * not numbers). Undefined for a customized subject.
 */
export function otherPrefix(form: SubjectForm, claims: GitHubTokenClaims): string | undefined {
  switch (form.form) {
    case 'ids':
      return `repo:${form.owner}/${form.repo}`;
    case 'names': {
      const id = (value: string | undefined, placeholder: string) =>
        value !== undefined && NUMERIC_ID.test(value) ? value : placeholder;
      return `repo:${form.owner}@${id(claims.repository_owner_id, '<owner-id>')}/${form.repo}@${id(claims.repository_id, '<repo-id>')}`;
    }
    case 'custom':
      return undefined;
  }
}

/** OWNER/REPO for `gh api repos/OWNER/REPO/…`: from the subject, else the token's repository claim; undefined when neither is plain. */
export function repositoryPath(form: SubjectForm, claims: GitHubTokenClaims): string | undefined {
  if (form.form !== 'custom') return `${form.owner}/${form.repo}`;
  return claims.repository !== undefined && REPOSITORY.test(claims.repository) ? claims.repository : undefined;
}

/** What a flexible credential's expression would trust, in words, and the expression. */
export interface FlexibleSuggestion {
  /** What the exact subject matches: "this tag", "this merge queue branch", "this pull request's ref". */
  one: string;
  /** "every tag", "every merge queue run for main", "every pull request's merge ref". */
  covers: string;
  /** claims['sub'] matches '<prefix>:<pattern>' */
  expression: string;
}

const TAG = /^ref:refs\/tags\/[\s\S]+$/;
const MERGE_QUEUE = /^ref:refs\/heads\/gh-readonly-queue\/([\s\S]+)\/pr-[0-9]+-[0-9a-f]+$/;
const PULL_REF = /^ref:refs\/pull\/[0-9]+\/(merge|head)$/;

/**
 * For a subject that names one tag, merge-queue branch or pull request ref (so an exact credential matches
 * that run only), the flexible credential's expression that matches them all, keeping the presented form's
 * prefix: only for github.com's issuer (the one flexible credentials accept from GitHub). The comparand holds
 * plain characters and "*" only: no quote of its own to escape, and no wildcard the subject brought.
 */
export function flexibleExpression(sub: string, iss: string | undefined): FlexibleSuggestion | undefined {
  if (iss !== GITHUB_ISSUER) return undefined;
  const form = subjectForm(sub);
  if (form.form === 'custom') return undefined;
  const suggestion = (one: string, covers: string, pattern: string): FlexibleSuggestion => ({
    one,
    covers,
    expression: `claims['sub'] matches '${form.prefix}:${pattern}'`,
  });
  if (TAG.test(form.context)) return suggestion('this tag', 'every tag', 'ref:refs/tags/*');
  const queue = MERGE_QUEUE.exec(form.context);
  if (queue) {
    const base = queue[1]!;
    const one = 'this merge queue branch';
    return isPlainWord(base)
      ? suggestion(one, `every merge queue run for ${base}`, `ref:refs/heads/gh-readonly-queue/${base}/*`)
      : suggestion(one, 'every merge queue run', 'ref:refs/heads/gh-readonly-queue/*');
  }
  const pull = PULL_REF.exec(form.context);
  if (pull)
    return suggestion(
      `this pull request's ${pull[1]} ref`,
      `every pull request's ${pull[1]} ref`,
      `ref:refs/pull/*/${pull[1]}`,
    );
  return undefined;
}

/**
 * What the messages say of a subject mismatch (messages/identity.ts GitHubSubjectFacts), for a token from
 * github.com's issuer with a subject; undefined otherwise (GitHub Enterprise Server, AKS).
 */
export function githubSubjectFacts(claims: GitHubTokenClaims): GitHubSubjectFacts | undefined {
  const { sub, iss } = claims;
  if (sub === undefined || !isGitHubDotCom(iss)) return undefined;
  const form = subjectForm(sub);
  const other = otherPrefix(form, claims);
  const flexible = flexibleExpression(sub, iss);
  return {
    form: form.form,
    ...(other !== undefined ? { other } : {}),
    path: repositoryPath(form, claims) ?? '<owner>/<repo>',
    ...(flexible ? { flexible } : {}),
  };
}
