// The layout's import rules for src/, checked by dependency-cruiser (`npm run lint`, `npm run lint:imports`):
// no cycle between files, none between folders, each part importing only what its row of ALLOWED allows,
// and each SDK imported only by its adapter. Static, dynamic (import()) and type-only imports all count.
// CONTRIBUTING.md, "Code layout", says the same in words.

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
  'azure',
];

/**
 * What each part may import besides itself. A part is a folder under src/ (its subfolders included), or a
 * top-level file by its name without .ts. A new part needs a row here: a file in no row may import nothing.
 */
const ALLOWED = {
  index: ['main', 'runner', 'util'],
  post: ['export', 'runner', 'util'],
  main: ['dependencies', ...WIRING],
  dependencies: WIRING,
  constants: [],
  util: [],
  /** Each policy (protected names, masking) in one module below the stages: any stage may apply it. */
  policy: ['util'],
  runner: ['util', 'constants'],
  inputs: ['runner', 'util', 'constants', 'policy'],
  guard: ['inputs', 'runner', 'util', 'constants', 'policy'],
  identity: ['inputs', 'runner', 'util', 'constants', 'policy'],
  vault: ['inputs', 'identity', 'runner', 'util', 'constants', 'policy'],
  resources: ['inputs', 'identity', 'vault', 'runner', 'util', 'constants', 'policy'],
  export: ['inputs', 'identity', 'vault', 'resources', 'runner', 'util', 'constants', 'policy'],
  azure: ['inputs', 'identity', 'vault', 'resources', 'runner', 'util', 'constants', 'policy'],
};

/** Packages only one part may import: the SDKs and their adapters. */
const ADAPTERS = [
  { name: 'azure-sdk-only-in-azure', packages: '@azure/[^/]+', part: 'azure' },
  { name: 'actions-core-only-in-runner', packages: '@actions/core', part: 'runner' },
];

/** The modules of these parts: src/NAME/… for a folder, src/NAME.ts for a top-level file. */
const inParts = (parts) => `^src/(?:${parts.join('|')})(?:/|\\.ts$)`;

// No cycle between parts follows from the rows only if the table has none itself: refuse a table with one
// (a part that can reach itself through its row), before any module is looked at. The folder-cycle rule
// below cannot stand in for this: dependency-cruiser counts src/'s own files (main.ts, constants.ts) as
// part of src/, the ancestor of every folder, so it sees no cycle that passes through them.
for (const start of Object.keys(ALLOWED)) {
  const seen = new Set();
  const next = [...ALLOWED[start]];
  while (next.length > 0) {
    const part = next.pop();
    if (part === start) throw new Error(`.dependency-cruiser.cjs: ALLOWED lets ${start} reach itself through its row`);
    if (seen.has(part)) continue;
    seen.add(part);
    next.push(...(ALLOWED[part] ?? []));
  }
}

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-file-cycles',
      comment: 'No import cycle between files.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-folder-cycles',
      comment: 'No import cycle between folders under src/.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    ...Object.entries(ALLOWED).map(([part, allowed]) => ({
      name: `${part}-imports-only-its-row`,
      comment: `${part} may import only ${allowed.length > 0 ? allowed.join(', ') : 'itself'} in src/ (ALLOWED in .dependency-cruiser.cjs).`,
      severity: 'error',
      from: { path: inParts([part]) },
      to: { path: '^src/', pathNot: inParts([part, ...allowed]) },
    })),
    {
      name: 'every-part-has-a-row',
      comment: 'A file of a part ALLOWED has no row for may import nothing in src/: give the part a row.',
      severity: 'error',
      from: { path: '^src/', pathNot: inParts(Object.keys(ALLOWED)) },
      to: { path: '^src/' },
    },
    ...ADAPTERS.map(({ name, packages, part }) => ({
      name,
      comment: `Only ${part}/ imports ${packages}.`,
      severity: 'error',
      from: { path: '^src/', pathNot: inParts([part]) },
      to: { path: `(?:^|/)node_modules/${packages}/` },
    })),
    {
      name: 'resolvable',
      comment: 'Every import resolves (a rule above cannot see what does not).',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a part that names another's types depends on it.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
