// Registers values with the runner's secret masker. Older runners and GHES do not split
// multi-line values themselves, so each line is registered too.

/**
 * Every string to register for one value: the whole value and each non-blank line (and its trimmed
 * form). A blank value has none: the runner refuses to mask whitespace, and could not usefully.
 */
export function maskPieces(value: string): string[] {
  if (value.trim() === '') return [];
  const pieces = new Set<string>([value]);
  for (const line of value.split(/\r\n|\r|\n/)) {
    if (line.trim() === '') continue;
    pieces.add(line);
    pieces.add(line.trim());
  }
  return [...pieces];
}
