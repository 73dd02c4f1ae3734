// The vault stage's verdict: every secret read, or one error naming each reference that failed (its
// input and line) with the fix. The failures also become the job summary's table.
import type { Config } from '../inputs/config.js';
import { ActionError } from '../util/errors.js';
import { debugDetail } from '../util/sdkErrors.js';
import type { FetchedSecret } from './fetch.js';
import type { FetchOutcome } from './fetch.js';
import { describeVaultFailure, isSecretNotFound, refusedAudience } from './failures.js';
import type { expandWildcards } from './wildcards.js';

export interface FailedReference {
  input: string;
  line: number;
  alias: string;
  vault: string;
  secret: string;
  /** The full reason, with its fix; the part before the first ": " is the short form. */
  reason: string;
  /** The vault refused every request alike (its challenge named another audience): one line for the vault. */
  wholeVault?: true;
}

/** A failure whose table belongs in the job summary too. */
export class FetchFailure extends ActionError {
  constructor(
    message: string,
    readonly failures: FailedReference[],
    readonly total: number,
    detail: string,
  ) {
    super(message, detail);
  }
}

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
  const context = (vault: { name: string; url: string }, secret: string, listing = false) => ({
    vault: vault.name,
    vaultUrl: vault.url,
    secret,
    cloud: config.cloud,
    listing,
    ...(principalId ? { principalId } : {}),
  });
  for (const { wildcard, error } of expansion.failed) {
    details.push(`${wildcard.vault.name} (list): ${debugDetail(error)}`);
    const reason = describeVaultFailure(error, context(wildcard.vault, wildcard.text, true), config.timeoutSeconds);
    failures.push({
      input: wildcard.input,
      line: wildcard.line,
      alias: `${wildcard.namespace}*`,
      vault: wildcard.vault.name,
      secret: wildcard.text,
      reason,
      ...wholeVault(error),
    });
  }
  for (const wildcard of expansion.unmatched) {
    const reason =
      `no enabled secret in ${wildcard.vault.name} starts with "${wildcard.prefix}". ` +
      `Check the prefix, keyvault and cloud: az keyvault secret list --vault-name ${wildcard.vault.name} --query "[].name" -o tsv`;
    if (config.ignoreMissing)
      warn(`${wildcard.input} line ${wildcard.line}: ${wildcard.text} matched nothing (ignore-missing).`);
    else
      failures.push({
        input: wildcard.input,
        line: wildcard.line,
        alias: '*',
        vault: wildcard.vault.name,
        secret: wildcard.text,
        reason: `nothing matched: ${reason}`,
      });
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
        `${ref.input} line ${ref.line}: ${ref.vault.name}/${secret} does not exist; ${ref.alias} is not exported (ignore-missing).`,
      );
      continue;
    }
    details.push(`${ref.vault.name}/${ref.name}: ${debugDetail(error)}`);
    const listedBy = ref.matchedBy
      ? { listedBy: { wildcard: ref.matchedBy, othersRead: readBy.has(wildcardKey(ref)) } }
      : {};
    const reason = describeVaultFailure(error, { ...context(ref.vault, secret), ...listedBy }, config.timeoutSeconds);
    failures.push({
      input: ref.input,
      line: ref.line,
      alias: ref.alias,
      vault: ref.vault.name,
      secret,
      reason,
      ...wholeVault(error),
    });
  }

  if (failures.length === 0) return secrets;
  failures.sort((a, b) => a.input.localeCompare(b.input) || a.line - b.line);
  const total = outcomes.length + expansion.failed.length + expansion.unmatched.length;
  throw new FetchFailure(
    `Could not read ${failures.length} of ${total} secrets; nothing was exported:\n${failureLines(failures).join('\n')}`,
    failures,
    total,
    details.join('\n'),
  );
}

const wholeVault = (error: unknown): { wholeVault?: true } => (refusedAudience(error) ? { wholeVault: true } : {});
/** One wildcard on one line of one input. */
const wildcardKey = (ref: FetchOutcome['ref']) => `${ref.input}\n${ref.line}\n${ref.matchedBy ?? ''}`;

/** How many of a vault's references its one line names before "and N more". */
const NAMED_PER_VAULT = 3;

/**
 * One line per failed reference (in input order), except where a vault refused every request alike:
 * that vault gets one line, where its first reference would be, naming the references it cost.
 */
function failureLines(failures: readonly FailedReference[]): string[] {
  const byVault = new Map<string, FailedReference[]>();
  for (const f of failures) if (f.wholeVault) byVault.set(f.vault, [...(byVault.get(f.vault) ?? []), f]);
  const lines: string[] = [];
  for (const f of failures) {
    if (!f.wholeVault) {
      lines.push(`  ${f.input} line ${f.line}: ${f.vault}/${f.secret} (${f.alias}): ${f.reason}`);
      continue;
    }
    const refs = byVault.get(f.vault);
    if (refs?.[0] !== f) continue;
    const named = refs.slice(0, NAMED_PER_VAULT).map((r) => `${r.input} line ${r.line}`);
    if (refs.length > NAMED_PER_VAULT) named.push(`${refs.length - NAMED_PER_VAULT} more`);
    const count = `${refs.length} reference${refs.length === 1 ? '' : 's'}`;
    lines.push(`  ${f.vault} (${count}: ${named.join(', ')}): ${f.reason}`);
  }
  return lines;
}
