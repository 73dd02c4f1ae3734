// The job summary: what was exported, from where, and how; or what failed and why. Never a value.
import type { ExportItem } from './plan.js';
import { shortVersion } from './publish.js';
import { untrusted } from '../runner/untrusted.js';

const oneLine = (text: string) => untrusted(text.replace(/[\r\n]+/g, ' '), 2000);
/**
 * Text in a table cell or list item: one line, rendered as written. No code span, link, image,
 * emphasis, math, mention, HTML, entity, autolink, table cell or list/heading/quote marker comes from
 * the text: GFM's punctuation is backslash-escaped, "&<>" are entities, and "://", "www." and "@"
 * (extended autolinks) are broken with an escape.
 */
export const cell = (text: string) =>
  oneLine(text)
    .trimStart()
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replace(/[\\`*_[\]()!~#|$@{}]/g, '\\$&')
    .replace(/:(?=\/\/)/g, '\\:')
    .replace(/(www)\./gi, '$1\\.')
    .replace(/^([-+=]|\d+(?=[.)]))/, (m) => (/^\d/.test(m) ? `${m}\\` : `\\${m}`));
/**
 * Text as inline code: `text` when nothing in it can close the span or be read as markup there; otherwise
 * the escaped plain text (in a code span a backslash escapes nothing, and a "|" still splits a table cell).
 */
export const code = (text: string) => {
  const line = oneLine(text);
  return /^[^`<>|\\&]*$/.test(line) && line.trim() !== '' ? `\`${line}\`` : cell(line);
};
const day = (date: Date | undefined) => (date ? date.toISOString().slice(0, 10) : '–');

function exportedAs(item: ExportItem, exportEnv: boolean): string {
  const where = exportEnv ? 'output, env' : 'output';
  if (item.via === 'file') return `file (path in ${where})`;
  if (item.via === 'json') return `${where} (JSON ${code(item.jsonPath ?? '')})`;
  return where;
}

export function successSummary(items: readonly ExportItem[], exportEnv: boolean, warnings: readonly string[]): string {
  const rows = items.map((item) => {
    const { ref, bundle } = item.source;
    const expires = bundle.expiresOn ? (bundle.expiresOn.getTime() <= Date.now() ? `⚠️ ${day(bundle.expiresOn)} (expired)` : day(bundle.expiresOn)) : '–';
    return `| ${code(item.name)} | ${cell(ref.vault.name)} | ${cell(ref.name)} | ${code(shortVersion(bundle.version))} | ${day(bundle.updatedOn)} | ${expires} | ${exportedAs(item, exportEnv)} |`;
  });
  return [
    `### 🔐 Key Vault secrets: ${items.length} exported`,
    '',
    '| Alias | Vault | Secret | Version | Updated | Expires | Exported as |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    ...(warnings.length > 0 ? ['**Warnings**', '', ...warnings.map((w) => `- ${cell(w)}`), ''] : []),
  ].join('\n');
}

export interface FailedReference {
  input: string;
  line: number;
  alias: string;
  vault: string;
  secret: string;
  /** The full reason, with its fix; the part before the first ":" is the short form. */
  reason: string;
}

export function failureSummary(failures: readonly FailedReference[], total: number): string {
  const short = (reason: string) => reason.split(':')[0]!.trim();
  return [
    `### ❌ Key Vault secrets: ${failures.length} of ${total} could not be read; nothing was exported`,
    '',
    '| Line | Alias | Vault | Secret | Reason |',
    '| --- | --- | --- | --- | --- |',
    ...failures.map((f) => `| ${f.input} ${f.line} | ${code(f.alias)} | ${cell(f.vault)} | ${cell(f.secret)} | ${cell(short(f.reason))} |`),
    '',
    '**How to fix**',
    '',
    ...failures.map((f) => `- ${f.input} line ${f.line}, ${cell(f.vault)}/${cell(f.secret)}: ${cell(f.reason)}`),
    '',
  ].join('\n');
}
