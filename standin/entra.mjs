// Microsoft Entra ID's token endpoint (login.microsoftonline.com, .us, login.chinacloudapi.cn), over the
// same TLS server as Key Vault, reached through the CONNECT proxy. It serves what MSAL asks for:
// instance discovery, OpenID metadata, and client-credentials tokens with a jwt-bearer client
// assertion (workload identity federation), checking the assertion's iss, sub, aud and lifetime
// against the federated credentials it knows, and answering Entra's AADSTS error bodies.
import { randomUUID } from 'node:crypto';
import { applyFault } from './faults.mjs';
import { issueToken, unknownResource } from './imds.mjs';
import { withCaller } from './caller.mjs';

export const LOGIN_HOSTS = {
  AzureCloud: 'login.microsoftonline.com',
  AzureUSGovernment: 'login.microsoftonline.us',
  AzureChinaCloud: 'login.chinacloudapi.cn',
};
export const TOKEN_EXCHANGE_AUDIENCE = 'api://AzureADTokenExchange';

/**
 * The claims of a JWT, or undefined when it is not one (its payload is not a JSON object).
 * @param {unknown} token
 * @returns {Record<string, unknown> | undefined}
 */
export function jwtClaims(token) {
  try {
    const claims = JSON.parse(Buffer.from(String(token).split('.')[1] ?? '', 'base64url').toString('utf8'));
    return claims !== null && typeof claims === 'object' && !Array.isArray(claims) ? claims : undefined;
  } catch {
    return undefined;
  }
}

/** An Entra error body: error, error_description starting "AADSTSnnnn: ", error_codes, trace ids. */
export function aadsts(error, code, text) {
  const trace = randomUUID();
  const correlation = randomUUID();
  const timestamp = new Date()
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
  return {
    error,
    error_description: `AADSTS${code}: ${text} Trace ID: ${trace} Correlation ID: ${correlation} Timestamp: ${timestamp}`,
    error_codes: [code],
    timestamp,
    trace_id: trace,
    correlation_id: correlation,
    error_uri: `https://login.microsoftonline.com/error?code=${code}`,
  };
}

/**
 * @param {import('./index.mjs').StandinState} state
 */
