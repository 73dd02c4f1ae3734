// expected-tenant-id and expected-principal-id, checked against every token the run obtains, before anything
// uses it. acquireTokenWithRetries (acquire.ts) is the one place every token comes from, whatever the source
// (IMDS, workload identity, GitHub OIDC, Arc, App Service / Container Apps) and whatever the resource (the Key
// Vault token the vault clients share; each token tokens, storage-keys and acr-login ask for), and it checks each
// one here: so no vault, ARM or registry request carries a token of another identity, and a run that names only
// tokens, storage keys or registries is checked as one that names secrets is.
//
// (An AKS identity binding is workload identity through the cluster's token proxy: the same place, the same check.)
// The claims are read, not verified: this guards against the wrong runner or the wrong identity setting (a job on
// a runner whose VM has another identity, a pool in another tenant), not against whatever could forge a token.
import type { ExpectedIdentity } from '../inputs/config.js';
import { ActionError } from '../util/errors.js';
import { say } from '../messages/catalogue.js';
import type { IdentitySource } from '../ports.js';
import { selectorText, SOURCE_NAMES } from './source.js';
import { stringClaims } from './token.js';

/** A token for an identity other than the expected one: the run stops, nothing fetched with it. */
export class UnexpectedIdentity extends ActionError {}

const same = (a: string | undefined, b: string) => a !== undefined && a.toLowerCase() === b.toLowerCase();

/** Throws UnexpectedIdentity unless the token's claims are the expected identity's (a no-op when none is expected). */
export function checkExpectedIdentity(
  token: string,
  expected: ExpectedIdentity,
  context: { source: IdentitySource; resource: string },
): void {
  if (!expected.tenantId && !expected.principalId) return;
  const { tid, oid, appid, azp } = stringClaims(token, ['tid', 'oid', 'appid', 'azp']);
  const tenantOk = !expected.tenantId || same(tid, expected.tenantId);
  const principalOk = !expected.principalId || [oid, appid, azp].some((claim) => same(claim, expected.principalId!));
  if (tenantOk && principalOk) return;
  throw new UnexpectedIdentity(
    say('identity.unexpected-identity', {
      sourceName: SOURCE_NAMES[context.source.kind],
      kind: context.source.kind,
      selector: selectorText(context.source),
      resource: context.resource,
      expected,
      // As the token has them: the message escapes them (they come from whatever answered as the identity endpoint).
      actual: { tenantId: tid, objectId: oid, clientId: appid ?? azp },
      mismatched: [!tenantOk && 'tenant', !principalOk && 'principal'].filter(
        (m): m is 'tenant' | 'principal' => m !== false,
      ),
    }),
  );
}
