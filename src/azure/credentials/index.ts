// The credential for each identity source, one file per source (google-github-actions/auth's layout).
import type { IdentitySource } from '../../ports.js';
import type { CredentialContext, SourceCredential } from './context.js';
import { githubOidcSource } from './githubOidc.js';
import { managedIdentitySource } from './managedIdentity.js';
import { tokenProxySource } from './tokenProxy.js';
import { workloadIdentitySource } from './workloadIdentity.js';

export type { CredentialContext, CredentialHooks, SourceCredential } from './context.js';

/** The credential for this source, and where it gets tokens (for messages). */
export function credentialFor(source: IdentitySource, context: CredentialContext): SourceCredential {
  switch (source.kind) {
    case 'imds':
    case 'app-service':
    case 'arc':
      return managedIdentitySource(source, context);
    case 'workload-identity':
      return source.tokenProxy
        ? tokenProxySource(source, source.tokenProxy, context)
        : workloadIdentitySource(source, context);
    case 'github-oidc':
      return githubOidcSource(source, context);
  }
}
