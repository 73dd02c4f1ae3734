// Before anything is fetched: run's shell found on PATH as the runner finds it, its directory checked; and the
// environment the command starts with.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandEnv } from '../../../../src/read/command/env.js';
import { findProgram, prepareCommand, type ProgramFs } from '../../../../src/read/command/prepare.js';

const fsWith = (...files: string[]): ProgramFs => ({ isExecutableFile: (p) => files.includes(p) });

describe('findProgram', () => {
  it('takes the first PATH directory that has it, and a full path as it is', () => {
    const fs = fsWith('/usr/local/bin/bash', '/bin/bash', '/opt/sh');
    expect(findProgram('bash', { PATH: '/nowhere::/usr/local/bin:/bin' }, 'linux', fs)).toBe('/usr/local/bin/bash');
    expect(findProgram('/opt/sh', { PATH: '' }, 'linux', fs)).toBe('/opt/sh');
    expect(findProgram('zsh', { PATH: '/bin' }, 'linux', fs)).toBeUndefined();
  });

  it('on Windows: Path in any case, and each PATHEXT extension', () => {
    const fs = fsWith('C:\\Program Files\\PowerShell\\7\\pwsh.EXE');
    const env = { Path: 'C:\\Windows;C:\\Program Files\\PowerShell\\7', PATHEXT: '.COM;.EXE' };
    expect(findProgram('pwsh', env, 'win32', fs)).toBe('C:\\Program Files\\PowerShell\\7\\pwsh.EXE');
  });
});

describe('prepareCommand: refused before any request', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'kv-prepare-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const input = (more = {}) => ({ script: 'python train.py', shell: '', workingDirectory: '', ...more });

  it('the default shell falls back to sh when there is no bash, as the runner does', () => {
    const c = prepareCommand(input(), { PATH: '/bin', GITHUB_WORKSPACE: dir }, 'linux', undefined, fsWith('/bin/sh'));
    expect(c).toMatchObject({ program: '/bin/sh', cwd: dir, script: { name: 'run.sh', text: 'python train.py' } });
  });

  it.each([
    [{ shell: 'perl' }, /shell: "perl" is neither a built-in shell .* nor a command with \{0\}.*nothing was fetched/],
    [{ shell: 'fish {0}' }, /run: fish is not on this runner's PATH.*nothing was fetched/],
    [{}, /run: bash or sh is not on this runner's PATH/],
    [{ workingDirectory: 'missing' }, /working-directory: .*missing is not a directory.*nothing was fetched/],
  ])('%j', (more, message) => {
    const fs = Object.keys(more).includes('workingDirectory') ? fsWith('/bin/bash') : fsWith();
    expect(() => prepareCommand(input(more), { PATH: '/bin', GITHUB_WORKSPACE: dir }, 'linux', undefined, fs)).toThrow(
      message,
    );
  });
});

describe('commandEnv: a run: step environment, and the values', () => {
  it('leaves out the action inputs, its state and the Actions runtime token; the values win', () => {
    const env = commandEnv(
      {
        PATH: '/bin',
        INPUT_GITHUB_TOKEN: 'ghs_x',
        'INPUT_GITHUB-TOKEN': 'ghs_x',
        STATE_written_files: '{}',
        GITHUB_STATE: '/s',
        GITHUB_OUTPUT: '/o',
        ACTIONS_RUNTIME_TOKEN: 'rt',
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'id',
        DB_PASSWORD: 'old',
        UNSET: undefined,
      },
      [{ name: 'DB_PASSWORD', value: 'new' }],
      'linux',
    );
    expect(env).toEqual({
      PATH: '/bin',
      GITHUB_OUTPUT: '/o',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'id',
      DB_PASSWORD: 'new',
    });
  });

  it('on Windows a value replaces a variable spelt in another case', () => {
    expect(commandEnv({ Db_Password: 'old' }, [{ name: 'DB_PASSWORD', value: 'new' }], 'win32')).toEqual({
      DB_PASSWORD: 'new',
    });
  });
});
