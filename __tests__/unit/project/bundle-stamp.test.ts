// The runner-level suites run dist/, and bundle first unless dist/ is what the sources make (scripts/bundle.mjs):
// which edits make a checkout's dist/ stale, and which do not.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { isFresh, writeStamp } from '../../../scripts/bundle.mjs';

let root: string;
const write = (path: string, text: string) => {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
};
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'kv-bundle-stamp-'));
  for (const path of [
    'src/main.ts',
    'src/vault/fetch.ts',
    'shims/open/index.js',
    'package.json',
    'package-lock.json',
    'tsconfig.json',
    'tsconfig.build.json',
    'dist/index.js',
    'dist/post/index.js',
    'README.md',
    '__tests__/x.test.ts',
  ])
    write(path, `// ${path}\n`);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

it('never bundled in this checkout (no stamp): stale', () => {
  expect(isFresh(root)).toBe(false);
});

it('just bundled: fresh', () => {
  writeStamp(root);
  expect(isFresh(root)).toBe(true);
});

it.each([
  ['a source edited', 'src/vault/fetch.ts'],
  ['a source added', 'src/vault/new.ts'],
  ['the lock file (a dependency) changed', 'package-lock.json'],
  ['the TypeScript settings changed', 'tsconfig.build.json'],
  ['the shim ncc inlines changed', 'shims/open/index.js'],
  ['dist/ itself changed (another branch checked out, an edit)', 'dist/post/index.js'],
])('%s: stale', (_, path) => {
  writeStamp(root);
  write(path, '// edited\n');
  expect(isFresh(root)).toBe(false);
});

it('a source removed: stale', () => {
  writeStamp(root);
  rmSync(join(root, 'src', 'vault', 'fetch.ts'));
  expect(isFresh(root)).toBe(false);
});

it('docs and tests edited: still fresh (they are not bundled)', () => {
  writeStamp(root);
  write('README.md', 'edited\n');
  write('__tests__/x.test.ts', '// edited\n');
  expect(isFresh(root)).toBe(true);
});

it('a stamp cut short: stale', () => {
  writeStamp(root);
  write('lib/bundle-stamp.json', '{"inputs":');
  expect(isFresh(root)).toBe(false);
});
