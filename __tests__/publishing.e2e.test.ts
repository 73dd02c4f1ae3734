// What publishing and adopting the action rests on: action.yml within the Marketplace's limits, the
// workflows pinned and bounded, no doc or workflow teaching a secret-to-script interpolation, the
// release's dry run, and the message a runner without file commands gets.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../standin/runner.mjs';
import { projectFindings } from '../scripts/lint-workflows.mjs';
import { expectNothingExported, useStandin } from './helpers/standin.js';

const run = promisify(execFile);
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');
const WORKFLOWS = readdirSync(join(ROOT, '.github', 'workflows')).filter((f) => f.endsWith('.yml'));

describe('publishable', () => {
  it('action.yml has a Marketplace-sized description (under 125 characters) and a name', () => {
    const yml = read('action.yml');
    const description = /^description:\s*(.+)$/m.exec(yml)![1]!.trim();
    expect(description.length).toBeLessThan(125);
    expect(/^name:\s*(.+)$/m.exec(yml)![1]!.trim()).toMatch(/Key Vault/);
  });

  it('names runner v2.327.1 (the node24 minimum) and no older runner', () => {
    const readme = read('README.md');
    expect(readme).toContain('v2.327.1');
    for (const text of [readme, read('src/runner/coreExporter.ts')]) expect(text).not.toMatch(/2\.297/);
  });
});

describe('workflows', () => {
  it.each(WORKFLOWS)(
    '%s: actions pinned by SHA with their tag, every job with timeout-minutes, no interpolated output or secret in run:',
    (file) => {
      expect(projectFindings(read(`.github/workflows/${file}`))).toEqual([]);
    },
  );

  it('the lint rules catch what they are for', () => {
    const bad =
      'jobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v5\n      - run: |\n          ./up.sh "${{ steps.kv.outputs.KEY }}"\n      - run: echo ${{ secrets.X }}\n';
    expect(projectFindings(bad).map(([line]) => line)).toEqual([5, 7, 8, 0]);
  });

  it('release.yml: the job that can write runs no npm, keeps no credentials, runs only on main and not in a dry run', () => {
    const yml = read('.github/workflows/release.yml');
    expect(yml).toMatch(/^permissions: \{\}$/m);
    const [verify, release] = yml.split(/\n {2}release:\n/);
    expect(verify).toMatch(/\n {2}verify:\n[\s\S]*permissions:\n {6}contents: read\n/);
    expect(verify).not.toMatch(/contents: write/);
    expect(release).toMatch(/permissions:\n {6}contents: write\n/);
    expect(release).toMatch(/if: \$\{\{ !inputs\.dry-run && github\.ref == 'refs\/heads\/main' \}\}/);
    expect(release).toMatch(/ref: \$\{\{ needs\.verify\.outputs\.sha \}\}/);
    expect(release).not.toMatch(/npm|setup-node/);
    for (const checkout of yml.match(/uses: actions\/checkout@[^\n]*\n(?:\s+[^\n]*\n)*?(?=\s+- |\n|$)/g)!)
      expect(checkout).toContain('persist-credentials: false');
  });
});

