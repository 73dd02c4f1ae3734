// The bad-input corpus: each refused before any network call, with one ::error:: naming the line or input.
import { expectNothingExported, useStandin } from '../helpers/standin.js';

const ctx = useStandin();
const V = '0123456789abcdef0123456789abcdef';

const CORPUS: [string, Record<string, string>, RegExp][] = [
  ['underscore in a name', { secrets: 'db_password' }, /secrets line 1: "db_password" is not a valid secret name/],
  ['dot in a name', { secrets: 'ok\ndb.password' }, /secrets line 2/],
  ['space in a name', { secrets: 'db password' }, /secrets line 1/],
  ['non-ASCII name', { secrets: 'pässwort' }, /secrets line 1/],
  ['name too long', { secrets: 'a'.repeat(128) }, /secrets line 1/],
  ['too many path parts', { secrets: `db/${V}/x` }, /secrets line 1: .*too many parts/],
  ['short version', { secrets: 'db/abc123' }, /secrets line 1: .*32 hexadecimal/],
  ['non-hex version', { secrets: `db/${V.slice(0, 31)}z` }, /secrets line 1: .*32 hexadecimal/],
  ['empty alias', { secrets: '=db' }, /secrets line 1: .*empty alias/],
  ['alias with a dash', { secrets: 'MY-DB=db' }, /secrets line 1: .*not a valid alias/],
  ['alias starting with a digit', { secrets: '1DB=db' }, /secrets line 1: .*not a valid alias/],
  ['default alias starting with a digit', { secrets: '\n2fa-seed' }, /secrets line 2: .*give one/],
  ['nothing after =', { secrets: 'DB=' }, /secrets line 1: .*names no secret/],
  ['duplicate alias', { secrets: 'db\nDB=other' }, /secrets line 2: .*already exported .*line 1/],
  [
    'duplicate after transformation',
    { secrets: 'db-password\ndb_password=x' },
    /secrets line 2: .*DB_PASSWORD|db_password.*already exported/,
  ],
  ['http URL', { secrets: 'http://ml-prod-kv.vault.azure.net/secrets/db' }, /secrets line 1: .*https/],
  [
    'not a Key Vault host',
    { secrets: 'https://evil.example.com/secrets/db' },
    /secrets line 1: .*not a Key Vault host/,
  ],
  [
    'look-alike host',
    { secrets: 'https://kv1.vault.azure.net.evil.com/secrets/db' },
    /secrets line 1: .*not a Key Vault host/,
  ],
  ['wrong cloud host', { secrets: 'https://kv1.vault.azure.cn/secrets/db' }, /secrets line 1: .*AzureChinaCloud/],
  [
    'not a secrets path',
    { secrets: 'https://kv1.vault.azure.net/certificates/db' },
    /secrets line 1: .*not a secret URL/,
  ],
  ['empty secrets', { secrets: '' }, /secrets: names no secret/],
  ['only comments', { secrets: '# a\n\n# b' }, /secrets: names no secret/],
  ['vault name too short', { keyvault: 'kv' }, /keyvault: "kv"/],
  ['vault name with underscore', { keyvault: 'ml_prod' }, /keyvault: "ml_prod"/],
  ['vault URL over http', { keyvault: 'http://ml-prod-kv.vault.azure.net/' }, /keyvault: .*https/],
  ['vault URL on another host', { keyvault: 'https://ml-prod-kv.example.com/' }, /keyvault: .*not a Key Vault host/],
  [
    'two identity selectors',
    { 'client-id': '00000000-0000-4000-8000-000000000001', 'object-id': '00000000-0000-4000-8000-000000000002' },
    /client-id, object-id: .*not several/,
  ],
  ['non-GUID client id', { 'client-id': 'trainer' }, /client-id: "trainer" is not a GUID/],
  ['non-GUID object id', { 'object-id': '1234' }, /object-id: "1234" is not a GUID/],
  [
    'bad resource id',
    { 'resource-id': '/subscriptions/x/identities/y' },
    /resource-id: .*not a user-assigned identity resource id/,
  ],
  ['unknown cloud', { cloud: 'AzureGermanCloud' }, /cloud: "AzureGermanCloud" is not a cloud/],
  ['non-boolean export-env', { 'export-env': 'yes' }, /export-env: "yes" is not a boolean/],
  ['non-boolean fork flag', { 'allow-fork-pull-requests': '1' }, /allow-fork-pull-requests: "1" is not a boolean/],
  ['zero timeout', { timeout: '0' }, /timeout: "0"/],
  ['negative timeout', { timeout: '-5' }, /timeout: "-5"/],
  ['non-numeric timeout', { timeout: 'soon' }, /timeout: "soon"/],
  ['concurrency out of range', { concurrency: '65' }, /concurrency: "65"/],
  ['protected PATH', { secrets: 'PATH=db' }, /secrets line 1: .*PATH, a protected name/],
  ['protected in lower case', { secrets: 'ld_preload=db' }, /secrets line 1: .*protected/],
  ['protected prefix', { secrets: 'GITHUB_TOKEN=db' }, /secrets line 1: .*protected/],
  ['protected by default alias', { secrets: 'runner-temp' }, /secrets line 1: .*RUNNER_TEMP, a protected name/],
  ['protected in mixed case', { secrets: 'Node_Options=db' }, /secrets line 1: .*protected/],
  ['protected loader prefix', { secrets: 'LD_AUDIT=db' }, /secrets line 1: .*LD_AUDIT, a protected name/],
  ['protected proxy suffix', { secrets: 'https_proxy=db' }, /secrets line 1: .*https_proxy, a protected name/],
  ['protected git config', { secrets: 'GIT_CONFIG_COUNT=db' }, /secrets line 1: .*GIT_CONFIG_COUNT, a protected name/],
  ['protected interpreter path', { secrets: 'PYTHONPATH=db' }, /secrets line 1: .*PYTHONPATH, a protected name/],
  ['protected shell option', { secrets: 'prompt-command' }, /secrets line 1: .*PROMPT_COMMAND, a protected name/],
];

it('has a corpus of at least 30 malformed inputs', () => {
  expect(CORPUS.length).toBeGreaterThanOrEqual(30);
});

it.each(CORPUS)('%s is refused before any network call', async (_, inputs, message) => {
  const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'db', ...inputs });
  expect(r.code).not.toBe(0);
  expect(r.errors).toHaveLength(1);
  expect(r.errors[0]).toMatch(message);
  expect(ctx.s.stats.imdsRequests + ctx.s.stats.vaultRequests + ctx.s.stats.connects).toBe(0);
  expectNothingExported(r);
});
