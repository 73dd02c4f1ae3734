#!/usr/bin/env node
// Starts the stand-in with the sample vault and prints (or writes) the environment that points
// the action, or Microsoft's SDKs, at it. Runs until interrupted.
//   node standin/cli.mjs [--env-file FILE] [--vault-latency MS] [--imds-latency MS]
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startStandin } from './index.mjs';
import { addSampleVault } from './samples.mjs';

const { values } = parseArgs({ options: { 'env-file': { type: 'string' }, 'vault-latency': { type: 'string' }, 'imds-latency': { type: 'string' } } });
const standin = await startStandin({ latency: { vault: Number(values['vault-latency'] ?? 0), imds: Number(values['imds-latency'] ?? 0) } });
addSampleVault(standin);
const env = Object.entries(standin.env()).filter(([, v]) => v !== '').map(([k, v]) => `${k}=${v}`).join('\n') + '\n';
if (values['env-file']) writeFileSync(values['env-file'], env);
process.stdout.write(env);
process.stderr.write('stand-in running: vault ml-prod-kv with db-password, storage-account-key, hf-token, service-account. Ctrl-C stops it.\n');
const stop = async () => {
  await standin.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
