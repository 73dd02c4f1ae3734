// run, shell, working-directory, env-file and files-group as inputs: each mistake a problem, before any request.
import { readConfig } from '../../../src/inputs/config.js';

const read = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? '';
const base = { keyvault: 'ml-prod-kv', secrets: 'db-password' };
const problems = (more: Record<string, string>) =>
  readConfig(read({ ...base, ...more })).problems.map((p) => `${p.input}: ${p.message}`);

describe('run and its inputs', () => {
  it('run keeps its script as written, with its shell and directory', () => {
    const { config } = readConfig(
      read({ ...base, run: '  python train.py\n', shell: ' bash ', 'working-directory': 'ml ' }),
    );
    expect(config?.command).toEqual({ script: '  python train.py\n', shell: 'bash', workingDirectory: 'ml' });
    expect(config?.exportEnv).toBe(false);
  });

  it('shell and working-directory without run are refused', () => {
    expect(problems({ shell: 'bash', 'working-directory': 'ml' })).toEqual([
      'shell: applies to run, which is not given',
      'working-directory: applies to run, which is not given',
    ]);
  });
});

describe('env-file', () => {
  it('names the variable for the path: a boolean or a bad name is refused, and so is a name already exported', () => {
    expect(problems({ 'env-file': 'true' })).toEqual([
      expect.stringMatching(/^env-file: names the output .* env-file: ENV_FILE$/),
    ]);
    expect(problems({ 'env-file': 'my-env' })).toEqual([
      expect.stringMatching(/^env-file: "my-env" is not a variable name/),
    ]);
    expect(problems({ 'env-file': 'DB_PASSWORD' })).toEqual([
      expect.stringMatching(
        /^env-file: "DB_PASSWORD" exports DB_PASSWORD, already exported by "db-password" on secrets line 1/,
      ),
    ]);
    expect(problems({ 'env-file': 'PATH' })).toEqual([expect.stringMatching(/^env-file: .*PATH, a protected name/)]);
    expect(readConfig(read({ ...base, 'env-file': 'ENV_FILE' })).config?.envFile).toBe('ENV_FILE');
  });
});

describe('files-group', () => {
  it('a numeric gid, for files', () => {
    expect(readConfig(read({ ...base, files: 'kubeconfig', 'files-group': '4243' })).config?.filesGroup).toBe(4243);
    expect(problems({ files: 'kubeconfig', 'files-group': 'docker' })).toEqual([
      expect.stringMatching(/^files-group: "docker" is not a numeric group id; find one with: getent group NAME/),
    ]);
    expect(problems({ 'files-group': '4243' })).toEqual(['files-group: applies to files, which names no secret']);
    expect(problems({ files: 'k', 'files-group': '4294967295' })).toHaveLength(1);
  });
});
