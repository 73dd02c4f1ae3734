#!/usr/bin/env node
// npm run docs: writes the README's inputs table from action.yml, between the two markers below, so the
// table can never say something action.yml does not (as actions/checkout generates its usage block).
// action.yml is the one place an input's meaning and default are written; change them there, then run this.
//   node scripts/docs.mjs           rewrite README.md
//   node scripts/docs.mjs --check   exit 1, naming the fix, when README.md is not what action.yml makes
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { parse } from 'yaml';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const START =
  '<!-- start inputs: generated from action.yml by `npm run docs`; edit action.yml, not this table -->';
export const END = '<!-- end inputs -->';

/** A table cell: one line, a `|` escaped so it stays inside its cell. */
const cell = (text) => String(text).trim().replace(/\s+/g, ' ').replaceAll('|', '\\|');

/** The inputs table, in action.yml's order: name, default (as the runner passes it) and description. */
export function inputsTable(actionYml) {
  const { inputs = {} } = parse(actionYml) ?? {};
  const rows = Object.entries(inputs).map(([name, spec]) => {
    const fallback = spec?.default === undefined ? '' : `\`${cell(spec.default)}\``;
    const required = spec?.required === true ? ' (required)' : '';
    return `| \`${name}\`${required} | ${fallback} | ${cell(spec?.description ?? '')} |`;
  });
  return ['| input | default | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

/** The README with the text between the markers replaced by the table, formatted as `npm run format:write` would. */
export async function renderReadme(readme, actionYml) {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start === -1 || end < start) throw new Error(`README.md needs the markers ${START} and ${END}, in that order.`);
  const next = `${readme.slice(0, start + START.length)}\n\n${inputsTable(actionYml)}\n\n${readme.slice(end)}`;
  const file = join(ROOT, 'README.md');
  return prettier.format(next, { ...(await prettier.resolveConfig(file)), filepath: file });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const file = join(ROOT, 'README.md');
  const readme = readFileSync(file, 'utf8');
  const rendered = await renderReadme(readme, readFileSync(join(ROOT, 'action.yml'), 'utf8'));
  if (process.argv.includes('--check')) {
    if (rendered !== readme) {
      console.error("README.md's inputs table is not what action.yml says: run `npm run docs` and commit README.md.");
      process.exit(1);
    }
    console.log("README.md's inputs table matches action.yml.");
  } else if (rendered !== readme) {
    writeFileSync(file, rendered);
    console.log('README.md: inputs table written from action.yml.');
  } else console.log('README.md: inputs table already matches action.yml.');
}
