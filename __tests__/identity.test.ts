// The identity stage's units: the SDK log redactor, how the action's agents print,
// the proxy's credentials, the token file reader, the identity error classification.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { checkTokenLength, IdentityAnswerTooLargeError } from '../src/azure/identityHttp.js';
import { Redactor } from '../src/azure/sdkLog.js';
import { readTokenFile, TokenFileError } from '../src/azure/tokenFile.js';
import { createVaultAgent, describeProxy, proxyCredentials } from '../src/azure/vaultAgent.js';
import { createImdsAgent } from '../src/azure/imdsAgent.js';
import { classifyIdentityError } from '../src/identity/failures.js';

/** Symlinks and FIFOs are POSIX tests (a symlink needs a privilege on Windows). */
const posixIt = process.platform === 'win32' ? it.skip : it;

describe('Redactor', () => {
  const r = new Redactor();
  it.each([
    ['"proxy": "http://corp-user:Pr0xy-Pass@proxy.example:3128/"', '"proxy": "http://[REDACTED]@proxy.example:3128/"'],
    ['https://ghp_tokenAsUser@github.example/x', 'https://[REDACTED]@github.example/x'],
    ['Authorization: Basic Y29ycC11c2VyOlByMHh5LVBhc3M=', 'Authorization: Basic [REDACTED]'],
    ['"Proxy-Authorization": "Basic Y29ycA=="', '"Proxy-Authorization": "[REDACTED]"'],
    ['proxy-authorization: Negotiate abc123', 'proxy-authorization: [REDACTED]'],
  ])('redacts %s', (text, expected) => {
    expect(r.redact(text)).toBe(expected);
  });

  it('keeps what is not a credential: a challenge realm, a URL without user info, an email address', () => {
    const text =
      'WWW-Authenticate: Basic realm=/var/opt/azcmagent/tokens/x.key https://vault.azure.net/secrets/a?api-version=7.5 ops@example.com';
    expect(r.redact(text)).toBe(text);
  });

  it('stays linear on text crafted to backtrack', () => {
    const crafted = `${'a.'.repeat(50_000)}${'x://'.repeat(20_000)}`;
    expect(r.redact(crafted)).toBe(crafted);
  });
});

describe('agents and proxy credentials', () => {
  const env = { HTTPS_PROXY: 'http://corp%40user:p%40ss-w0rd@127.0.0.1:3128', NO_PROXY: '' };

  it('the proxy agent prints (JSON and inspect) as one line without user or password', () => {
    const agent = createVaultAgent('https://kv.vault.azure.net', env)!;
    for (const printed of [JSON.stringify({ agent }), inspect({ agent })]) {
      expect(printed).toContain('[agent via proxy http://127.0.0.1:3128/]');
      expect(printed).not.toMatch(/p%40ss|p@ss|corp/);
    }
    expect(JSON.stringify(createImdsAgent())).toBe('"[identity endpoint agent, direct]"');
    expect(describeProxy(env.HTTPS_PROXY)).toBe('http://127.0.0.1:3128/');
  });

  it('the credentials to mask: the decoded and raw password, and the Basic form', () => {
    expect(proxyCredentials(env)).toEqual([
      'p@ss-w0rd',
      'p%40ss-w0rd',
      'corp@user:p@ss-w0rd',
      Buffer.from('corp@user:p@ss-w0rd').toString('base64'),
    ]);
    expect(proxyCredentials({ HTTPS_PROXY: 'http://127.0.0.1:3128' })).toEqual([]);
    expect(proxyCredentials({})).toEqual([]);
  });
});

describe('readTokenFile', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'token-file-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const problem = async (file: string, max?: number) => {
    const error = await readTokenFile(file, max).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TokenFileError);
    return (error as TokenFileError).problem;
  };

  posixIt(
    `reads and trims a regular file, also through the symlinks of a projected volume${process.platform === 'win32' ? ' (skipped on Windows: symlinks need a privilege)' : ''}`,
    async () => {
      mkdirSync(join(dir, '..data'));
      writeFileSync(join(dir, '..data', 'token'), '  eyJhbGciOi.eyJzdWIi.c2ln\n');
      symlinkSync(join(dir, '..data', 'token'), join(dir, 'token'));
      await expect(readTokenFile(join(dir, 'token'))).resolves.toBe('eyJhbGciOi.eyJzdWIi.c2ln');
    },
  );

  it('refuses a directory, a file over the cap, an empty file and a missing one', async () => {
    expect(await problem(dir)).toBe('is a directory, not a regular file');
    writeFileSync(join(dir, 'big'), 'x'.repeat(2049));
    expect(await problem(join(dir, 'big'), 2048)).toBe(
      'is 2049 bytes, larger than the 2 KiB a service account token can be',
    );
    writeFileSync(join(dir, 'empty'), ' \n');
    expect(await problem(join(dir, 'empty'))).toBe('is empty');
    expect(await problem(join(dir, 'missing'))).toBe('cannot be opened (ENOENT)');
  });

  posixIt('refuses a FIFO without waiting for a writer', async () => {
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    expect(await problem(join(dir, 'fifo'))).toBe('is a FIFO (named pipe), not a regular file');
  });
});

describe('classifyIdentityError: the action’s own identity errors', () => {
  it('a token file problem and an oversized answer, also as the cause of an SDK error', () => {
    expect(classifyIdentityError(new TokenFileError('/t', 'is empty'), 0)).toEqual({
      kind: 'token-file',
      file: '/t',
      problem: 'is empty',
    });
    const wrapped = new Error('ManagedIdentityCredential: network_error', {
      cause: new IdentityAnswerTooLargeError('h answered with more than 64 KiB'),
    });
    expect(classifyIdentityError(wrapped, 0)).toEqual({ kind: 'too-large', what: 'h answered with more than 64 KiB' });
  });

  it('a token longer than the cap', () => {
    expect(() => checkTokenLength('x'.repeat(33 * 1024), 'IMDS')).toThrow(
      'IMDS issued a token of 33 KiB, more than the 32 KiB an access token can be',
    );
    expect(() => checkTokenLength('x'.repeat(4096), 'IMDS')).not.toThrow();
  });
});
