// Microsoft's Python SDK (Debian's python3-azure), written by no one here, as a second real client
// of the stand-in: if it reads values and errors the way it would from Azure, the stand-in is faithful.
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { useStandin } from './helpers/standin.js';

const ctx = useStandin();
const PYTHON = '/usr/bin/python3';

// Runs wherever Microsoft's Python SDK is importable (apt-get install python3-azure); reported as
// skipped, with the reason, where it is not. .ci/run sets REQUIRE_PYTHON_SDK=1, so CI never skips it.
const importable = spawnSync(PYTHON, ['-c', 'import azure.identity, azure.keyvault.secrets'], { stdio: 'ignore' }).status === 0;
const required = process.env.REQUIRE_PYTHON_SDK === '1';
const skipReason = 'skipped: Microsoft\'s Python SDK is not importable by /usr/bin/python3 (apt-get install python3-azure)';
if (required && !importable) throw new Error(`REQUIRE_PYTHON_SDK=1, but ${skipReason.replace('skipped: ', '')}`);
const conformance = importable ? it : it.skip;

const SNIPPET = `
import sys
from azure.identity import DefaultAzureCredential
from azure.keyvault.secrets import SecretClient
from azure.core.exceptions import ResourceNotFoundError, HttpResponseError
client = SecretClient(vault_url=sys.argv[1], credential=DefaultAzureCredential())
sys.stdout.write(repr(client.get_secret(sys.argv[2]).value) + "\\n")
sys.stdout.write(repr(client.get_secret(sys.argv[2], sys.argv[3]).value) + "\\n")
try:
    client.get_secret("no-such-secret")
except ResourceNotFoundError as e:
    sys.stdout.write("404 " + e.error.code + "\\n")
names = sorted(p.name for p in client.list_properties_of_secrets())
sys.stdout.write(str(len(names)) + "\\n")
`;

conformance(`the Python SDK reads values, versions, errors and list pages from the stand-in, unmodified${importable ? '' : ` (${skipReason})`}`, async () => {
  const kv = ctx.s.addVault('ml-prod-kv', {
    secrets: Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`filler-${i}`, `v${i}`])),
  });
  const first = ctx.s.setSecret(kv.host, 'db-password', 'first\nversion');
  ctx.s.setSecret(kv.host, 'db-password', 'pässwörd "latest"');

  const env = { PATH: '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', ...ctx.s.env() };
  // Asynchronous: the stand-in answers from this very process.
  const run = await promisify(execFile)(PYTHON, ['-c', SNIPPET, 'https://ml-prod-kv.vault.azure.net/', 'db-password', first.version], { env, encoding: 'utf8', timeout: 60_000 });

  expect(run.stderr).toBe('');
  expect(run.stdout.split('\n')).toEqual([`'pässwörd "latest"'`, `'first\\nversion'`, '404 SecretNotFound', '31', '']);
  expect(ctx.s.stats.challenges).toBe(1);
  expect(ctx.s.stats.listPages).toBe(2);
});
