#!/usr/bin/env node
// npm run bundle, on every OS: src/ → lib/ (tsc) → dist/ (ncc, then scripts/minify.mjs), then a stamp of
// what that dist/ was built from (lib/bundle-stamp.json: not committed, this checkout's alone).
// The runner-level suites spawn dist/, so jest runs bundleIfStale() before them (jest.config.js): a change
// in src/ is bundled before a test runs the action, and a dist/ the stamp vouches for costs one hash.
//   node scripts/bundle.mjs              bundle
//   node scripts/bundle.mjs --if-stale   bundle only if dist/ is not what the stamp says the sources made
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const stampFile = (root) => join(root, 'lib', 'bundle-stamp.json');
/** What the bundle is made from: the sources, the shim ncc inlines, the dependencies, the compiler settings, this recipe. */
const INPUTS = [
  'src',
  'shims',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'scripts/bundle.mjs',
  'scripts/minify.mjs',
];

/** One SHA-256 over the files under `paths` (relative to `root`): their names and bytes, in a fixed order. */
function hashOf(root, paths) {
  const hash = createHash('sha256');
  const files = paths.flatMap((p) => {
    const abs = join(root, p);
    if (!existsSync(abs)) return [];
    if (!statSync(abs).isDirectory()) return [abs];
    return readdirSync(abs, { recursive: true })
      .map((f) => join(abs, f))
      .filter((f) => statSync(f).isFile());
  });
  for (const file of files.map((f) => relative(root, f).split('\\').join('/')).sort()) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** What a checkout's dist/ and the sources it is built from are now. */
const stampNow = (root) => ({ inputs: hashOf(root, INPUTS), dist: hashOf(root, ['dist']) });

/** Records that the checkout's dist/ is what its sources, as they are now, make (after bundling them). */
export function writeStamp(root = ROOT) {
  mkdirSync(dirname(stampFile(root)), { recursive: true });
  writeFileSync(stampFile(root), `${JSON.stringify(stampNow(root))}\n`);
}

/**
 * Each entry point's bundle: the compiled entry (lib/, as tsc lays out src/) and the folder its index.js goes to, as
 * the step's action.yml names it (runs.main, runs.post; set/action.yml's paths are relative to set/).
 */
export const ENTRIES = [
  { entry: 'lib/read/index.js', out: 'dist', license: true },
  { entry: 'lib/read/post.js', out: 'dist/post' },
  { entry: 'lib/set/index.js', out: 'dist/set' },
];

/**
 * Runs a script with this Node (Node 24 from the `node` devDependency under npm); rejects if it fails. Not waited
 * for, so independent steps (one ncc per entry) share the cores.
 */
function node(script, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, script), ...args], { cwd: ROOT, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${script} ${args.join(' ')} exited with ${code ?? signal}`)),
    );
  });
}

export async function bundle() {
  rmSync(stampFile(ROOT), { force: true });
  for (const dir of ['dist', 'lib']) rmSync(join(ROOT, dir), { recursive: true, force: true });
  await node('node_modules/typescript/bin/tsc', ['-p', 'tsconfig.build.json']);
  const ncc = 'node_modules/@vercel/ncc/dist/ncc/cli.js';
  // Each entry writes only its own folder (set/ and post/ are ncc's -o, never another's), so they run at once.
  await Promise.all(
    ENTRIES.map(({ entry, out, license }) =>
      node(ncc, ['build', entry, '-o', out, ...(license ? ['--license', 'licenses.txt'] : []), '--quiet']),
    ),
  );
  await node('scripts/minify.mjs', ['dist']);
  writeStamp();
}

/** True when dist/ is the one the last bundle here made, from the sources as they are now. */
export function isFresh(root = ROOT) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(stampFile(root), 'utf8'));
  } catch {
    return false; // never bundled here, or a stamp cut short
  }
  const now = stampNow(root);
  return stamp.inputs === now.inputs && stamp.dist === now.dist;
}

/** jest's globalSetup for the runner-level project: bundle first when dist/ does not show the sources. */
export default async function bundleIfStale() {
  if (!isFresh()) {
    process.stderr.write('\ndist/ is not what src/ makes (changed since the last bundle here): bundling first…\n');
    await bundle();
  }
  // Read by standin/runner.mjs in jest's workers (started after this): dist/ was checked for this run.
  process.env.KV_DIST_CHECKED = '1';
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  // No top-level await: jest require()s this file as its globalSetup, and require() refuses a module that has one.
  (process.argv.includes('--if-stale') ? bundleIfStale() : bundle()).catch((e) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  });
}
