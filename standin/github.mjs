// GitHub's side, as plain HTTP on 127.0.0.1 and as https://api.github.invalid through the proxy: the REST
// API's pull request lookup (the fork guard's one call) and the Actions ID-token endpoint
// (ACTIONS_ID_TOKEN_REQUEST_URL) for GitHub OIDC. Faults: service 'github'.
import { randomBytes } from 'node:crypto';
import { applyFault } from './faults.mjs';
import { unsignedJwt } from './jwt.mjs';

export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';
export const GITHUB_SUBJECT = 'repo:acme/training:ref:refs/heads/main';

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
  /** The subject of the ID tokens the OIDC provider issues for this job. */
  #subject = GITHUB_SUBJECT;

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

  /** The subject of the ID tokens GitHub's OIDC provider issues for this job, until reset(). @param {string} subject */
  setSubject(subject) {
    this.#subject = subject;
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
    this.#subject = GITHUB_SUBJECT;
  }

  /** @param {string} audience */
  #idToken(audience) {
    return unsignedJwt(
      { iss: GITHUB_ISSUER, sub: this.#subject, aud: audience, repository: 'acme/training', ref: 'refs/heads/main' },
      300,
    );
  }

  /**
   * Answers a request, plain or through the proxy.
   * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res
   */
  async handle(req, res) {
    const url = new URL(req.url ?? '/', 'http://github.local');
    const record = this.#log.record({
      service: 'github',
      host: req.headers.host ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      status: 0,
      at: Date.now(),
    });
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

    if (url.pathname === '/_apis/pipelines/oidc/token' && req.method === 'GET') {
      if (auth !== `Bearer ${this.#requestToken}`) return reply(res, 401, { message: 'Unauthorized' });
      const audience = url.searchParams.get('audience') ?? 'https://github.com/acme';
      return reply(res, 200, { value: this.#idToken(audience) });
    }
    reply(res, 404, { message: 'Not Found' });
  }
}
