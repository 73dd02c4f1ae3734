// What each identity source's credential is built from, and what it gives back (credentials/index.ts picks
// the source's file).
import type { TokenCredential } from '@azure/identity';
import type { CloudName } from '../../inputs/cloud.js';
import type { Clock } from '../../util/clock.js';
import type { CappedHttpClient } from '../identityHttp.js';
import type { ImdsAgent } from '../imdsAgent.js';
import type { IdentitySdk } from '../loadOrder.js';

/** What a credential reports back while it works. */
export interface CredentialHooks {
  /** A federated token about to be presented to Entra: for its claims in messages, a mask and the redactor. */
  presented(assertion: string): void;
  /** A credential the source reads from the environment or sends (IDENTITY_HEADER): a mask and the redactor. */
  credential(value: string): void;
  /** What the attempt waits for now, for the timeout message. */
  waiting(what: string): void;
}

export interface CredentialContext {
  cloud: CloudName;
  /** The agent for IMDS and the other managed identity endpoints (imdsAgent.ts). */
  agent: ImdsAgent;
  /** Streams each identity answer and cuts it off past its cap (identityHttp.ts). */
  httpClient: CappedHttpClient;
  hooks: CredentialHooks;
  clock: Clock;
  timeoutSeconds: number;
  /** @azure/identity, loaded once the first vault's challenge is out (loadOrder.ts). */
  identitySdk: () => Promise<IdentitySdk>;
}

/** A source's credential, and where it gets tokens (for messages). */
export interface SourceCredential {
  credential: TokenCredential;
  endpoint: string;
  /** What a token attempt waits for, when that is not the endpoint issuing it. */
  waitsFor?: string;
}
