// The set step (set/action.yml → dist/set/index.js) run as the runner runs it, against the stand-in's Key Vault.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectMaskedAndNotLeaked, sampleVault, SAMPLE_VAULT, useStandin } from '../helpers/standin.js';

const ctx = useStandin();
const RUN = { GITHUB_RUN_ID: '4242', GITHUB_RUN_ATTEMPT: '1', GITHUB_WORKFLOW: 'nightly' };
const puts = () => ctx.s.requests('vault').filter((r) => r.method === 'PUT');

describe('the set step writes secrets, safely', () => {
  it('refuses a literal value, without repeating it and with no request', async () => {
    sampleVault(ctx.s);
    const r = await ctx.setStep({ keyvault: SAMPLE_VAULT, secrets: 'db-password=hunter2-literal-value' });
    expect(r.code).not.toBe(0);
    expect(r.errors.join('\n')).toMatch(/literal value.*prints every input/s);
    expect(`${r.stdout}${r.stderr}`).not.toContain('hunter2-literal-value');
    expect(ctx.s.requests('vault')).toEqual([]);
  });

  it('masks a generated value before its first use, and the PUT answer echoes it nowhere', async () => {
    const kv = sampleVault(ctx.s);
    const r = await ctx.setStep(
      { keyvault: SAMPLE_VAULT, secrets: 'api-key=generate:40\ndb-password=env:DB_PASSWORD' },
      { env: { DB_PASSWORD: 'from-an-env-var-1234\n', ...RUN } },
    );
    expect(r.errors).toEqual([]);
    expect(r.code).toBe(0);
    const [generated] = ctx.s.keyvault.versions(kv.host, 'api-key');
    const [fromEnv] = ctx.s.keyvault.versions(kv.host, 'db-password');
    expect(generated!.value).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(fromEnv!.value).toBe('from-an-env-var-1234\n');
    // The first line of the step's output is a mask: nothing was printed before the values were masks.
    expect(r.stdout.split('\n')[0]).toMatch(/^::add-mask::/);
    expectMaskedAndNotLeaked(r, [generated!.value, 'from-an-env-var-1234'], ctx.s.entra.issuedTokens());
    expect(JSON.parse(r.outputs.versions!)).toEqual({ 'api-key': generated!.version, 'db-password': fromEnv!.version });
    expect(fromEnv!.tags).toMatchObject({
      'github-repository': 'acme/training',
      'github-run-id': '4242',
      'github-run-attempt': '1',
      'github-workflow': 'nightly',
    });
    expect(r.summary).toContain('kept (the value ends with a newline)');
  });

  it('refuses a file of 25 KB + 1 byte before any request', async () => {
    sampleVault(ctx.s);
    const dir = mkdtempSync(join(tmpdir(), 'kv-set-'));
    writeFileSync(join(dir, 'big'), Buffer.alloc(25 * 1024 + 1, 'a'));
    const r = await ctx
      .setStep({ keyvault: SAMPLE_VAULT, secrets: `big=file:${join(dir, 'big')}` })
      .finally(() => rmSync(dir, { recursive: true, force: true }));
    expect(r.errors.join('\n')).toMatch(/larger than Key Vault's limit of 25600 bytes/);
    expect(ctx.s.requests('vault')).toEqual([]);
  });

  it('refuses a pull request unless allowed, and a fork always', async () => {
    sampleVault(ctx.s);
    const pr = (head: string) => ({
      pull_request: { number: 7, head: { repo: { full_name: head } }, base: { repo: { full_name: 'acme/training' } } },
      repository: { full_name: 'acme/training' },
    });
    const inputs = { keyvault: SAMPLE_VAULT, secrets: 'x-token=generate:32' };
    const refused = await ctx.setStep(inputs, { eventName: 'pull_request', event: pr('acme/training') });
    expect(refused.errors.join('\n')).toMatch(/pull_request event: refused.*allow-pull-requests: true/);
    const fork = await ctx.setStep(
      { ...inputs, 'allow-pull-requests': 'true' },
      { eventName: 'pull_request', event: pr('mallory/training') },
    );
    expect(fork.errors.join('\n')).toMatch(/mallory\/training, a fork: always refused/);
    expect(ctx.s.requests('vault')).toEqual([]);
    const allowed = await ctx.setStep(
      { ...inputs, 'allow-pull-requests': 'true' },
      { eventName: 'pull_request', event: pr('acme/training') },
    );
    expect(allowed.errors).toEqual([]);
  });

  it('leaves an unchanged secret alone with skip-unchanged', async () => {
    const kv = sampleVault(ctx.s, { 'db-password': 'same-bytes-as-before' });
    const [before] = ctx.s.keyvault.versions(kv.host, 'db-password');
    const r = await ctx.setStep(
      { keyvault: SAMPLE_VAULT, secrets: 'db-password=env:V', 'skip-unchanged': 'true' },
      { env: { V: 'same-bytes-as-before' } },
    );
    expect(r.errors).toEqual([]);
    expect(r.outputs.version).toBe(before!.version);
    expect(puts()).toEqual([]);
    expect(ctx.s.keyvault.versions(kv.host, 'db-password')).toHaveLength(1);
  });

  it('disables exactly the older enabled versions beyond keep-versions, and deletes none', async () => {
    const kv = sampleVault(ctx.s, {
      'hf-token': [
        { value: 'v1-token' },
        { value: 'v2-token', enabled: false },
        { value: 'v3-token' },
        { value: 'v4-token' },
      ],
    });
    const r = await ctx.setStep(
      { keyvault: SAMPLE_VAULT, secrets: 'hf-token=env:V', 'keep-versions': '2' },
      { env: { V: 'v5-token-new' } },
    );
    expect(r.errors).toEqual([]);
    const versions = ctx.s.keyvault.versions(kv.host, 'hf-token');
    expect(versions.map((v: { enabled: boolean }) => v.enabled)).toEqual([false, false, false, true, true]);
    // v1 and v3 were enabled and older than the newest two; v2 was disabled already.
    expect(r.log).toContain(`disabled older versions ${versions[2]!.version}, ${versions[0]!.version}`);
  });

  describe('a name that is deleted but recoverable', () => {
    const deletedVault = (spec = {}) => {
      const kv = sampleVault(ctx.s, { 'db-password': 'old-value-1234' }, spec);
      ctx.s.keyvault.deleteSecret(kv.host, 'db-password');
      return kv;
    };
    const write = (mode: string) =>
      ctx.setStep(
        { keyvault: SAMPLE_VAULT, secrets: 'db-password=env:V', 'on-deleted': mode },
        { env: { V: 'new-value-5678' } },
      );

    it('fails by default, with the purge date and both fixes', async () => {
      deletedVault();
      const r = await write('fail');
      expect(r.errors.join('\n')).toMatch(
        /deleted but recoverable.*purges it on \d{4}-.*az keyvault secret recover.*az keyvault secret purge/s,
      );
    });

    it('recovers it, retrying the PUT while the recovery finishes', async () => {
      const kv = deletedVault({ recoveryMs: 1500 });
      const r = await write('recover');
      expect(r.errors).toEqual([]);
      expect(ctx.s.keyvault.versions(kv.host, 'db-password').map((v: { value: string }) => v.value)).toEqual([
        'old-value-1234',
        'new-value-5678',
      ]);
      expect(puts().filter((p) => p.status === 409).length).toBeGreaterThan(1);
    });

    it('purges it, then writes it anew', async () => {
      const kv = deletedVault();
      const r = await write('purge');
      expect(r.errors).toEqual([]);
      expect(ctx.s.keyvault.versions(kv.host, 'db-password').map((v: { value: string }) => v.value)).toEqual([
        'new-value-5678',
      ]);
    });

    it('explains purge protection', async () => {
      deletedVault({ purgeProtection: true });
      const r = await write('purge');
      expect(r.errors.join('\n')).toMatch(/purge protection.*retention period.*on-deleted: recover/s);
    });
  });

  it('lists exactly what was written, with versions, when a later write fails', async () => {
    const kv = sampleVault(ctx.s);
    ctx.s.keyvault.failWritesOf(['b-secret']);
    const r = await ctx.setStep({
      keyvault: SAMPLE_VAULT,
      secrets: 'a-secret=generate:20\nb-secret=generate:20\nc-secret=generate:20',
      timeout: '10',
    });
    const error = r.errors.join('\n');
    const [a] = ctx.s.keyvault.versions(kv.host, 'a-secret');
    const [c] = ctx.s.keyvault.versions(kv.host, 'c-secret');
    expect(error).toMatch(/2 of 3 secrets were written/);
    expect(error).toContain(`a-secret: version ${a!.version}`);
    expect(error).toContain(`c-secret: version ${c!.version}`);
    expect(error).toMatch(/Not written:\n {2}b-secret: /);
  });

  it('sends every write with its body when the challenge answers late', async () => {
    const kv = sampleVault(ctx.s);
    ctx.s.keyvault.setChallengeLatency(800);
    const names = ['w-1', 'w-2', 'w-3', 'w-4', 'w-5', 'w-6'];
    const r = await ctx.setStep({ keyvault: SAMPLE_VAULT, secrets: names.map((n) => `${n}=generate:24`).join('\n') });
    expect(r.errors).toEqual([]);
    for (const n of names) expect(ctx.s.keyvault.versions(kv.host, n)).toHaveLength(1);
    expect(puts().filter((p) => p.status === 400)).toEqual([]);
    expect(ctx.s.stats.challenges).toBe(1);
  });

  it('hands a value from one job to the next through the vault', async () => {
    sampleVault(ctx.s);
    const name = `handoff-${RUN.GITHUB_RUN_ID}-${RUN.GITHUB_RUN_ATTEMPT}-model-key`;
    const first = await ctx.setStep(
      { keyvault: SAMPLE_VAULT, secrets: `${name}=env:MODEL_KEY`, expires: '2h' },
      { env: { MODEL_KEY: 'job-one-made-this-key', ...RUN } },
    );
    expect(first.errors).toEqual([]);
    const second = await ctx.step({ keyvault: SAMPLE_VAULT, secrets: `MODEL_KEY=${name}`, 'export-env': 'true' });
    expect(second.errors).toEqual([]);
    expect(second.env.MODEL_KEY).toBe('job-one-made-this-key');
    expect(second.masks).toContain('job-one-made-this-key');
    expectMaskedAndNotLeaked(second, ['job-one-made-this-key'], ctx.s.entra.issuedTokens());
  });
});
