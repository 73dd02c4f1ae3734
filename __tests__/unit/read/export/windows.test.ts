// Windows, tested on any OS: the owner-only ACL, device names as file names, the
// post step's path checks under path.win32, and a post step that cannot remove a file.
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, win32 } from 'node:path';
import { runPost } from '../../../../src/read/export/cleanup.js';
import { checkWrittenPaths, createFilesDir, type RemoveFs } from '../../../../src/read/export/files.js';
import { type FetchedSecret, planExports } from '../../../../src/read/export/plan.js';
import type { Log } from '../../../../src/ports.js';
import {
  isPortableFileName,
  isWindowsDeviceName,
  ownerOnlyAclArgs,
  sidOfWhoami,
  systemTool,
} from '../../../../src/read/export/windows.js';

const SID = 'S-1-5-21-3623811015-3361044348-30300820-1013';

describe('device names', () => {
  it.each([
    'nul',
    'NUL',
    'con',
    'Con',
    'aux',
    'prn',
    'com1',
    'COM9',
    'com0',
    'lpt1',
    'LPT9',
    'com\u00b9',
    'lpt\u00b3',
    'con.txt',
    'NUL.tar.gz',
    'aux .log',
    'CONIN$',
    'conout$',
    'clock$',
  ])('%s is a device', (name) => {
    expect(isWindowsDeviceName(name)).toBe(true);
    expect(isPortableFileName(name)).toBe(false);
  });

  it.each([
    'null',
    'console',
    'com10',
    'lpt',
    'com',
    'auxiliary',
    'nul-key',
    'my-con',
    'db-password',
    'connection-string',
    'NUL_2',
  ])('%s is not', (name) => {
    expect(isWindowsDeviceName(name)).toBe(false);
    expect(isPortableFileName(name)).toBe(true);
  });

  it.each(['a.', 'a ', 'a. ', '.', '..', '', 'a:b', 'a\\b', 'a/b', 'a*', 'a?', 'a|b', 'a<b', 'a\u0001'])(
    '%j is not a portable file name',
    (name) => {
      expect(isPortableFileName(name)).toBe(false);
    },
  );

  it('a secret named after a device is written under another name, on every OS', () => {
    const vault = { name: 'kv', url: 'https://kv.vault.azure.net/' };
    const file = (name: string, alias: string): FetchedSecret => ({
      ref: { input: 'files', line: 1, text: name, alias, vault, name },
      bundle: { value: 'file-content-value', version: 'v1', enabled: true },
    });
    const { items, problems } = planExports(
      [
        file('nul', 'NUL'),
        file('con', 'MY_CON'),
        file('com1', 'COM1'),
        file('lpt9', 'PRINTER'),
        file('console', 'CONSOLE'),
      ],
      false,
    );
    expect(problems).toEqual([]);
    expect(items.map((i) => [i.name, i.fileName])).toEqual([
      ['NUL', 'NUL_2'],
      ['MY_CON', 'MY_CON'],
      ['COM1', 'COM1_2'],
      ['PRINTER', 'PRINTER'],
      ['CONSOLE', 'console'],
    ]);
  });
});

