// NO_PROXY and the vault agent: which hosts bypass the proxy, and the agent each vault gets.
import { bypassesProxy, proxyFor } from '../../../src/azure/vaultAgent.js';

describe('NO_PROXY and the vault agent', () => {
  it.each([
    ['kv.vault.azure.net', '', false],
    ['kv.vault.azure.net', '*', true],
    ['kv.vault.azure.net', 'vault.azure.net', true],
    ['kv.vault.azure.net', '.vault.azure.net', true],
    ['kv.vault.azure.net', '*.vault.azure.net', true],
    ['kv.vault.azure.net', 'example.com, kv.vault.azure.net:443', true],
    ['kv.vault.azure.net', 'azure.net.evil', false],
    ['kv.vault.azure.net', 'v.azure.net', false],
  ])('%s with NO_PROXY=%j bypasses: %s', (host, noProxy, bypassed) => {
    expect(bypassesProxy(host, noProxy)).toBe(bypassed);
  });

  it('reads the proxy the way the SDK does, HTTPS_PROXY first', () => {
    expect(proxyFor('https://kv.vault.azure.net/', { HTTPS_PROXY: 'http://p:1', HTTP_PROXY: 'http://q:2' })).toBe(
      'http://p:1',
    );
    expect(proxyFor('https://kv.vault.azure.net/', { http_proxy: 'http://q:2' })).toBe('http://q:2');
    expect(
      proxyFor('https://kv.vault.azure.net/', { HTTPS_PROXY: 'http://p:1', no_proxy: '.azure.net' }),
    ).toBeUndefined();
    expect(proxyFor('https://kv.vault.azure.net/', {})).toBeUndefined();
  });
});

describe('createVaultAgent', () => {
  it('keeps the SDK’s own agent without a proxy, proxies with keep-alive, and goes direct when NO_PROXY exempts the vault', async () => {
    const { createVaultAgent } = await import('../../../src/azure/vaultAgent.js');
    const { HttpsProxyAgent } = await import('https-proxy-agent');
    const url = 'https://kv.vault.azure.net/';
    expect(createVaultAgent(url, {})).toBeUndefined();
    const proxied = createVaultAgent(url, { HTTPS_PROXY: 'http://127.0.0.1:3128' });
    expect(proxied).toBeInstanceOf(HttpsProxyAgent);
    const direct = createVaultAgent(url, { HTTPS_PROXY: 'http://127.0.0.1:3128', NO_PROXY: 'vault.azure.net' });
    expect(direct).toBeDefined();
    expect(direct).not.toBeInstanceOf(HttpsProxyAgent);
  });
});
