#!/usr/bin/env node
// Starts the stand-in with the sample vault and prints a shell snippet that runs the action against
// it: the environment that points the action (or Microsoft's SDKs) at the stand-in, the runner's
// file-command variables, and the command, all in a subshell so the pasting shell keeps its own
// environment. Runs until interrupted.
// (Not --env-file: Node itself takes that flag, wherever it appears.)
// With --local-action it listens where .env.example says (fixed ports, the CA in .local-action/ca.pem)
// and prints the @github/local-action command instead (CONTRIBUTING.md, "Debugging with @github/local-action").
// With --detach (and --write-env), it starts itself in the background, its output in FILE.log, and
// returns once FILE is written: how CI starts it on every OS (a shell's `&` job is POSIX-only).
//   node standin/cli.mjs [--write-env FILE [--detach]] [--vault-latency MS] [--imds-latency MS] [--local-action]
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, renameSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startStandin } from './index.mjs';
import { ROOT } from './runner.mjs';
import { addSampleVault, SAMPLE_SECRETS } from './samples.mjs';

const { values } = parseArgs({
  options: {
    'write-env': { type: 'string' },
    'vault-latency': { type: 'string' },
    'imds-latency': { type: 'string' },
    'local-action': { type: 'boolean', default: false },
    detach: { type: 'boolean', default: false },
  },
});
if (values.detach) {
  const file = values['write-env'];
  if (!file) {
    console.error('--detach needs --write-env FILE: the file is how the caller knows the stand-in is listening.');
    process.exit(2);
  }
  const log = openSync(`${file}.log`, 'w');
  const args = process.argv.slice(2).filter((a) => a !== '--detach');
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), ...args], {
    detached: true,
    stdio: ['ignore', log, log],
    windowsHide: true,
  });
  child.unref();
  for (let waited = 0; !existsSync(file); waited += 100) {
    if (child.exitCode !== null || waited > 30_000) {
      console.error(`The stand-in did not start (see ${file}.log).`);
      process.exit(1);
    }
    await sleep(100);
  }
  console.log(`stand-in running (pid ${child.pid}); its environment is in ${file}, its log in ${file}.log`);
  process.exit(0);
}
/** Where .env.example points @github/local-action (keep the two in step: __tests__/runner/local-action.e2e.test.ts). */
const LOCAL_ACTION = {
  ports: { imds: 17381, proxy: 17382, github: 17383 },
  caFile: join(ROOT, '.local-action', 'ca.pem'),
};
if (values['local-action']) mkdirSync(join(ROOT, '.local-action'), { recursive: true });
const standin = await startStandin({
  latency: { vault: Number(values['vault-latency'] ?? 0), imds: Number(values['imds-latency'] ?? 0) },
  ...(values['local-action'] ? LOCAL_ACTION : {}),
});
const { kv } = addSampleVault(standin);
const env = Object.entries(standin.env()).filter(([, v]) => v !== '');
if (values['write-env']) {
  // Written whole, then renamed: whoever waits for the file (--detach) never reads half of it.
  writeFileSync(`${values['write-env']}.tmp`, env.map(([k, v]) => `${k}=${v}\n`).join(''));
  renameSync(`${values['write-env']}.tmp`, values['write-env']);
}

// The action runs on Node 24: the devDependency's binary when installed, else whatever node is on PATH.
const node24 = join(ROOT, 'node_modules', '.bin', 'node');
const node = existsSync(node24) ? node24 : 'node';
const names = standin.keyvault.secretNames(kv.host).sort();
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
const localAction = `# stand-in running for @github/local-action (Ctrl-C stops it): vault ml-prod-kv holds ${names.join(', ')}.
# In another shell, in this directory (NODE_EXTRA_CA_CERTS must be set before node starts; the
# dotenv file loads too late for it):
#   npm run local-action
# or, by hand:
#   NODE_EXTRA_CA_CERTS=.local-action/ca.pem npx --yes @github/local-action@7.0.1 run . src/read/main.ts .env.example --post src/read/post.ts
`;
process.stdout.write(values['local-action'] ? localAction : shell);
const stop = async () => {
  await standin.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
