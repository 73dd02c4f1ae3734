// Microsoft Entra ID: the tenant every identity here belongs to, and its token endpoint.
// The tenant issues every access token the stand-in hands out, whichever identity endpoint asks for it
// (IMDS, App Service, Arc, or the token endpoint below for a federated credential), and records it, so
// Key Vault, ARM and ACR accept it and know whose it is; it refuses a resource no application in the
// tenant answers to (AADSTS500011), as Entra does behind each endpoint.
// The token endpoint (login.microsoftonline.com, .us, login.chinacloudapi.cn) is served over the same TLS
// server as Key Vault, reached through the CONNECT proxy. It serves what MSAL asks for: instance
// discovery, OpenID metadata, and client-credentials tokens with a jwt-bearer client assertion (workload
// identity federation), checking the assertion's iss, sub, aud and lifetime against the federated
// credentials it knows, and answering Entra's AADSTS error bodies. A credential names its subject exactly
// (compared case-sensitively), or, on an app registration only, holds a flexible credential's claims-matching
// expression (flexibleCredentials.mjs).
import { randomUUID } from 'node:crypto';
import { applyFault } from './faults.mjs';
import { claimsMatcher } from './flexibleCredentials.mjs';
import { accessToken, jwtClaims } from './jwt.mjs';

export const LOGIN_HOSTS = {
  AzureCloud: 'login.microsoftonline.com',
  AzureUSGovernment: 'login.microsoftonline.us',
  AzureChinaCloud: 'login.chinacloudapi.cn',
};
export const TOKEN_EXCHANGE_AUDIENCE = 'api://AzureADTokenExchange';
/** The made-up tenant every identity here belongs to. */
export const TENANT_ID = '11111111-2222-4333-8444-555555555555';

/** Resources every tenant knows (first-party apps), in every cloud; tests add their own (addApp). */
export const FIRST_PARTY_RESOURCES = [
  'https://vault.azure.net',
  'https://vault.usgovcloudapi.net',
  'https://vault.azure.cn',
  'https://management.azure.com',
  'https://management.usgovcloudapi.net',
  'https://management.chinacloudapi.cn',
  'https://management.core.windows.net',
  'https://storage.azure.com',
  'https://ml.azure.com',
  'https://ml.azure.us',
  'https://ml.azure.cn',
  'https://graph.microsoft.com',
  'https://graph.microsoft.us',
  'https://microsoftgraph.chinacloudapi.cn',
  'https://containerregistry.azure.net',
];

/**
 * An Entra error body: error, error_description starting "AADSTSnnnn: ", error_codes, trace ids. The trace lines
 * follow the text after a space, as Entra writes them now, or after "\r\n" (`lines`), as its older answers did
 * (AADSTS70021 in Azure/azure-workload-identity's troubleshooting guide).
 */
export function aadsts(error, code, text, { lines = false } = {}) {
  const trace = randomUUID();
  const correlation = randomUUID();
  const timestamp = new Date()
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
  return {
    error,
    error_description: [
      `AADSTS${code}: ${text}`,
      `Trace ID: ${trace}`,
      `Correlation ID: ${correlation}`,
      `Timestamp: ${timestamp}`,
    ].join(lines ? '\r\n' : ' '),
    error_codes: [code],
    timestamp,
    trace_id: trace,
    correlation_id: correlation,
    error_uri: `https://login.microsoftonline.com/error?code=${code}`,
  };
}

/**
 * @typedef {{ clientId: string, objectId: string, resourceId?: string }} Identity
 * A federated credential: an exact subject, or (app registrations only) a flexible credential's expression.
 * @typedef {{ issuer: string, subject?: string, claimsMatchingExpression?: { value: string, languageVersion: number }, audiences?: string[] }} FederatedCredential
 * @typedef {FederatedCredential & { matches?: (claims: Record<string, unknown>) => boolean }} KnownCredential
 */

const reply = (res, status, body, headers = {}) => {
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store, no-cache',
    ...headers,
  });
  res.end(JSON.stringify(body));
};

export class Entra {
  #log;
  #faults;
  /** Resources (app id URIs, application ids) this tenant issues tokens for, beyond the first-party ones. */
  #apps = new Set();
  /** @type {Map<string, {identity: Identity, resource: string}>} every access token issued: whose, for what */
  #tokens = new Map();
  /** @type {Map<string, {clientId: string, objectId: string, federated: KnownCredential[]}>} by client id */
  #federated = new Map();
  /** @type {'generic' | 'specific'} */
  #codes = 'generic';

