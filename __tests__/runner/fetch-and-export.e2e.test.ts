// The bundled action (dist/index.js) run as the runner runs it, against the local stand-in.
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_IDENTITIES, GITHUB_ISSUER, GITHUB_SUBJECT } from '../../standin/index.mjs';
import { ROOT, runPostStep } from '../../standin/runner.mjs';
import { expectMaskedAndNotLeaked, expectNothingExported, sampleVault, useStandin } from '../helpers/standin.js';

const ctx = useStandin();
const [SYSTEM, TRAINER] = DEFAULT_IDENTITIES as [(typeof DEFAULT_IDENTITIES)[0], (typeof DEFAULT_IDENTITIES)[0]];

const ODD_VALUES: Record<string, string> = {
  'multi-line': 'first line\nsecond line\n\nfourth after a blank',
  'trailing-newline': 'ends with a newline\n',
  crlf: 'windows line one\r\nwindows line two\r\n',
  percent: 'p%25 and %0A and %0D and 100%',
  colons: '::error::not a command ::set-output name=x::y',
  heredoc: 'NAME<<EOF\ninside\nEOF',
  quotes: `it's "quoted" \`and\` $dollar`,
  unicode: 'pässwörd 秘密 🔑 ∑',
  json: '{"user":"trainer","password":"p@ss\\nword","port":5432}',
  delimiter: 'ghadelimiter_00000000-0000-0000-0000-000000000000\nafter',
  'add-mask': '::add-mask::not-really',
  big: 'x'.repeat(25 * 1024 - 10) + '-end-big',
  spaces: '  padded value with spaces  ',
};

