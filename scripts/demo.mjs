#!/usr/bin/env node
// npm run demo: the action against the local Azure stand-in, shown the way a user sees it on a runner.
import { readdirSync, readFileSync } from 'node:fs';
import { startStandin } from '../standin/index.mjs';
import { runAction, runPostStep, unescapeData } from '../standin/runner.mjs';
import { addSampleVault } from '../standin/samples.mjs';

const tty = process.stdout.isTTY;
const bold = (s) => (tty ? `\x1b[1m${s}\x1b[0m` : s);
const dim = (s) => (tty ? `\x1b[2m${s}\x1b[0m` : s);
const bar = (s) =>
  s
    .split('\n')
    .map((l) => `  │ ${l}`)
    .join('\n');

/** The log as the Actions UI renders it: masks applied, commands turned into what they show. */
function renderLog(log) {
  return bar(
    log
      .split('\n')
      .filter((l) => l !== '' && !l.startsWith('::debug::') && !l.startsWith('::endgroup::'))
      .map((l) =>
        l
          .replace(/^::group::(.*)$/, '▼ $1')
          .replace(/^::error[^:]*::(.*)$/, (_, m) => `Error: ${unescapeData(m)}`)
          .replace(/^::warning[^:]*::(.*)$/, (_, m) => `Warning: ${unescapeData(m)}`),
      )
      .join('\n'),
  );
}

