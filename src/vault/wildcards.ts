// prefix* references: the vault's listing, filtered to enabled secrets whose names start with the prefix.
import type { ListOutcome } from './fetch.js';
import { defaultAlias, SECRET_NAME, type SecretReference, type WildcardReference } from '../inputs/references.js';
import { untrusted } from '../policy/untrusted.js';

/**
 * The name a listed secret is exported under: the wildcard's namespace (text the workflow wrote, ending
 * in _), then the default alias of the rest of the secret's name. The vault chooses only what follows
 * the namespace, so no listing can name GNUMAKEFLAGS or MAKEFILES, nor any name a tool reads that the
 * protected-name lists never heard of.
 */
export function listedName(wildcard: Pick<WildcardReference, 'namespace' | 'prefix'>, name: string): string {
  return wildcard.namespace + defaultAlias(name.slice(wildcard.prefix.length));
}

export interface Expansion {
  /** One reference per matching secret, under its listedName, on the wildcard's line. */
  references: (SecretReference & { matchedBy: string })[];
  /** Wildcards that matched no enabled secret. */
  unmatched: WildcardReference[];
  /** Wildcards whose vault could not be listed. */
  failed: { wildcard: WildcardReference; error: unknown }[];
  /** Listed names that no Key Vault would give (a proxy or impostor answered): skipped, never printed raw. */
  invalidNames: string[];
}

export function expandWildcards(
  wildcards: readonly WildcardReference[],
  listings: Map<string, ListOutcome>,
): Expansion {
  const expansion: Expansion = { references: [], unmatched: [], failed: [], invalidNames: [] };
  const invalidNames = new Set<string>(); // two wildcards on one vault see its listing twice
  for (const wildcard of wildcards) {
    const listing = listings.get(wildcard.vault.url);
    if (!listing?.secrets) {
      expansion.failed.push({ wildcard, error: listing?.error ?? new Error('not listed') });
      continue;
    }
    const prefix = wildcard.prefix.toLowerCase();
    for (const s of listing.secrets)
      if (!SECRET_NAME.test(s.name)) invalidNames.add(`${wildcard.vault.name}: ${untrusted(s.name, 60)}`);
    const matches = listing.secrets
      .filter((s) => s.enabled && SECRET_NAME.test(s.name) && s.name.toLowerCase().startsWith(prefix))
      .map((s) => s.name)
      .sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
    if (matches.length === 0) expansion.unmatched.push(wildcard);
    for (const name of matches)
      expansion.references.push({
        input: wildcard.input,
        line: wildcard.line,
        text: name,
        alias: listedName(wildcard, name),
        vault: wildcard.vault,
        name,
        matchedBy: wildcard.text,
      });
  }
  expansion.invalidNames = [...invalidNames];
  return expansion;
}
