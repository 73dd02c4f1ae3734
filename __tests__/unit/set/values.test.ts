import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SecretToWrite, SetConfig, ValueSource } from '../../../src/set/inputs.js';
import { ALPHABETS } from '../../../src/set/inputs.js';
import { generate, loadValues } from '../../../src/set/values.js';
import { ActionError } from '../../../src/util/errors.js';
import { FakeRunner } from '../../helpers/fakes.js';

const LIMIT = 25_600;
let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'set-values-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fileOf(name: string, content: Buffer | string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const secret = (source: ValueSource, name = 'api-token', line = 1): SecretToWrite => ({ name, source, line });

const setOf = (secrets: SecretToWrite[], more: Partial<SetConfig> = {}): SetConfig => ({
  vault: { name: 'kv', url: 'https://kv.vault.azure.net/' },
  secrets,
  encoding: 'utf-8',
  dropTrailingNewline: false,
  tags: {},
  skipUnchanged: false,
  keepVersions: 0,
  onDeleted: 'fail',
  allowPullRequests: false,
  ...more,
});

async function load(secrets: SecretToWrite[], more: Partial<SetConfig> = {}, env: Record<string, string> = {}) {
  const runner = new FakeRunner();
  const held: string[] = [];
  const values = await loadValues(
    { deps: { log: runner, env: { GITHUB_WORKSPACE: dir, ...env } } as never, hold: (v) => void held.push(v) },
    setOf(secrets, more),
  );
  return { values, masks: runner.of('mask').map((e) => e[1]), held };
}

async function refusal(secrets: SecretToWrite[], more: Partial<SetConfig> = {}, env: Record<string, string> = {}) {
  const error = await load(secrets, more, env).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ActionError);
  return (error as ActionError).message;
}

describe('loadValues reads the bytes exactly', () => {
  it('sends a file as it is: no trim, no re-encoding, and the trailing newline kept and reported', async () => {
    const content = '  line one\r\n\tline two é\n';
    const { values } = await load([secret({ kind: 'file', path: fileOf('exact.txt', content) })]);
    expect(values[0]).toMatchObject({
      value: content,
      bytes: Buffer.byteLength(content),
      trailingNewline: true,
      droppedNewline: false,
    });
  });

  it('drops one trailing newline (\\n or \\r\\n) when asked, and only one', async () => {
    const lf = await load([secret({ kind: 'file', path: fileOf('lf.txt', 'token\n\n') })], {
      dropTrailingNewline: true,
    });
    expect(lf.values[0]).toMatchObject({ value: 'token\n', bytes: 6, trailingNewline: true, droppedNewline: true });
    const crlf = await load([secret({ kind: 'file', path: fileOf('crlf.txt', 'token\r\n') })], {
      dropTrailingNewline: true,
    });
    expect(crlf.values[0]).toMatchObject({ value: 'token', bytes: 5, droppedNewline: true });
  });

  it('says there was no newline when there was none', async () => {
    const { values } = await load([secret({ kind: 'env', variable: 'TOKEN' })], {}, { TOKEN: 'abc' });
    expect(values[0]).toMatchObject({ value: 'abc', trailingNewline: false, droppedNewline: false });
  });

  it('takes a file of exactly 25,600 bytes and refuses 25,601, with no value in the message', async () => {
    const at = await load([secret({ kind: 'file', path: fileOf('at.txt', 'a'.repeat(LIMIT)) })]);
    expect(at.values[0]!.bytes).toBe(LIMIT);
    const message = await refusal([secret({ kind: 'file', path: fileOf('over.txt', 'b'.repeat(LIMIT + 1)) })]);
    expect(message).toMatch(/line 1 \(api-token\): the file is larger than Key Vault's limit of 25600 bytes/);
    expect(message).not.toContain('bbbb');
  });

  it('counts the limit in bytes as sent: 12,801 two-byte characters are refused', async () => {
    const message = await refusal([secret({ kind: 'env', variable: 'TOKEN' })], {}, { TOKEN: 'é'.repeat(12_801) });
    expect(message).toMatch(/25602 bytes as sent, more than Key Vault's limit of 25600/);
  });

  it('refuses a file that is not UTF-8 unless base64 is asked for, and then sends its base64', async () => {
    const binary = Buffer.from([0x30, 0x82, 0xff, 0xfe, 0x00, 0x0a]);
    const path = fileOf('cert.pfx', binary);
    expect(await refusal([secret({ kind: 'file', path })])).toMatch(/not UTF-8; write it with encoding: base64/);
    const { values } = await load([secret({ kind: 'file', path })], {
      encoding: 'base64',
      contentType: 'application/x-pkcs12',
    });
    expect(Buffer.from(values[0]!.value, 'base64').equals(binary)).toBe(true);
    expect(values[0]).toMatchObject({ bytes: 8, trailingNewline: false });
  });

  it('refuses a base64 file whose encoding exceeds the limit (the limit counts what is sent)', async () => {
    const path = fileOf('big.bin', Buffer.alloc(20_000, 0xff));
    expect(await refusal([secret({ kind: 'file', path })], { encoding: 'base64', contentType: 'x;base64' })).toMatch(
      /26668 bytes as sent/,
    );
  });

  it('refuses an environment variable Node could not decode as UTF-8', async () => {
    expect(await refusal([secret({ kind: 'env', variable: 'TOKEN' })], {}, { TOKEN: 'ab\uFFFDcd' })).toMatch(
      /TOKEN is not UTF-8/,
    );
  });

  it('refuses an unset variable and a missing file, listing both in one error', async () => {
    const message = await refusal([
      secret({ kind: 'env', variable: 'UNSET' }, 'a', 1),
      secret({ kind: 'file', path: 'no/such/file' }, 'b', 2),
    ]);
    expect(message).toMatch(/^The inputs have 2 problems/);
    expect(message).toMatch(/line 1 \(a\): the environment variable UNSET is not set or empty/);
    expect(message).toMatch(/line 2 \(b\): cannot read no\/such\/file \(ENOENT\)/);
  });
});

describe('loadValues masks each value, every line of it, as it reads it', () => {
  it('masks a generated value, which nothing upstream masked, and holds it for the failure path', async () => {
    const { values, masks, held } = await load([secret({ kind: 'generate', length: 40, alphabet: 'hex' })]);
    expect(values[0]!.value).toMatch(/^[0-9a-f]{40}$/);
    expect(masks).toContain(values[0]!.value);
    expect(held).toContain(values[0]!.value);
  });

  it('masks every line of a multi-line value', async () => {
    const { masks } = await load(
      [secret({ kind: 'file', path: fileOf('key.pem', 'first-line-x\nsecond-line-y\n') })],
      {},
    );
    expect(masks).toEqual(expect.arrayContaining(['first-line-x', 'second-line-y']));
  });

  it('masks a binary file as read and as its base64', async () => {
    const path = fileOf('bin.dat', Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x41, 0x42, 0x43, 0x44]));
    const { values, masks } = await load([secret({ kind: 'file', path })], {
      encoding: 'base64',
      contentType: 'x;base64',
    });
    expect(masks).toContain(values[0]!.value);
  });
});

describe('generate', () => {
  it('draws only from the alphabet, at the length asked', () => {
    for (const [name, alphabet] of Object.entries(ALPHABETS)) {
      const value = generate(64, alphabet);
      expect([name, value.length]).toEqual([name, 64]);
      expect([...value].every((c) => alphabet.includes(c))).toBe(true);
    }
  });
});
