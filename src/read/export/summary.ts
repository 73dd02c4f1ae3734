// The job summary: what was exported, from where, and how; or what failed and why. Never a value.
import type { ExportItem } from './plan.js';
import type { FailedReference } from '../../vault/require.js';
import { PEM_PART_NAMES, shortVersion } from './publish.js';
import { untrusted } from '../../runner/untrusted.js';
import { Inputs } from '../../constants.js';

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

/**
 * The runner drops a step summary bigger than this whole, with an error ("$GITHUB_STEP_SUMMARY upload
 * aborted, supports content up to a size of 1024k"; actions/runner CreateStepSummaryCommand).
 */
export const STEP_SUMMARY_LIMIT_BYTES = 1024 * 1024;
/** This action's summary stays this far under the limit (UTF-8 bytes, as the runner measures the file). */
export const SUMMARY_BUDGET_BYTES = STEP_SUMMARY_LIMIT_BYTES - 32 * 1024;

const bytes = (line: string) => Buffer.byteLength(line, 'utf8') + 1; // and its newline
const total = (lines: readonly string[]) => lines.reduce((sum, line) => sum + bytes(line), 0);

/** As many of `lines` as fit in `budget` bytes; if some do not, the last line says how many were left out. */
function within(lines: readonly string[], budget: number, more: (n: number) => string): string[] {
  if (total(lines) <= budget) return [...lines];
  const room = budget - bytes(more(lines.length));
  const kept: string[] = [];
  let used = 0;
  for (const line of lines) {
    if (used + bytes(line) > room) break;
    kept.push(line);
    used += bytes(line);
  }
  return [...kept, more(lines.length - kept.length)];
}

/** Where a value went: run's command (only it, unless export-env), step outputs, env vars for later steps. */
export function destinations(exportEnv: boolean, run = false): string {
  return [run && 'run', (!run || exportEnv) && 'output', exportEnv && 'env'].filter(Boolean).join(', ');
}

function exportedAs(item: ExportItem, exportEnv: boolean, run: boolean): string {
  const where = destinations(exportEnv, run);
  if (item.pem) {
    const chain =
      item.pem.part === 'chain' ? `, ${item.pem.chainLength} certificate${item.pem.chainLength === 1 ? '' : 's'}` : '';
    return `PEM ${PEM_PART_NAMES[item.pem.part]} file${chain} (path in ${where})`;
  }
  if (item.via === 'file') return `file (path in ${where})`;
  if (item.via === 'json') return `${where} (JSON ${code(item.jsonPath ?? '')})`;
  return where;
}

/** `throttled`: how many requests Key Vault answered 429 (all retried, since the run succeeded): a count, never a value. */
export function successSummary(
  items: readonly ExportItem[],
  exportEnv: boolean,
  warnings: readonly string[],
  throttled = 0,
  run = false,
): string {
  const rows = items.map((item) => {
    const { ref, bundle } = item.source;
    // A certificate's files: the date TLS checks, the certificate's own (notAfter).
    const expiresOn = item.pem ? item.pem.leaf.notAfter : bundle.expiresOn;
    const expires = expiresOn
      ? `${expiresOn.getTime() <= Date.now() ? `⚠️ ${day(expiresOn)} (expired)` : day(expiresOn)}${item.pem ? ' (certificate)' : ''}`
      : '–';
    return `| ${code(item.name)} | ${cell(ref.vault.name)} | ${cell(ref.name)} | ${code(shortVersion(bundle.version))} | ${day(bundle.updatedOn)} | ${expires} | ${exportedAs(item, exportEnv, run)} |`;
  });
  const head = [
    `### 🔐 Key Vault secrets: ${items.length} exported`,
    '',
    '| Alias | Vault | Secret | Version | Updated | Expires | Exported as |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  const notes = within(
    warnings.map((w) => `- ${cell(w)}`),
    SUMMARY_BUDGET_BYTES / 8,
    (n) => `- … and ${n} more warnings (the step's log has them all)`,
  );
  const throttling =
    throttled > 0
      ? [
          `Key Vault throttled ${throttled} request${throttled === 1 ? '' : 's'} (429); all were retried. Many runners reading this vault at once? See docs/performance.md, "A fleet at cron time".`,
          '',
        ]
      : [];
  const tail = ['', ...throttling, ...(warnings.length > 0 ? ['**Warnings**', '', ...notes, ''] : [])];
  const table = within(
    rows,
    SUMMARY_BUDGET_BYTES - total(head) - total(tail),
    (n) => `| … and ${n} more (the step's log lists every export) | | | | | | |`,
  );
  return [...head, ...table, ...tail].join('\n');
}

const RESOURCE_INPUTS: readonly string[] = [Inputs.Tokens, Inputs.StorageKeys, Inputs.AcrLogin];

export function failureSummary(failures: readonly FailedReference[], count: number): string {
  // Up to the first ": " (not ":": "no token for api://app: …" was cut to "no token for api").
  const short = (reason: string) => reason.split(': ')[0]!.trim();
  // The resources stage fails on its own (after the secrets were read): its failures are credentials, not secrets.
  const credentials = failures.length > 0 && failures.every((f) => RESOURCE_INPUTS.includes(f.input));
  const head = [
    credentials
      ? `### ❌ Credentials from the same identity: ${failures.length} of ${count} could not be read; nothing was exported`
      : `### ❌ Key Vault secrets: ${failures.length} of ${count} could not be read; nothing was exported`,
    '',
    credentials ? '| Line | Alias | For | – | Reason |' : '| Line | Alias | Vault | Secret | Reason |',
    '| --- | --- | --- | --- | --- |',
  ];
  const fixHead = ['', '**How to fix**', ''];
  // The table and the fixes share what the budget leaves: a quarter for the table, the rest for the fixes.
  const room = SUMMARY_BUDGET_BYTES - total(head) - total(fixHead) - bytes('');
  const table = within(
    failures.map(
      (f) =>
        `| ${f.input} ${f.line} | ${code(f.alias)} | ${cell(f.vault)} | ${cell(f.secret)} | ${cell(short(f.reason))} |`,
    ),
    room / 4,
    (n) => `| … and ${n} more (the step's log lists them) | | | | |`,
  );
  const fixes = within(
    failures.map((f) => `- ${f.input} line ${f.line}, ${cell(f.vault)}/${cell(f.secret)}: ${cell(f.reason)}`),
    room - total(table),
    (n) => `- … and ${n} more (the step's log lists them)`,
  );
  return [...head, ...table, ...fixHead, ...fixes, ''].join('\n');
}
