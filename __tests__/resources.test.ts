// issue 15: the pure parts of tokens, storage-keys and acr-login: parsing per cloud and the Docker config's shape.
import { dockerConfigJson } from '../src/export/dockerConfig.js';
import { parseAcrLogins, parseStorageKeys, parseTokens, resourceExportNames } from '../src/inputs/resources.js';

const ACCOUNT = '/subscriptions/6f1c2d3e-0000-4000-8000-00000000c0de/resourceGroups/ml-rg/providers/Microsoft.Storage/storageAccounts/mldata';

describe('tokens', () => {
  it('resolves well-known names per cloud, keeps URIs, and counts lines as written', () => {
    const { tokens, problems } = parseTokens('management\n# comment\n\nG=graph, API=api://my-app/\nAPPID=9a7b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d\nR=https://cognitiveservices.azure.com/', 'AzureChinaCloud');
    expect(problems).toEqual([]);
    expect(tokens.map((t) => [t.line, t.alias, t.resource])).toEqual([
      [1, 'MANAGEMENT_TOKEN', 'https://management.chinacloudapi.cn'],
      [4, 'G', 'https://microsoftgraph.chinacloudapi.cn'],
      [4, 'API', 'api://my-app'],
      [5, 'APPID', '9a7b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d'],
      [6, 'R', 'https://cognitiveservices.azure.com'],
    ]);
    expect(parseTokens('storage\nkeyvault', 'AzureUSGovernment').tokens.map((t) => t.resource)).toEqual(['https://storage.azure.com', 'https://vault.usgovcloudapi.net']);
  });

  it('claims ALIAS_EXPIRES_ON for every token alias', () => {
    const { tokens } = parseTokens('A=management', 'AzureCloud');
    expect(resourceExportNames({ tokens, storageKeys: [], acr: [] }).map((n) => n.alias)).toEqual(['A', 'A_EXPIRES_ON']);
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
    expect(parseStorageKeys(ACCOUNT.replace('mldata', '1data')).problems).toEqual([{ input: 'storage-keys', line: 1, message: expect.stringMatching(/no usable default alias/) }]);
  });
});

describe('acr-login', () => {
  it('takes a name or the login server of the cloud, in any case', () => {
    expect(parseAcrLogins('MyRegistry\nother01.azurecr.us', 'AzureUSGovernment').acr.map((a) => a.registry)).toEqual(['myregistry.azurecr.us', 'other01.azurecr.us']);
    expect(parseAcrLogins('myregistry\nmyregistry.azurecr.io', 'AzureCloud').problems).toEqual([{ input: 'acr-login', line: 2, message: 'myregistry.azurecr.io is listed twice' }]);
  });

  it('writes what docker login writes for the 0000… user: auth = base64(user:refresh token)', () => {
    const json = JSON.parse(dockerConfigJson([{ registry: 'myregistry.azurecr.io', refreshToken: 'r.e.f' }], '/home/runner'));
    expect(json).toEqual({ auths: { 'myregistry.azurecr.io': { auth: Buffer.from('00000000-0000-0000-0000-000000000000:r.e.f').toString('base64') } }, cliPluginsExtraDirs: ['/home/runner/.docker/cli-plugins'] });
  });
});
