// The pure parts of tokens, storage-keys and acr-login: parsing per cloud and the Docker config's shape.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPost } from '../../../src/read/export/cleanup.js';
import { dockerConfigJson } from '../../../src/read/export/dockerConfig.js';
import { planExports } from '../../../src/read/export/plan.js';
import { parseInputs } from '../../../src/inputs/config.js';
import type { FetchedSecret } from '../../../src/vault/fetch.js';
import type { ResourceAccess, StorageKey } from '../../../src/ports.js';
import { fetchResources } from '../../../src/resources/fetch.js';
import { parseAcrLogins, parseStorageKeys, parseTokens, resourceExportNames } from '../../../src/inputs/resources.js';

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

describe('names shared by credentials, secrets and the protected-name list', () => {
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

describe('credential sizes: a key or token no service issues is refused, never used or held as a mask', () => {
  const deps = { cloud: 'AzureCloud' as const, timeoutSeconds: 30, signal: new AbortController().signal };
  const JWT = 'eyJhbGciOiJub25lIn0.e30.signature-part';
  const KEY = 'k'.repeat(86) + '==';
  /** One run's outcome, and every value it held (each would become an ::add-mask::). */
  async function run(
    input: 'storage-keys' | 'acr-login' | 'tokens',
    answer: { keys?: StorageKey[]; refresh?: string; token?: string },
  ) {
    const access: ResourceAccess = {
      listStorageKeys: () => Promise.resolve(answer.keys ?? []),
      storageAccount: () => Promise.resolve({}),
      acrRefreshToken: () => Promise.resolve(answer.refresh ?? ''),
    };
    const refs = {
      tokens: input === 'tokens' ? parseTokens('A=management', 'AzureCloud').tokens : [],
      storageKeys: input === 'storage-keys' ? parseStorageKeys(ACCOUNT).storageKeys : [],
      acr: input === 'acr-login' ? parseAcrLogins('myregistry', 'AzureCloud').acr : [],
    };
    const held: string[] = [];
    const outcome = await fetchResources(refs, {
      ...deps,
      token: () => Promise.resolve({ token: answer.token ?? JWT, expiresOnTimestamp: Date.now() + 3_600_000 }),
      access: () => Promise.resolve(access),
      hold: (value) => held.push(value),
    });
    return { outcome, held };
  }

  it('a listKeys answer with 2,000 one-letter keys: one clear failure naming the account, no key held', async () => {
    const chars = 'abcdefghijklmnopqrstuvwxyz0123456789';
    const keys = Array.from({ length: 2000 }, (_, i) => ({ keyName: `key${i + 1}`, value: chars[i % chars.length]! }));
    const { outcome, held } = await run('storage-keys', { keys });
    expect(outcome.credentials).toEqual([]);
    expect(outcome.failures.map((f) => f.said.text)).toEqual([
      'management.azure.com answered its listKeys for mldata with 2000 keys, more than the 8 a storage account lists: no such answer comes from the service, so it was not used or masked. Check that nothing (a proxy, a mirror) answers in its place.',
    ]);
    expect(held).toEqual([JWT]); // the ARM token only
  });

  it.each([
    [
      'a one-letter key beside a real one',
      [
        { keyName: 'key1', value: 'a' },
        { keyName: 'key2', value: KEY },
      ],
      /with a key of 1 character, too short to be one/,
    ],
    [
      'a key longer than any',
      [{ keyName: 'key1', value: 'k'.repeat(2000) }],
      /with a key of 2000 characters, more than the 1024 characters one can be/,
    ],
    [
      'one key too many',
      Array.from({ length: 9 }, (_, i) => ({ keyName: `key${i + 1}`, value: KEY })),
      /with 9 keys, more than the 8/,
    ],
  ])('listKeys: %s is refused, and no key is held', async (_, keys, reason) => {
    const { outcome, held } = await run('storage-keys', { keys });
    expect(outcome.failures.map((f) => f.said.text)).toEqual([expect.stringMatching(reason)]);
    expect(held).toEqual([JWT]);
  });

  it('takes real keys: key1, key2, kerb1, kerb2 of 88 characters', async () => {
    const keys = ['key1', 'key2', 'kerb1', 'kerb2'].map((keyName) => ({ keyName, value: KEY }));
    const { outcome } = await run('storage-keys', { keys });
    expect(outcome.failures).toEqual([]);
    expect(outcome.credentials.map((c) => c.value)).toEqual([KEY]);
  });

  it.each([
    ['larger than any token', 'x'.repeat(40 * 1024), /a refresh token of 40 KiB, more than the 32 KiB one can be/],
    ['too short to be one', 'abc', /a refresh token of 3 characters, too short to be one/],
  ])('an ACR refresh token %s is refused and not held', async (_, refresh, reason) => {
    const { outcome, held } = await run('acr-login', { refresh });
    expect(outcome.failures.map((f) => f.said.text)).toEqual([
      expect.stringMatching(new RegExp(`^myregistry\\.azurecr\\.io answered its token exchange with ${reason.source}`)),
    ]);
    expect(held).toEqual([JWT]);
  });

  it('an access token too short to be one is refused for its resource, and not held', async () => {
    const { outcome, held } = await run('tokens', { token: 'x' });
    expect(outcome.failures.map((f) => f.said.text)).toEqual([
      'no token for https://management.azure.com: the identity endpoint issued a token of 1 character, too short to be one: it was not used or masked. Check that nothing else answers as the identity endpoint.',
    ]);
    expect(held).toEqual([]);
  });
});
