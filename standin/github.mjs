// GitHub's side, as plain HTTP on 127.0.0.1 and as https://api.github.invalid through the proxy: the REST
// API's pull request lookup (the fork guard's one call) and the Actions ID-token endpoint
// (ACTIONS_ID_TOKEN_REQUEST_URL) for GitHub OIDC. Faults: state.faults, service 'github'.
import { applyFault } from './faults.mjs';
import { withCaller } from './caller.mjs';

/**
 * @param {import('./index.mjs').StandinState} state
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => Promise<void>}
 */
export function githubHandler(state) {
  const reply = (res, status, body, headers = {}) => {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  };
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://github.local');
    const record = {
      service: 'github',
      host: req.headers.host ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      status: 0,
      at: Date.now(),
    };
    state.requests.push(withCaller(req, record));
    res.on('finish', () => (record.status = res.statusCode));
    if (
      await applyFault(state.faults.take('github', record), req, res, (status, headers) =>
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
      const pr = state.pullRequests.get(`${pull[1]}/${pull[2]}#${pull[3]}`.toLowerCase());
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
      if (auth !== `Bearer ${state.github.requestToken}`) return reply(res, 401, { message: 'Unauthorized' });
      const audience = url.searchParams.get('audience') ?? 'https://github.com/acme';
      return reply(res, 200, { value: state.github.idToken(audience) });
    }
    reply(res, 404, { message: 'Not Found' });
  };
}
