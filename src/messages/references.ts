// References that failed (secrets, or the credentials tokens/storage-keys/acr-login name), said once per
// cause and fix: the references a vault (or a resource) refused alike, for the same principal, share one
// line in the error and one fix in the job summary, listed beside it.
import { ActionError } from '../util/errors.js';
import { type Failure, type Said, say, sayFailure, entryOf } from './catalogue.js';
import { plural } from './entry.js';
import { requestIdsText, withIdsText } from './requestIds.js';
import type { RequestIds } from '../util/sdkErrors.js';

/** What failed: a Key Vault secret, or a credential from the same identity. */
export type ReferenceKind = 'secret' | 'credential';

export interface FailedReference {
  /** The input and line that named it. */
  input: string;
  line: number;
  /** The name it would have been exported as ('–' for a credential without one). */
  alias: string;
  /** The vault, or what the credential is for (a token's resource, a storage account, a registry). */
  where: string;
  /** The secret (with /version, or the wildcard), or the credential's target (mldata#key1). */
  what: string;
  /** Its cause and fix, classified. */
  failure: Failure;
  /**
   * The ids that find its request in the service's logs (util/sdkErrors.ts factsOf): named in the error's line,
   * apart from what it says, so references refused alike still share one line.
   */
  ids?: RequestIds;
  /** What it says for this reference alone. */
  said: Said;
}

/** The references that share a cause and fix, and what it says for all of them (the first's own words when alone). */
export interface FailureGroup {
  refs: FailedReference[];
  said: Said;
}

/** How many of a group's references its line names before "and N more". */
export const NAMED_PER_GROUP = 10;

/** One reference's failure: said now for it, grouped later (`groupFailures`). */
export function failedReference(ref: Omit<FailedReference, 'said'>): FailedReference {
  return { ...ref, said: sayFailure(ref.failure) };
}

/**
 * What a failure says for every reference that meets it: the same entry said without the one secret it
 * names (messages/vault.ts VaultContext.secret), or undefined when its fix is for that reference alone.
 */
function sharedSaying(f: FailedReference): Said | undefined {
  if (entryOf(f.failure.id)?.perReference) return undefined;
  const args = f.failure.args as Record<string, unknown>;
  return 'secret' in args ? sayFailure({ ...f.failure, args: { ...args, secret: undefined } } as Failure) : f.said;
}

/**
 * The failures grouped by where they happened and what they say there, in the order of each group's first
 * reference. A group of one says what its reference says.
 */
export function groupFailures(failures: readonly FailedReference[]): FailureGroup[] {
  const groups = new Map<string, FailureGroup & { shared: Said | undefined }>();
  const order: (FailureGroup & { shared: Said | undefined })[] = [];
  failures.forEach((f, i) => {
    const shared = sharedSaying(f);
    const key = shared ? `${f.where}\u0000${shared.id}\u0000${shared.text}` : `\u0001${i}`;
    const group = groups.get(key);
    if (group) group.refs.push(f);
    else {
      const created = { refs: [f], said: f.said, shared };
      groups.set(key, created);
      order.push(created);
    }
  });
  return order.map(({ refs, said, shared }) => ({ refs, said: refs.length > 1 && shared ? shared : said }));
}

/** "secrets line 1 db-a, secrets line 2 db-b, and 3 more". */
export function namedReferences(refs: readonly FailedReference[], max = NAMED_PER_GROUP): string {
  const named = refs.slice(0, max).map((r) => `${r.input} line ${r.line} ${r.what}`);
  if (refs.length > max) named.push(`and ${refs.length - max} more`);
  return named.join(', ');
}

/** The error's line for a group: the reference (input, line, name, alias), or the place and the references it cost. */
export function groupLine(group: FailureGroup, kind: ReferenceKind): string {
  const [first] = group.refs as [FailedReference];
  if (group.refs.length === 1) {
    const name = kind === 'secret' ? `${first.where}/${first.what}` : first.what;
    return `  ${first.input} line ${first.line}: ${name} (${first.alias}): ${withIdsText(group.said.text, first.ids)}`;
  }
  // One request's ids for the group: the first reference's that has them, named as its.
  const withIds = group.refs.find((r) => requestIdsText(r.ids) !== '');
  const text = withIds
    ? withIdsText(group.said.text, withIds.ids, `${withIds.input} line ${withIds.line}`)
    : group.said.text;
  return `  ${first.where} (${plural(group.refs.length, 'reference')}: ${namedReferences(group.refs)}): ${text}`;
}

/** The step's one error when references failed: each group's line; the failures also become the job summary's table. */
export class FetchFailure extends ActionError {
  readonly groups: FailureGroup[];
  constructor(
    readonly kind: ReferenceKind,
    readonly failures: FailedReference[],
    readonly total: number,
    detail: string,
  ) {
    const groups = groupFailures(failures);
    const lines = groups.map((g) => groupLine(g, kind));
    const args = { failed: failures.length, total, lines };
    super(kind === 'secret' ? say('vault.failed', args) : say('resources.failed', args), detail);
    this.groups = groups;
  }
}

/** The failures sorted by input and line, and the step's error for them. */
export function referencesFailed(
  kind: ReferenceKind,
  failures: readonly FailedReference[],
  total: number,
  details: readonly string[],
): FetchFailure {
  const sorted = [...failures].sort((a, b) => a.input.localeCompare(b.input) || a.line - b.line);
  return new FetchFailure(kind, sorted, total, details.join('\n'));
}
