// The one shape of what the action tells users: an entry per failure (or warning) kind, saying when it
// happens, the cause in plain words and the fix, and made-up arguments the docs and the tests render it
// with. catalogue.ts gathers every section's entries; docs/troubleshooting.md's tables are made from them.
import type { UserMessage } from '../util/errors.js';
import { escapeControls, untrusted } from '../policy/untrusted.js';

/** Where an entry is listed (docs/troubleshooting.md) and what a failed run's job summary says failed. */
export type Section = 'inputs' | 'guard' | 'identity' | 'vault' | 'resources' | 'export' | 'command' | 'set' | 'run';

export interface Entry<A> {
  section: Section;
  /** What the user sees, or what the service answered: the troubleshooting table's first column. */
  when: string;
  /** Not a failure of its own: a warning, or a line in the log. Failures when absent. */
  level?: 'warning' | 'notice';
  /**
   * The fix names this one reference (its secret, version or wildcard): several references that meet it
   * are listed one by one, never as one line for their vault.
   */
  perReference?: true;
  /** The cause, in plain words. */
  problem: (args: A) => string;
  /** What to do: the command, with the principal id it needs. Empty when the cause says it all. */
  fix: (args: A) => string;
  /** Made-up arguments: the docs show the entry rendered with them, and the tests render every entry. */
  example: NoInfer<A>;
}

/** An entry, its argument type inferred from `problem`. */
export const entry = <A>(e: Entry<A>): Entry<A> => e;

/** A rendered message: cause and fix, and the text printed (the two joined). */
export interface Said extends UserMessage {
  readonly problem: string;
  readonly fix: string;
}

/**
 * Every string in the arguments with its control characters escaped (policy/untrusted.ts): whatever a name,
 * code or answer holds, it stays inside the line the entry puts it in. Text the action wrote passes unchanged.
 * (Where a message is printed escapes the rest: setFailed's command, plainText, the summary's cells.)
 */
function printable(value: unknown): unknown {
  if (typeof value === 'string') return escapeControls(value);
  if (Array.isArray(value)) return value.map(printable);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, printable(v)]));
  return value;
}

/** The entry's message for these arguments. */
export function render<A>(id: string, e: Entry<A>, args: A): Said {
  const safe = printable(args) as A;
  const problem = e.problem(safe);
  const fix = e.fix(safe);
  return { id, problem, fix, text: fix ? `${problem} ${fix}` : problem };
}

/** The token's principal id in prose (a command holds it only as a GUID: util/shell.ts principalArg). */
export const principalWords = (principalId: string | undefined, what = "the runner's managed identity", max = 80) =>
  principalId ? `${what} (principal id ${untrusted(principalId, max)})` : what;

/** "1 reference", "2 references". */
export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