describe('a training pipeline fetches its secrets', () => {
  it('exports aliases, defaults and pinned versions, byte-exact, masked, with one token and one challenge', async () => {
    const kv = sampleVault(ctx.s, {
      'db-password': 'correct horse battery',
      'storage-account-key': 'storage-key-value-1',
    });
    const old = ctx.s.keyvault.setSecret(kv.host, 'hf-token', 'hf_old_token_value');
    ctx.s.keyvault.setSecret(kv.host, 'hf-token', 'hf_new_token_value');

    const r = await ctx.step({
      keyvault: 'ml-prod-kv',
      secrets: `# for train.py\ndb-password\n\nSTORAGE_KEY=storage-account-key\nHF_TOKEN=hf-token/${old.version}`,
      'export-env': 'true',
    });

    expect(r.errors).toEqual([]);
    expect(r.code).toBe(0);
    const expected = {
      DB_PASSWORD: 'correct horse battery',
      STORAGE_KEY: 'storage-key-value-1',
      HF_TOKEN: 'hf_old_token_value',
    };
    expect(r.outputs).toEqual(expected);
    expect(r.env).toEqual(expected);
    expectMaskedAndNotLeaked(r, Object.values(expected), ctx.s.entra.issuedTokens());
    expect(r.log).toContain(`HF_TOKEN ← ml-prod-kv/hf-token (version ${old.version.slice(0, 8)}…)`);
    expect(r.log).toMatch(/DB_PASSWORD ← ml-prod-kv\/db-password/);
    expect(ctx.s.stats.imdsRequests).toBe(1);
    expect(ctx.s.stats.challenges).toBe(1);
    expect(ctx.s.stats.secretsServed).toBe(3);
  });

  it('reads a second vault by URL, with commas as separators', async () => {
    sampleVault(ctx.s, { a: 'value-from-first-vault' });
    ctx.s.keyvault.addVault('shared-kv', { secrets: { 'api-key': 'value-from-shared-vault' } });

    const r = await ctx.step({
      keyvault: 'https://ml-prod-kv.vault.azure.net/',
      secrets:
        'a, https://shared-kv.vault.azure.net/secrets/api-key, SHARED=https://shared-kv.vault.azure.net/secrets/api-key/',
    });

    expect(r.errors).toEqual([]);
    expect(r.outputs).toEqual({
      A: 'value-from-first-vault',
      API_KEY: 'value-from-shared-vault',
      SHARED: 'value-from-shared-vault',
    });
    expect(ctx.s.stats.imdsRequests).toBe(1);
    expect(ctx.s.stats.challenges).toBe(2);
  });

  it.each([
    ['client-id', TRAINER.clientId],
    ['object-id', TRAINER.objectId],
    ['resource-id', TRAINER.resourceId],
  ])('uses a user-assigned identity selected by %s', async (input, id) => {
    sampleVault(ctx.s, { db: 'only-the-trainer-may-read' }, { grants: { [TRAINER.objectId]: ['get'] } });

    const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'db', [input]: id });

    expect(r.errors).toEqual([]);
    expect(r.outputs).toEqual({ DB: 'only-the-trainer-may-read' });
    const imds = ctx.s.requests().filter((q: { service: string }) => q.service === 'imds');
    expect(imds).toHaveLength(1);
    expect(imds[0]?.identity).toBe(TRAINER.objectId);
  });

  it('sets outputs only with export-env: false', async () => {
    sampleVault(ctx.s, { db: 'output-only-value' });
    const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'db', 'export-env': 'false' });
    expect(r.outputs).toEqual({ DB: 'output-only-value' });
    expect(r.env).toEqual({});
  });

  it.each([
    ['AzureUSGovernment', 'vault.usgovcloudapi.net'],
    ['AzureChinaCloud', 'vault.azure.cn'],
  ] as const)('reads a %s vault with a token for that cloud', async (cloud, suffix) => {
    ctx.s.keyvault.addVault('gov-kv', { cloud, secrets: { db: `value-in-${cloud}` } });
    const r = await ctx.step({ keyvault: 'gov-kv', cloud, secrets: `db\nOTHER=https://gov-kv.${suffix}/secrets/db` });
    expect(r.errors).toEqual([]);
    expect(r.outputs).toEqual({ DB: `value-in-${cloud}`, OTHER: `value-in-${cloud}` });
    const imds = ctx.s.requests().find((q: { service: string }) => q.service === 'imds');
    expect(imds?.query?.resource).toBe(`https://${suffix}`);
  });

  it('keeps odd values byte-exact and masks every line of them', async () => {
    sampleVault(ctx.s, ODD_VALUES);
    const r = await ctx.step({
      keyvault: 'ml-prod-kv',
      secrets: Object.keys(ODD_VALUES).join('\n'),
      'export-env': 'true',
    });

    expect(r.errors).toEqual([]);
    const expected = Object.fromEntries(
      Object.entries(ODD_VALUES).map(([k, v]) => [k.toUpperCase().replaceAll('-', '_'), v]),
    );
    expect(r.outputs).toEqual(expected);
    expect(r.env).toEqual(expected);
    expectMaskedAndNotLeaked(r, Object.values(ODD_VALUES), ctx.s.entra.issuedTokens());
  });

  it('exports an empty value, and warns that it cannot be masked', async () => {
    sampleVault(ctx.s, { empty: '' });
    const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'empty' });
    expect(r.code).toBe(0);
    expect(r.outputs).toEqual({ EMPTY: '' });
    expect(r.warnings.join('\n')).toMatch(/EMPTY is empty.*cannot be masked/);
  });

  it('writes a summary that names aliases and secrets, never values', async () => {
    sampleVault(ctx.s, 'summary-secret-value');
    const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'db-password' });
    expect(r.summary).toContain('DB_PASSWORD');
    expect(r.summary).toContain('db-password');
    expect(r.summary).not.toContain('summary-secret-value');
  });
});

describe('all or nothing', () => {
  it('fails cleanly, naming only the alias, when the runner refuses a value that contains its delimiter', async () => {
    const delimiter = 'ghadelimiter_00000000-0000-4000-8000-000000000000';
    sampleVault(ctx.s, { first: 'first-value-written', evil: `before\n${delimiter}\nINJECTED=1` });
    const fixture = new URL('../fixtures/fixed-uuid.cjs', import.meta.url).pathname;
    const r = await ctx.step(
      { keyvault: 'ml-prod-kv', secrets: 'first\nevil' },
      { env: { NODE_OPTIONS: `--require ${fixture}` } },
    );

    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(/Could not export EVIL \(secrets line 2\)/);
    expect(r.errors[0]).not.toContain('before');
    expectNothingExported(r);
    expect(r.rawFiles.output + r.rawFiles.env).toBe('');
    expectMaskedAndNotLeaked(r, ['first-value-written'], ctx.s.entra.issuedTokens());
  });

  it('exports nothing when any reference fails, and names every failure with its line', async () => {
    sampleVault(ctx.s, { good: 'a-good-value-here', off: { value: 'disabled-value', enabled: false } });
    const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'good\nmissing-one\n# comment\noff' });

    expect(r.code).not.toBe(0);
    expectNothingExported(r);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(/line 2: ml-prod-kv\/missing-one.*not found/);
    expect(r.errors[0]).toMatch(/line 4: ml-prod-kv\/off.*disabled/);
    expect(r.errors[0]).not.toMatch(/line 1/);
    expect(r.log).not.toContain('a-good-value-here');
    expect(r.stdout).not.toMatch(/\n\s+at .*\.js:\d+/);
  });
});

