#!/usr/bin/env node
// npm run bundle's last step: minifies every .js file ncc wrote under the given directories.
// `ncc -m` minifies only the entry file (and without compression), leaving the ES module chunks it
// splits off (the SDK, the GitHub client) as they were: most of the tarball the runner downloads
// for every job (sizes: `npm run bench`). Terser, which ncc itself uses, keeps class and function names as ncc
// does (error names such as CredentialUnavailableError are read when classifying failures).
//   node scripts/minify.mjs dist
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { minify } from 'terser';

const files = (dir) =>
  readdirSync(dir, { recursive: true })
    .filter((f) => f.endsWith('.js'))
    .map((f) => join(dir, f));
// The steps' bundles share most chunks byte for byte (the SDK, the GitHub client): each distinct chunk is
// minified once.
const done = new Map();
for (const file of process.argv.slice(2).flatMap(files)) {
  const source = readFileSync(file, 'utf8');
  const key = createHash('sha256').update(source).digest('hex');
  if (!done.has(key)) done.set(key, await minified(source, file));
  writeFileSync(file, done.get(key));
}

async function minified(source, file) {
  const { code } = await minify(source, {
    module: true,
    ecma: 2022,
    compress: { passes: 1 },
    mangle: true,
    keep_classnames: true,
    keep_fnames: true,
    format: { comments: false },
  });
  if (code === undefined) throw new Error(`terser returned nothing for ${file}`);
  return code;
}
