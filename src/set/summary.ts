// The set step's job summary: for each secret its version, size, trailing newline, content type, expiry and tags.
// Never a value.
import type { SetConfig } from './inputs.js';
import type { WriteOutcome } from './write.js';

/** Text in a table cell: one line, no markup. */
const cell = (text: string) =>
  text
    .replace(/[\r\n]+/g, ' ')
    .slice(0, 300)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replace(/[\\`*_[\]()!~#|$@{}]/g, '\\$&')
    .replace(/:(?=\/\/)/g, '\\:');

export function summary(set: SetConfig, outcomes: readonly WriteOutcome[]): string {
  const tags = Object.entries(set.tags)
    .map(([k, v]) => `${cell(k)}=${cell(v)}`)
    .join(', ');
  const rows = outcomes.map((o) => {
    const l = o.loaded;
    const newline = l.droppedNewline ? 'dropped' : l.trailingNewline ? 'kept (the value ends with a newline)' : 'none';
    return `| ${l.secret.name} | ${o.skipped ? `${o.version} (unchanged)` : (o.version ?? '')} | ${l.bytes} | ${newline} | ${cell(set.contentType ?? '–')} | ${set.expiresOn?.toISOString() ?? '–'} | ${o.disabled.join(', ') || '–'} |`;
  });
  return [
    `### Secrets written to ${set.vault.name}`,
    '',
    '| Secret | Version | Bytes | Trailing newline | Content type | Expires | Disabled versions |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    tags ? `Tags: ${tags}` : 'No tags.',
    '',
  ].join('\n');
}
