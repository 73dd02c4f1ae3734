// Microsoft Entra ID's exchange of a federated token (AKS's service account token, GitHub's ID token) for an
// access token: @azure/identity's ClientAssertionCredential, through the action's own agent and retry policy.
import type { TokenCredential } from '@azure/identity';
import { loginHost } from '../../inputs/cloud.js';
import { lazyCredential } from '../loadOrder.js';
import { retryPolicy } from '../retryPolicy.js';
import { userAgentOptions } from '../userAgent.js';
import { SDK_RETRIES } from '../sdkOptions.js';
import { createVaultAgent } from '../vaultAgent.js';
import type { CredentialContext } from './context.js';

/** Entra's authority host: the one given, or the cloud's, without a trailing slash. */
export const entraAuthority = (context: CredentialContext, authorityHost: string | undefined): string =>
  (authorityHost ?? `https://${loginHost(context.cloud)}`).replace(/\/$/, '');

/** Entra through the action's own agent (HTTPS_PROXY/NO_PROXY as for the vaults), so the SDK never builds one that logs the proxy URL. */
function entraOptions(context: CredentialContext, authorityHost: string) {
  const entraAgent = createVaultAgent(authorityHost);
  return {
    authorityHost,
    httpClient: context.httpClient,
    retryOptions: { maxRetries: 0 },
    additionalPolicies: [{ position: 'perCall' as const, policy: retryPolicy(SDK_RETRIES, context.clock) }],
    ...(entraAgent ? { agent: entraAgent } : {}),
    userAgentOptions: userAgentOptions(),
  };
}

/**
 * Entra's exchange of a federated token for an access token (built once @azure/identity is loaded), built anew
 * after a failed one: MSAL remembers Entra ID's 429 or 5xx and answers its next request with it, unsent, for the
 * answer's Retry-After or a minute; the identity stage's next attempt (after at least that Retry-After) must
 * reach Entra ID, not fail on the remembered answer as if Entra ID had refused.
 */
export function assertionExchange(
  context: CredentialContext,
  app: { tenantId: string; clientId: string },
  authorityHost: string,
  assertion: () => string,
): TokenCredential {
  const build = () =>
    lazyCredential(
      context.identitySdk,
      (sdk) =>
        new sdk.ClientAssertionCredential(
          app.tenantId,
          app.clientId,
          () => Promise.resolve(assertion()),
          entraOptions(context, authorityHost),
        ),
    );
  let current = build();
  return {
    getToken: async (scopes, options) => {
      try {
        return await current.getToken(scopes, options);
      } catch (error) {
        current = build();
        throw error;
      }
    },
  };
}
