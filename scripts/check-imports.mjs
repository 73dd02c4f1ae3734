#!/usr/bin/env node
// The layout's rules, checked over src/'s imports (static and dynamic): no cycle between files, none
// between folders, every folder importing only what its row below allows, and the SDKs imported only
// by their adapters (@azure/* from azure/, @actions/core from runner/). `npm run lint` runs it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'src');

/**
 * The steps: each step's folder holds its entry points and story (files: read/index, read/main) and the stages only
 * it has (folders: read/export). A step imports the shared parts below; no shared part imports a step, and no step
 * another.
 */
const STEPS = ['read'];

/** What each part may import. A part is a folder under src/, a top-level file by its name, or STEP/name as above. */
export const ALLOWED = {
  'read/index': ['read/main', 'runner', 'util'],
  'read/post': ['read/export', 'runner', 'util'],
  /** The read step's story: the real ports (dependencies.ts), and every shared stage. */
  'read/main': [
    'read/export',
    'dependencies',
    'context',
    'ports',
    'inputs',
    'guard',
    'identity',
    'vault',
    'resources',
    'runner',
    'util',
    'constants',
    'policy',
  ],
  'read/export': [
    'context',
    'ports',
    'inputs',
    'identity',
    'vault',
    'resources',
    'runner',
    'util',
    'constants',
    'policy',
  ],
  /** The real ports: the adapters, loaded lazily. */
  dependencies: ['ports', 'guard', 'identity', 'runner', 'util', 'azure'],
  /** The run context every stage is handed. */
  context: ['ports', 'inputs', 'util', 'constants'],
  /** Every port, in the vocabulary of the inputs. */
  ports: ['inputs', 'util'],
  constants: [],
  util: [],
  /** Each policy (protected names, masking) in one module below the stages: any stage may apply it. */
  policy: ['util'],
  runner: ['ports', 'util', 'constants'],
  inputs: ['util', 'constants', 'policy'],
  guard: ['context', 'ports', 'inputs', 'runner', 'util', 'constants', 'policy'],
  identity: ['context', 'ports', 'inputs', 'runner', 'util', 'constants', 'policy'],
  vault: ['context', 'ports', 'inputs', 'identity', 'runner', 'util', 'constants', 'policy'],
  resources: ['context', 'ports', 'inputs', 'identity', 'vault', 'runner', 'util', 'constants', 'policy'],
  azure: ['ports', 'inputs', 'identity', 'vault', 'resources', 'runner', 'util', 'constants', 'policy'],
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
  const path = relative(SRC, file).split(/[\\/]/);
  const step = STEPS.includes(path[0]) && path.length > 1 ? `${path.shift()}/` : '';
  return step + (path.length === 1 ? path[0].replace(/\.ts$/, '') : path[0]);
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
