#!/usr/bin/env node
// The layout's rules, checked over src/'s imports (static and dynamic): no cycle between files, none
// between folders, every folder importing only what its row below allows, and the SDKs imported only
// by their adapters (@azure/* from azure/, @actions/core from runner/). `npm run lint` runs it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'src');

/** What the story (main.ts) and its wiring (dependencies.ts) may import: every stage and adapter. */
const WIRING = [
  'inputs',
  'guard',
  'identity',
  'vault',
  'resources',
  'export',
  'runner',
  'util',
  'constants',
  'policy',
  'messages',
  'azure',
];

/** What each part may import. A part is a folder under src/, or a top-level file by its name. */
export const ALLOWED = {
  index: ['main', 'runner', 'util'],
  post: ['export', 'runner', 'util'],
  main: ['dependencies', ...WIRING],
  dependencies: WIRING,
  constants: [],
  util: [],
  /** Each policy (protected names, masking) in one module below the stages: any stage may apply it. */
  policy: ['util'],
  /** What the action tells users (the catalogue, one shape): below the stages and the adapters, so each can say it. */
  messages: ['util', 'constants', 'policy'],
  runner: ['util', 'constants', 'policy', 'messages'],
  inputs: ['runner', 'util', 'constants', 'policy', 'messages'],
  guard: ['inputs', 'runner', 'util', 'constants', 'policy', 'messages'],
  identity: ['inputs', 'runner', 'util', 'constants', 'policy', 'messages'],
  vault: ['inputs', 'identity', 'runner', 'util', 'constants', 'policy', 'messages'],
  resources: ['inputs', 'identity', 'vault', 'runner', 'util', 'constants', 'policy', 'messages'],
  export: ['inputs', 'identity', 'vault', 'resources', 'runner', 'util', 'constants', 'policy', 'messages'],
  azure: ['inputs', 'identity', 'vault', 'resources', 'runner', 'util', 'constants', 'policy', 'messages'],
};
/** Packages only one part may import. */
const ADAPTERS = [
  { pattern: /^@azure\//, part: 'azure' },
  { pattern: /^@actions\/core(\/|$)|node_modules\/@actions\/core\//, part: 'runner' },
];

const walk = (dir) =>
  readdirSync(dir).flatMap((n) =>
    statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : n.endsWith('.ts') ? [join(dir, n)] : [],
  );
const partOf = (file) => {
  const [first, second] = relative(SRC, file).split(/[\\/]/);
  return second === undefined ? first.replace(/\.ts$/, '') : first;
};
const SPEC = /(?:^|[^\w.])(?:import|export)\s[^'"]*?from\s*'([^']+)'|import\(\s*'([^']+)'\s*\)/g;

export function check() {
  const files = walk(SRC);
  const problems = [];
  const graph = new Map();
  for (const file of files) {
    const text = readFileSync(file, 'utf8').replace(/^\s*\/\/.*$/gm, '');
    const edges = [];
    for (const m of text.matchAll(SPEC)) {
      const spec = m[1] ?? m[2];
      const from = partOf(file);
      const name = relative(SRC, file);
      if (!spec.startsWith('.') || spec.includes('node_modules')) {
        for (const { pattern, part } of ADAPTERS)
          if (pattern.test(spec) && from !== part) problems.push(`${name}: imports ${spec}, which only ${part}/ may`);
        continue;
      }
      const target = resolve(dirname(file), spec).replace(/\.js$/, '.ts');
      if (!target.startsWith(SRC)) continue;
      edges.push(target);
      const to = partOf(target);
      if (to !== from && !(ALLOWED[from] ?? []).includes(to))
        problems.push(`${name}: imports ${relative(SRC, target)} (${from} may not import ${to})`);
    }
    graph.set(file, edges);
  }
  // File cycles: a depth-first search that reports each back edge's loop.
  const state = new Map();
  const stack = [];
  const visit = (file) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open')
        problems.push(`cycle: ${[...stack.slice(stack.indexOf(next)), next].map((f) => relative(SRC, f)).join(' → ')}`);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of files) if (!state.has(file)) visit(file);
  // Folder cycles follow from the table only if it has none itself: check that too.
  const parts = Object.keys(ALLOWED);
  const reaches = (a, b, seen = new Set()) =>
    (ALLOWED[a] ?? []).some((n) => n === b || (!seen.has(n) && (seen.add(n), reaches(n, b, seen))));
  for (const p of parts) if (reaches(p, p)) problems.push(`the rules let ${p} import itself through other folders`);
  return { files: files.length, problems };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { files, problems } = check();
  for (const p of problems) console.error(p);
  console.log(
    problems.length === 0
      ? `imports: ${files} files, no cycles, every folder within its rules`
      : `imports: ${problems.length} problem(s)`,
  );
  process.exit(problems.length === 0 ? 0 : 1);
}