/** The job summary's markdown, as a terminal can show it. */
function renderSummary(markdown) {
  const lines = markdown.split('\n').filter((l) => !/^\|\s*-/.test(l.replace(/ /g, '')) && !/^\| ---/.test(l));
  const rows = lines
    .filter((l) => l.startsWith('|'))
    .map((l) =>
      l
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim().replaceAll('`', '').replaceAll('\\|', '|')),
    );
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  const out = [];
  let header = true;
  for (const line of lines) {
    if (line.startsWith('|')) {
      const cells = rows.shift();
      out.push(
        cells
          .map((c, i) => c.padEnd(widths[i]))
          .join('  ')
          .trimEnd(),
      );
      if (header) out.push(widths.map((w) => '─'.repeat(w)).join('  '));
      header = false;
    } else if (line.startsWith('#')) out.push(bold(line.replace(/^#+\s*/, '')));
    else if (line.trim() !== '') out.push(line.replaceAll('**', ''));
  }
  return bar(out.join('\n'));
}

const standin = await startStandin({ latency: { imds: 5, vault: 20 } });
try {
  const { pinnedVersion } = addSampleVault(standin);
  const inputsPinning = (version) => ({
    keyvault: 'ml-prod-kv',
    secrets: [
      'db-password',
      'STORAGE_KEY=storage-account-key',
      `HF_TOKEN=hf-token/${version}`,
      'DB=db-config',
      'wandb-key',
    ].join('\n'),
    files: 'KUBECONFIG=kubeconfig\nGOOGLE_APPLICATION_CREDENTIALS=service-account',
    'parse-json': 'true',
  });

  console.log(
    bold('keyvault-secrets-action demo') +
      dim(' — a local stand-in for IMDS and Key Vault; no Azure account needed.\n'),
  );
  const yamlOf = (values) =>
    Object.entries(values)
      .map(([k, v]) =>
        v.includes('\n')
          ? `      ${k}: |\n${v
              .split('\n')
              .map((s) => `        ${s}`)
              .join('\n')}`
          : `      ${k}: ${v}`,
      )
      .join('\n');

  // One command gets the values, and no later step does.
  const command =
    process.platform === 'win32'
      ? 'Write-Output "train.py sees DB_PASSWORD=$env:DB_PASSWORD and HF_TOKEN=$env:HF_TOKEN"\nGet-Content -TotalCount 1 $env:KUBECONFIG'
      : 'echo "train.py sees DB_PASSWORD=$DB_PASSWORD and HF_TOKEN=$HF_TOKEN"\necho "KUBECONFIG=$KUBECONFIG, first line: $(head -n 1 "$KUBECONFIG")"';
  const runInputs = {
    keyvault: 'ml-prod-kv',
    secrets: `db-password\nHF_TOKEN=hf-token/${pinnedVersion}`,
    files: 'KUBECONFIG=kubeconfig',
    run: command,
  };
  console.log(`One command with the values (run):\n${dim(`  - uses: ./\n    with:\n${yamlOf(runInputs)}`)}\n`);
  const trained = await runAction({ inputs: runInputs, env: standin.env() });
  console.log(bold(`The job log (exit ${trained.code}, ${Math.round(trained.durationMs)} ms):`));
  console.log(renderLog(trained.log));
  const left = readdirSync(trained.runnerTemp).filter((n) => n.startsWith('keyvault-secrets-'));
  console.log(
    bold('For later steps:'),
    `${Object.keys(trained.outputs).length} outputs, ${Object.keys(trained.env).length} env vars, ${left.length} files left in RUNNER_TEMP`,
  );
  trained.cleanup();

  standin.reset();
  const inputs = inputsPinning(addSampleVault(standin).pinnedVersion);
  console.log(`\nWithout run, step outputs:\n${dim(`  - id: kv\n    uses: ./\n    with:\n${yamlOf(inputs)}`)}\n`);

  const ok = await runAction({ inputs, env: standin.env() });
  console.log(bold(`The job log (exit ${ok.code}, ${Math.round(ok.durationMs)} ms):`));
  console.log(renderLog(ok.log));
  console.log(bold('\nStep outputs:'), Object.keys(ok.outputs).join(', '));
  console.log(bold('Environment for later steps:'), 'none (export-env: true would add every value)');
  console.log(
    bold('A later step reads'),
    `\${{ steps.kv.outputs.KUBECONFIG }} = ${ok.outputs.KUBECONFIG}  ${dim(`(mode 0600; first line: ${readFileSync(ok.outputs.KUBECONFIG, 'utf8').split('\n')[0]})`)}`,
  );
  console.log(
    bold('Masks registered:'),
    `${ok.masks.length} (every value; each line of the multi-line ones that carries secret material; each JSON leaf)`,
  );
  const s = standin.stats;
  console.log(
    bold('Requests:'),
    `IMDS ${s.imdsRequests} (one token), Key Vault ${s.vaultRequests} (one 401 challenge + ${s.secretsServed} secrets), at most ${s.maxInFlight} in flight`,
  );
  console.log(bold('\nThe job summary:'));
  console.log(renderSummary(ok.summary));
  const post = await runPostStep(ok);
  console.log(bold('\nThe post step:'));
  console.log(renderLog(post.log));
  post.cleanup();
  ok.cleanup();

  // Beyond Key Vault secrets: a token for another resource, a storage account key through ARM, and an ACR login, from the same identity.
  standin.reset();
  addSampleVault(standin);
  const account = standin.arm.addStorageAccount({ name: 'mltrainingdata' });
  standin.acr.addRegistry('mlregistry');
  const more = {
    keyvault: 'ml-prod-kv',
    secrets: 'db-password',
    tokens: 'ARM_TOKEN=management',
    'storage-keys': `DATA_CONN=${account.id}#connection-string`,
    'acr-login': 'mlregistry',
  };
  console.log(bold('\nBeyond secrets, from the same identity') + dim(' (tokens, storage-keys, acr-login):'));
  console.log(
    dim(
      `  with:\n${Object.entries(more)
        .map(([k, v]) => `    ${k}: ${v}`)
        .join('\n')}`,
    ),
  );
  const extra = await runAction({ inputs: more, env: standin.env() });
  console.log(renderLog(extra.log));
  console.log(bold('Step outputs:'), Object.keys(extra.outputs).join(', '));
  console.log(
    bold('DOCKER_CONFIG:'),
    `${extra.outputs.DOCKER_CONFIG}/config.json ${dim('(0600; auths: ' + Object.keys(JSON.parse(readFileSync(`${extra.outputs.DOCKER_CONFIG}/config.json`, 'utf8')).auths).join(', ') + ')')}`,
  );
  const tokenRequests = standin
    .requests()
    .filter((r) => r.service === 'imds')
    .map((r) => r.resource);
  console.log(bold('Token requests:'), `${tokenRequests.length}, one per resource: ${tokenRequests.join(', ')}`);
  console.log(renderSummary(extra.summary));
  const extraPost = await runPostStep(extra);
  console.log(bold('The post step:'));
  console.log(renderLog(extraPost.log));
  extraPost.cleanup();
  extra.cleanup();

  console.log(bold('\nWhen a reference is wrong, nothing is exported and the error says what to fix:'));
  standin.reset();
  addSampleVault(standin);
  const bad = await runAction({
    inputs: { keyvault: 'ml-prod-kv', secrets: 'db-password\ndb-pasword' },
    env: standin.env(),
  });
  console.log(renderLog(bad.log));
  console.log(
    bold('Outputs after the failure:'),
    Object.keys(bad.outputs).length === 0 ? 'none' : Object.keys(bad.outputs).join(', '),
  );
  bad.cleanup();
} finally {
  await standin.stop();
}