describe('owner-only ACL', () => {
  it('reads the SID from whoami /user /fo csv /nh', () => {
    expect(sidOfWhoami(`"desktop-7\\runner","${SID}"\r\n`)).toBe(SID);
    expect(sidOfWhoami('"nt authority\\system","S-1-5-18"')).toBe('S-1-5-18');
    expect(sidOfWhoami('"a,b\\c d","S-1-5-21-1-2-3-500"')).toBe('S-1-5-21-1-2-3-500');
    for (const bad of [
      '',
      'ERROR: access denied',
      '"x","S-1-5-18 & calc"',
      '"x","S-1-5-18"; "y","z"',
      '"x","*S-1-5-18"',
    ])
      expect(sidOfWhoami(bad)).toBeUndefined();
  });

  it('builds icacls arguments: inheritance removed, full control for the SID alone, inherited by files', () => {
    expect(ownerOnlyAclArgs('C:\\a\\_temp\\keyvault-secrets-Ab12', SID)).toEqual([
      'C:\\a\\_temp\\keyvault-secrets-Ab12',
      '/inheritance:r',
      '/grant:r',
      `*${SID}:(OI)(CI)F`,
    ]);
    expect(() => ownerOnlyAclArgs('C:\\x', 'Everyone')).toThrow();
  });

  it('runs whoami and icacls from SystemRoot, never from PATH', () => {
    expect(systemTool('icacls.exe', 'D:\\Windows')).toBe('D:\\Windows\\System32\\icacls.exe');
    expect(systemTool('icacls.exe', undefined)).toBe('C:\\Windows\\System32\\icacls.exe');
    expect(systemTool('icacls.exe', 'relative\\evil')).toBe('C:\\Windows\\System32\\icacls.exe');
  });

  const temp = () => mkdtempSync(join(tmpdir(), 'kv-win-'));

  it('createFilesDir on win32 gives the new directory the ACL before it returns', () => {
    const runnerTemp = temp();
    const calls: [string, string[]][] = [];
    try {
      const dir = createFilesDir(runnerTemp, 'win32', (file, args) => {
        calls.push([win32.basename(file), args]);
        return file.endsWith('whoami.exe')
          ? `"host\\runner","${SID}"\r\n`
          : 'processed file: x\r\nSuccessfully processed 1 files; Failed processing 0 files\r\n';
      });
      expect(calls).toEqual([
        ['whoami.exe', ['/user', '/fo', 'csv', '/nh']],
        ['icacls.exe', [dir, '/inheritance:r', '/grant:r', `*${SID}:(OI)(CI)F`]],
      ]);
    } finally {
      rmSync(runnerTemp, { recursive: true, force: true });
    }
  });

  it.each([
    [
      'icacls fails',
      (file: string) =>
        file.endsWith('whoami.exe')
          ? `"h\\u","${SID}"`
          : Object.assign(new Error('icacls: Access is denied'), { status: 5 }),
    ],
    ['whoami prints no SID', () => 'nothing useful'],
  ])('when %s, the directory is removed and the step fails, naming the fix', (_, answer) => {
    const runnerTemp = temp();
    try {
      const run = (file: string) => {
        const out = answer(file);
        if (out instanceof Error) throw out;
        return out;
      };
      expect(() => createFilesDir(runnerTemp, 'win32', run)).toThrow(
        /readable by this user only.*Nothing was exported/,
      );
      expect(readdirSync(runnerTemp)).toEqual([]);
    } finally {
      rmSync(runnerTemp, { recursive: true, force: true });
    }
  });

  it('runs nothing on other platforms', () => {
    const runnerTemp = temp();
    try {
      expect(() =>
        createFilesDir(runnerTemp, 'linux', () => {
          throw new Error('should not run');
        }),
      ).not.toThrow();
    } finally {
      rmSync(runnerTemp, { recursive: true, force: true });
    }
  });
});

describe('saved paths under path.win32', () => {
  const dir = 'C:\\a\\_temp\\keyvault-secrets-Ab12';
  it.each([
    ['files directly inside', dir, [`${dir}\\kubeconfig`, `${dir}\\NUL_2`], undefined],
    ['a relative directory', 'a\\_temp\\keyvault-secrets-x', [], /not one this action creates/],
    ['a directory with ..', 'C:\\a\\_temp\\keyvault-secrets-x\\..\\..\\Users', [], /not one this action creates/],
    ['.. written with /', 'C:\\a\\_temp/keyvault-secrets-x/../keyvault-secrets-y', [], /not one this action creates/],
    ['a directory this action does not name', 'C:\\Users\\runner', [], /not one this action creates/],
    ['a file in a subdirectory', dir, [`${dir}\\sub\\x`], /not directly inside/],
    ['a file elsewhere, with /', dir, ['C:/Users/runner/.ssh/id_rsa'], /not directly inside/],
    ['a file that climbs out', dir, [`${dir}\\..\\victim`], /not directly inside/],
    ['a hidden file', dir, [`${dir}\\.git`], /not directly inside/],
    ['another drive', dir, ['D:\\keyvault-secrets-Ab12\\x'], /not directly inside/],
  ])('%s', (_, d, files, problem) => {
    const result = checkWrittenPaths(d, files, win32);
    // eslint-disable-next-line jest/no-conditional-expect -- only the expected value depends on the row; the assertion always runs
    expect(result).toEqual(problem === undefined ? undefined : expect.stringMatching(problem));
  });
});

