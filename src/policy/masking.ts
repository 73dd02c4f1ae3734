// The masking policy: what to register with the runner's secret masker for one value, and which short
// strings carry no secret worth a mask. The runner masks log lines one at
// a time, so a multi-line value is masked line by line: each line that carries secret material, and
// for a "key: value" line its value on its own too (what `yq`, `jq -r` or `kubectl -o jsonpath` print).
// Every pass here is linear in the value's length: values come from the vault, and a crafted one
// must not cost seconds of CPU (no regex here can backtrack over more than a constant span).

/** Keys that name credentials: their leaves are masked however short, down to MIN_MASK_PIECE. */
export const CREDENTIAL_KEY = /pass|pwd|secret|token|key|cred|auth|cert|private|sig|sas|conn|salt|pin|otp/i;
/** Shorter leaves would mask those characters everywhere in the log. */
export const MIN_MASKED_LEAF = 4;
/**
 * No mask is ever shorter (trimmed). The runner masks any non-blank value, whatever its length (its
 * add-mask has no minimum), so a one-character mask hides that character in every line of the log, and
 * a few dozen of them (one per letter and digit: a vault writer's JSON keys, or a listing of one-letter
 * secrets) blank it. One character is no secret worth that; such a value is exported unmasked, and the
 * log says so.
 */
export const MIN_MASK_PIECE = 2;

/**
 * Whether a string at this key path is registered as a mask: at least MIN_MASKED_LEAF characters,
 * or at least MIN_MASK_PIECE when its key names a credential.
 */
export function masksString(value: string, path: string): boolean {
  const length = value.trim().length;
  return length >= MIN_MASKED_LEAF || (length >= MIN_MASK_PIECE && CREDENTIAL_KEY.test(path));
}

/** Whether a leaf is registered as a mask. Booleans and null carry nothing secret. */
export function masksLeaf<Leaf extends { kind: string; value: string; path: string }>(leaf: Leaf): boolean {
  if (leaf.kind === 'boolean' || leaf.kind === 'null') return false;
  return masksString(leaf.value, leaf.path);
}

/**
 * The start of a "key: value" (YAML, also "- key: value") or "key": value (JSON) line; group 1 the
 * key. Anchored, and every quantifier is followed by a character it cannot match, so a failed match
 * backtracks over each character at most a constant number of times.
 */
const KEY_PREFIX = /^(?:-\s+)?["']?([A-Za-z0-9_.-]+)["']?\s*:/;
/** A value shorter than this on a key line whose key names no credential is structure (apiVersion: v1, "port": 5432). */
export const MIN_MASKED_LINE_VALUE = 8;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

const isSpace = (c: string) => c.trim() === '';
/** The text without trailing characters in `strip` or whitespace: one backward scan. */
function trimTrailing(text: string, strip: string): string {
  let end = text.length;
  while (end > 0 && (strip.includes(text[end - 1]!) || isSpace(text[end - 1]!))) end--;
  return text.slice(0, end);
}
/** The text without one pair of matching surrounding quotes. */
function unquote(text: string): string {
  const q = text[0];
  return text.length >= 2 && (q === '"' || q === "'") && text.at(-1) === q ? text.slice(1, -1) : text;
}

/** A trimmed line's key and raw value (everything after the colon, trimmed), or undefined when it is no key line. */
function keyValue(line: string): { key: string; rest: string } | undefined {
  const match = KEY_PREFIX.exec(line);
  return match ? { key: match[1]!, rest: line.slice(match[0].length).trim() } : undefined;
}

/**
 * Whether a trimmed line of a multi-line value carries no secret material, so masking it would only
 * hide ordinary text everywhere in the log: punctuation alone ({, }, ],), a line shorter than
 * MIN_MASKED_LEAF, or a key line with a short value and a key that names no credential.
 */
export function isStructuralLine(line: string): boolean {
  if (!LETTER_OR_DIGIT.test(line)) return true;
  if (line.length < MIN_MASKED_LEAF) return !CREDENTIAL_KEY.test(line);
  const kv = keyValue(line);
  if (!kv) return false;
  if (CREDENTIAL_KEY.test(kv.key)) return false;
  const value = unquote(trimTrailing(kv.rest, ',{['));
  return value.length < MIN_MASKED_LINE_VALUE;
}

/**
 * The value part of a masked "key: value" line, as a program reading that key prints it: without a
 * trailing comma, unquoted, and for a JSON string with escapes, decoded too. Registered under the
 * same rule as a parse-json leaf (masksString): at least MIN_MASKED_LEAF characters, or at least
 * MIN_MASK_PIECE when the key names a credential. None for a value that opens a block ({, [, |, >).
 */
export function valuePieces(line: string): string[] {
  const kv = keyValue(line.trim());
  if (!kv) return [];
  const raw = trimTrailing(kv.rest, ',');
  if (raw === '' || ('{[|>'.includes(raw[0]!) && raw.length <= 2)) return [];
  const unquoted = unquote(raw);
  const pieces = [unquoted];
  if (raw[0] === '"' && unquoted.includes('\\')) {
    try {
      const decoded: unknown = JSON.parse(raw);
      if (typeof decoded === 'string') pieces.push(decoded);
    } catch {
      // Not a JSON string: the text as written is what a reader prints.
    }
  }
  return pieces.filter((p) => p.trim() !== '' && masksString(p, kv.key));
}

/** A piece long enough to register (MIN_MASK_PIECE, trimmed). */
const maskable = (piece: string) => piece.trim().length >= MIN_MASK_PIECE;

/**
 * Every string to register for one value. A single-line value: itself (and its trimmed form). A
 * multi-line value: each line that is not structure (and its trimmed form). Either way, the value
 * part of each such "key: value" line too. Never a piece shorter than MIN_MASK_PIECE: a blank value,
 * or one of a single character, has none (the runner refuses to mask whitespace, and a one-character
 * mask would hide that character everywhere).
 */
export function maskPieces(value: string): string[] {
  if (!maskable(value)) return [];
  const lines = value.split(/\r\n|\r|\n/);
  if (lines.length === 1) return [...new Set([value, value.trim(), ...valuePieces(value)])];
  const pieces = new Set<string>();
  for (const line of lines) {
    const trimmed = line.trim();
    if (trimmed === '' || isStructuralLine(trimmed)) continue;
    pieces.add(line);
    pieces.add(trimmed);
    for (const piece of valuePieces(trimmed)) pieces.add(piece);
  }
  if (pieces.size > 0) return [...pieces];
  // Nothing but short lines: better to mask them than to leave the value bare (but never one character).
  return [...new Set(lines.map((l) => l.trim()).filter((l) => LETTER_OR_DIGIT.test(l) && maskable(l)))];
}
