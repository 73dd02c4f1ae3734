// The layout's import rules (.dependency-cruiser.cjs, run by `npm run lint`) catch each kind of breach: a
// small src/ with one of each, and imports the rules allow beside them, checked as lint checks src/.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ROOT } from '../../../standin/runner.mjs';

const pkg = (name: string) => ({
  [`node_modules/${name}/package.json`]: JSON.stringify({ name, version: '1.0.0', main: 'index.js' }),
  [`node_modules/${name}/index.js`]: 'exports.x = 1;',
});

const TREE: Record<string, string> = {
  'package.json': '{"type":"module"}',
  'tsconfig.json': JSON.stringify({
    compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', noEmit: true },
    include: ['src'],
  }),
  ...pkg('@azure/fake'),
  ...pkg('@actions/core'),
  // Allowed: each import within its part's row, each SDK from its adapter.
  'src/constants.ts': 'export const k = 1;',
  'src/util/d.ts': 'export const d = 1;',
  'src/identity/i.ts': "import { k } from '../constants.js'; export const i = k;",
  'src/vault/ok.ts': "import { i } from '../identity/i.js'; export const ok = i;",
  'src/azure/sdk.ts': "import { x } from '@azure/fake'; export const a = x;",
  'src/runner/core.ts': "import { x } from '@actions/core'; export const c = x;",
  'src/guard/g.ts': 'export type G = string;',
  // A cycle between two files of one folder (reported once).
  'src/vault/x.ts': "import { y } from './y.js'; export const x = () => y;",
  'src/vault/y.ts': "import { x } from './x.js'; export const y = () => x;",
  // util → vault, outside util's row; with vault → util, a cycle between the folders as well.
  'src/util/a.ts': "import { ok } from '../vault/ok.js'; export const a = ok;",
  'src/vault/c.ts': "import { d } from '../util/d.js'; export const c = d;",
  // A dynamic import outside the row.
  'src/runner/r.ts': "export const r = async () => (await import('../vault/ok.js')).ok;",
  // A type-only import outside the row.
  'src/inputs/t.ts': "import type { G } from '../guard/g.js'; export const t = (g: G) => g;",
  // A part with no row.
  'src/newpart/n.ts': "import { d } from '../util/d.js'; export const n = d;",
  // The SDKs outside their adapters.
  'src/vault/sdk.ts': "import { x } from '@azure/fake'; export const v = x;",
  'src/export/core.ts': "import { x } from '@actions/core'; export const e = x;",
  // An import that resolves to nothing.
  'src/util/u.ts': "import { m } from './missing.js'; export const u = m;",
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'import-rules-'));
  for (const [file, text] of Object.entries(TREE)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Violation = { from: string; to: string; rule: { name: string; severity: string } };

it('refuses each kind of breach, by name, and nothing the rows and adapters allow', () => {
  const r = spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs'),
      'src',
      '--config',
      join(ROOT, '.dependency-cruiser.cjs'),
      '--output-type',
      'json',
    ],
    { cwd: dir, encoding: 'utf8' },
  );
  expect(r.stderr).toBe('');
  const { summary } = JSON.parse(r.stdout) as { summary: { violations: Violation[] } };
  const found = [...new Set(summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`))].sort();
  expect(found).toEqual(
    [
      'no-file-cycles: src/vault/x.ts → src/vault/y.ts',
      'no-folder-cycles: src/util → src/vault',
      'no-folder-cycles: src/vault → src/util',
      'util-imports-only-its-row: src/util/a.ts → src/vault/ok.ts',
      'runner-imports-only-its-row: src/runner/r.ts → src/vault/ok.ts',
      'inputs-imports-only-its-row: src/inputs/t.ts → src/guard/g.ts',
      'every-part-has-a-row: src/newpart/n.ts → src/util/d.ts',
      'azure-sdk-only-in-azure: src/vault/sdk.ts → node_modules/@azure/fake/index.js',
      'actions-core-only-in-runner: src/export/core.ts → node_modules/@actions/core/index.js',
      'resolvable: src/util/u.ts → ./missing.js',
    ].sort(),
  );
  // Each at severity error: lint's run (the err reporter) exits with their count.
  expect(summary.violations.every((v) => v.rule.severity === 'error')).toBe(true);
});
