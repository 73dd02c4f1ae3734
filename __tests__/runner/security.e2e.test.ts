// The action tried as an attacker would, and as a new user would: each case runs the bundled
// action as a step against the stand-in, with debug and SDK logging on.
import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT, runPostStep } from '../../standin/runner.mjs';
import {
  expectMaskedAndNotLeaked,
  expectNothingExported,
  sampleInputs,
  sampleVault,
  useStandin,
} from '../helpers/standin.js';
import { itIf, posix } from '../helpers/itIf.js';

const ctx = useStandin();
const VALUE = 'security-suite-secret-value';

/** Workflow commands the step printed, by name (add-mask aside). */
const commands = (stdout: string) =>
  stdout
    .split('\n')
    .map((l) => /^\s*::([a-z-]+)/.exec(l)?.[1])
    .filter((c): c is string => c !== undefined && c !== 'add-mask');

describe('no code cache another job could plant', () => {
  it('writes nothing to the tool cache or the temp directory', async () => {
    sampleVault(ctx.s, VALUE);
    const toolCache = mkdtempSync(join(tmpdir(), 'kv-toolcache-'));
    const temp = mkdtempSync(join(tmpdir(), 'kv-tmp-'));
    try {
      const r = await ctx.step(sampleInputs(), { env: { RUNNER_TOOL_CACHE: toolCache, TMPDIR: temp } });
      expect(r.code).toBe(0);
      expect(readdirSync(toolCache)).toEqual([]);
      expect(readdirSync(temp)).toEqual([]);
    } finally {
      rmSync(toolCache, { recursive: true, force: true });
      rmSync(temp, { recursive: true, force: true });
    }
  });
});

describe('vault text cannot forge workflow commands', () => {
  const forged =
    '\n::save-state name=written-files::{"dir":"/tmp","files":["/tmp/x"]}\n::warning::forged\n::set-output name=X::y\n';

  it('in JSON keys', async () => {
    sampleVault(ctx.s, { config: JSON.stringify({ [`k${forged}`]: 'json-leaf-value', plain: 'another-leaf' }) });
    const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'config', 'parse-json': 'true' });
    expect(r.code).toBe(0);
    expect(r.state).toEqual({});
    expect(r.warnings).toEqual([]);
    expect(new Set(commands(r.stdout))).toEqual(new Set(['debug', 'group', 'endgroup']));
    expect(r.stdout).toContain('\\u000a::save-state');
  });

  it('in names a listing returns', async () => {
    const kv = sampleVault(ctx.s, { 'ok-one': 'listed-value-1' });
    ctx.s.keyvault.setSecret(
      kv.host,
      'ok-two\n::save-state name=written-files::x\n::warning::forged',
      'listed-value-2',
    );
    const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'ok-*' });
    expect(r.errors).toEqual([]);
    expect(r.outputs).toEqual({ OK_ONE: 'listed-value-1' });
    expect(r.state).toEqual({});
    expect(r.warnings).toEqual([
      expect.stringMatching(/Skipped 1 listed name that no Key Vault would give.*ml-prod-kv: ok-two/),
    ]);
    expect(commands(r.stdout).filter((c) => c === 'warning')).toHaveLength(1);
  });

  it('in error bodies the SDK logs (AZURE_LOG_LEVEL=verbose), on stdout and stderr', async () => {
    sampleVault(ctx.s, VALUE);
    const body = { error: { code: 'InternalError', message: `transient${forged}` } };
    ctx.s.fault(
      'vault',
      [
        { status: 500, body },
        { status: 503, body },
      ],
      '/secrets/db-password',
    );
    const r = await ctx.step(sampleInputs());
    expect(r.code).toBe(0);
    expect(r.warnings).toEqual([]);
    expect(r.state).toEqual({});
    expect(commands(r.stderr)).toEqual([]);
  });

  it('in versions, content types and the job summary', async () => {
    const kv = sampleVault(ctx.s, VALUE);
    ctx.s.keyvault.setSecret(kv.host, 'db-password', { value: VALUE, contentType: `text/plain${forged}<img src=x>` });
    const r = await ctx.step(sampleInputs());
    expect(r.code).toBe(0);
    expect(r.summary).not.toMatch(/<img/);
    expect(commands(r.stdout).filter((c) => !['debug', 'group', 'endgroup'].includes(c))).toEqual([]);
  });
});