  /** @param {{ log: import('./log.mjs').RequestLog, faults: import('./faults.mjs').FaultPlan }} deps */
  constructor({ log, faults }) {
    this.#log = log;
    this.#faults = faults;
  }

  /** The tenant every identity here belongs to. */
  get tenantId() {
    return TENANT_ID;
  }

  /** An app registration Entra issues tokens for (its app id URI or application id). @param {string} resource */
  addApp(resource) {
    this.#apps.add(resource.replace(/\/$/, '').toLowerCase());
  }

  /**
   * An app registration (kind 'app', the default) or user-assigned identity ('managed-identity') that trusts
   * tokens from these issuers and subjects. A credential holds `subject` or `claimsMatchingExpression`, never both;
   * the expression only on an app registration, as Entra has it (Microsoft Learn, "Flexible federated identity
   * credentials": "only for federated identity credentials configured on application objects"). What Graph or
   * ARM would refuse to create throws here.
   * @param {{ clientId: string, objectId: string, kind?: 'app' | 'managed-identity', federated: FederatedCredential[] }} app
   */
  addFederatedIdentity({ clientId, objectId, kind = 'app', federated }) {
    const known = federated.map((f) => {
      const flexible = f.claimsMatchingExpression;
      if ((f.subject === undefined) === (flexible === undefined))
        throw new Error('a federated credential holds subject or claimsMatchingExpression, not both and not neither');
      if (!flexible) return f;
      if (kind !== 'app')
        throw new Error(
          'flexible federated identity credentials exist only on app registrations, not on managed identities',
        );
      if (flexible.languageVersion !== 1) throw new Error('claimsMatchingExpression.languageVersion must be 1');
      return { ...f, matches: claimsMatcher(f.issuer, flexible.value) };
    });
    this.#federated.set(clientId.toLowerCase(), { clientId, objectId, federated: known });
  }

  /**
   * How Entra answers a federated token nothing matches: 'generic' AADSTS70021 (400 invalid_request), or
   * 'specific' 700211/700213/7002138/700212 (Entra's newer codes, naming what did not match: 401 invalid_client).
   * @param {'generic' | 'specific'} codes
   */
  useCodes(codes) {
    this.#codes = codes;
  }

