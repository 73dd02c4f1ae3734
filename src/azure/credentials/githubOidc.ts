// GitHub OIDC: the job's ID token (issued, and asked again, by the identity stage: identity/idToken.ts)
// exchanged with Entra.
import type { IdentitySource } from '../../ports.js';
import { issueIdToken } from '../../identity/idToken.js';
import { TOKEN_EXCHANGE_AUDIENCE } from '../../constants.js';
import { IdentityAnswerTooLargeError } from '../identityHttp.js';
import type { CredentialContext, SourceCredential } from './context.js';
import { assertionExchange, entraAuthority } from './entra.js';

/** A federated token read or issued for Entra: a JWT of 1–2 KiB. */
const MAX_FEDERATED_TOKEN_CHARS = 16 * 1024;

export function githubOidcSource(
  source: Extract<IdentitySource, { kind: 'github-oidc' }>,
  context: CredentialContext,
): SourceCredential {
  const { hooks } = context;
  const authorityHost = entraAuthority(context, undefined);
  const endpoint = `${authorityHost}/${source.tenantId}`;
  const exchanging = `Microsoft Entra ID (${endpoint}) to exchange the job's ID token`;
  // One ID token per run (it lives minutes; the run needs one Entra token). Only an issued token is
  // kept: a failed request is asked again (identity/idToken.ts), and a later attempt starts afresh.
  let idToken: string | undefined;
  const exchange = assertionExchange(context, source, authorityHost, () => idToken ?? '');
  const issue = async (signal: AbortSignal | undefined) => {
    const token = await issueIdToken(TOKEN_EXCHANGE_AUDIENCE, {
      signal,
      clock: context.clock,
      timeoutSeconds: context.timeoutSeconds,
      waiting: (what) => hooks.waiting(what),
    });
    if (token.length > MAX_FEDERATED_TOKEN_CHARS)
      throw new IdentityAnswerTooLargeError(
        `GitHub's ID token endpoint issued an ID token of ${Math.round(token.length / 1024)} KiB, more than the ${MAX_FEDERATED_TOKEN_CHARS / 1024} KiB one can be`,
      );
    hooks.presented(token); // a mask before anything else happens
    return token;
  };
  return {
    credential: {
      getToken: async (scopes, options) => {
        idToken ??= await issue(options?.abortSignal as AbortSignal | undefined); // the step's deadline
        hooks.waiting(exchanging);
        return exchange.getToken(scopes, options);
      },
    },
    endpoint,
    waitsFor: exchanging,
  };
}
