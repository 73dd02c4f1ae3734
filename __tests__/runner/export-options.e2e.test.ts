// JSON expansion, prefix wildcards, secrets as files (and the post step), the job summary, expiry and ignore-missing.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, sep } from 'node:path';
import { runPostStep } from '../../standin/runner.mjs';
import { expectMaskedAndNotLeaked, expectNothingExported, sampleVault, useStandin } from '../helpers/standin.js';

const ctx = useStandin();
const DAY = 86_400_000;

describe('parse-json', () => {
  const config = {
    host: 'db.internal',
    port: 5432,
    creds: { user: 'trainer', password: 'p@ss-w0rd!' },
    tls: true,
    pin: 'x9',
    tags: ['a', 'b'],
    'odd key': 'odd-value',
  };

  it('exports one masked value per leaf, nested with _', async () => {
    sampleVault(ctx.s, { 'db-config': JSON.stringify(config), plain: 'not json at all' });
    const r = await ctx.step({
      keyvault: 'ml-prod-kv',
      secrets: 'db-config\nplain',
      'parse-json': 'true',
      'export-env': 'true',
    });

    expect(r.errors).toEqual([]);
    expect(r.outputs).toEqual({
      DB_CONFIG_HOST: 'db.internal',
      DB_CONFIG_PORT: '5432',
      DB_CONFIG_CREDS_USER: 'trainer',
      DB_CONFIG_CREDS_PASSWORD: 'p@ss-w0rd!',
      DB_CONFIG_TLS: 'true',
      DB_CONFIG_PIN: 'x9',
      DB_CONFIG_TAGS: '["a","b"]',
      DB_CONFIG_ODD_KEY: 'odd-value',
      PLAIN: 'not json at all',
    });
    expect(r.env).toEqual(r.outputs);
    expectMaskedAndNotLeaked(
      r,
      ['db.internal', '5432', 'trainer', 'p@ss-w0rd!', 'odd-value', 'not json at all'],
      ctx.s.entra.issuedTokens(),
    );
    // A short leaf whose key names a credential is masked; a boolean is not.
    expect(r.masks).toContain('x9');
    expect(r.masks).not.toContain('true');
  });

  it('refuses leaves whose names collide, before anything is written', async () => {
    sampleVault(ctx.s, { cfg: JSON.stringify({ 'a-b': 'first-value', a_b: 'second-value' }) });
    const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'cfg', 'parse-json': 'true' });
    expect(r.errors[0]).toMatch(/CFG_A_B.*already exported/);
    expectNothingExported(r);
  });

  it('leaves JSON whole without parse-json', async () => {
    sampleVault(ctx.s, { 'db-config': JSON.stringify(config) });
    const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'db-config' });
    expect(r.outputs).toEqual({ DB_CONFIG: JSON.stringify(config) });
  });
});

describe('prefix wildcards', () => {
  it('takes every enabled secret that starts with the prefix, across list pages', async () => {
    const secrets: Record<string, unknown> = {
      'app-disabled': { value: 'off-value', enabled: false },
      'other-thing': 'not-matched-value',
    };
    for (let i = 0; i < 30; i++) secrets[`app-${String(i).padStart(2, '0')}`] = `app-value-${i}`;
    sampleVault(ctx.s, secrets as never);

    const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'app-*' });

    expect(r.errors).toEqual([]);
    expect(Object.keys(r.outputs)).toHaveLength(30);
    expect(r.outputs.APP_07).toBe('app-value-7');
    expect(r.outputs).not.toHaveProperty('APP_DISABLED');
    expect(r.outputs).not.toHaveProperty('OTHER_THING');
    expect(ctx.s.stats.listPages).toBe(2);
    expect(ctx.s.stats.challenges).toBe(1);
  });

  it('refuses, before any request, a prefix whose names would all be in a namespace programs read', async () => {
    sampleVault(ctx.s, { 'node-options': '--require /tmp/evil.js', 'node-version': '24' });
    const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'node-*' });
    expect(r.errors).toEqual([
      expect.stringMatching(
        /secrets line 1: "node-\*": every name it gives would start with NODE_, and names starting with NODE_ change how other programs run.*MY_NODE_\*=node-\*/,
      ),
    ]);
    expect(ctx.s.requests()).toEqual([]);
    expectNothingExported(r);
  });

  it('NAMESPACE*=prefix* renames the namespace: each listed name past the prefix, under the one written', async () => {
    sampleVault(ctx.s, { 'prod-db-host': 'db.internal', 'prod-db-user': 'trainer', other: 'x-y-z' });
    const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'DB_*=prod-db-*' });
    expect(r.errors).toEqual([]);
    expect(r.outputs).toEqual({ DB_HOST: 'db.internal', DB_USER: 'trainer' });
  });

  it('fails when nothing matches, naming the wildcard; ignore-missing makes it a warning', async () => {
    sampleVault(ctx.s, { db: 'db-value-here' });
    const failed = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'db\nnope-*' });
    expect(failed.errors[0]).toMatch(/secrets line 2: ml-prod-kv\/nope-\*.*nothing matched/);
    expectNothingExported(failed);

    const ignored = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'db\nnope-*', 'ignore-missing': 'true' });
    expect(ignored.outputs).toEqual({ DB: 'db-value-here' });
    expect(ignored.warnings.join('\n')).toMatch(/nope-\* matched nothing/);
  });

  it('names the list permission when the access policy lacks it', async () => {
    sampleVault(
      ctx.s,
      { 'app-1': 'x-value' },
      { model: 'policy', grants: { [ctx.s.imds.identities[0]!.objectId]: ['get'] } },
    );
    const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'app-*' });
    expect(r.errors[0]).toMatch(/--secret-permissions get list/);
    expectNothingExported(r);
  });
});