  /** Every access token issued, so tests can look for them in logs. @returns {string[]} */
  issuedTokens() {
    return [...this.#tokens.keys()];
  }

  /**
   * Every access token issued, with whom and which resource it was for.
   * @returns {ReadonlyMap<string, {identity: Identity, resource: string}>}
   */
  tokenGrants() {
    return new Map(this.#tokens);
  }

  /**
   * Issues an access token for an identity and audience and records it. Every identity endpoint issues
   * through here.
   * @param {Identity} identity @param {string} resource @param {number} lifetimeSeconds @returns {string}
   */
  issue(identity, resource, lifetimeSeconds) {
    const audience = resource.replace(/\/$/, '');
    const token = accessToken(identity, audience, this.tenantId, lifetimeSeconds);
    this.#tokens.set(token, { identity, resource: audience });
    return token;
  }

  /** Whose a bearer token is and which resource it was issued for; undefined: not issued here. @param {string} token */
  grant(token) {
    return this.#tokens.get(token);
  }

  /**
   * Entra's refusal of a resource no application in the tenant answers to (AADSTS500011), or undefined.
   * Every identity endpoint passes it on: IMDS, App Service and Arc in their own error shape.
   * @param {string} resource
   */
  unknownResource(resource) {
    const audience = resource.replace(/\/\.default$/, '').replace(/\/$/, '');
    if (FIRST_PARTY_RESOURCES.includes(audience.toLowerCase()) || this.#apps.has(audience.toLowerCase()))
      return undefined;
    return `AADSTS500011: The resource principal named ${audience} was not found in the tenant named ${this.tenantId}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`;
  }

  reset() {
    this.#apps.clear();
    this.#tokens.clear();
    this.#federated.clear();
    this.#codes = 'generic';
  }

  /**
   * Answers a request for a sign-in host.
   * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {string} host
   */
  async handle(req, res, host) {
    const url = new URL(req.url ?? '/', `https://${host}`);
    const record = this.#log.record(
      {
        service: 'entra',
        host,
        path: url.pathname,
        method: req.method,
        status: 0,
        at: Date.now(),
      },
      req,
    );
    res.on('finish', () => (record.status = res.statusCode));
    if (
      await applyFault(this.#faults.take('entra', record), req, res, (status, headers) =>
        reply(res, status, aadsts('temporarily_unavailable', 90033, `standin fault ${status}`), headers),
      )
    )
      return;
    const base = `https://${host}`;

    if (url.pathname === '/common/discovery/instance') {
      return reply(res, 200, {
        tenant_discovery_endpoint: `${base}/${this.tenantId}/v2.0/.well-known/openid-configuration`,
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
        issuer: `${base}/${this.tenantId}/v2.0`,
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
    if (tenant !== this.tenantId)
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
    const app = this.#federated.get(clientId.toLowerCase());
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
    // An exact subject is compared case-sensitively (since 2024); an expression is matched against the claims.
    const subjectOk = (f) => (f.matches ? f.matches(claims) : f.subject === claims.sub);
    const match = app.federated.find((f) => f.issuer === claims.iss && subjectOk(f) && audienceOk(f));
    if (!match && this.#codes === 'specific') {
      // Entra's current codes name what did not match: issuer, then subject (case), then audience. Their
      // answers are 401 invalid_client, the description's trace lines after a space, as Entra sent them in
      // 2026 (AADSTS700213: recorded by the terraform-azurerm quickstarts' CI; AADSTS7002138: Azure/login#515).
      const check =
        'Check your federated identity credential Subject, Audience and Issuer against the presented assertion.';
      const docs = 'https://learn.microsoft.com/entra/workload-id/workload-identity-federation';
      const refuse = (code, text) => reply(res, 401, aadsts('invalid_client', code, text));
      const byIssuer = app.federated.filter((f) => f.issuer === claims.iss);
      if (byIssuer.length === 0)
        return refuse(
          700211,
          `No matching federated identity record found for presented assertion issuer '${claims.iss}'. ${check} ${docs}`,
        );
      const bySubject = byIssuer.filter(subjectOk);
      if (bySubject.length === 0) {
        if (
          byIssuer.some(
            (f) => f.subject !== undefined && String(f.subject).toLowerCase() === String(claims.sub).toLowerCase(),
          )
        ) {
          return refuse(
            7002138,
            `No matching federated identity record found for presented assertion subject '${claims.sub}'. The subject matches with case-insensitive comparison, but not with case-sensitive comparison. ${check} See documentation at: ${docs}. See breaking change notification and remediation at: https://learn.microsoft.com/en-us/entra/identity-platform/reference-breaking-changes#august-2024.`,
          );
        }
        return refuse(
          700213,
          `No matching federated identity record found for presented assertion subject '${claims.sub}'. ${check} ${docs}`,
        );
      }
      return refuse(
        700212,
        `No matching federated identity record found for presented assertion audience '${audiences.join(',')}'. ${check} ${docs}`,
      );
    }
    if (!match) {
      // The older, generic answer: 400 invalid_request, the trace lines after "\r\n" (recorded in
      // Azure/azure-workload-identity's troubleshooting guide).
      return reply(
        res,
        400,
        aadsts(
          'invalid_request',
          70021,
          `No matching federated identity record found for presented assertion. Assertion Issuer: '${claims.iss}'. Assertion Subject: '${claims.sub}'. Assertion Audience: '${audiences.join(',')}'.`,
          { lines: true },
        ),
      );
    }
    const scope = form.get('scope') ?? '';
    const resource = scope.replace(/\/\.default$/, '').replace(/\/$/, '');
    const unknown = this.unknownResource(resource);
    if (unknown) return reply(res, 400, aadsts('invalid_resource', 500011, unknown.replace(/^AADSTS500011: /, '')));
    record.resource = resource;
    const lifetime = 3599;
    const identity = { clientId: app.clientId, objectId: app.objectId, resourceId: '' };
    const issued = this.issue(identity, resource, lifetime);
    this.#log.count('entraTokens');
    reply(res, 200, {
      token_type: 'Bearer',
      expires_in: lifetime,
      ext_expires_in: lifetime,
      access_token: issued,
    });
  }
}
