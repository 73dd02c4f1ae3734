// The resources stage's verdict: every credential tokens, storage-keys and acr-login named, or one error
// naming each that failed (its input and line) with its fix, once for those that share it; the failures
// become the job summary's table of credentials.
import { referencesFailed } from '../messages/references.js';
import type { ResourceCredential, ResourceOutcome } from './fetch.js';

export function requireResources(outcome: ResourceOutcome): ResourceCredential[] {
  const { failures, credentials, details } = outcome;
  if (failures.length === 0) return credentials;
  throw referencesFailed('credential', failures, failures.length + credentials.length, details);
}
