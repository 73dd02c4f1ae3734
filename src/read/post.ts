// The post step's entry point (runs.post: dist/post/index.js, post-if: always()). Its run() is also
// what @github/local-action's --post calls; run from the TypeScript source, importing it runs nothing.
import { getState } from '../runner/actionsCore.js';
import { runPost } from './export/cleanup.js';
import { createCommandLog } from '../runner/commands.js';

export function run(): Promise<void> {
  runPost({ ...createCommandLog(), getState });
  return Promise.resolve();
}

if (!new URL(import.meta.url).pathname.endsWith('.ts')) await run();