describe('the post step removes only what this action wrote', () => {
  const post = async (written: unknown, runnerTemp: string) => {
    const state = { 'written-files': typeof written === 'string' ? written : JSON.stringify(written) };
    const r = await runPostStep({ state, runnerTemp }, { env: ctx.s.env() });
    r.cleanup();
    return r;
  };

  it.each([
    [
      'a directory outside RUNNER_TEMP',
      (t: string, outside: string) => ({ dir: outside, files: [join(outside, 'victim')] }),
    ],
    [
      'a path with ..',
      (t: string, outside: string) => ({
        dir: join(t, 'keyvault-secrets-x', '..', '..', 'outside'),
        files: [join(outside, 'victim')],
      }),
    ],
    [
      'a directory not named by this action',
      (t: string) => ({ dir: join(t, 'other'), files: [join(t, 'other', 'victim')] }),
    ],
    [
      'a file outside the directory',
      (t: string, outside: string) => ({ dir: join(t, 'keyvault-secrets-x'), files: [join(outside, 'victim')] }),
    ],
    ['state that is not JSON', () => 'not json'],
  ])('ignores state naming %s, with a warning', async (_, make) => {
    const base = mkdtempSync(join(tmpdir(), 'kv-post-'));
    const runnerTemp = join(base, 'runner-temp');
    const outside = join(base, 'outside');
    mkdirSync(join(runnerTemp, 'keyvault-secrets-x'), { recursive: true });
    mkdirSync(join(runnerTemp, 'other'), { recursive: true });
    mkdirSync(outside, { recursive: true });
    for (const dir of [outside, join(runnerTemp, 'other')]) writeFileSync(join(dir, 'victim'), 'keep me');
    try {
      const r = await post(make(runnerTemp, outside), runnerTemp);
      expect(r.code).toBe(0);
      expect(r.warnings).toEqual([expect.stringMatching(/Ignored the saved list of secret files and removed nothing/)]);
      expect(readFileSync(join(outside, 'victim'), 'utf8')).toBe('keep me');
      expect(existsSync(join(runnerTemp, 'other', 'victim'))).toBe(true);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  // A symlink needs a privilege on Windows; the check itself (lstat, isFile) is the same there.
  itIf(posix, 'symlinks without a privilege and a POSIX shell need POSIX')(
    `leaves a symlink (and what it points to) alone${process.platform === 'win32' ? ' (skipped on Windows: symlinks need a privilege)' : ''}`,
    async () => {
      const base = mkdtempSync(join(tmpdir(), 'kv-post-'));
      const dir = join(base, 'keyvault-secrets-x');
      mkdirSync(dir);
      writeFileSync(join(base, 'victim'), 'keep me');
      symlinkSync(join(base, 'victim'), join(dir, 'link'));
      writeFileSync(join(dir, 'mine'), 'secret');
      try {
        const r = await post({ dir, files: [join(dir, 'link'), join(dir, 'mine')] }, base);
        expect(r.code).toBe(0);
        expect(readFileSync(join(base, 'victim'), 'utf8')).toBe('keep me');
        expect(existsSync(join(dir, 'link'))).toBe(true);
        expect(existsSync(join(dir, 'mine'))).toBe(false);
      } finally {
        rmSync(base, { recursive: true, force: true });
      }
    },
  );
});

describe('no response text in what users see', () => {
  const PLANTED = 'planted-in-the-body-0123456789';

  it.each([
    [
      'a 409 whose body carries text',
      { status: 409, body: { error: { code: 'Conflict', message: `value is ${PLANTED}` } } },
      /refused by Key Vault \(409 Conflict\)/,
    ],
    [
      'an error code that is not an identifier',
      { status: 403, body: { error: { code: `Forbidden ${PLANTED}`, message: PLANTED } } },
      /: forbidden \(Forbidden\): the runner's managed identity/,
    ],
    [
      'a 200 that is not JSON',
      { status: 200, body: `{"value":"${PLANTED}"`, contentType: 'application/json' },
      /not Key Vault: .* answered 200 with a body that is not Key Vault's JSON/,
    ],
    [
      'an HTML page',
      { status: 200, body: `<html><body>${PLANTED}</body></html>`, contentType: 'text/html' },
      /not Key Vault: .*body that is not Key Vault's JSON/,
    ],
    [
      'a redirect',
      {
        status: 302,
        body: PLANTED,
        contentType: 'text/plain',
        headers: { Location: 'https://ml-prod-kv.vault.azure.net/secrets/db-password' },
      },
      /not Key Vault: .*redirect \(302\)/,
    ],
  ])('%s', async (_, step, message) => {
    sampleVault(ctx.s, VALUE);
    ctx.s.fault(
      'vault',
      Array.from({ length: 25 }, () => step),
      '/secrets/db-password',
    );
    const r = await ctx.step(sampleInputs());
    expect(r.code).toBe(1);
    expect(r.errors).toEqual([expect.stringMatching(message)]);
    expect(r.errors.join('\n')).not.toContain(PLANTED);
    expect(r.summary).not.toContain(PLANTED);
    expectNothingExported(r);
  });

  it('masks the token and the values already fetched before printing any detail', async () => {
    const kv = sampleVault(ctx.s, { 'db-password': VALUE, 'other-secret': 'other-secret-value' });
    ctx.s.fault(
      'vault',
      [{ status: 409, body: { error: { code: 'Conflict', message: 'no' } } }],
      '/secrets/other-secret',
    );
    void kv;
    const r = await ctx.step(sampleInputs({ secrets: 'db-password\nother-secret' }));
    expect(r.code).toBe(1);
    const firstDebugDetail = r.stdout.indexOf('::debug::ml-prod-kv/other-secret');
    expect(firstDebugDetail).toBeGreaterThan(0);
    for (const secret of [VALUE, ctx.s.entra.issuedTokens().at(-1)!]) {
      const mask = r.stdout.indexOf(`::add-mask::${secret}`);
      expect(mask).toBeGreaterThanOrEqual(0);
      expect(mask).toBeLessThan(firstDebugDetail);
    }
    expectMaskedAndNotLeaked(r, [VALUE], ctx.s.entra.issuedTokens());
  });

  it('IMDS answering a token cut short', async () => {
    sampleVault(ctx.s, VALUE);
    ctx.s.fault('imds', [{ status: 200, body: '{"access_token":"eyJ0eXAiOiJKV1QiLCJhbGciOi' }]);
    const r = await ctx.step(sampleInputs());
    expect(r.code).toBe(1);
    expect(r.errors).toEqual([expect.stringMatching(/answered with something that is not a token/)]);
    expect(r.errors.join('\n')).not.toContain('eyJ0eXAiOiJKV1QiLCJhbGciOi');
  });
});

describe('JSON arrays and big numbers', () => {
  it('masks every string inside an array and keeps numbers exactly as written', async () => {
    const json =
      '{"keys":["alpha-secret-1",["nested-secret-2",{"deep":"object-secret-3"}]],"big":12345678901234567890,"ratio":1.50}';
    sampleVault(ctx.s, { config: json });
    const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'config', 'parse-json': 'true' });
    expect(r.code).toBe(0);
    expect(r.outputs).toEqual({
      CONFIG_KEYS: '["alpha-secret-1",["nested-secret-2",{"deep":"object-secret-3"}]]',
      CONFIG_BIG: '12345678901234567890',
      CONFIG_RATIO: '1.50',
    });
    expect(r.masks).toEqual(expect.arrayContaining(['alpha-secret-1', 'nested-secret-2', 'object-secret-3']));
  });

  it('refuses JSON nested too deep, naming the line', async () => {
    sampleVault(ctx.s, { config: `{"a":${'['.repeat(50_000)}${']'.repeat(50_000)}}` });
    const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'config', 'parse-json': 'true' });
    expect(r.code).toBe(1);
    expect(r.errors).toEqual([
      expect.stringMatching(/secrets line 1: CONFIG: the JSON in ml-prod-kv\/config nests deeper than 32 levels/),
    ]);
    expectNothingExported(r);
  });
});

