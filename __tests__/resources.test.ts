// issue 15: the pure parts of tokens, storage-keys and acr-login: parsing per cloud and the Docker config's shape.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPost } from '../src/export/cleanup.js';
import { dockerConfigJson } from '../src/export/dockerConfig.js';
import { planExports } from '../src/export/plan.js';
import { parseInputs } from '../src/inputs/config.js';
import type { FetchedSecret } from '../src/vault/access.js';
import { parseAcrLogins, parseStorageKeys, parseTokens, resourceExportNames } from '../src/inputs/resources.js';

const ACCOUNT =
  '/subscriptions/6f1c2d3e-0000-4000-8000-00000000c0de/resourceGroups/ml-rg/providers/Microsoft.Storage/storageAccounts/mldata';

describe('tokens', () => {
  it('resolves well-known names per cloud, keeps URIs, and counts lines as written', () => {
    const { tokens, problems } = parseTokens(
      'management\n# comment\n\nG=graph, API=api://my-app/\nAPPID=9a7b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d\nR=https://cognitiveservices.azure.com/',
      'AzureChinaCloud',
    );
    expect(problems).toEqual([]);
    expect(tokens.map((t) => [t.line, t.alias, t.resource])).toEqual([
      [1, 'MANAGEMENT_TOKEN', 'https://management.chinacloudapi.cn'],
      [4, 'G', 'https://microsoftgraph.chinacloudapi.cn'],
      [4, 'API', 'api://my-app'],
      [5, 'APPID', '9a7b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d'],
      [6, 'R', 'https://cognitiveservices.azure.com'],
    ]);
    expect(parseTokens('storage\nkeyvault', 'AzureUSGovernment').tokens.map((t) => t.resource)).toEqual([
      'https://storage.azure.com',
      'https://vault.usgovcloudapi.net',
    ]);
  });

  it('claims ALIAS_EXPIRES_ON for every token alias', () => {
    const { tokens } = parseTokens('A=management', 'AzureCloud');
    expect(resourceExportNames({ tokens, storageKeys: [], acr: [] }).map((n) => n.alias)).toEqual([
      'A',
      'A_EXPIRES_ON',
    ]);
  });
});

describe('storage-keys', () => {
  it('selects key1 by default, key2 and connection-string by #, with default aliases', () => {
    const { storageKeys, problems } = parseStorageKeys(`${ACCOUNT}\n${ACCOUNT}#key2\nC=${ACCOUNT}#Connection-String`);
    expect(problems).toEqual([]);
    expect(storageKeys.map((k) => [k.alias, k.select, k.account, k.resourceGroup])).toEqual([
      ['MLDATA_KEY', 'key1', 'mldata', 'ml-rg'],
      ['MLDATA_KEY2', 'key2', 'mldata', 'ml-rg'],
      ['C', 'connection-string', 'mldata', 'ml-rg'],
    ]);
  });

  it('asks for an alias when the account name cannot make one', () => {
    expect(parseStorageKeys(ACCOUNT.replace('mldata', '1data')).problems).toEqual([
      { input: 'storage-keys', line: 1, message: expect.stringMatching(/no usable default alias/) },
    ]);
  });
});

describe('acr-login', () => {
  it('takes a name or the login server of the cloud, in any case', () => {
    expect(parseAcrLogins('MyRegistry\nother01.azurecr.us', 'AzureUSGovernment').acr.map((a) => a.registry)).toEqual([
      'myregistry.azurecr.us',
      'other01.azurecr.us',
    ]);
    expect(parseAcrLogins('myregistry\nmyregistry.azurecr.io', 'AzureCloud').problems).toEqual([
      { input: 'acr-login', line: 2, message: 'myregistry.azurecr.io is listed twice' },
    ]);
  });

  it('writes what docker login writes for the 0000… user: auth = base64(user:refresh token)', () => {
    const json = JSON.parse(
      dockerConfigJson([{ registry: 'myregistry.azurecr.io', refreshToken: 'r.e.f' }], '/home/runner'),
    ) as unknown;
    expect(json).toEqual({
      auths: {
        'myregistry.azurecr.io': { auth: Buffer.from('00000000-0000-0000-0000-000000000000:r.e.f').toString('base64') },
      },
      cliPluginsExtraDirs: ['/home/runner/.docker/cli-plugins'],
    });
  });
});