describe('README examples', () => {
  const readme = read('README.md');
  const snippets = [...readme.matchAll(/```ya?ml\n([\s\S]*?)```/g)].map((m) => m[1]!);

  it('no run: script interpolates a step output or a secret', () => {
    expect(snippets.length).toBeGreaterThan(3);
    for (const s of snippets) expect(projectFindings(s, { pins: false, timeouts: false })).toEqual([]);
    expect(readme).not.toMatch(/run:[^\n]*\$\{\{\s*(steps|secrets)\./);
  });

  it('writes to $GITHUB_ENV only through a heredoc with a random delimiter', () => {
    const writes = readme.split('\n').filter((l) => /GITHUB_ENV/.test(l) && /(>>|Add-Content|Out-File)/.test(l));
    expect(writes.length).toBeGreaterThan(0);
    for (const l of writes) expect(l).not.toMatch(/echo\s+"?[A-Za-z_]+=/);
    expect(readme).toMatch(/delimiter=.*(openssl rand|\/dev\/urandom|uuidgen|RandomNumberGenerator|New-Guid)/);
  });

  it('shows PowerShell wherever it shows a value used in bash', () => {
    expect(readme).toContain('shell: pwsh');
    expect(readme).toContain('$env:DB_PASSWORD');
  });
});

// scripts/release-dry-run.sh is a bash script for the maintainer's machine and ubuntu CI.
(process.platform === 'win32' ? describe.skip : describe)(
  `the release dry run${process.platform === 'win32' ? ' (skipped on Windows: a bash script)' : ''}`,
  () => {
    let repo: string;
    beforeAll(async () => {
      repo = mkdtempSync(join(tmpdir(), 'kv-release-'));
      await run('git', ['clone', '-q', '--no-local', ROOT, repo]);
    });
    afterAll(() => rmSync(repo, { recursive: true, force: true }));

    const git = (...args: string[]) =>
      run('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args]);
    const dryRun = (version: string) =>
      run(join(ROOT, 'scripts', 'release-dry-run.sh'), ['--skip-build', '--repo', repo, version], {
        encoding: 'utf8',
      }).then(
        (r) => ({ code: 0, out: r.stdout + r.stderr }),
        (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
      );
    const commit = async (file: string, edit: (s: string) => string) => {
      writeFileSync(join(repo, file), edit(readFileSync(join(repo, file), 'utf8')));
      await git('commit', '-qam', `edit ${file}`);
    };

    it('checks the version, the CHANGELOG and the tag, tags a throwaway clone, and pushes nothing', async () => {
      expect(await dryRun('9.8')).toMatchObject({ code: 1, out: expect.stringContaining('version must be X.Y.Z') });
      expect(await dryRun('9.8.7')).toMatchObject({
        code: 1,
        out: expect.stringContaining('package.json is not at 9.8.7'),
      });

      await commit('package.json', (s) => s.replace(/"version": "[^"]+"/, '"version": "9.8.7"'));
      expect(await dryRun('9.8.7')).toMatchObject({
        code: 1,
        out: expect.stringContaining("CHANGELOG.md has no '## 9.8.7' heading"),
      });

      await commit('CHANGELOG.md', (s) => s.replace('## Unreleased', '## Unreleased\n\n## 9.8.7'));
      const ok = await dryRun('9.8.7');
      expect(ok.out).toMatch(/Tagged v9\.8\.7 and v9 at [0-9a-f]{40}/);
      expect(ok.out).toContain('Dry run of v9.8.7 passed');
      expect(ok.code).toBe(0);
      // The source repository got no tag: the tags lived in the removed clone.
      expect((await git('tag', '--list', 'v9*')).stdout).toBe('');

      await git('tag', 'v9.8.7');
      expect(await dryRun('9.8.7')).toMatchObject({
        code: 1,
        out: expect.stringContaining('tag v9.8.7 already exists'),
      });
    });
  },
);

describe('a runner without file commands', () => {
  const ctx = useStandin();
  it.each(['GITHUB_OUTPUT', 'GITHUB_ENV'])(
    'without %s: one error naming the node24 runner minimum, nothing exported',
    async (name) => {
      ctx.s.addVault('ml-prod-kv', { secrets: { 'db-password': 'file-command-value' } });
      const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'db-password' }, { env: { [name]: '' } });
      expect(r.errors).toHaveLength(1);
      expect(r.errors[0]).toMatch(new RegExp(`${name} is not set.*nothing was exported.*v2\\.327\\.1.*outside one`));
      expectNothingExported(r);
      expect(
        r.stdout
          .split('\n')
          .filter((l) => !l.startsWith('::add-mask::'))
          .join('\n'),
      ).not.toContain('file-command-value');
    },
  );
});
