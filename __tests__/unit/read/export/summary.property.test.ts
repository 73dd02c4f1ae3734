// Property: the job summary renders vault-controlled text as text, whatever it holds (no markdown,
// HTML or table structure forged).
import fc from 'fast-check';
import type { ExportItem } from '../../../../src/read/export/plan.js';
import { cell, code, failureSummary, successSummary } from '../../../../src/read/export/summary.js';
import { untrusted } from '../../../../src/policy/untrusted.js';
import { readLines } from '../../../../standin/runner.mjs';
import { referencesFailed } from '../../../../src/messages/references.js';
import { failedSecret } from '../../../helpers/fakes.js';
import { hostileText, hostileTextAnySize, markdownProblems, tableCells } from '../../../helpers/hostile.js';

const RUNS = { numRuns: 300 };

describe('the job summary renders vault text as text', () => {
  const exportItem = (name: string, key: string, secret: string, version: string) =>
    ({
      name,
      value: 'v',
      masks: ['v'],
      via: 'json',
      jsonPath: untrusted(key, 60),
      source: { ref: { vault: { name: 'ml-prod-kv' }, name: secret }, bundle: { version, updatedOn: new Date(0) } },
    }) as unknown as ExportItem;

  it('escapes code spans, links, images, HTML and autolinks in a JSON key', () => {
    const md = successSummary(
      [exportItem('CFG_X', 'k`](https://evil.example)`<img src=x>', 'config', 'abc')],
      false,
      [],
    );
    expect(md).not.toContain('](https://');
    expect(md).not.toMatch(/<img/);
    const row = md.split('\n').find((l) => l.startsWith('| `CFG_X`'))!;
    for (const c of tableCells(row).slice(0, 4)) expect(markdownProblems(c)).toEqual([]);
  });

  it('cell and code: no markup from any text', () => {
    fc.assert(
      fc.property(hostileTextAnySize(), (text) => {
        for (const rendered of [cell(text), code(text)]) {
          expect(markdownProblems(rendered)).toEqual([]);
          expect(readLines(rendered).length).toBeLessThanOrEqual(1);
        }
      }),
      RUNS,
    );
  });

  it('success and failure summaries: every row keeps its columns, every cell and list item is plain', () => {
    fc.assert(
      fc.property(hostileText(), hostileText(), hostileText(), hostileText(), (name, key, version, warning) => {
        const md = successSummary([exportItem(name, key, 'config', version)], true, [warning]);
        const row = md.split('\n')[4]!;
        const cells = tableCells(row);
        expect(cells).toHaveLength(7);
        for (const c of cells.slice(0, 4)) expect(markdownProblems(c)).toEqual([]);
        const item = md.split('\n').find((l) => l.startsWith('- '))!;
        expect(markdownProblems(item.slice(2))).toEqual([]);
        const vault = { vault: 'ml-prod-kv', vaultUrl: 'https://ml-prod-kv.vault.azure.net/', cloud: 'AzureCloud' };
        const failed = failureSummary(
          referencesFailed(
            'secret',
            [
              failedSecret(
                1,
                'config',
                { id: 'vault.unexpected', args: { ...vault, secret: 'config', what: warning } },
                {
                  alias: name,
                  vault: 'ml-prod-kv',
                },
              ),
            ],
            1,
            [],
          ),
        );
        const failedRow = failed.split('\n')[4]!;
        expect(tableCells(failedRow)).toHaveLength(5);
        for (const c of tableCells(failedRow).slice(1)) expect(markdownProblems(c)).toEqual([]);
      }),
      RUNS,
    );
  });
});
