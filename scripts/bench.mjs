#!/usr/bin/env node
// npm run bench: the bundled action, run as the runner runs it, against the local stand-in with
// injected latency. Prints wall time (median), request counts, challenges, peak in-flight requests,
// peak RSS, the physical bound and the ratio to it, and the same at concurrency 1.
//   node scripts/bench.mjs --fleet 10,20,40 [--secrets 50] [--rate 150]: see scripts/fleet.mjs
//   node scripts/bench.mjs --rotation [--secrets 100] [--rate 30]: the set step rotating secrets (scripts/rotation.mjs)
//   node scripts/bench.mjs --timeline [--runs 9]: when each request of a one-secret run goes out (scripts/timeline.mjs)
//   node scripts/bench.mjs [--sizes 1,10,100,200,1000] [--runs 5] [--vault-latency 20] [--imds-latency 5] [--quick]
//     [--dist DIR[,DIR2]]   bench another build (e.g. an old dist copied to /tmp); with two, their runs
//                           alternate, so both tables come from the same minutes of a shared machine.
//     [--against REF]       also bench the dist/ committed at REF (a commit, tag or branch), extracted from
//                           git into a temporary directory, its runs alternating with the others'. Needs
//                           the history: in a shallow clone it says so and benches the other builds alone.
// Ends with the four performance targets, PASS or FAIL: one secret ≤ 1.8× its bound, 200 secrets ≤ 1.5×
// the C=32 bound, 2,000 secrets ≤ 100 MiB peak RSS, the tarball the runner downloads ≤ 400 KB.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import { startStandin } from '../standin/index.mjs';
import { ROOT, runAction } from '../standin/runner.mjs';
import { rotationBench } from './rotation.mjs';

// --fleet K[,K…]: many action processes against one rate-limited vault (scripts/fleet.mjs).
if (process.argv.slice(2).some((a) => a === '--fleet' || a.startsWith('--fleet='))) {
  await (await import('./fleet.mjs')).fleetBench(process.argv.slice(2));
  process.exit(0);
}
// --rotation: the set step rotating secrets against a throttled vault (scripts/rotation.mjs).
if (process.argv.slice(2).includes('--rotation')) {
  await import('./rotation.mjs');
  process.exit(0);
}
// --timeline (without --fleet, whose own --timeline prints the vault's answers over time): one secret, request by request.
if (process.argv.slice(2).includes('--timeline')) {
  await import('./timeline.mjs');
  process.exit(0);
}

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1,10,100,200,1000' },
    runs: { type: 'string', default: '5' },
    'vault-latency': { type: 'string', default: '20' },
    'imds-latency': { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '32' },
    quick: { type: 'boolean', default: false },
    dist: { type: 'string', default: 'dist' },
    against: { type: 'string' },
  },
});
const SIZES = args.sizes.split(',').map(Number);
const RUNS = Number(args.runs);
const KV_MS = Number(args['vault-latency']);
const IMDS_MS = Number(args['imds-latency']);
const C = Number(args.concurrency);
const VALUE = (i) => `value-${i}-`.padEnd(1024, 'x');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const probeDir = mkdtempSync(join(tmpdir(), 'kv-bench-'));

/**
 * --against REF: the dist/ committed at REF, written under probeDir (removed at the end), or undefined, said
 * why, when this clone has no such commit (a shallow clone, as CI checks out, holds only its own commit).
 */
function extractBuild(ref) {
  const git = (...a) => spawnSync('git', a, { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 2 ** 20 });
  const commit = git('rev-parse', '--verify', '--quiet', `${ref}^{commit}`).stdout?.trim();
  if (!commit) {
    const shallow = git('rev-parse', '--is-shallow-repository').stdout?.trim() === 'true';
    console.log(
      `--against ${ref}: no such commit in this clone${shallow ? ' (a shallow clone: run git fetch --unshallow for the history)' : ''}; ` +
        'benching without it.\n',
    );
    return undefined;
  }
  const dir = join(probeDir, `against-${commit.slice(0, 12)}`);
  mkdirSync(dir);
  // No shell pipe: git's tar goes to tar's stdin (tar is bsdtar on Windows).
  const archive = execFileSync('git', ['archive', commit, 'dist'], { cwd: ROOT, maxBuffer: 256 * 2 ** 20 });
  execFileSync('tar', ['-x', '-C', dir], { input: archive });
  return { dir: join(dir, 'dist'), name: `${ref} (${commit.slice(0, 12)})` };
}

const against = args.against ? extractBuild(args.against) : undefined;
// The older build last: the tarball and throttling lines are the first build's.
const BUILDS = [
  ...args.dist.split(',').map((d) => ({ dir: resolve(ROOT, d), name: relative(ROOT, resolve(ROOT, d)) || '.' })),
  ...(against ? [against] : []),
];
const DISTS = BUILDS.map((b) => b.dir);

