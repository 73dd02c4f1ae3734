#!/usr/bin/env node
// npm run bench -- --timeline: when each request of a one-secret run reaches the stand-in, in ms after the
// runner started the process (median of --runs runs), with the stand-in's default latency (Key Vault
// 20 ms, IMDS 5 ms). It shows what waits on what: the vault's challenge, then the identity request, then
// the authorised GET.
//   node scripts/timeline.mjs [--runs 9] [--vault-latency 20] [--imds-latency 5] [--dist dist]
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startStandin } from '../standin/index.mjs';
import { ROOT, runAction } from '../standin/runner.mjs';

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--timeline'),
  options: {
    runs: { type: 'string', default: '9' },
    'vault-latency': { type: 'string', default: '20' },
    'imds-latency': { type: 'string', default: '5' },
    dist: { type: 'string', default: 'dist' },
  },
});
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const standin = await startStandin();

const rows = { challenge: [], answered: [], imds: [], get: [], exit: [] };
try {
  for (let i = 0; i < Number(args.runs); i++) {
    standin.reset();
    standin.keyvault.setLatency(Number(args['vault-latency']));
    standin.imds.setLatency(Number(args['imds-latency']));
    standin.keyvault.addVault('timeline-kv', { secrets: { 'db-password': 'timeline value' } });
    const r = await runAction({
      entry: join(resolve(ROOT, args.dist), 'index.js'),
      inputs: { keyvault: 'timeline-kv', secrets: 'db-password' },
      env: standin.env(),
    });
    if (r.code !== 0) throw new Error(`run failed: ${r.errors.join('\n')}`);
    const at = (pred) => standin.requests().find(pred)?.at - r.startedAt;
    const challenge = standin.requests().find((q) => q.service === 'vault' && q.challenge);
    rows.challenge.push(challenge?.at - r.startedAt);
    rows.answered.push(challenge?.endedAt - r.startedAt);
    rows.imds.push(at((q) => q.service === 'imds'));
    rows.get.push(at((q) => q.service === 'vault' && q.authorized));
    rows.exit.push(r.durationMs);
    r.cleanup();
  }
} finally {
  await standin.stop();
}

const lines = [
  ['challenge sent (unauthenticated GET)', rows.challenge],
  ['challenge answered (401)', rows.answered],
  ['IMDS token request', rows.imds],
  ['authorised GET', rows.get],
  ['process exit', rows.exit],
];
console.log(
  `One secret, median of ${args.runs} runs; Key Vault ${args['vault-latency']} ms, IMDS ${args['imds-latency']} ms per request.`,
);
for (const [what, xs] of lines) console.log(`${String(Math.round(median(xs))).padStart(5)} ms  ${what}`);
const inSeries = rows.imds.filter((t, i) => t >= rows.answered[i]).length;
console.log(`The IMDS request went out after the challenge was answered in ${inSeries} of ${rows.imds.length} runs.`);
