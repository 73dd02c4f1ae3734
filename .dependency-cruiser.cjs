// The layout's import rules for src/, checked by dependency-cruiser (`npm run lint`, `npm run lint:imports`):
// no cycle between files, none between folders, each part importing only what its row of ALLOWED allows,
// and each SDK imported only by its adapter. Static, dynamic (import()) and type-only imports all count.
// CONTRIBUTING.md, "Code layout", says the same in words.

/**
 * What each part may import besides itself. A part is a folder under src/ (its subfolders included), a top-level
 * file by its name without .ts, or STEP/NAME for a step's own file or folder (read/main, read/export). A step's
 * folder holds its entry points, its story and the stages only it has; it imports the shared parts below, and no
 * shared part imports a step, nor one step another. A new part needs a row here: a file in no row may import nothing.
 */
const ALLOWED = {
  'read/index': ['read/main', 'runner', 'util'],
  'read/post': ['read/export', 'runner', 'util'],
  /** The read step's story: the real ports (dependencies.ts), and every shared stage. */
  'read/main': [
    'read/export',
    'read/command',
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
    'messages',
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
    'messages',
  ],
  /** run's command: after the export, which writes its script and hands it the values. */
  'read/command': ['read/export', 'context', 'ports', 'inputs', 'runner', 'util', 'constants', 'policy', 'messages'],
  /** The set step: its entry point, its story, and its own stages (inputs, values, write, summary). */
  'set/index': ['set/main', 'runner', 'util'],
  'set/main': [
    'set/inputs',
    'set/values',
    'set/write',
    'set/summary',
    'dependencies',
    'context',
    'ports',
    'inputs',
    'guard',
    'identity',
    'policy',
    'messages',
    'util',
  ],
  'set/inputs': ['inputs', 'util', 'constants', 'messages'],
  'set/values': ['set/inputs', 'context', 'inputs', 'policy', 'util', 'constants'],
  'set/write': ['set/inputs', 'set/values', 'context', 'ports', 'vault', 'messages', 'util', 'constants'],
  'set/summary': ['set/inputs', 'set/write'],
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
  /** What the action tells users (the catalogue, one shape): below the stages and the adapters, so each can say it. */
  messages: ['util', 'constants', 'policy'],
  runner: ['ports', 'util', 'constants', 'policy', 'messages'],
  inputs: ['util', 'constants', 'policy', 'messages'],
  guard: ['context', 'ports', 'inputs', 'runner', 'util', 'constants', 'policy', 'messages'],
  identity: ['context', 'ports', 'inputs', 'runner', 'util', 'constants', 'policy', 'messages'],
  vault: ['context', 'ports', 'inputs', 'identity', 'runner', 'util', 'constants', 'policy', 'messages'],
  resources: ['context', 'ports', 'inputs', 'identity', 'vault', 'runner', 'util', 'constants', 'policy', 'messages'],
  azure: ['ports', 'inputs', 'identity', 'vault', 'resources', 'runner', 'util', 'constants', 'policy', 'messages'],
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