// The full bad-input corpus is in inputs.e2e.test.ts.
describe('bad input costs nothing', () => {
  it('reports every input problem at once', async () => {
    const r = await ctx.step({
      keyvault: 'ml-prod-kv',
      secrets: 'a\nbad_1\nbad_2\nHOME=x',
      'client-id': 'not-a-guid',
      'export-env': 'yes',
    });
    expect(r.errors).toHaveLength(1);
    for (const part of [/line 2/, /line 3/, /line 4.*HOME/, /client-id/, /export-env/])
      expect(r.errors[0]).toMatch(part);
    expect(ctx.s.stats.imdsRequests).toBe(0);
  });
});

it('the system identity is used by default', () => {
  expect(SYSTEM.kind).toBe('system');
});

describe('dist/ alone, as the runner has it', () => {
  // The runner checks out the action and runs dist/index.js with no node_modules anywhere above it.
  // Every path that loads a chunk lazily runs here from a copy of dist/ in a bare directory.
  let actionDir: string;
  beforeAll(() => {
    actionDir = mkdtempSync(join(tmpdir(), 'kv-action-'));
    cpSync(join(ROOT, 'dist'), join(actionDir, 'dist'), { recursive: true });
    cpSync(join(ROOT, 'action.yml'), join(actionDir, 'action.yml'));
  });
  afterAll(() => rmSync(actionDir, { recursive: true, force: true }));
  const fromCopy = (extra: Parameters<typeof ctx.step>[1] = {}) => ({
    ...extra,
    entry: join(actionDir, 'dist', 'index.js'),
    cwd: actionDir,
  });

  it('fetches, writes files and cleans them up, with no node_modules', async () => {
    sampleVault(ctx.s, { 'db-password': 'isolated-copy-value', tls: 'isolated-file-value' });
    const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'db-password', files: 'tls' }, fromCopy());
    expect(r.errors).toEqual([]);
    expect(r.outputs.DB_PASSWORD).toBe('isolated-copy-value');
    const post = await runPostStep(r, {
      env: ctx.s.env(),
      entry: join(actionDir, 'dist', 'post', 'index.js'),
      cwd: actionDir,
    });
    post.cleanup();
    expect(post.code).toBe(0);
    expect(existsSync(r.outputs.TLS!)).toBe(false);
  });

  it('fails on bad input, and takes the GitHub OIDC and fork-guard paths, with no node_modules', async () => {
    const bad = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'PATH=db' }, fromCopy());
    expect(bad.errors).toEqual([expect.stringMatching(/PATH, a protected name/)]);

    sampleVault(ctx.s, 'isolated-copy-value');
    const app = { clientId: '9a7b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d', objectId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d' };
    ctx.s.entra.addFederatedIdentity({ ...app, federated: [{ issuer: GITHUB_ISSUER, subject: GITHUB_SUBJECT }] });
    ctx.s.github.addPullRequest('acme/training', 5, 'acme/training');
    const event = { issue: { number: 5, pull_request: {} }, repository: { full_name: 'acme/training' } };
    const r = await ctx.step(
      { keyvault: 'ml-prod-kv', secrets: 'db-password', 'tenant-id': ctx.s.entra.tenantId, 'client-id': app.clientId },
      fromCopy({ env: ctx.s.envFor('github-oidc'), eventName: 'issue_comment', event }),
    );
    expect(r.errors).toEqual([]);
    expect(r.outputs.DB_PASSWORD).toBe('isolated-copy-value');
  });
});
