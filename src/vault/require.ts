// The vault stage's verdict: every secret read, or one error naming each reference that failed (its
// input and line) with the fix, once for the references a vault refused alike (messages/references.ts).
// The failures also become the job summary's table.
import type { Config } from '../inputs/config.js';
import { say } from '../messages/catalogue.js';
import { type FailedReference, failedReference, referencesFailed } from '../messages/references.js';
import type { VaultContext } from '../messages/vault.js';
import { debugDetail, factsOf } from '../util/sdkErrors.js';
import type { FetchedSecret } from './fetch.js';
import type { FetchOutcome } from './fetch.js';
import { classifyVaultFailure, isSecretNotFound } from './failures.js';
import type { expandWildcards } from './wildcards.js';

/**
 * Every fetched secret, or one error naming each reference that failed, with its fix. With
 * ignore-missing, a secret that does not exist (or a wildcard that matches nothing) is a warning.
 */
export function requireAll(
  outcomes: FetchOutcome[],
  expansion: ReturnType<typeof expandWildcards>,
  config: Pick<Config, 'cloud' | 'timeoutSeconds' | 'ignoreMissing'>,
  principalId: string | undefined,
  warn: (message: string) => void,
): FetchedSecret[] {
  const failures: FailedReference[] = [];
  const details: string[] = []; // SDK text: debug only, printed after the values are masked
  const context = (vault: { name: string; url: string }, secret: string, listing = false): VaultContext => ({
    vault: vault.name,
    vaultUrl: vault.url,
    secret,
    cloud: config.cloud,
    listing,
    ...(principalId ? { principalId } : {}),
  });
  for (const { wildcard, error } of expansion.failed) {
    details.push(`${wildcard.vault.name} (list): ${debugDetail(error)}`);
    failures.push(
      failedReference({
        input: wildcard.input,
        line: wildcard.line,
        alias: `${wildcard.namespace}*`,
        where: wildcard.vault.name,
        what: wildcard.text,
        failure: classifyVaultFailure(error, context(wildcard.vault, wildcard.text, true), config.timeoutSeconds),
        ids: factsOf(error).ids,
      }),
    );
  }
  for (const wildcard of expansion.unmatched) {
    if (config.ignoreMissing)
      warn(
        say('vault.nothing-matched-ignored', { input: wildcard.input, line: wildcard.line, text: wildcard.text }).text,
      );
    else
      failures.push(
        failedReference({
          input: wildcard.input,
          line: wildcard.line,
          alias: '*',
          where: wildcard.vault.name,
          what: wildcard.text,
          failure: { id: 'vault.nothing-matched', args: { vault: wildcard.vault.name, prefix: wildcard.prefix } },
        }),
      );
  }

  // A wildcard whose listing named a secret the identity then may not read: were its other matches read?
  const readBy = new Set(outcomes.filter((o) => o.bundle && o.ref.matchedBy).map((o) => wildcardKey(o.ref)));
  const secrets: FetchedSecret[] = [];
  for (const { ref, bundle, error } of outcomes) {
    if (bundle) {
      secrets.push({ ref, bundle });
      continue;
    }
    const secret = ref.version ? `${ref.name}/${ref.version}` : ref.name;
    if (config.ignoreMissing && isSecretNotFound(error)) {
      warn(
        say('vault.not-found-ignored', {
          input: ref.input,
          line: ref.line,
          vault: ref.vault.name,
          secret,
          alias: ref.alias,
        }).text,
      );
      continue;
    }
    details.push(`${ref.vault.name}/${ref.name}: ${debugDetail(error)}`);
    const listedBy = ref.matchedBy
      ? { listedBy: { wildcard: ref.matchedBy, othersRead: readBy.has(wildcardKey(ref)) } }
      : {};
    failures.push(
      failedReference({
        input: ref.input,
        line: ref.line,
        alias: ref.alias,
        where: ref.vault.name,
        what: secret,
        failure: classifyVaultFailure(error, { ...context(ref.vault, secret), ...listedBy }, config.timeoutSeconds),
        ids: factsOf(error).ids,
      }),
    );
  }

  if (failures.length === 0) return secrets;
  const total = outcomes.length + expansion.failed.length + expansion.unmatched.length;
  throw referencesFailed('secret', failures, total, details);
}

/** One wildcard on one line of one input. */
const wildcardKey = (ref: FetchOutcome['ref']) => `${ref.input}\n${ref.line}\n${ref.matchedBy ?? ''}`;
