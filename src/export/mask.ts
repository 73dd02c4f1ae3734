// What to register with the runner's secret masker for one value. The runner masks log lines one at
// a time, so a multi-line value is masked line by line: each line that carries secret material.
import { CREDENTIAL_KEY, MIN_MASKED_LEAF } from './json.js';

/** A "key: value" (YAML) or "key": value (JSON) line; group 1 the key, group 2 the value. */
const KEY_VALUE_LINE = /^(?:-\s+)?["']?([A-Za-z0-9_.-]+)["']?\s*:\s*(.*?)$/;
/** A value shorter than this on a key line whose key names no credential is structure (apiVersion: v1, "port": 5432). */
export const MIN_MASKED_LINE_VALUE = 8;

/**
 * Whether a trimmed line of a multi-line value carries no secret material, so masking it would only
 * hide ordinary text everywhere in the log: punctuation alone ({, }, ],), a line shorter than
 * MIN_MASKED_LEAF, or a key line with a short value and a key that names no credential.
 */
export function isStructuralLine(line: string): boolean {
  if (!/[\p{L}\p{N}]/u.test(line)) return true;
  if (line.length < MIN_MASKED_LEAF) return !CREDENTIAL_KEY.test(line);
  const keyValue = KEY_VALUE_LINE.exec(line);
  if (!keyValue) return false;
  const [, key, rest] = keyValue;
  if (CREDENTIAL_KEY.test(key!)) return false;
  const value = rest!.replace(/[\s,{[]+$/, '').replace(/^["']|["']$/g, '');
  return value.length < MIN_MASKED_LINE_VALUE;
}

/**
 * Every string to register for one value. A single-line value: itself (and its trimmed form). A
 * multi-line value: each line that is not structure (and its trimmed form). A blank value has
 * none: the runner refuses to mask whitespace, and could not usefully.
 */
export function maskPieces(value: string): string[] {
  if (value.trim() === '') return [];
  const lines = value.split(/\r\n|\r|\n/);
  if (lines.length === 1) return [...new Set([value, value.trim()])];
  const pieces = new Set<string>();
  for (const line of lines) {
    const trimmed = line.trim();
    if (trimmed === '' || isStructuralLine(trimmed)) continue;
    pieces.add(line);
    pieces.add(trimmed);
  }
  if (pieces.size > 0) return [...pieces];
  // Nothing but short lines: better to mask them than to leave the value bare.
  return [...new Set(lines.map((l) => l.trim()).filter((l) => /[\p{L}\p{N}]/u.test(l)))];
}
