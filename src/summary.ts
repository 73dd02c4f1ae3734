// The job summary: what was exported, from where, and how; or what failed and why. Never a value.
import type { ExportItem } from './plan.js';
import { shortVersion } from './publish.js';
import { untrusted } from './untrusted.js';

/** A table cell: one line, no table or HTML markup from the text. */
const cell = (text: string) =>
  untrusted(text.replace(/[\r\n]+/g, ' '), 2000)
    .replaceAll('|', '\\|')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;');
const day = (date: Date | undefined) => (date ? date.toISOString().slice(0, 10) : '–');

function exportedAs(item: ExportItem, exportEnv: boolean): string {
  const where = exportEnv ? 'output, env' : 'output';
  if (item.via === 'file') return `file (path in ${where})`;
  if (item.via === 'json') return `${where} (JSON \`${cell(item.jsonPath ?? '')}\`)`;
  return where;
}

/** `throttled`: how many requests Key Vault answered 429 (all retried, since the run succeeded): a count, never a value. */
export function successSummary(items: readonly ExportItem[], exportEnv: boolean, warnings: readonly string[], throttled = 0): string {
  const rows = items.map((item) => {
    const { ref, bundle } = item.source;
    const expires = bundle.expiresOn ? (bundle.expiresOn.getTime() <= Date.now() ? `⚠️ ${day(bundle.expiresOn)} (expired)` : day(bundle.expiresOn)) : '–';
    return `| \`${cell(item.name)}\` | ${cell(ref.vault.name)} | ${cell(ref.name)} | \`${shortVersion(bundle.version)}\` | ${day(bundle.updatedOn)} | ${expires} | ${exportedAs(item, exportEnv)} |`;
  });
  return [
    `### 🔐 Key Vault secrets: ${items.length} exported`,
    '',
    '| Alias | Vault | Secret | Version | Updated | Expires | Exported as |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    ...(throttled > 0 ? [`Key Vault throttled ${throttled} request${throttled === 1 ? '' : 's'} (429); all were retried. Many runners reading this vault at once? See README "A fleet at cron time".`, ''] : []),
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
    ...failures.map((f) => `| ${f.input} ${f.line} | \`${cell(f.alias)}\` | ${cell(f.vault)} | ${cell(f.secret)} | ${cell(short(f.reason))} |`),
    '',
    '**How to fix**',
    '',
    ...failures.map((f) => `- ${f.input} line ${f.line}, ${cell(f.vault)}/${cell(f.secret)}: ${cell(f.reason)}`),
    '',
  ].join('\n');
}
