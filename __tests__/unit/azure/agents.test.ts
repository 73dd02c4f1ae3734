// How the action's HTTP agents print, and the proxy's credentials they carry.
import { inspect } from 'node:util';
import { createVaultAgent, describeProxy, proxyCredentials } from '../../../src/azure/vaultAgent.js';
import { createImdsAgent } from '../../../src/azure/imdsAgent.js';

describe('agents and proxy credentials', () => {
  const env = { HTTPS_PROXY: 'http://corp%40user:p%40ss-w0rd@127.0.0.1:3128', NO_PROXY: '' };

  it('the proxy agent prints (JSON and inspect) as one line without user or password', () => {
    const agent = createVaultAgent('https://kv.vault.azure.net', env)!;
    for (const printed of [JSON.stringify({ agent }), inspect({ agent })]) {
      expect(printed).toContain('[agent via proxy http://127.0.0.1:3128/]');
      expect(printed).not.toMatch(/p%40ss|p@ss|corp/);
    }
    expect(JSON.stringify(createImdsAgent())).toBe('"[identity endpoint agent, direct]"');
    expect(describeProxy(env.HTTPS_PROXY)).toBe('http://127.0.0.1:3128/');
  });

  it('the credentials to mask: the decoded and raw password, and the Basic form', () => {
    expect(proxyCredentials(env)).toEqual([
      'p@ss-w0rd',
      'p%40ss-w0rd',
      'corp@user:p@ss-w0rd',
      Buffer.from('corp@user:p@ss-w0rd').toString('base64'),
    ]);
    expect(proxyCredentials({ HTTPS_PROXY: 'http://127.0.0.1:3128' })).toEqual([]);
    expect(proxyCredentials({})).toEqual([]);
  });
});
