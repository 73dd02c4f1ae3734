#!/usr/bin/env node
// npm run docs: writes the README's inputs table from action.yml, between the two markers below, so the
// table can never say something action.yml does not (as actions/checkout generates its usage block); and
// docs/troubleshooting.md's tables from the catalogue of messages the action prints (src/messages/), so
// they show what the code says, not a copy of it. action.yml is the one place an input's meaning and default
// are written, the catalogue the one place a message is; change them there, then run this.
//   node scripts/docs.mjs           rewrite README.md and docs/troubleshooting.md
//   node scripts/docs.mjs --check   exit 1, naming the fix, when either is not what its source makes
import { readFileSync, writeFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
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

/** `text` with the part between `start` and `end` replaced by `table`. */
function between(text, start, end, table, file) {
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from === -1 || to < from) throw new Error(`${file} needs the markers ${start} and ${end}, in that order.`);
  return `${text.slice(0, from + start.length)}\n\n${table}\n\n${text.slice(to)}`;
}

/** Markdown formatted as `npm run format:write` would. */
async function formatted(markdown, relative) {
  const file = join(ROOT, relative);
  return prettier.format(markdown, { ...(await prettier.resolveConfig(file)), filepath: file });
}

/** The README with the text between the markers replaced by the table, formatted as `npm run format:write` would. */
export async function renderReadme(readme, actionYml) {
  return formatted(between(readme, START, END, inputsTable(actionYml), 'README.md'), 'README.md');
}

/** The markers around a section's table of messages in docs/troubleshooting.md. */
export const messagesStart = (section) =>
  `<!-- start messages ${section}: generated from src/messages/ by \`npm run docs\`; edit the catalogue, not this table -->`;
export const messagesEnd = (section) => `<!-- end messages ${section} -->`;

/**
 * A message as a table cell, shown as written: its lines joined by <br>, and nothing in it read as Markdown or
 * HTML (its `<placeholders>`, `$(…)`, `*` and `|` included).
 */
const messageCell = (text) =>
  String(text)
    .split('\n')
    .map((line) =>
      line
        .replace(/\s+/g, ' ')
        .trim()
        .replace(/[\\`*_[\]~$|]/g, '\\$&')
        .replaceAll('&', '&amp;')
        .replaceAll('<', '&lt;')
        .replaceAll('>', '&gt;'),
    )
    .join('<br>');

const LEVELS = { warning: ' — a warning, not a failure', notice: ' — a line in the log, not a failure' };

/**
 * A section's table: one row per catalogue entry, in the catalogue's order: when it happens, and what the
 * action prints then, rendered with the entry's made-up example (a vault ml-prod-kv, a principal id, …).
 */
export function messagesTable({ CATALOGUE, say }, section) {
  const rows = Object.entries(CATALOGUE)
    .filter(([, entry]) => entry.section === section)
    .map(
      ([id, entry]) =>
        `| ${cell(entry.when)}${LEVELS[entry.level] ?? ''} | ${messageCell(say(id, entry.example).text)} |`,
    );
  // Unaligned: prettier would pad every row to the longest message (a page of spaces).
  return [
    '<!-- prettier-ignore -->',
    '| what you see | what the action says (for a made-up example) |',
    '| --- | --- |',
    ...rows,
  ].join('\n');
}

/** docs/troubleshooting.md with each section's table made from the catalogue; every section with entries has its markers. */
export async function renderTroubleshooting(page, catalogue) {
  let next = page;
  for (const section of Object.keys(catalogue.SECTIONS))
    next = between(
      next,
      messagesStart(section),
      messagesEnd(section),
      messagesTable(catalogue, section),
      TROUBLESHOOTING,
    );
  return formatted(next, TROUBLESHOOTING);
}
export const TROUBLESHOOTING = 'docs/troubleshooting.md';

/**
 * The catalogue, from its TypeScript source: Node 24 strips the types; its imports name the .js files the
 * build makes, so a relative ".js" that does not exist is resolved to the ".ts" beside it.
 */
export async function loadCatalogue() {
  registerHooks({
    resolve(specifier, context, next) {
      try {
        return next(specifier, context);
      } catch (error) {
        if (!specifier.startsWith('.') || !specifier.endsWith('.js') || !context.parentURL?.endsWith('.ts'))
          throw error;
        return next(specifier.replace(/\.js$/, '.ts'), context);
      }
    },
  });
  return import(pathToFileURL(join(ROOT, 'src', 'messages', 'catalogue.ts')).href);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const catalogue = await loadCatalogue();
  const pages = [
    [
      'README.md',
      "README.md's inputs table",
      'action.yml',
      (text) => renderReadme(text, readFileSync(join(ROOT, 'action.yml'), 'utf8')),
    ],
    [
      TROUBLESHOOTING,
      `${TROUBLESHOOTING}'s tables`,
      'the catalogue (src/messages/)',
      (text) => renderTroubleshooting(text, catalogue),
    ],
  ];
  let stale = false;
  for (const [relative, what, source, render] of pages) {
    const file = join(ROOT, relative);
    const text = readFileSync(file, 'utf8');
    const rendered = await render(text);
    if (process.argv.includes('--check')) {
      if (rendered !== text) {
        console.error(`${what} is not what ${source} says: run \`npm run docs\` and commit ${relative}.`);
        stale = true;
      } else console.log(`${what} match ${source}.`);
    } else if (rendered !== text) {
      writeFileSync(file, rendered);
      console.log(`${relative}: written from ${source}.`);
    } else console.log(`${relative}: already matches ${source}.`);
  }
  if (stale) process.exit(1);
}
