// parse-json: a secret whose value is a JSON object becomes one export per leaf.

export interface JsonLeaf {
  /** ALIAS_KEY_SUBKEY: keys upper-cased, characters invalid in env names turned into _. */
  name: string;
  /** The leaf as exported: strings as they are, everything else as its JSON text. */
  value: string;
  /** The key path as written, for messages. */
  path: string;
  kind: 'string' | 'number' | 'boolean' | 'null' | 'array';
}

export const envSafe = (key: string) => key.toUpperCase().replace(/[^A-Z0-9_]/g, '_');

/** The leaves of a JSON object value; undefined when the value is not a JSON object. Arrays are leaves, as JSON text. */
export function jsonLeaves(alias: string, value: string): JsonLeaf[] | undefined {
  const trimmed = value.trim();
  if (!trimmed.startsWith('{')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const leaves: JsonLeaf[] = [];
  const walk = (node: Record<string, unknown>, name: string, path: string) => {
    for (const [key, child] of Object.entries(node)) {
      const childName = `${name}_${envSafe(key)}`;
      const childPath = path ? `${path}.${key}` : key;
      if (typeof child === 'object' && child !== null && !Array.isArray(child)) walk(child as Record<string, unknown>, childName, childPath);
      else if (typeof child === 'string') leaves.push({ name: childName, value: child, path: childPath, kind: 'string' });
      else {
        const kind = child === null ? 'null' : Array.isArray(child) ? 'array' : (typeof child as 'number' | 'boolean');
        leaves.push({ name: childName, value: JSON.stringify(child), path: childPath, kind });
      }
    }
  };
  walk(parsed as Record<string, unknown>, alias, '');
  return leaves;
}

/** Keys that name credentials: their leaves are masked however short. */
const CREDENTIAL_KEY = /pass|pwd|secret|token|key|cred|auth|cert|private|sig|sas|conn|salt|pin|otp/i;
/** Shorter leaves would mask those characters everywhere in the log. */
export const MIN_MASKED_LEAF = 4;

/**
 * Whether a leaf is registered as a mask. Booleans and null carry nothing secret; a leaf shorter
 * than MIN_MASKED_LEAF characters is left unmasked unless its key names a credential.
 */
export function masksLeaf(leaf: JsonLeaf): boolean {
  if (leaf.kind === 'boolean' || leaf.kind === 'null') return false;
  if (leaf.value.trim().length >= MIN_MASKED_LEAF) return true;
  return CREDENTIAL_KEY.test(leaf.path) && leaf.value.trim().length > 0;
}
