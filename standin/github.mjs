// GitHub's side, as plain HTTP on 127.0.0.1 and as https://api.github.invalid through the proxy: the REST
// API's pull request lookup (the fork guard's one call), the repository's OIDC subject settings, and the
// Actions ID-token endpoint (ACTIONS_ID_TOKEN_REQUEST_URL) for GitHub OIDC. Faults: service 'github'.
// The ID token's subject takes either of GitHub's default forms: repo:OWNER/REPO:<context> (names), or,
// for a repository that uses immutable subject claims (the default for repositories created, renamed or
// transferred since 2026-07-15; an opt-in for the rest), repo:OWNER@OWNER_ID/REPO@REPO_ID:<context>
// (GitHub docs, "Immutable subject claims"; Microsoft Learn, "Migrate GitHub Actions federated credentials
// to immutable subjects").
import { randomBytes } from 'node:crypto';
import { applyFault } from './faults.mjs';
import { unsignedJwt } from './jwt.mjs';

export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';
/** The job's repository, with made-up immutable ids. */
export const GITHUB_REPOSITORY = Object.freeze({
  owner: 'acme',
  ownerId: '5544123',
  name: 'training',
  id: '821093847',
});
/** What the job runs for, after the repository in the subject. */
export const GITHUB_CONTEXT = 'ref:refs/heads/main';
/** The subject in the name form (the repository has not opted in to immutable subjects). */
export const GITHUB_SUBJECT = `repo:acme/training:${GITHUB_CONTEXT}`;
/** The same job's subject in the immutable form. */
export const GITHUB_IMMUTABLE_SUBJECT = `repo:acme@5544123/training@821093847:${GITHUB_CONTEXT}`;

/** The start of every default subject for the repository, in the form it uses. */
const subjectPrefix = (repo, immutable) =>
  immutable ? `repo:${repo.owner}@${repo.ownerId}/${repo.name}@${repo.id}` : `repo:${repo.owner}/${repo.name}`;

const reply = (res, status, body, headers = {}) => {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
};

export class GitHub {
  #log;
  #faults;
  /** owner/repo#number → the head repository's full name (null: deleted fork). @type {Map<string, {head: string | null}>} */
  #pullRequests = new Map();
  /** The job's ACTIONS_ID_TOKEN_REQUEST_TOKEN. */
  #requestToken = randomBytes(24).toString('hex');
  /** The job's repository. */
  #repository = GITHUB_REPOSITORY;
  /** Whether the repository uses immutable subject claims. */
  #immutable = false;
  /** What the job runs for: ref:refs/heads/main, ref:refs/tags/v1.2.0, environment:prod, pull_request… */
  #context = GITHUB_CONTEXT;
  /** A whole subject that replaces the default one (a customized template, or hostile text). */
  #subject = /** @type {string | undefined} */ (undefined);

  /** @param {{ log: import('./log.mjs').RequestLog, faults: import('./faults.mjs').FaultPlan }} deps */
  constructor({ log, faults }) {
    this.#log = log;
    this.#faults = faults;
  }

  /**
   * A pull request GitHub's API knows: head is the head repository's owner/name, null for a deleted fork.
   * @param {string} repository @param {number} number @param {string | null} head
   */
  addPullRequest(repository, number, head) {
    this.#pullRequests.set(`${repository}#${number}`.toLowerCase(), { head });
  }

  /** The subject of the ID tokens GitHub's OIDC provider issues for this job, whole, until reset(). @param {string} subject */
  setSubject(subject) {
    this.#subject = subject;
  }

  /**
   * Whether the repository uses immutable subject claims (created, renamed or transferred since 2026-07-15, or
   * opted in): its subjects then start repo:OWNER@OWNER_ID/REPO@REPO_ID. @param {boolean} [on]
   */
  useImmutableSubject(on = true) {
    this.#immutable = on;
  }

  /** What the job runs for, the subject's part after the repository (ref:refs/tags/v1.2.0…). @param {string} context */
  setContext(context) {
    this.#context = context;
  }

  /** The subject the next ID token carries. @returns {string} */
  subject() {
    return this.#subject ?? `${subjectPrefix(this.#repository, this.#immutable)}:${this.#context}`;
  }

