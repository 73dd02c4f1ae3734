// Commands printed for an admin to paste. Text the action did not write itself (token claims, ids from
// a token or the platform) goes into a command only when it is one plain word in every shell an admin
// may paste into (sh, PowerShell, cmd): letters, digits and "._:/@+=-", not starting with "-". Any other
// text is shown escaped in the prose, and the command holds a placeholder in its place.
const PLAIN_WORD = /^(?!-)[A-Za-z0-9._:/@+=-]{1,400}$/;
export const isPlainWord = (text: string) => PLAIN_WORD.test(text);
/** One POSIX shell word: the text as is when plain, otherwise single-quoted (a quote inside written '\''). */
export const shellArg = (text: string) => (isPlainWord(text) ? text : `'${text.replaceAll("'", "'\\''")}'`);
/** A JSON argument for the shell: JSON-escaped, then one single-quoted word. */
export const jsonArg = (value: unknown) => shellArg(JSON.stringify(value));
/** Foreign text for a command: itself when plain, else the placeholder. */
export const commandWord = (text: string | undefined, placeholder: string) =>
  text !== undefined && isPlainWord(text) ? text : placeholder;
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A principal id (a token's oid claim) for a command: itself when it is a GUID, else the placeholder. */
export const principalArg = (principalId: string | undefined) =>
  principalId !== undefined && GUID.test(principalId) ? principalId : '<principalId>';
