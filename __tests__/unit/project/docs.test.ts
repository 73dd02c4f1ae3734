// The documentation says each fact once and never restates action.yml or the code's messages by hand: the
// README's inputs table is what `npm run docs` makes from action.yml, docs/troubleshooting.md's tables what it
// makes from the catalogue of messages (src/messages/), the defaults in src/constants.ts are action.yml's, every
// page in docs/ is reachable from the README, and every relative link and #anchor lands on a file and a heading.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../../../standin/runner.mjs';
import {
  END,
  messagesEnd,
  messagesStart,
  renderReadme,
  renderTroubleshooting,
  START,
  TROUBLESHOOTING,
} from '../../../scripts/docs.mjs';
import { InputDefaults, InputLimits, Inputs } from '../../../src/constants.js';
import { readConfig } from '../../../src/inputs/config.js';
import * as catalogue from '../../../src/messages/catalogue.js';

const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');
const DOCS = readdirSync(join(ROOT, 'docs'))
  .filter((f) => f.endsWith('.md'))
  .map((f) => `docs/${f}`);
const PAGES = ['README.md', 'CONTRIBUTING.md', 'SECURITY.md', 'CHANGELOG.md', ...DOCS];

type ActionYml = { inputs: Record<string, { default?: unknown; description?: string }> };
const action = parse(read('action.yml')) as ActionYml;

/** Markdown with its fenced code blocks blanked, lines kept (their `#` lines are not headings, their brackets not links). */
const prose = (markdown: string) =>
  markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[ \t]*$/gm, (block) => block.replace(/[^\n]/g, ''));

/** The anchors GitHub gives a page's headings (github-slugger: lower case, punctuation dropped, spaces to dashes, repeats numbered). */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const [, text] of prose(markdown).matchAll(/^#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$/gm)) {
    const base = text!
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/<[^>]+>/g, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** Every inline link of a page outside code, as [target, line]. */
function links(markdown: string): [string, number][] {
  const text = prose(markdown).replace(/`[^`\n]*`/g, (code) => ' '.repeat(code.length));
  return [...text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => [
    m[1]!,
    text.slice(0, m.index).split('\n').length,
  ]);
}

describe('the README is generated from action.yml, not restated', () => {
  it('the inputs table between the markers is what `npm run docs` makes from action.yml', async () => {
    const readme = read('README.md');
    expect(readme).toContain(START);
    expect(readme).toContain(END);
    // Equal means no input is missing, added, reordered, or described or defaulted otherwise than in action.yml.
    expect(await renderReadme(readme, read('action.yml'))).toBe(readme);
    for (const name of Object.keys(action.inputs)) expect(readme).toContain(`| \`${name}\``);
  });

  it('the check fails for a README whose table is out of date, and `npm run docs` brings it back', async () => {
    const readme = read('README.md');
    const stale = readme.replace('| `concurrency`', '| `parallelism`');
    expect(stale).not.toBe(readme);
    expect(await renderReadme(stale, read('action.yml'))).toBe(readme);
    const changed = read('action.yml').replace("default: '32'", "default: '16'");
    expect(changed).not.toBe(read('action.yml'));
    expect(await renderReadme(readme, changed)).not.toBe(readme);
  });

  it('every default in src/constants.ts InputDefaults is the default action.yml declares', () => {
    const inputOf: Record<string, string> = { ...Inputs, TimeoutSeconds: Inputs.Timeout };
    const declared = Object.entries(InputDefaults);
    for (const [key, value] of declared) {
      const name = inputOf[key];
      expect([key, name && action.inputs[name]?.default]).toEqual([key, String(value)]);
    }
    // And the other way: every input action.yml gives a default has one in InputDefaults, except the
    // expression the runner resolves.
    const withDefault = Object.entries(action.inputs)
      .filter(([name, spec]) => spec.default !== undefined && name !== Inputs.GithubToken)
      .map(([name]) => name)
      .sort();
    expect(withDefault).toEqual(declared.map(([key]) => inputOf[key]).sort());
    const { min, max } = InputLimits.Concurrency;
    expect(action.inputs[Inputs.Concurrency]?.description).toContain(`${min}–${max}`);
  });

  it("the inputs read the same whether the runner passes action.yml's defaults or a local run leaves them empty", () => {
    const given = { [Inputs.KeyVault]: 'ml-prod-kv', [Inputs.Secrets]: 'a' };
    const defaults = Object.fromEntries(
      Object.entries(action.inputs).flatMap(([name, spec]) =>
        spec.default === undefined || name === Inputs.GithubToken
          ? []
          : [[name, String(spec.default as string | number | boolean)]],
      ),
    );
    const read = (inputs: Record<string, string>) => readConfig((name) => inputs[name] ?? '').config;
    const asRunner = read({ ...defaults, ...given });
    const asLocal = read(given);
    expect(asRunner).toBeDefined();
    expect(asLocal).toEqual(asRunner);
    expect(asLocal).toMatchObject({
      exportEnv: InputDefaults.ExportEnv,
      cloud: InputDefaults.Cloud,
      timeoutSeconds: InputDefaults.TimeoutSeconds,
      allowForkPullRequests: InputDefaults.AllowForkPullRequests,
      concurrency: InputDefaults.Concurrency,
      parseJson: InputDefaults.ParseJson,
      ignoreMissing: InputDefaults.IgnoreMissing,
      expiryWarningDays: InputDefaults.ExpiryWarningDays,
      failOnExpired: InputDefaults.FailOnExpired,
      auth: InputDefaults.Auth,
    });
  });
});

