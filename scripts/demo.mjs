#!/usr/bin/env node
// npm run demo: the action against the local Azure stand-in, shown the way a user sees it on a runner.
import { startStandin } from '../standin/index.mjs';
import { runAction, unescapeData } from '../standin/runner.mjs';
import { addSampleVault } from '../standin/samples.mjs';

const bold = (s) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const dim = (s) => (process.stdout.isTTY ? `\x1b[2m${s}\x1b[0m` : s);

/** The log as the Actions UI renders it: masks applied, commands turned into what they show. */
function render(log) {
  return log
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('::debug::') && !l.startsWith('::endgroup::'))
    .map((l) =>
      l
        .replace(/^::group::(.*)$/, '▼ $1')
        .replace(/^::error[^:]*::(.*)$/, (_, m) => `Error: ${unescapeData(m)}`)
        .replace(/^::warning[^:]*::(.*)$/, (_, m) => `Warning: ${unescapeData(m)}`),
    )
    .map((l) => `  │ ${l.replaceAll('\n', '\n  │ ')}`)
    .join('\n');
}

const standin = await startStandin({ latency: { imds: 5, vault: 20 } });
try {
  const { pinnedVersion } = addSampleVault(standin);
  const secrets = ['db-password', 'STORAGE_KEY=storage-account-key', `HF_TOKEN=hf-token/${pinnedVersion}`, 'GCP_SA=service-account'].join('\n');

  console.log(bold('keyvault-secrets-action demo') + dim(' — a local stand-in for IMDS and Key Vault; no Azure account needed.\n'));
  console.log(`The step:\n${dim(`  - id: kv\n    uses: ./\n    with:\n      keyvault: ml-prod-kv\n      secrets: |\n${secrets.split('\n').map((s) => `        ${s}`).join('\n')}`)}\n`);

  const ok = await runAction({ inputs: { keyvault: 'ml-prod-kv', secrets }, env: standin.env() });
  console.log(bold(`The job log (exit ${ok.code}, ${Math.round(ok.durationMs)} ms):`));
  console.log(render(ok.log));
  console.log(bold('\nStep outputs:'), Object.keys(ok.outputs).join(', '));
  console.log(bold('Environment for later steps:'), Object.keys(ok.env).join(', '));
  console.log(bold('Masks registered:'), `${ok.masks.length} (every value, and every line of the multi-line service-account JSON)`);
  const s = standin.stats;
  console.log(bold('Requests:'), `IMDS ${s.imdsRequests} (one token), Key Vault ${s.vaultRequests} (one 401 challenge + ${s.secretsServed} secrets), at most ${s.maxInFlight} in flight`);
  ok.cleanup();

  console.log(bold('\nWhen a reference is wrong, nothing is exported and the error says what to fix:'));
  standin.reset();
  addSampleVault(standin);
  const bad = await runAction({ inputs: { keyvault: 'ml-prod-kv', secrets: 'db-password\ndb-pasword' }, env: standin.env() });
  console.log(render(bad.log));
  console.log(bold('Outputs after the failure:'), Object.keys(bad.outputs).length === 0 ? 'none' : Object.keys(bad.outputs).join(', '));
  bad.cleanup();
} finally {
  await standin.stop();
}