export function entraHandler(state) {
  const reply = (res, status, body, headers = {}) => {
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store, no-cache',
      ...headers,
    });
    res.end(JSON.stringify(body));
  };
  return async (req, res, host) => {
    const url = new URL(req.url ?? '/', `https://${host}`);
    const record = { service: 'entra', host, path: url.pathname, method: req.method, status: 0, at: Date.now() };
    state.requests.push(withCaller(req, record));
    res.on('finish', () => (record.status = res.statusCode));
    if (
      await applyFault(state.faults.take('entra', record), req, res, (status, headers) =>
        reply(res, status, aadsts('temporarily_unavailable', 90033, `standin fault ${status}`), headers),
      )
    )
      return;
    const base = `https://${host}`;

    if (url.pathname === '/common/discovery/instance') {
      return reply(res, 200, {
        tenant_discovery_endpoint: `${base}/${state.tenantId}/v2.0/.well-known/openid-configuration`,
        'api-version': '1.1',
        metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
      });
    }
    const metadata = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(url.pathname);
    if (metadata) {
      const tenant = metadata[1];
      return reply(res, 200, {
        token_endpoint: `${base}/${tenant}/oauth2/v2.0/token`,
        authorization_endpoint: `${base}/${tenant}/oauth2/v2.0/authorize`,
        end_session_endpoint: `${base}/${tenant}/oauth2/v2.0/logout`,
        issuer: `${base}/${state.tenantId}/v2.0`,
        jwks_uri: `${base}/${tenant}/discovery/v2.0/keys`,
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      });
    }
    const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
    if (!token || req.method !== 'POST')
      return reply(
        res,
        404,
        aadsts('invalid_request', 900561, `The endpoint only accepts POST requests. Received a ${req.method} request.`),
      );

    let body = '';
    for await (const chunk of req) body += chunk;
    const form = new URLSearchParams(body);
    const tenant = token[1];
    record.clientId = form.get('client_id');
    // What a token was asked for, whatever the answer: a test can tell which audiences were ever requested.
    record.scope = form.get('scope');
    if (tenant !== state.tenantId)
      return reply(
        res,
        400,
        aadsts(
          'invalid_request',
          90002,
          `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
        ),
      );
    if (
      form.get('grant_type') !== 'client_credentials' ||
      form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'
    ) {
      return reply(
        res,
        400,
        aadsts('invalid_request', 900144, "The request body must contain the following parameter: 'client_assertion'."),
      );
    }
    const clientId = form.get('client_id') ?? '';
    const app = state.federated.get(clientId.toLowerCase());
    if (!app) {
      return reply(
        res,
        400,
        aadsts(
          'unauthorized_client',
          700016,
          `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`,
        ),
      );
    }
    const claims = jwtClaims(form.get('client_assertion'));
    if (!claims) return reply(res, 400, aadsts('invalid_client', 50027, 'JWT token is invalid or malformed.'));
    const now = Math.floor(Date.now() / 1000);
    if (typeof claims.exp !== 'number' || claims.exp < now) {
      return reply(
        res,
        400,
        aadsts(
          'invalid_client',
          700024,
          `Client assertion is not within its valid time range. Current time: ${new Date(now * 1000).toISOString()}, assertion valid from ${new Date((claims.nbf ?? 0) * 1000).toISOString()}, expiry time of assertion ${new Date((claims.exp ?? 0) * 1000).toISOString()}. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .`,
        ),
      );
    }
    const audiences = [].concat(claims.aud ?? []);
    const audienceOk = (f) => audiences.some((a) => (f.audiences ?? [TOKEN_EXCHANGE_AUDIENCE]).includes(a));
    const match = app.federated.find((f) => f.issuer === claims.iss && f.subject === claims.sub && audienceOk(f));
    if (!match && state.entraCodes === 'specific') {
      // Entra's current codes name what did not match: issuer, then subject (case), then audience.
      const check =
        'Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://learn.microsoft.com/entra/workload-id/workload-identity-federation';
      const byIssuer = app.federated.filter((f) => f.issuer === claims.iss);
      if (byIssuer.length === 0)
        return reply(
          res,
          400,
          aadsts(
            'invalid_client',
            700211,
            `No matching federated identity record found for presented assertion issuer '${claims.iss}'. ${check}`,
          ),
        );
      const bySubject = byIssuer.filter((f) => f.subject === claims.sub);
      if (bySubject.length === 0) {
        if (byIssuer.some((f) => String(f.subject).toLowerCase() === String(claims.sub).toLowerCase())) {
          return reply(
            res,
            400,
            aadsts(
              'invalid_client',
              7002138,
              `No matching federated identity record found for presented assertion subject '${claims.sub}'. The subject matches with case-insensitive comparison, but not with case-sensitive comparison. ${check}`,
            ),
          );
        }
        return reply(
          res,
          400,
          aadsts(
            'invalid_client',
            700213,
            `No matching federated identity record found for presented assertion subject '${claims.sub}'. ${check}`,
          ),
        );
      }
      return reply(
        res,
        400,
        aadsts(
          'invalid_client',
          700212,
          `No matching federated identity record found for presented assertion audience '${audiences.join(',')}'. ${check}`,
        ),
      );
    }
    if (!match) {
      return reply(
        res,
        400,
        aadsts(
          'invalid_client',
          70021,
          `No matching federated identity record found for presented assertion. Assertion Issuer: '${claims.iss}'. Assertion Subject: '${claims.sub}'. Assertion Audience: '${audiences.join(',')}'. https://learn.microsoft.com/entra/workload-id/workload-identity-federation`,
        ),
      );
    }
    const scope = form.get('scope') ?? '';
    const resource = scope.replace(/\/\.default$/, '').replace(/\/$/, '');
    const unknown = unknownResource(state, resource);
    if (unknown) return reply(res, 400, aadsts('invalid_resource', 500011, unknown.replace(/^AADSTS500011: /, '')));
    record.resource = resource;
    const lifetime = 3599;
    const identity = { clientId: app.clientId, objectId: app.objectId, resourceId: '' };
    const accessToken = issueToken(state, identity, resource, lifetime);
    state.stats.entraTokens = (state.stats.entraTokens ?? 0) + 1;
    reply(res, 200, {
      token_type: 'Bearer',
      expires_in: lifetime,
      ext_expires_in: lifetime,
      access_token: accessToken,
    });
  };
}
