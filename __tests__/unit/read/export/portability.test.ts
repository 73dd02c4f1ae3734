// The Windows-only code paths, checked on any OS (this project's CI machine has no
// Windows): the runner stand-in's file-command parsing and RUNNER_OS, the env-size limit, the saved
// paths the post step trusts under path.win32, and the Docker config directory's owner-only ACL.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, win32 } from 'node:path';
import { parseFileCommands, runnerOs } from '../../../../standin/runner.mjs';
import { envExportProblem, WINDOWS_MAX_VARIABLE } from '../../../../src/read/export/envLimits.js';
import { checkWrittenPaths } from '../../../../src/read/export/files.js';
import { createDockerConfigDir } from '../../../../src/read/export/dockerConfig.js';
import type { ExportItem } from '../../../../src/read/export/plan.js';

describe('the runner stand-in reads file commands as the runner does on each OS (FileCommandManager.cs ReadLine)', () => {
  // What @actions/core writes on Windows: os.EOL is "\r\n" after the NAME<<delimiter line, the value and the delimiter.
  const windows =
    'DB<<ghadelimiter_1\r\nfirst\r\nsecond\nthird\r\nghadelimiter_1\r\nK=v\r\nEMPTY<<ghadelimiter_2\r\nghadelimiter_2\r\n';
  it('on Windows a line also ends at "\\r\\n": the value keeps its inner newlines, not the last one', () => {
    expect(parseFileCommands(windows, 'win32')).toEqual({ DB: 'first\r\nsecond\nthird', K: 'v', EMPTY: '' });
  });
  it('on Linux only "\\n" ends a line: the same file leaves a "\\r" on every value (what the old stand-in made of it)', () => {
    expect(parseFileCommands(windows, 'linux')).toEqual({ DB: 'first\r\nsecond\nthird\r', K: 'v\r', EMPTY: '' });
    expect(parseFileCommands('K=v\r\nL<<d\na\r\nd\n', 'linux')).toEqual({ K: 'v\r', L: 'a\r' });
  });
  it('sets RUNNER_OS from the platform', () => {
    expect([runnerOs('win32'), runnerOs('linux'), runnerOs('darwin')]).toEqual(['Windows', 'Linux', 'macOS']);
  });
});

/** undefined, or a string matching re. */
const matching = (re: RegExp | undefined): unknown => (re === undefined ? undefined : expect.stringMatching(re));

const item = (name: string, value: string, via: ExportItem['via'] = 'value'): ExportItem =>
  ({ name, value, masks: [], via, source: { ref: { input: 'secrets', line: 1 } } }) as unknown as ExportItem;

describe('env exports on Windows: 32,767 UTF-16 code units per "NAME=value", no limit on the block', () => {
  const fits = WINDOWS_MAX_VARIABLE - 'BIG='.length;
  it.each([
    ['exactly the limit', 'x'.repeat(fits), false],
    ['one over', 'x'.repeat(fits + 1), true],
    ['astral characters count twice (UTF-16)', '\u{1F600}'.repeat(Math.floor(fits / 2) + 1), true],
    ['a file export: its path, never its content', 'x'.repeat(100_000), false],
  ])('%s', (title, value, refused) => {
    const problem = envExportProblem(
      [item('BIG', value, title.startsWith('a file') ? 'file' : 'value')],
      true,
      {},
      'win32',
    )?.text;
    expect(problem).toEqual(
      matching(
        refused
          ? /^BIG \(secrets line 1, .*Windows allows 32767 characters per environment variable.*Nothing was exported/
          : undefined,
      ),
    );
  });
  it('200 variables of 30,000 characters (6 MB) fit on Windows, not on Linux', () => {
    const items = Array.from({ length: 200 }, (_, i) => item(`V${i}`, 'y'.repeat(30_000)));
    expect(envExportProblem(items, true, {}, 'win32')).toBeUndefined();
    expect(envExportProblem(items, true, {}, 'linux')?.text).toMatch(/E2BIG: Linux allows 2\.0 MiB/);
    expect(envExportProblem(items, false, {}, 'win32')).toBeUndefined();
  });
});

describe('saved paths the post step removes, under path.win32: only names this action writes', () => {
  const dir = 'C:\\a\\_temp\\keyvault-secrets-Ab12';
  const docker = 'C:\\a\\_temp\\keyvault-secrets-docker-Cd34';
  it.each([
    ['the Docker config', docker, [`${docker}\\config.json`], undefined],
    ['a device name (opens the device)', dir, [`${dir}\\NUL`], /not directly inside/],
    ['a device name with an extension', dir, [`${dir}\\com1.txt`], /not directly inside/],
    ['an NTFS alternate data stream', dir, [`${dir}\\kubeconfig:hidden`], /not directly inside/],
    ['a trailing dot (Windows drops it)', dir, [`${dir}\\kubeconfig.`], /not directly inside/],
    ['a drive-relative directory', 'C:keyvault-secrets-Ab12', [], /not one this action creates/],
    ['the same directory spelt with /', 'C:/a/_temp/keyvault-secrets-Ab12', [`${dir}\\x`], /not directly inside/],
  ])('%s', (_, d, files, problem) => {
    expect(checkWrittenPaths(d, files, win32)).toEqual(matching(problem));
  });
});

describe("acr-login's Docker config directory on Windows", () => {
  const SID = 'S-1-5-21-1004336348-1177238915-682003330-1001';
  it('gets the owner-only ACL (whoami, then icacls) before config.json is written; on failure it is removed', () => {
    const runnerTemp = mkdtempSync(join(tmpdir(), 'kv-win-docker-'));
    try {
      const calls: [string, string[]][] = [];
      const written = createDockerConfigDir(runnerTemp, 'win32', (file, args) => {
        calls.push([win32.basename(file), args]);
        return file.endsWith('whoami.exe') ? `"host\\runner","${SID}"\r\n` : '';
      });
      expect(calls).toEqual([
        ['whoami.exe', ['/user', '/fo', 'csv', '/nh']],
        ['icacls.exe', [written.dir, '/inheritance:r', '/grant:r', `*${SID}:(OI)(CI)F`]],
      ]);
      rmSync(written.dir, { recursive: true });
      expect(() => createDockerConfigDir(runnerTemp, 'win32', () => 'no SID here')).toThrow(
        /readable by this user only.*Nothing was exported/,
      );
      expect(readdirSync(runnerTemp)).toEqual([]);
      const linux = createDockerConfigDir(runnerTemp, 'linux', () => {
        throw new Error('nothing runs on Linux: mkdtemp made it 0700');
      });
      expect(readdirSync(runnerTemp)).toEqual([win32.basename(linux.dir)]);
    } finally {
      rmSync(runnerTemp, { recursive: true, force: true });
    }
  });
});
