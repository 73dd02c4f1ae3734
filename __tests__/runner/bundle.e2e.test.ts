// What the runner downloads and what a run loads, which is what the startup time rests on; the timings and
// peak RSS live in `npm run bench`, these are the facts they rest on.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../standin/runner.mjs';
import { sampleVault, useStandin } from '../helpers/standin.js';

const ctx = useStandin();

it("a successful run never loads Node's undici: the SDK's typeof FormData check finds no FormData", async () => {
  sampleVault(ctx.s, 'correct horse battery');
  const dir = mkdtempSync(join(tmpdir(), 'kv-loaded-'));
  const file = join(dir, 'loaded');
  try {
    const r = await ctx.step(
      { keyvault: 'ml-prod-kv', secrets: 'db-password' },
      {
        env: {
          NODE_OPTIONS: `--require ${join(ROOT, '__tests__', 'fixtures', 'loaded-builtins.cjs')}`,
          LOADED_BUILTINS_FILE: file,
        },
      },
    );
    expect(r.errors).toEqual([]);
    expect(Object.values(r.outputs)).toContain('correct horse battery');
    const loaded = readFileSync(file, 'utf8').split('\n');
    expect(loaded).toContain('NativeModule tls'); // the probe saw the run
    expect(loaded.filter((m) => /undici|webstreams/.test(m))).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('the repository archive the runner downloads (.gitattributes export-ignore)', () => {
  // HEAD's files under this checkout's .gitattributes, as GitHub builds the archive of a ref.
  // No shell pipe: git's tar goes to tar's stdin (tar is bsdtar on Windows).
  const tarball = execFileSync('git', ['archive', '--worktree-attributes', '--format=tar', 'HEAD'], {
    cwd: ROOT,
    maxBuffer: 256 * 2 ** 20,
  });
  const archived = execFileSync('tar', ['-tf', '-'], { input: tarball, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 })
    .split('\n')
    .filter((p) => p && !p.endsWith('/'));

  it('keeps what the runner runs and what a user reads: action.yml, dist/ with its licenses, README, LICENSE', () => {
    for (const path of [
      'action.yml',
      'set/action.yml',
      'dist/set/index.js',
      'dist/index.js',
      'dist/post/index.js',
      'dist/licenses.txt',
      'dist/package.json',
      'README.md',
      'LICENSE',
    ])
      expect(archived).toContain(path);
  });

  it('leaves out the sources, tests, stand-in, scripts, docs, workflows and npm files', () => {
    expect(archived.filter((p) => !p.startsWith('dist/')).sort()).toEqual([
      'CHANGELOG.md',
      'LICENSE',
      'README.md',
      'SECURITY.md',
      'action.yml',
      'set/action.yml',
    ]);
  });
});
