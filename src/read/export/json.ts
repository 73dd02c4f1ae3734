// parse-json: a secret whose value is a JSON object becomes one export per leaf.
import { untrusted } from '../../policy/untrusted.js';

export interface JsonLeaf {
  /** ALIAS_KEY_SUBKEY: keys upper-cased, characters invalid in env names turned into _. */
  name: string;
  /** The leaf as exported: strings as they are, everything else as its JSON text (numbers as written). */
  value: string;
  /** The key path as written, for messages (control characters escaped: keys come from the vault). */
  path: string;
  kind: 'string' | 'number' | 'boolean' | 'null' | 'array';
  /** For arrays: every string inside, at any depth, with its path; each is masked as a leaf would be. */
  strings?: { value: string; path: string }[];
}

/** How deep parse-json follows objects and arrays; deeper values are refused, not half-exported. */
export const MAX_JSON_DEPTH = 32;

export type JsonExpansion = { leaves: JsonLeaf[] } | { tooDeep: true } | undefined;

export const envSafe = (key: string) => key.toUpperCase().replace(/[^A-Z0-9_]/g, '_');

/** A number as the secret wrote it: 12345678901234567890 and 1.50 stay exactly that. */
class RawNumber {
  constructor(readonly text: string) {}
}

/** The deepest nesting of objects and arrays in JSON text, found without parsing (strings skipped). */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') deepest = Math.max(deepest, ++depth);
    else if (c === '}' || c === ']') depth--;
  }
  return deepest;
}

/** A key path for messages: keys joined with dots, each escaped (keys come from the vault). */
const keyPath = (path: string, key: string) => (path ? `${path}.${untrusted(key, 60)}` : untrusted(key, 60));

/** JSON text for a parsed value, numbers as written. */
function jsonText(node: unknown): string {
  if (node instanceof RawNumber) return node.text;
  if (Array.isArray(node)) return `[${node.map(jsonText).join(',')}]`;
  if (typeof node === 'object' && node !== null)
    return `{${Object.entries(node)
      .map(([k, v]) => `${JSON.stringify(k)}:${jsonText(v)}`)
      .join(',')}}`;
  return JSON.stringify(node);
}

/** Every string inside an array (or object within it), with its path. */
function stringsWithin(
  node: unknown,
  path: string,
  out: { value: string; path: string }[] = [],
): { value: string; path: string }[] {
  if (typeof node === 'string') out.push({ value: node, path });
  else if (Array.isArray(node)) node.forEach((child, i) => stringsWithin(child, `${path}[${i}]`, out));
  else if (typeof node === 'object' && node !== null && !(node instanceof RawNumber)) {
    for (const [key, child] of Object.entries(node)) stringsWithin(child, keyPath(path, key), out);
  }
  return out;
}

/**
 * The leaves of a JSON object value; undefined when the value is not a JSON object; tooDeep when it
 * nests deeper than MAX_JSON_DEPTH. Arrays are leaves, as JSON text.
 */
export function jsonLeaves(alias: string, value: string): JsonExpansion {
  const trimmed = value.trim();
  if (!trimmed.startsWith('{')) return undefined;
  if (nestingDepth(trimmed) > MAX_JSON_DEPTH) return { tooDeep: true };
  let parsed: unknown;
  try {
    // Node 24's reviver sees each number's source text: big integers keep every digit.
    parsed = JSON.parse(trimmed, (_key, v: unknown, context?: { source?: string }) =>
      typeof v === 'number' && context?.source !== undefined ? new RawNumber(context.source) : v,
    );
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const leaves: JsonLeaf[] = [];
  const walk = (node: Record<string, unknown>, name: string, path: string) => {
    for (const [key, child] of Object.entries(node)) {
      const childName = `${name}_${envSafe(key)}`;
      const childPath = keyPath(path, key);
      if (typeof child === 'string') leaves.push({ name: childName, value: child, path: childPath, kind: 'string' });
      else if (child instanceof RawNumber)
        leaves.push({ name: childName, value: child.text, path: childPath, kind: 'number' });
      else if (Array.isArray(child))
        leaves.push({
          name: childName,
          value: jsonText(child),
          path: childPath,
          kind: 'array',
          strings: stringsWithin(child, childPath),
        });
      else if (typeof child === 'object' && child !== null)
        walk(child as Record<string, unknown>, childName, childPath);
      else
        leaves.push({
          name: childName,
          value: JSON.stringify(child),
          path: childPath,
          kind: child === null ? 'null' : 'boolean',
        });
    }
  };
  walk(parsed as Record<string, unknown>, alias, '');
  return { leaves };
}