describe("docs/troubleshooting.md's tables are made from the catalogue of messages, not copied", () => {
  const page = read(TROUBLESHOOTING);
  const rows = (section: string) => {
    const from = page.indexOf(messagesStart(section));
    const to = page.indexOf(messagesEnd(section));
    return page
      .slice(from, to)
      .split('\n')
      .filter((l) => l.startsWith('| ') && !l.startsWith('| what you see') && !l.startsWith('| ---'));
  };

  it("each section's table is what `npm run docs` makes: a row for every entry, with what the code says", async () => {
    expect(await renderTroubleshooting(page, catalogue)).toBe(page);
    for (const section of Object.keys(catalogue.SECTIONS)) {
      const entries = Object.values(catalogue.CATALOGUE).filter((e) => e.section === section);
      expect([section, rows(section).length]).toEqual([section, entries.length]);
    }
    // The rendered example, not a summary of it: the role assignment as printed, with its made-up principal id.
    expect(page).toContain(
      'az role assignment create --role "Key Vault Secrets User" --assignee 22222222-3333-4444-8555-666666666666',
    );
  });

  it('a changed message makes the page stale, and `npm run docs` brings it back', async () => {
    const stale = page.replace(
      '| 403 `ForbiddenByRbac` | forbidden by Azure RBAC',
      '| 403 `ForbiddenByRbac` | refused',
    );
    expect(stale).not.toBe(page);
    expect(await renderTroubleshooting(stale, catalogue)).toBe(page);
  });

  it('`npm run docs -- --check` loads the catalogue from its TypeScript source and finds both pages current', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'docs.mjs'), '--check'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    expect(r.stdout).toContain('docs/troubleshooting.md');
  });
});

describe('the README takes ten minutes, and the rest is one link away', () => {
  const readme = read('README.md');

  it('is under 400 lines and keeps the set-up, test and demo commands', () => {
    expect(readme.split('\n').length).toBeLessThan(400);
    for (const command of ['npm ci', 'npm test', 'npm run demo']) expect(readme).toContain(`\n${command} `);
  });

  it('every page in docs/ is reachable from the README by links', () => {
    const reached = new Set(['README.md']);
    const queue = ['README.md'];
    while (queue.length > 0) {
      const page = queue.shift()!;
      for (const [target] of links(read(page))) {
        const file = target.split('#')[0]!;
        if (!file || /^[a-z]+:/i.test(file)) continue;
        const path = normalize(join(dirname(page), file))
          .split('\\')
          .join('/');
        if (path.endsWith('.md') && !reached.has(path) && existsSync(join(ROOT, path))) {
          reached.add(path);
          queue.push(path);
        }
      }
    }
    expect(DOCS.filter((d) => !reached.has(d))).toEqual([]);
  });
});

describe('the changelog', () => {
  it('keeps a changelog: one [Unreleased] block first, then releases as [X.Y.Z] - YYYY-MM-DD', () => {
    const headings = [...read('CHANGELOG.md').matchAll(/^## (.*)$/gm)].map((m) => m[1]!);
    expect(headings[0]).toBe('[Unreleased]');
    expect(headings.filter((h) => /unreleased/i.test(h))).toEqual(['[Unreleased]']);
    for (const h of headings.slice(1)) expect(h).toMatch(/^\[\d+\.\d+\.\d+\] - \d{4}-\d{2}-\d{2}$/);
  });
});

describe('links', () => {
  it.each(PAGES)('%s: every relative link names a file that exists, and every #anchor a heading in it', (page) => {
    const broken: string[] = [];
    for (const [target, line] of links(read(page))) {
      if (/^[a-z]+:/i.test(target)) continue; // https:, mailto:
      const [file, anchor] = target.split('#') as [string, string | undefined];
      const path = file ? normalize(join(dirname(page), file)) : page;
      if (relative(ROOT, join(ROOT, path)).startsWith('..') || !existsSync(join(ROOT, path))) {
        broken.push(`${page}:${line}: ${target}: no such file`);
        continue;
      }
      if (anchor !== undefined && path.endsWith('.md') && !anchors(read(path)).has(anchor))
        broken.push(`${page}:${line}: ${target}: no heading with that anchor in ${path}`);
    }
    expect(broken).toEqual([]);
  });

  it('the anchor and link readers catch what they are for', () => {
    const page =
      '# A `code` title\n\n## GitHub OIDC (any runner, GitHub-hosted included)\n\n## Repeat\n\n## Repeat\n\n```sh\n# not a heading\n```\n';
    expect([...anchors(page)]).toEqual([
      'a-code-title',
      'github-oidc-any-runner-github-hosted-included',
      'repeat',
      'repeat-1',
    ]);
    expect(links('[a](x.md#y) `[b](not-a-link)`\n```\n[c](in-code)\n```\n[d](z.md)\n')).toEqual([
      ['x.md#y', 1],
      ['z.md', 5],
    ]);
  });
});
