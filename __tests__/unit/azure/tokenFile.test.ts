// The workload identity token file reader: a small regular file, or a clear refusal.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTokenFile, TokenFileError } from '../../../src/azure/tokenFile.js';
import { itIf, posix } from '../../helpers/itIf.js';

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

  itIf(posix, 'symlinks without a privilege and FIFOs need POSIX')(
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

  itIf(posix, 'symlinks without a privilege and FIFOs need POSIX')(
    'refuses a FIFO without waiting for a writer',
    async () => {
      execFileSync('mkfifo', [join(dir, 'fifo')]);
      expect(await problem(join(dir, 'fifo'))).toBe('is a FIFO (named pipe), not a regular file');
    },
  );
});
