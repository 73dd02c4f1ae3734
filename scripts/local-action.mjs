#!/usr/bin/env node
// npm run local-action: GitHub's @github/local-action runs the action from its TypeScript source,
// main step then post step, with .env.example (the stand-in: start it first with
// `npm run standin -- --local-action`). NODE_EXTRA_CA_CERTS is set here because Node reads it only at
// start, and local-action loads the dotenv file inside its own process, too late for it.
// It is no devDependency (it doubled the install that CI and every checkout make): npx fetches this
// version from the npm registry the first time, and reuses its cache after that.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../standin/runner.mjs';

/** The version this project's debugging setup (.env.example, the stand-in's ports) is known to work with. */
export const LOCAL_ACTION_PACKAGE = '@github/local-action@7.0.1';

const ca = join(ROOT, '.local-action', 'ca.pem');
if (!existsSync(ca)) {
  console.error(`${ca} is missing: start the stand-in first, in another shell: npm run standin -- --local-action`);
  process.exit(1);
}
const args = [
  '--yes',
  LOCAL_ACTION_PACKAGE,
  'run',
  '.',
  'src/read/main.ts',
  '.env.example',
  '--post',
  'src/read/post.ts',
  ...process.argv.slice(2),
];
const child = spawn('npx', args, {
  cwd: ROOT,
  stdio: 'inherit',
  shell: process.platform === 'win32',
  env: { ...process.env, NODE_EXTRA_CA_CERTS: ca },
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