describe('files', () => {
  const pem = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUexample\n-----END CERTIFICATE-----\n';
  const pfxBytes = Buffer.from([0x30, 0x82, 0x01, 0x0a, 0x02, 0x01, 0x03, 0xff, 0x00, 0x80]);
  const kubeconfig = 'apiVersion: v1\nclusters:\n- cluster:\n    server: https://k8s.internal\n';

  it('writes 0600 files in a fresh 0700 directory under RUNNER_TEMP, decodes PFX, and the post step removes them', async () => {
    sampleVault(ctx.s, {
      kubeconfig,
      'tls-cert': { value: pem, contentType: 'application/x-pem-file' },
      'client-pfx': { value: pfxBytes.toString('base64'), contentType: 'application/x-pkcs12' },
      'db-password': 'still-a-plain-value',
    });
    const r = await ctx.step({
      keyvault: 'ml-prod-kv',
      secrets: 'db-password',
      files: 'KUBECONFIG=kubeconfig\ntls-cert\nclient-pfx',
      'export-env': 'true',
    });

    expect(r.errors).toEqual([]);
    expect(r.outputs.DB_PASSWORD).toBe('still-a-plain-value');
    const paths = [r.outputs.KUBECONFIG!, r.outputs.TLS_CERT!, r.outputs.CLIENT_PFX!];
    expect(r.env.KUBECONFIG).toBe(paths[0]);
    const dir = dirname(paths[0]!);
    expect(dir.startsWith(`${r.runnerTemp}${sep}`)).toBe(true);
    expect(paths.map((p) => basename(p))).toEqual(['kubeconfig', 'tls-cert', 'client-pfx']);
    // File modes mean something on POSIX only (on Windows the directory's ACL does this: unit/read/export/windows.test.ts).
    /* eslint-disable jest/no-conditional-expect -- POSIX modes only; the Windows ACL has its own test (see above) */
    if (process.platform !== 'win32') {
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      for (const p of paths) expect(statSync(p).mode & 0o777).toBe(0o600);
    }
    /* eslint-enable jest/no-conditional-expect */
    expect(readFileSync(paths[0]!, 'utf8')).toBe(kubeconfig);
    expect(readFileSync(paths[1]!, 'utf8')).toBe(pem);
    expect(readFileSync(paths[2]!).equals(pfxBytes)).toBe(true);
    expectMaskedAndNotLeaked(r, [kubeconfig, pem, 'still-a-plain-value'], ctx.s.entra.issuedTokens());
    expect(r.summary).toMatch(/KUBECONFIG.*file/);

    const post = await runPostStep(r);
    expect(post.code).toBe(0);
    for (const p of paths) expect(existsSync(p)).toBe(false);
    expect(existsSync(dir)).toBe(false);
    post.cleanup();
  });

  it('the post step removes only what the step wrote', async () => {
    sampleVault(ctx.s, { kubeconfig });
    const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: '', files: 'kubeconfig' });
    const dir = dirname(r.outputs.KUBECONFIG!);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${dir}/someone-elses-file`, 'keep me');
    writeFileSync(`${r.runnerTemp}/unrelated`, 'keep me too');

    const post = await runPostStep(r);
    expect(existsSync(r.outputs.KUBECONFIG!)).toBe(false);
    expect(readdirSync(dir)).toEqual(['someone-elses-file']);
    expect(existsSync(`${r.runnerTemp}/unrelated`)).toBe(true);
    post.cleanup();
  });

  it('writes no file when anything fails', async () => {
    sampleVault(ctx.s, { kubeconfig });
    const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'missing', files: 'kubeconfig' });
    expectNothingExported(r);
    expect(readdirSync(r.runnerTemp)).toEqual([]);
  });
});

describe('job summary', () => {
  it('lists each export with vault, secret, version, dates and how, never a value', async () => {
    const kv = sampleVault(ctx.s);
    const s = ctx.s.keyvault.setSecret(kv.host, 'db-password', {
      value: 'summary-value-123',
      exp: new Date(Date.now() + 100 * DAY),
    });
    const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'DB=db-password', 'export-env': 'false' });
    expect(r.summary).toContain('| `DB` | ml-prod-kv | db-password | `' + s.version.slice(0, 8) + '…`');
    expect(r.summary).toMatch(/\| output \|/);
    expect(r.summary).toContain(new Date(Date.now() + 100 * DAY).toISOString().slice(0, 10));
    expect(r.summary).not.toContain('summary-value-123');
  });

  it('on failure, lists each failed reference and its reason', async () => {
    sampleVault(ctx.s, { ok: 'fine-value-here' });
    const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'ok\nmissing-one' });
    expect(r.summary).toMatch(/nothing was exported/);
    expect(r.summary).toMatch(/\| secrets 2 \| `MISSING_ONE` \| ml-prod-kv \| missing-one \| not found \|/);
    expect(r.summary).not.toContain('fine-value-here');
  });
});

describe('expiry', () => {
  function vaultWithDates() {
    const kv = sampleVault(ctx.s);
    ctx.s.keyvault.setSecret(kv.host, 'soon', { value: 'soon-value', exp: new Date(Date.now() + 3 * DAY) });
    ctx.s.keyvault.setSecret(kv.host, 'old', { value: 'old-value', exp: new Date(Date.now() - 2 * DAY) });
    ctx.s.keyvault.setSecret(kv.host, 'later', { value: 'later-value', nbf: new Date(Date.now() + 5 * DAY) });
    ctx.s.keyvault.setSecret(kv.host, 'fine', { value: 'fine-value', exp: new Date(Date.now() + 90 * DAY) });
  }

  it('warns about expiring, expired and not-yet-valid secrets', async () => {
    vaultWithDates();
    const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'soon\nold\nlater\nfine' });
    expect(r.code).toBe(0);
    const warnings = r.warnings.join('\n');
    expect(warnings).toMatch(/SOON .*expires on \d{4}-\d\d-\d\d \(in 3 days\)/);
    expect(warnings).toMatch(/OLD .*expired on/);
    expect(warnings).toMatch(/LATER .*not valid until/);
    expect(warnings).not.toMatch(/FINE/);
    expect(Object.keys(r.outputs)).toHaveLength(4);
  });

  it('fail-on-expired fails and exports nothing', async () => {
    vaultWithDates();
    const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'soon\nold', 'fail-on-expired': 'true' });
    expect(r.errors[0]).toMatch(/OLD .*expired on/);
    expectNothingExported(r);
  });

  it('expiry-warning-days sets the window', async () => {
    vaultWithDates();
    const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'soon', 'expiry-warning-days': '1' });
    expect(r.warnings).toEqual([]);
  });
});

describe('ignore-missing', () => {
  it('turns a missing secret into a warning and exports the rest; other failures still fail', async () => {
    sampleVault(ctx.s, { present: 'present-value', off: { value: 'x', enabled: false } });
    const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'present\nabsent', 'ignore-missing': 'true' });
    expect(r.code).toBe(0);
    expect(r.outputs).toEqual({ PRESENT: 'present-value' });
    expect(r.warnings.join('\n')).toMatch(/secrets line 2: ml-prod-kv\/absent does not exist; ABSENT is not exported/);

    const disabled = await ctx.step({
      keyvault: 'ml-prod-kv',
      secrets: 'present\nabsent\noff',
      'ignore-missing': 'true',
    });
    expect(disabled.errors[0]).toMatch(/line 3: ml-prod-kv\/off .*disabled/);
    expectNothingExported(disabled);
  });
});