async function nodeStartMs() {
  const times = [];
  for (let i = 0; i < 15; i++) {
    const t = process.hrtime.bigint();
    await promisify(execFile)(process.execPath, ['-e', '0']);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return median(times);
}

/**
 * One run of the action reading `n` secrets; returns the stand-in's counters and the process's figures.
 * Up to 1,000 secrets are exported as env vars too; 2,000 of 1 KB would not fit the exec limit of
 * later steps (the action refuses them: envLimits.ts), so that run exports step outputs only.
 */
async function runOnce(dist, standin, n, concurrency, extraEnv = {}) {
  standin.reset();
  standin.keyvault.setLatency(KV_MS);
  standin.imds.setLatency(IMDS_MS);
  const names = Array.from({ length: n }, (_, i) => `secret-${String(i).padStart(4, '0')}`);
  standin.keyvault.addVault('bench-kv', { secrets: Object.fromEntries(names.map((name, i) => [name, VALUE(i)])) });
  const rssFile = join(probeDir, `rss-${n}-${concurrency}`);
  const r = await runAction({
    entry: join(dist, 'index.js'),
    inputs: {
      keyvault: 'bench-kv',
      secrets: names.join('\n'),
      concurrency: String(concurrency),
      'export-env': String(n <= 1000),
      timeout: '600',
    },
    env: {
      ...standin.env(),
      NODE_OPTIONS: `--require ${join(ROOT, 'scripts', 'rss-probe.cjs')}`,
      RSS_PROBE_FILE: rssFile,
      ...extraEnv,
    },
  });
  if (r.code !== 0 || Object.keys(r.outputs).length !== n)
    throw new Error(`run failed (n=${n}): ${r.errors.join('\n')}`);
  const s = { ...standin.stats };
  const rssKiB = Number(readFileSync(rssFile, 'utf8'));
  r.cleanup();
  return { ms: r.durationMs, toFirstRequestMs: s.firstRequestAt - r.startedAt, rssMiB: rssKiB / 1024, ...s };
}

/** `runs` runs per dist, the dists alternating; one summary per dist. */
async function measure(standin, n, concurrency, runs) {
  const results = DISTS.map(() => []);
  for (let i = 0; i < runs; i++)
    for (const [d, dist] of DISTS.entries()) results[d].push(await runOnce(dist, standin, n, concurrency));
  return results.map((rs) => ({
    ...rs[rs.length - 1],
    ms: median(rs.map((r) => r.ms)),
    toFirstRequestMs: median(rs.map((r) => r.toFirstRequestMs)),
    rssMiB: Math.max(...rs.map((r) => r.rssMiB)),
  }));
}

/**
 * The bytes of `git archive --format=tar.gz` for the working tree as it would be committed (tracked and
 * untracked files minus .gitignore, dist/ as built), so export-ignore in .gitattributes counts.
 */
function tarballBytes() {
  const index = join(probeDir, 'index');
  const git = (...a) =>
    execFileSync('git', a, {
      cwd: ROOT,
      env: { ...process.env, GIT_INDEX_FILE: index },
      maxBuffer: 64 * 2 ** 20,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  git('read-tree', 'HEAD');
  git('add', '-A', '.');
  git('add', '-f', 'dist');
  const tree = git('write-tree').toString().trim();
  return git('archive', '--format=tar.gz', tree).length;
}

const verdict = (ok) => (ok ? 'PASS' : 'FAIL');
const label = (d) => (DISTS.length > 1 ? ` [${BUILDS[d].name}]` : '');

const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);

const standin = await startStandin();
try {
  const start = await nodeStartMs();
  const bound = (n, c) => start + IMDS_MS + KV_MS + Math.ceil(n / c) * KV_MS;
  console.log(
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}`,
  );
  console.log(
    `Stand-in latency: Key Vault ${KV_MS} ms, IMDS ${IMDS_MS} ms per request. Bare node start (median of 15): ${fmt(start)}.`,
  );
  console.log(
    `Bound = node start + IMDS + one challenge + ⌈N/C⌉ round trips. Median of ${RUNS} runs (fewer at N ≥ 1000).\n`,
  );
  const targets = DISTS.map(() => []);
  const gates = DISTS.map(() => []);
  const rows = DISTS.map(() => []);
  for (const n of SIZES) {
    const runs = n >= 1000 ? Math.max(1, Math.ceil(RUNS / 2)) : RUNS;
    const pars = await measure(standin, n, C, runs);
    const seqs = args.quick && n > 200 ? undefined : await measure(standin, n, 1, n >= 200 ? 1 : Math.min(RUNS, 3));
    const b = bound(n, C);
    for (const [d, par] of pars.entries()) {
      const seq = seqs?.[d];
      rows[d].push(
        `| ${n} | ${C} | ${fmt(par.ms)} | ${fmt(b)} | ${(par.ms / b).toFixed(2)}× | ${fmt(par.toFirstRequestMs)} | ${par.imdsRequests} | ${par.vaultRequests} | ${par.challenges} | ${par.maxInFlight} | ${par.rssMiB.toFixed(0)} MiB | ` +
          (seq
            ? `${fmt(seq.ms)} | ${(seq.ms / bound(n, 1)).toFixed(2)}× | ${(seq.ms / par.ms).toFixed(1)}× |`
            : '– | – | – |'),
      );
      if (n === 1)
        gates[d].push(
          `${verdict(par.ms / b <= 1.8)} one secret: ${fmt(par.ms)} = ${(par.ms / b).toFixed(2)}× the bound (${fmt(b)}; target ≤ 1.8×)`,
        );
      if (n === 200) {
        gates[d].push(
          `${verdict(par.ms / b <= 1.5)} 200 secrets: ${fmt(par.ms)} = ${(par.ms / b).toFixed(2)}× the C=${C} bound (${fmt(b)}; target ≤ 1.5×)`,
        );
        if (seq)
          targets[d].push(`200 secrets: ${(seq.ms / par.ms).toFixed(1)}× faster than concurrency 1 (target ≥ 10×)`);
      }
    }
  }
  for (const [d, r] of rows.entries()) {
    if (DISTS.length > 1) console.log(`\n${BUILDS[d].name}:\n`);
    console.log(
      '| N | C | wall (median) | bound | ratio | to 1st request | IMDS | KV requests | challenges | max in flight | peak RSS | C=1 wall | C=1 ratio | speed-up |',
    );
    console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    console.log(r.join('\n'));
  }

  // Cold start: a run that fails on missing input loads no SDK; compare with bare node.
  const load = DISTS.map(() => []);
  for (let i = 0; i < 15; i++) {
    for (const [d, dist] of DISTS.entries()) {
      const t0 = process.hrtime.bigint();
      await promisify(execFile)(process.execPath, [join(dist, 'index.js')], {
        env: { PATH: process.env.PATH, GITHUB_OUTPUT: join(probeDir, 'o') },
      }).catch(() => {});
      load[d].push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  }
  for (const [d, l] of load.entries())
    targets[d].push(
      `bundle load, failing on missing input: ${fmt(median(l))} vs bare node ${fmt(start)}: +${fmt(median(l) - start)} (target ≤ 40 ms)`,
    );

  // Memory at scale: 2,000 secrets of 1 KB (the worst of two runs each).
  console.log('');
  const bigs = DISTS.map(() => []);
  for (let i = 0; i < 2; i++)
    for (const [d, dist] of DISTS.entries()) bigs[d].push(await runOnce(dist, standin, 2000, C));
  for (const [d, runs] of bigs.entries()) {
    const big = runs.reduce((a, b) => (b.rssMiB > a.rssMiB ? b : a));
    console.log(
      `2,000 secrets of 1 KB${label(d)}: ${fmt(median(runs.map((r) => r.ms)))}, peak RSS ${big.rssMiB.toFixed(0)} MiB, ${big.vaultRequests} Key Vault requests, ${big.challenges} challenge.`,
    );
    gates[d].push(
      `${verdict(big.rssMiB <= 100)} 2,000 secrets of 1 KB: peak RSS ${big.rssMiB.toFixed(0)} MiB (target ≤ 100 MiB)`,
    );
  }
  const tar = tarballBytes();
  const distTar = Number(execFileSync('sh', ['-c', `tar -C "${DISTS[0]}" -czf - . | wc -c`]).toString());
  gates[0].push(
    `${verdict(tar <= 400_000)} tarball the runner downloads (git archive of the working tree, dist/ as built): ${(tar / 1000).toFixed(0)} KB, dist/ ${(distTar / 1000).toFixed(0)} KB of it (target ≤ 400 KB)`,
  );

  // Throttling at scale: 2,000 secrets against a vault that admits 400 requests a second and answers 429 without Retry-After.
  standin.reset();
  standin.keyvault.setLatency(KV_MS);
  standin.keyvault.limitRate(400);
  const names = Array.from({ length: 2000 }, (_, i) => `t-${i}`);
  standin.keyvault.addVault('bench-kv', { secrets: Object.fromEntries(names.map((n, i) => [n, VALUE(i)])) });
  const t = await runAction({
    entry: join(DISTS[0], 'index.js'),
    inputs: { keyvault: 'bench-kv', secrets: names.join('\n'), 'export-env': 'false', timeout: '600' },
    env: standin.env(),
  });
  const ts = standin.stats;
  console.log(
    `2,000 secrets, vault limited to 400 requests/s (429 without Retry-After): ${t.code === 0 && Object.keys(t.outputs).length === 2000 ? 'all exported' : `FAILED ${t.errors.join(' ')}`} in ${fmt(t.durationMs)}; ` +
      `${ts.vaultRequests} requests, ${ts.throttled} answered 429 (${((ts.throttled / ts.vaultRequests) * 100).toFixed(1)} %).`,
  );
  t.cleanup();
  console.log((await rotationBench({ standin, dist: DISTS[0] })).join('\n'));
  for (const [d, t] of targets.entries())
    console.log(`\nMore figures${label(d)}:\n${t.map((x) => `- ${x}`).join('\n')}`);
  for (const [d, g] of gates.entries()) console.log(`\nPerformance targets${label(d)}:\n${g.join('\n')}`);
} finally {
  await standin.stop();
  rmSync(probeDir, { recursive: true, force: true });
}