describe('a summary that cannot be written', () => {
  it('warns, and keeps the step green with its outputs', async () => {
    sampleVault(ctx.s, VALUE);
    const base = mkdtempSync(join(tmpdir(), 'kv-summary-'));
    try {
      const r = await ctx.step(sampleInputs(), { env: { GITHUB_STEP_SUMMARY: base } }); // a directory: the write fails
      expect(r.code).toBe(0);
      expect(r.outputs).toEqual({ DB_PASSWORD: VALUE });
      expect(r.warnings).toEqual([
        expect.stringMatching(/exported, but the job summary could not be written \(EISDIR\)/),
      ]);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });
});

describe('files', () => {
  it('gives clashing file names distinct files instead of failing', async () => {
    sampleVault(ctx.s, { tls: 'first-cert-value' });
    ctx.s.keyvault.addVault('other-kv', { secrets: { tls: 'second-cert-value' } });
    const r = await ctx.step({
      keyvault: 'ml-prod-kv',
      secrets: '',
      files: 'CERT=tls\ntls=https://other-kv.vault.azure.net/secrets/tls',
    });
    expect(r.errors).toEqual([]);
    expect(r.outputs.CERT).toMatch(/\/tls$/);
    expect(r.outputs.tls).toMatch(/\/tls_2$/);
    expect(readFileSync(r.outputs.tls!, 'utf8')).toBe('second-cert-value');
  });

  it('refuses a PKCS#12 secret whose value is not base64', async () => {
    const kv = sampleVault(ctx.s, {});
    ctx.s.keyvault.setSecret(kv.host, 'bad-pfx', { value: 'this is not base64!', contentType: 'application/x-pkcs12' });
    const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: '', files: 'bad-pfx' });
    expect(r.code).toBe(1);
    expect(r.errors).toEqual([
      expect.stringMatching(/files line 1: BAD_PFX: .* application\/x-pkcs12, but its value is not base64/),
    ]);
    expectNothingExported(r);
  });
});

