#!/usr/bin/env node
// Removes the directories named (npm run bundle: dist and lib), on every OS: `rm -rf` is POSIX-only.
//   node scripts/clean.mjs DIR...
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';

for (const dir of process.argv.slice(2)) rmSync(resolve(dir), { recursive: true, force: true });