describe('names shared with secrets (merge of issue 15 with the protected names)', () => {
  const vault = { name: 'kv', url: 'https://kv.vault.azure.net' };
  it('a JSON key or a wildcard match may not export a name a token claims', () => {
    const { tokens } = parseTokens('TRAIN=management', 'AzureCloud');
    const secret: FetchedSecret = {
      ref: { input: 'secrets', line: 2, text: 'TRAIN=sp', alias: 'TRAIN', vault, name: 'sp' },
      bundle: { value: '{"expires_on":"x"}', version: 'v1', enabled: true },
    };
    const matched: FetchedSecret = {
      ref: { input: 'secrets', line: 3, text: 'kv/train', alias: 'TRAIN', vault, name: 'train', matchedBy: 'kv/*' },
      bundle: { value: 'v', version: 'v1', enabled: true },
    };
    const { problems } = planExports(
      [secret, matched],
      true,
      resourceExportNames({ tokens, storageKeys: [], acr: [] }),
    );
    expect(problems.map((p) => [p.line, p.message])).toEqual([
      [2, expect.stringMatching(/exports TRAIN_EXPIRES_ON, already exported by "TRAIN=management" on tokens line 1/)],
      [
        3,
        expect.stringMatching(
          /matched by kv\/\*, exports TRAIN, already exported by "TRAIN=management" on tokens line 1/,
        ),
      ],
    ]);
  });

  it("an alias DOCKER_CONFIG gets one problem: acr-login's own when it is used, the protected name otherwise", () => {
    const read = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? '';
    const problems = (inputs: Record<string, string>) => {
      try {
        parseInputs(read(inputs));
        return [];
      } catch (error) {
        return (error as Error).message.split('\n').filter((l) => l.includes('DOCKER_CONFIG'));
      }
    };
    expect(problems({ 'acr-login': 'myregistry', tokens: 'DOCKER_CONFIG=management' })).toEqual([
      expect.stringMatching(/which acr-login sets to its job-scoped Docker config/),
    ]);
    expect(problems({ tokens: 'DOCKER_CONFIG=management' })).toEqual([
      expect.stringMatching(/a protected name that is never exported/),
    ]);
  });
});

describe('the post step and the Docker config', () => {
  it('removes only a directory acr-login creates: a Docker config state naming the secret files directory removes nothing', () => {
    const runnerTemp = mkdtempSync(join(tmpdir(), 'kv-post-docker-'));
    try {
      const dir = join(runnerTemp, 'keyvault-secrets-x');
      mkdirSync(dir);
      writeFileSync(join(dir, 'someone-elses'), 'x');
      const lines: string[] = [];
      const state = JSON.stringify({ dir, files: [join(dir, 'config.json')] });
      const add = (message: string) => void lines.push(message);
      runPost(
        {
          getInput: () => '',
          getState: (name) => (name === 'docker-config' ? state : ''),
          debug: add,
          info: add,
          warning: add,
          error: add,
          setFailed: add,
          setSecret: add,
          group: (_, task) => task(),
        },
        runnerTemp,
      );
      expect(lines).toEqual([
        expect.stringMatching(
          /Ignored the saved Docker config location and removed nothing: the saved directory is not a Docker config this action creates/,
        ),
      ]);
      expect(existsSync(join(dir, 'someone-elses'))).toBe(true);
    } finally {
      rmSync(runnerTemp, { recursive: true, force: true });
    }
  });
});