describe('masking leaves structure readable', () => {
  it('masks a kubeconfig line by line, but not "{" or "apiVersion: v1"', async () => {
    const kubeconfig =
      'apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: https://aks-prod.hcp.eastus.azmk8s.io:443\n  name: aks\nusers:\n- name: ci\n  user:\n    token: kubetoken-0123456789\n';
    const json = '{\n  "type": "service_account",\n  "private_key": "-----BEGIN KEY-----MIIsample"\n}';
    sampleVault(ctx.s, { kubeconfig, sa: json });
    const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'kubeconfig\nsa' });
    expect(r.code).toBe(0);
    for (const structural of ['{', '}', 'apiVersion: v1', 'kind: Config', 'users:', '- name: ci'])
      expect(r.masks).not.toContain(structural);
    expect(r.masks).toEqual(
      expect.arrayContaining([
        'server: https://aks-prod.hcp.eastus.azmk8s.io:443',
        'token: kubetoken-0123456789',
        '"private_key": "-----BEGIN KEY-----MIIsample"',
        '"type": "service_account",',
      ]),
    );
    expectMaskedAndNotLeaked(r, [kubeconfig, json], ctx.s.entra.issuedTokens());
  });
});

describe('for a new user', () => {
  it('action.yml: secrets is optional and no outputs are declared', () => {
    const yml = readFileSync(join(ROOT, 'action.yml'), 'utf8');
    expect(/^ {2}secrets:\n(?: {4}.*\n| {6}.*\n)*? {4}required: false$/m.test(yml)).toBe(true);
    expect(yml).not.toMatch(/^outputs:/m);
  });

  it('the repository has a licence, a security policy, a changelog and a release workflow', () => {
    for (const file of ['LICENSE', 'SECURITY.md', 'CHANGELOG.md', '.github/workflows/release.yml'])
      expect(existsSync(join(ROOT, file))).toBe(true);
    expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
  });

  it('dist/ carries no browser-opening helper', () => {
    expect(existsSync(join(ROOT, 'dist', 'xdg-open'))).toBe(false);
    expect(
      readdirSync(join(ROOT, 'dist')).some(
        (f) => f.endsWith('.js') && readFileSync(join(ROOT, 'dist', f), 'utf8').includes('xdg-open'),
      ),
    ).toBe(false);
  });

  // The snippet is for POSIX shells (bash, zsh); on Windows `bash` may be WSL's.
  itIf(posix, 'symlinks without a privilege and a POSIX shell need POSIX')(
    `the stand-in CLI prints a command that runs the action against it, and lists every sample secret${process.platform === 'win32' ? ' (skipped on Windows: the snippet is for POSIX shells)' : ''}`,
    async () => {
      const { spawn } = await import('node:child_process');
      const cli = spawn(process.execPath, [join(ROOT, 'standin', 'cli.mjs')], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      try {
        let printed = '';
        await new Promise<void>((resolve, reject) => {
          cli.stdout.setEncoding('utf8').on('data', (d: string) => {
            printed += d;
            if (printed.includes('cat "$step/output"\n)\n')) resolve();
          });
          cli.on('exit', () => reject(new Error(`cli exited: ${printed}`)));
        });
        for (const name of [
          'db-password',
          'storage-account-key',
          'hf-token',
          'service-account',
          'db-config',
          'kubeconfig',
          'wandb-key',
        ])
          expect(printed).toContain(`#   ${name}`);
        const { stdout } = await promisify(execFile)('bash', ['-c', printed], {
          cwd: ROOT,
          env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/root' },
          encoding: 'utf8',
        });
        expect(stdout).toContain('exit 0');
        expect(stdout).toMatch(/^DB_PASSWORD<<ghadelimiter_/m);
        expect(stdout).toMatch(/^STORAGE_KEY<<ghadelimiter_/m);
        // Pasted into a shell, the snippet leaves that shell's environment as it was (a subshell).
        const after = await promisify(execFile)(
          'bash',
          ['-c', `${printed}\necho "after: [\${HTTPS_PROXY-unset}] [\${NODE_EXTRA_CA_CERTS-unset}]"`],
          { cwd: ROOT, env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/root' }, encoding: 'utf8' },
        );
        expect(after.stdout).toContain('exit 0');
        expect(after.stdout).toContain('after: [unset] [unset]');
      } finally {
        cli.kill();
      }
    },
  );
});