  /**
   * What a job with `permissions: id-token: write` has: where to ask for an ID token, and the bearer to ask with.
   * @param {string} url where this service listens
   */
  oidcEnv(url) {
    return {
      ACTIONS_ID_TOKEN_REQUEST_URL: `${url}/_apis/pipelines/oidc/token?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: this.#requestToken,
    };
  }

  reset() {
    this.#pullRequests.clear();
    this.#repository = GITHUB_REPOSITORY;
    this.#immutable = false;
    this.#context = GITHUB_CONTEXT;
    this.#subject = undefined;
  }

  /** The ID token, with the repository claims GitHub's carry (ids as strings, as GitHub writes them). @param {string} audience */
  #idToken(audience) {
    const repo = this.#repository;
    const ref = /^ref:(.*)$/.exec(this.#context)?.[1];
    return unsignedJwt(
      {
        iss: GITHUB_ISSUER,
        sub: this.subject(),
        aud: audience,
        repository: `${repo.owner}/${repo.name}`,
        repository_owner: repo.owner,
        repository_id: repo.id,
        repository_owner_id: repo.ownerId,
        ...(ref ? { ref } : {}),
        job_workflow_ref: `${repo.owner}/${repo.name}/.github/workflows/ci.yml@${ref ?? 'refs/heads/main'}`,
      },
      300,
    );
  }

  /**
   * Answers a request, plain or through the proxy.
   * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res
   */
  async handle(req, res) {
    const url = new URL(req.url ?? '/', 'http://github.local');
    const record = this.#log.record(
      {
        service: 'github',
        host: req.headers.host ?? '',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        status: 0,
        at: Date.now(),
      },
      req,
    );
    res.on('finish', () => (record.status = res.statusCode));
    if (
      await applyFault(this.#faults.take('github', record), req, res, (status, headers) =>
        reply(res, status, { message: `standin fault ${status}` }, headers),
      )
    )
      return;
    const auth = req.headers.authorization ?? '';

    const pull = /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)$/.exec(url.pathname);
    if (pull && req.method === 'GET') {
      if (!/^(token|bearer) \S+$/i.test(auth))
        return reply(res, 401, {
          message: 'Requires authentication',
          documentation_url: 'https://docs.github.com/rest',
        });
      const pr = this.#pullRequests.get(`${pull[1]}/${pull[2]}#${pull[3]}`.toLowerCase());
      if (!pr)
        return reply(res, 404, {
          message: 'Not Found',
          documentation_url: 'https://docs.github.com/rest/pulls/pulls#get-a-pull-request',
        });
      const repo = (fullName) =>
        fullName
          ? { full_name: fullName, name: fullName.split('/')[1], owner: { login: fullName.split('/')[0] } }
          : null;
      return reply(res, 200, {
        number: Number(pull[3]),
        state: 'open',
        head: { ref: 'feature', repo: repo(pr.head) },
        base: { ref: 'main', repo: repo(`${pull[1]}/${pull[2]}`) },
      });
    }

    // What GitHub sends: the default template, the opt-in, and the prefix of every subject (the shape
    // Azure/azure-dev#9382 recorded: {"use_default":true,"use_immutable_subject":false,"sub_claim_prefix":…}).
    const oidcSub = /^\/repos\/([^/]+)\/([^/]+)\/actions\/oidc\/customization\/sub$/.exec(url.pathname);
    if (oidcSub && req.method === 'GET') {
      const repo = this.#repository;
      if (!/^(token|bearer) \S+$/i.test(auth))
        return reply(res, 401, {
          message: 'Requires authentication',
          documentation_url: 'https://docs.github.com/rest',
        });
      if (`${oidcSub[1]}/${oidcSub[2]}`.toLowerCase() !== `${repo.owner}/${repo.name}`.toLowerCase())
        return reply(res, 404, {
          message: 'Not Found',
          documentation_url: 'https://docs.github.com/rest/actions/oidc',
        });
      return reply(res, 200, {
        use_default: true,
        use_immutable_subject: this.#immutable,
        sub_claim_prefix: subjectPrefix(repo, this.#immutable),
      });
    }

    if (url.pathname === '/_apis/pipelines/oidc/token' && req.method === 'GET') {
      if (auth !== `Bearer ${this.#requestToken}`) return reply(res, 401, { message: 'Unauthorized' });
      const audience = url.searchParams.get('audience') ?? 'https://github.com/acme';
      return reply(res, 200, { value: this.#idToken(audience) });
    }
    reply(res, 404, { message: 'Not Found' });
  }
}
