#!/usr/bin/env node
// Starts the stand-in with the sample vault and prints a shell snippet that runs the action against
// it: the environment that points the action (or Microsoft's SDKs) at the stand-in, the runner's
// file-command variables, and the command, all in a subshell so the pasting shell keeps its own
// environment. Runs until interrupted.
// (Not --env-file: Node itself takes that flag, wherever it appears.)
//   node standin/cli.mjs [--write-env FILE] [--vault-latency MS] [--imds-latency MS]
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startStandin } from './index.mjs';
import { ROOT } from './runner.mjs';
import { addSampleVault, SAMPLE_SECRETS } from './samples.mjs';

const { values } = parseArgs({ options: { 'write-env': { type: 'string' }, 'vault-latency': { type: 'string' }, 'imds-latency': { type: 'string' } } });
const standin = await startStandin({ latency: { vault: Number(values['vault-latency'] ?? 0), imds: Number(values['imds-latency'] ?? 0) } });
const { kv } = addSampleVault(standin);
const env = Object.entries(standin.env()).filter(([, v]) => v !== '');
if (values['write-env']) writeFileSync(values['write-env'], env.map(([k, v]) => `${k}=${v}\n`).join(''));

// The action runs on Node 24: the devDependency's binary when installed, else whatever node is on PATH.
const node24 = join(ROOT, 'node_modules', '.bin', 'node');
const node = existsSync(node24) ? node24 : 'node';
const names = [...kv.secrets.keys()].sort();
/** Single-quoted for POSIX shells. */
const sh = (v) => `'${String(v).replaceAll("'", `'\\''`)}'`;
const shell = `# stand-in running (Ctrl-C stops it). Vault ml-prod-kv (${kv.host}) holds ${names.length} secrets:
${names.map((n) => `#   ${n}${n in SAMPLE_SECRETS ? '' : ' (extra sample)'}`).join('\n')}
# Paste the lines below into another shell, in this directory, to run the action against it.
# They run in a subshell, ( … ): the shell you paste into keeps its own environment, so later npm
# commands there don't go through the stand-in's proxy (which refuses every other host).
(
${env.map(([k, v]) => `export ${k}=${sh(v)}`).join('\n')}
step=$(mktemp -d) && touch "$step/output" "$step/env" "$step/state" "$step/summary" && \\
  GITHUB_OUTPUT="$step/output" GITHUB_ENV="$step/env" GITHUB_STATE="$step/state" GITHUB_STEP_SUMMARY="$step/summary" RUNNER_TEMP="$step" \\
  INPUT_KEYVAULT=ml-prod-kv INPUT_SECRETS='db-password
STORAGE_KEY=storage-account-key
hf-token' RUNNER_DEBUG=1 \\
  ${sh(node)} ${sh(join(ROOT, 'dist', 'index.js'))}; echo "exit $?"; cat "$step/output"
)
`;
process.stdout.write(shell);
const stop = async () => {
  await standin.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
