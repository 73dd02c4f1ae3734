// Text that came from a vault or a server (secret names from a listing, JSON keys, versions, content
// types, error codes) is never trusted to be printable: a newline in it would start a new log line,
// and a log line that starts with "::" is a workflow command (set state, outputs, masks, warnings), as
// is "##[name]" anywhere in a line (actions/runner's legacy form).

const MAX = 200;
// C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
// eslint-disable-next-line no-control-regex -- matching the controls is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

const hex = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
/**
 * The whitespace .NET's Char.IsWhiteSpace counts (actions/runner trims it before looking for "::"), less the
 * line breaks, and with U+FEFF, as a regular expression character class.
 */
export const DOTNET_INLINE_SPACE = '[\\t\\v\\f \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u202f\\u205f\\u3000\\ufeff]';
// Leading spaces before "::" (the controls among them are escaped already).
const LEADING_COMMAND = new RegExp(`^(${DOTNET_INLINE_SPACE}*)::`);

/** The text with every control character (line breaks included) written as a \uXXXX escape: it stays on its line. */
export const escapeControls = (text: string) => text.replace(UNPRINTABLE, hex);

/**
 * The text with every control character written as a \uXXXX escape, cut to `max` characters; printed
 * anywhere in a line, even at its start, it can form no workflow command: a leading "::" is written
 * ":\u003a" and every "##[" "#\u0023[".
 */
export function untrusted(text: string, max = MAX): string {
  const escaped = escapeControls(text);
  const cut = escaped.length > max ? `${escaped.slice(0, max)}…` : escaped;
  return cut.replace(LEADING_COMMAND, '$1:\\u003a').replaceAll('##[', '#\\u0023[');
}
