// AKS workload identity: the projected service account token (AZURE_FEDERATED_TOKEN_FILE) exchanged with Entra.
import { untilAborted } from '../../util/abort.js';
import type { IdentitySource } from '../../ports.js';
import { readTokenFile } from '../tokenFile.js';
import type { CredentialContext, SourceCredential } from './context.js';
import { assertionExchange, entraAuthority } from './entra.js';

export function workloadIdentitySource(
  source: Extract<IdentitySource, { kind: 'workload-identity' }>,
  context: CredentialContext,
): SourceCredential {
  const { hooks } = context;
  const authorityHost = entraAuthority(context, source.authorityHost);
  const endpoint = `${authorityHost}/${source.tenantId}`;
  const exchanging = `Microsoft Entra ID (${endpoint}) to exchange the service account token`;
  // What WorkloadIdentityCredential does (a ClientAssertionCredential with the file's trimmed content,
  // the same tenant, client id, authority host and options), except that the action reads the file:
  // asynchronously, as a regular file only, capped (tokenFile.ts). The SDK would read whatever is there.
  let assertion = '';
  const exchange = assertionExchange(context, source, authorityHost, () => assertion);
  return {
    credential: {
      getToken: async (scopes, options) => {
        hooks.waiting(`the workload identity token file ${source.tokenFile} (AZURE_FEDERATED_TOKEN_FILE) to be read`);
        assertion = await untilAborted(readTokenFile(source.tokenFile), options?.abortSignal);
        hooks.presented(assertion);
        hooks.waiting(exchanging);
        return exchange.getToken(scopes, options);
      },
    },
    endpoint,
    waitsFor: exchanging,
  };
}