describe('the post step, when a file cannot be removed', () => {
  const log = (state: string) => {
    const lines: { level: string; message: string }[] = [];
    const add = (level: string) => (message: string) => void lines.push({ level, message });
    // Only the secret files' state is set (a runner answers '' for any other, e.g. the Docker config's).
    const l: Log = {
      getInput: () => '',
      getState: (name) => (name === 'written-files' ? state : ''),
      debug: add('debug'),
      info: add('info'),
      warning: add('warning'),
      error: add('error'),
      setFailed: add('error'),
      setSecret: add('mask'),
      group: (_, task) => task(),
    };
    return { l, lines };
  };
  const setUp = () => {
    const runnerTemp = mkdtempSync(join(tmpdir(), 'kv-post-'));
    const dir = join(runnerTemp, 'keyvault-secrets-x');
    mkdirSync(dir);
    const files = ['kubeconfig', 'tls-cert'].map((f) => join(dir, f));
    for (const f of files) writeFileSync(f, 'secret-material');
    return { runnerTemp, dir, files, state: JSON.stringify({ dir, files }) };
  };
  // A Windows file another process holds open: unlink fails with EBUSY (or EPERM).
  const holding = (held: string): RemoveFs => ({
    lstatSync: (p) => lstatSync(p),
    rmSync: (p) => {
      if (p === held)
        throw Object.assign(new Error(`EBUSY: resource busy or locked, unlink '${p}'`), { code: 'EBUSY' });
      rmSync(p);
    },
    rmdirSync: (p) => rmSync(p, { recursive: false }),
    readdirSync: (p) => readdirSync(p),
  });

  it('warns with the name of each file it could not remove and its error code, and does not blame others', () => {
    const { runnerTemp, dir, files, state } = setUp();
    try {
      const { l, lines } = log(state);
      runPost(l, runnerTemp, holding(files[1]!));
      const warnings = lines.filter((x) => x.level === 'warning').map((x) => x.message);
      expect(warnings).toEqual([
        expect.stringContaining(`Could not remove the secret file ${files[1]} (EBUSY)`),
        expect.stringMatching(
          /Removed 1 of 2 secret files; kept .*keyvault-secrets-x, since one of its files could not be removed/,
        ),
      ]);
      expect(lines.map((x) => x.message).join('\n')).not.toMatch(/did not write/);
      expect(existsSync(files[0]!)).toBe(false);
      expect(readdirSync(dir)).toEqual(['tls-cert']);
    } finally {
      rmSync(runnerTemp, { recursive: true, force: true });
    }
  });

  it('says "did not write" only for what it did not write, naming it', () => {
    const { runnerTemp, dir, state } = setUp();
    try {
      writeFileSync(join(dir, 'someone-elses'), 'x');
      const { l, lines } = log(state);
      runPost(l, runnerTemp);
      expect(lines).toEqual([
        {
          level: 'info',
          message: expect.stringMatching(
            /Removed 2 secret files; kept .*, which holds files this action did not write \(someone-elses\)/,
          ),
        },
      ]);
    } finally {
      rmSync(runnerTemp, { recursive: true, force: true });
    }
  });

  it('all removed: one line, no warning', () => {
    const { runnerTemp, dir, state } = setUp();
    try {
      const { l, lines } = log(state);
      runPost(l, runnerTemp);
      expect(lines).toEqual([{ level: 'info', message: 'Removed 2 secret files and their directory.' }]);
      expect(existsSync(dir)).toBe(false);
    } finally {
      rmSync(runnerTemp, { recursive: true, force: true });
    }
  });
});
