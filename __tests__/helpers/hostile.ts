// Hostile text for the adversarial property suites: what a vault writer, a proxy answering for a vault
// or an identity endpoint, or a token's claims could hold, and checks of what the runner would make of
// the action's output. Reusable: add generators for other sources (identity answers, nextLinks) here.
import fc from 'fast-check';
import { readAsRunner, readLines } from '../../standin/runner.mjs';

/** Pieces that mean something to the runner, a Markdown renderer or a shell. */
export const HOSTILE_PIECES = [
  '::',
  ':',
  '##[',
  '#',
  '[',
  ']',
  ';',
  '=',
  ',',
  '\r',
  '\n',
  '\r\n',
  '%0A',
  '%0D',
  '%25',
  '%3A',
  '%5D',
  '\u0085', // .NET counts NEL as whitespace before "::"
  '\u2028',
  '\u2029',
  '\u200b', // ICU ignores it when the runner looks for "::" or "##["
  '\u3000',
  '\u00a0',
  '\ufeff',
  '\t',
  ' ',
  'set-output name=PWNED',
  'set-output name=PWNED;]x',
  'save-state name=written-files::x',
  'add-mask::x',
  'stop-commands::tok3n1234',
  'tok3n1234::',
  'warning::forged',
  'error::forged',
  'SET-OUTPUT name=P',
  'endgroup',
  'echo::on',
  '`',
  '```',
  '](https://evil.example)',
  '![x](https://evil.example/p.png)',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '&lt;',
  '&#60;',
  '|',
  '\\',
  '*',
  '_',
  '~~',
  '$x$',
  '@admin',
  '#123',
  '- ',
  '1. ',
  '> ',
  'https://evil.example',
  'www.evil.example',
  "'",
  '"',
  '$(id)',
  '`id`',
  '${IFS}',
  '&&',
  '|sh',
  '>x',
  '\u0000',
  '\u001b[31m',
  '\u202e',
] as const;

/** Hostile text: a mix of the pieces above and arbitrary (full Unicode) text. */
export const hostileText = (maxPieces = 16): fc.Arbitrary<string> =>
  fc
    .array(
      fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_PIECES) },
        { weight: 1, arbitrary: fc.string({ maxLength: 6, unit: 'binary' }) },
      ),
      { maxLength: maxPieces },
    )
    .map((parts) => parts.join(''));

/** Sometimes very long (up to ~40 KB), to reach every cut and cap. */
export const hostileTextAnySize = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: hostileText() },
    {
      weight: 1,
      arbitrary: fc
        .tuple(hostileText(8), fc.integer({ min: 100, max: 4000 }))
        .map(([t, n]) => (t || '##[x]').repeat(n).slice(0, 40_000)),
    },
  );

/** Hostile but non-empty text whose value is recognisable in a log: a unique marker plus hostile text. */
export const hostileValue = (marker: string): fc.Arbitrary<string> =>
  hostileText(8).map((t) => `${marker}${t.replace(/(\r\n|\r|\n)/g, `$1${marker}`)}`);

/** A line of output as the runner reads it (stdout by default): the commands it processed. */
export function commandsIn(text: string, stream = 'stdout') {
  return readAsRunner(readLines(text).map((l: string) => [stream, l])).commands;
}

/** Markdown specials a cell may hold only escaped (preceded by a backslash) or as an entity. */
const MARKDOWN_SPECIAL = new Set([...'[]()!*_~#$@<>`|\\']);

/**
 * Problems with one summary cell or list item: an unescaped Markdown special, a raw "<", an "&" that
 * is not an entity the action wrote, an autolink, or a code span that something could close.
 */
export function markdownProblems(text: string): string[] {
  const problems: string[] = [];
  const span = /^`([^`]*)`$/.exec(text);
  if (span) {
    if (/[<>|\\&]/.test(span[1]!)) problems.push(`code span holds markup: ${JSON.stringify(text)}`);
    return problems;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '&' && !/^&(amp|lt|gt);/.test(text.slice(i))) problems.push(`raw & at ${i}`);
    if (MARKDOWN_SPECIAL.has(c))
      problems.push(`unescaped ${JSON.stringify(c)} at ${i} in ${JSON.stringify(text.slice(0, 120))}`);
  }
  if (/(^|[^\\]):\/\//.test(text)) problems.push('autolink scheme "://"');
  if (/www\./i.test(text)) problems.push('autolink "www."');
  if (/^\s*([-+=>]|\d+[.)])/.test(text))
    problems.push(`block marker at the start: ${JSON.stringify(text.slice(0, 20))}`);
  return problems;
}

/** Splits a Markdown table row into its cells at unescaped "|". */
export function tableCells(row: string): string[] {
  const cells: string[] = [];
  let current = '';
  for (let i = 0; i < row.length; i++) {
    const c = row[i]!;
    if (c === '\\' && i + 1 < row.length) {
      current += c + row[i + 1];
      i++;
    } else if (c === '|') {
      cells.push(current.trim());
      current = '';
    } else current += c;
  }
  cells.push(current.trim());
  return cells.slice(1, -1);
}

/** The command part of a remediation: from "Add it: "/"Add one: " on. */
export const commandPart = (message: string) => message.slice(message.search(/Add (it|one): /));
/** A POSIX shell's words for a command line (single and double quotes, backslash), or null if it would do more than run one command. */
export function shellWords(line: string): string[] | null {
  const words: string[] = [];
  let word: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return null;
      word = (word ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (c === '\\' && i + 1 < line.length && line[i + 1] !== '\n') {
      word = (word ?? '') + line[i + 1];
      i++;
    } else if (c === ' ') {
      if (word !== null) words.push(word);
      word = null;
    } else if (/[;&|$`"\\(){}!*?~#\n\r\t]/.test(c)) {
      return null;
    } else word = (word ?? '') + c;
  }
  if (word !== null) words.push(word);
  return words;
}
