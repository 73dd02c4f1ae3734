// npm run bench -- --rotation [--secrets 100] [--rate 30]: the set step rotates N secrets (a new generated value
// each, keep-versions: 1, so the two older versions of each are disabled) against a vault that admits `rate`
// requests a second and answers 429 with Retry-After: 1 beyond it (Key Vault's write budget is about 300 per 10 s).
// Prints the requests by kind, the 429s, the elapsed time and its ratio to the bound the rate sets.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startStandin } from '../standin/index.mjs';
import { ROOT, runAction } from '../standin/runner.mjs';

const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);

/** One rotation run; returns the lines it prints. */
export async function rotationBench({ standin, dist = join(ROOT, 'dist'), secrets = 100, rate = 30 }) {
  standin.reset();
  standin.keyvault.setLatency(20);
  standin.keyvault.limitRate(rate, 1);
  const names = Array.from({ length: secrets }, (_, i) => `rotated-${String(i).padStart(3, '0')}`);
  const kv = standin.keyvault.addVault('bench-kv', {
    secrets: Object.fromEntries(names.map((n) => [n, [`${n}-two-versions-ago`, `${n}-one-version-ago`]])),
  });
  const r = await runAction({
    action: 'set',
    entry: join(dist, 'set', 'index.js'),
    inputs: {
      keyvault: 'bench-kv',
      secrets: names.map((n) => `${n}=generate:32`).join('\n'),
      'keep-versions': '1',
      timeout: '120',
    },
    env: { ...standin.env(), GITHUB_RUN_ID: '1', GITHUB_RUN_ATTEMPT: '1' },
  });
  const requests = standin.requests('vault');
  const by = (method) => requests.filter((q) => q.method === method && q.status !== 429 && q.status !== 401).length;
  const throttled = requests.filter((q) => q.status === 429).length;
  const rotated = names.filter((n) => {
    const versions = standin.keyvault.versions(kv.host, n);
    return versions.length === 3 && versions.filter((v) => v.enabled).length === 1 && versions[2].enabled;
  }).length;
  const bound = ((requests.length - throttled) / rate) * 1000;
  r.cleanup();
  return [
    `Rotation of ${secrets} secrets (generate:32, keep-versions: 1), vault limited to ${rate} requests/s (429, Retry-After: 1): ` +
      `${r.code === 0 ? 'done' : `FAILED ${r.errors.join(' ').slice(0, 300)}`}, ${rotated} of ${secrets} left with exactly the new version enabled.`,
    `  ${requests.length} Key Vault requests: ${by('PUT')} PUTs, ${by('GET')} version listings, ${by('PATCH')} PATCHes (disables), ` +
      `${throttled} answered 429 (${((throttled / requests.length) * 100).toFixed(1)} %), ${((requests.length - throttled) / secrets).toFixed(2)} answered requests per secret.`,
    `  Elapsed ${fmt(r.durationMs)}; the rate alone needs ${fmt(bound)} for the answered requests: ${(r.durationMs / bound).toFixed(2)}× that bound.`,
  ];
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv.includes('--rotation')) {
  const { values } = parseArgs({
    options: {
      rotation: { type: 'boolean' },
      secrets: { type: 'string', default: '100' },
      rate: { type: 'string', default: '30' },
    },
    strict: false,
  });
  const standin = await startStandin();
  try {
    console.log(
      (await rotationBench({ standin, secrets: Number(values.secrets), rate: Number(values.rate) })).join('\n'),
    );
  } finally {
    await standin.stop();
  }
}
