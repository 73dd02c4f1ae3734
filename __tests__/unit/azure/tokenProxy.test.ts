// AKS identity bindings in the adapter: the token proxy's CA file read as a small regular file of PEM
// certificates, and each request sent to the proxy at the path the Azure SDKs use.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { proxiedUrl, readCaFile, TokenProxyError } from '../../../src/azure/credentials/tokenProxy.js';
import { makeAuthority } from '../../../standin/certs.mjs';
import { itIf, posix } from '../../helpers/itIf.js';

describe('readCaFile', () => {
  let dir: string;
  const { caPem } = makeAuthority('readCaFile test CA', ['x.invalid']);
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ca-file-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const problem = async (file: string, max?: number) => {
    const error = await readCaFile(file, max).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TokenProxyError);
    expect((error as TokenProxyError).reason).toBe('ca-file');
    return (error as TokenProxyError).detail;
  };

  it('reads the certificates of a bundle', async () => {
    writeFileSync(join(dir, 'ca.crt'), `${caPem}\n${caPem}`);
    await expect(readCaFile(join(dir, 'ca.crt'))).resolves.toEqual([caPem.trim(), caPem.trim()]);
  });

  it('refuses a missing file, a directory, one over the cap, an empty one and one that is not PEM', async () => {
    expect(await problem(join(dir, 'missing'))).toBe('cannot be opened (ENOENT)');
    expect(await problem(dir)).toBe('is a directory, not a regular file');
    writeFileSync(join(dir, 'big'), caPem.repeat(4));
    expect(await problem(join(dir, 'big'), 2048)).toBe("is larger than the 2 KiB a cluster's CA bundle can be");
    writeFileSync(join(dir, 'empty'), '');
    expect(await problem(join(dir, 'empty'))).toBe('is empty');
    writeFileSync(join(dir, 'key'), '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n');
    expect(await problem(join(dir, 'key'))).toBe('holds no PEM certificate (-----BEGIN CERTIFICATE-----)');
  });

  itIf(posix, 'FIFOs need mkfifo (Linux, macOS)')('refuses a FIFO without blocking on it', async () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect(await problem(fifo)).toBe('is a FIFO (named pipe), not a regular file');
  });
});

describe('proxiedUrl', () => {
  it.each([
    [
      'https://login.microsoftonline.com/t/oauth2/v2.0/token',
      'https://10.0.0.1/',
      'https://10.0.0.1/t/oauth2/v2.0/token',
    ],
    [
      'https://login.microsoftonline.com/t/oauth2/v2.0/token',
      'https://p:8443/ib',
      'https://p:8443/ib/t/oauth2/v2.0/token',
    ],
    ['https://login.microsoftonline.com/t/oauth2/v2.0/token', 'https://p/ib/', 'https://p/ib/t/oauth2/v2.0/token'],
    [
      'https://login.microsoftonline.com/common/discovery/instance?api-version=1.1',
      'https://10.0.0.1/',
      'https://10.0.0.1/common/discovery/instance?api-version=1.1',
    ],
  ])('%s through %s', (request, proxy, expected) => {
    expect(proxiedUrl(request, proxy)).toBe(expected);
  });
});
