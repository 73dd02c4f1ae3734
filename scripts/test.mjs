#!/usr/bin/env node
// npm test, on every OS: type-check, then jest with Node's VM modules (ESM tests), the arguments after
// `npm test --` passed on to jest (`npm test -- __tests__/unit/vault/fetch.test.ts`, `--selectProjects unit`, `npm test -- --json --outputFile=…`).
// `NODE_OPTIONS=… jest` in package.json would need a POSIX shell; cmd.exe and PowerShell have none.
//   node scripts/test.mjs [JEST ARGS...]
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Runs a package's bin script with this Node (process.execPath: Node 24 from the `node` devDependency under npm). */
function run(bin, args, env = process.env) {
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', ...bin.split('/')), ...args], {
    cwd: ROOT,
    stdio: 'inherit',
    env,
  });
  if (r.error) throw r.error;
  return r.status ?? 1; // killed by a signal: a failure
}

// tsc keeps Node's compile cache in the temp directory unless told otherwise; a test run leaves that as it found it.
process.env.NODE_COMPILE_CACHE ??= join(ROOT, 'node_modules', '.cache', 'node-compile-cache');
const typecheck = run('typescript/bin/tsc', ['--noEmit']);
if (typecheck !== 0) process.exit(typecheck);
const nodeOptions = [process.env.NODE_OPTIONS, '--experimental-vm-modules'].filter(Boolean).join(' ');
process.exit(run('jest/bin/jest.js', process.argv.slice(2), { ...process.env, NODE_OPTIONS: nodeOptions }));
