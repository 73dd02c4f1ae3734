// AKS identity bindings: the token proxy read from the webhook's variables, every value checked before any
// request, and the CA required (the proxy's only trust).
import fc from 'fast-check';
import { TokenProxyError } from '../../../src/azure/credentials/tokenProxy.js';
import { classifyIdentityError } from '../../../src/identity/failures.js';
import { resolveIdentitySource } from '../../../src/identity/source.js';
import { caCertificates, MAX_CA_BYTES, type TokenProxy, tokenProxyFromEnv } from '../../../src/identity/tokenProxy.js';
import { makeAuthority } from '../../../standin/certs.mjs';
import { commandsIn, hostileText } from '../../helpers/hostile.js';

// RSA keys take a while on a loaded machine: one authority for the file (its CA and the certificate it issued).
const { caPem, certPem } = makeAuthority('tokenProxy.test CA', ['identity-binding.test.invalid']);
const PROXY = 'https://10.0.0.1:443';
const SNI = 'ib.eastus.azmk8s.io';
const CA_FILE = '/var/run/secrets/azure/wi/ca/ca.crt';
const BINDING = {
  AZURE_KUBERNETES_TOKEN_PROXY: PROXY,
  AZURE_KUBERNETES_SNI_NAME: SNI,
  AZURE_KUBERNETES_CA_FILE: CA_FILE,
};

const problemOf = (env: Record<string, string>) => {
  const result = tokenProxyFromEnv(env);
  return 'problem' in result ? result.problem : undefined;
};

describe('tokenProxyFromEnv', () => {
  it.each<[string, Record<string, string>, TokenProxy | undefined]>([
    ['none of the variables: plain workload identity', {}, undefined],
    ['empty values count as unset', { AZURE_KUBERNETES_TOKEN_PROXY: '', AZURE_KUBERNETES_SNI_NAME: '' }, undefined],
    ['the webhook’s three', BINDING, { url: `${PROXY.replace(':443', '')}/`, sniName: SNI, ca: { file: CA_FILE } }],
    [
      'the CA inline, no SNI name, a path kept',
      { AZURE_KUBERNETES_TOKEN_PROXY: 'https://proxy.internal:8443/ib', AZURE_KUBERNETES_CA_DATA: caPem },
      { url: 'https://proxy.internal:8443/ib', ca: { pem: caPem } },
    ],
    [
      'an SNI name in capitals, lower-cased',
      { ...BINDING, AZURE_KUBERNETES_SNI_NAME: 'IB.EastUS.azmk8s.io' },
      { url: 'https://10.0.0.1/', sniName: SNI.toLowerCase(), ca: { file: CA_FILE } },
    ],
  ])('%s', (_, env, expected) => {
    expect(tokenProxyFromEnv(env)).toEqual(expected ? { tokenProxy: expected } : {});
  });

  it.each<[string, Record<string, string>, RegExp]>([
    [
      'an SNI name without the proxy',
      { AZURE_KUBERNETES_SNI_NAME: SNI },
      /^AZURE_KUBERNETES_SNI_NAME is set but AZURE_KUBERNETES_TOKEN_PROXY is not: .*half configured/,
    ],
    [
      'a CA without the proxy',
      { AZURE_KUBERNETES_CA_FILE: CA_FILE, AZURE_KUBERNETES_CA_DATA: caPem },
      /^AZURE_KUBERNETES_CA_FILE, AZURE_KUBERNETES_CA_DATA are set but AZURE_KUBERNETES_TOKEN_PROXY is not/,
    ],
    ['plain http', { ...BINDING, AZURE_KUBERNETES_TOKEN_PROXY: 'http://10.0.0.1' }, /must be https/],
    ['another scheme', { ...BINDING, AZURE_KUBERNETES_TOKEN_PROXY: 'file:///etc/passwd' }, /must be https/],
    ['not a URL', { ...BINDING, AZURE_KUBERNETES_TOKEN_PROXY: '10.0.0.1:443' }, /is not a URL|must be https/],
    ['user info', { ...BINDING, AZURE_KUBERNETES_TOKEN_PROXY: 'https://u:p@10.0.0.1' }, /user name or password/],
    ['a query', { ...BINDING, AZURE_KUBERNETES_TOKEN_PROXY: 'https://10.0.0.1/?x=1' }, /must not hold a query/],
    ['an empty query', { ...BINDING, AZURE_KUBERNETES_TOKEN_PROXY: 'https://10.0.0.1/?' }, /must not hold a query/],
    ['a fragment', { ...BINDING, AZURE_KUBERNETES_TOKEN_PROXY: 'https://10.0.0.1/#x' }, /must not hold a fragment/],
    ['a newline', { ...BINDING, AZURE_KUBERNETES_TOKEN_PROXY: 'https://10.0.0.1/\n::error::x' }, /control characters/],
    [
      'a URL over 2,048 characters',
      { ...BINDING, AZURE_KUBERNETES_TOKEN_PROXY: `https://10.0.0.1/${'a'.repeat(2100)}` },
      /longer than 2048/,
    ],
    ['an address as SNI name', { ...BINDING, AZURE_KUBERNETES_SNI_NAME: '10.0.0.1' }, /is an IP address/],
    ['an IPv6 address as SNI name', { ...BINDING, AZURE_KUBERNETES_SNI_NAME: '[::1]' }, /is an IP address/],
    ['a space in the SNI name', { ...BINDING, AZURE_KUBERNETES_SNI_NAME: 'ib azmk8s.io' }, /is not a DNS name/],
    ['an underscore', { ...BINDING, AZURE_KUBERNETES_SNI_NAME: 'ib_1.azmk8s.io' }, /is not a DNS name/],
    ['a label of 64', { ...BINDING, AZURE_KUBERNETES_SNI_NAME: `${'a'.repeat(64)}.io` }, /is not a DNS name/],
    ['a name of 254', { ...BINDING, AZURE_KUBERNETES_SNI_NAME: `${'a.'.repeat(126)}io` }, /is not a DNS name/],
    ['a leading hyphen', { ...BINDING, AZURE_KUBERNETES_SNI_NAME: '-ib.azmk8s.io' }, /is not a DNS name/],
    ['both CA sources', { ...BINDING, AZURE_KUBERNETES_CA_DATA: caPem }, /are both set; .*one of them only/],
    [
      'no CA at all',
      { AZURE_KUBERNETES_TOKEN_PROXY: PROXY, AZURE_KUBERNETES_SNI_NAME: SNI },
      /neither AZURE_KUBERNETES_CA_FILE nor AZURE_KUBERNETES_CA_DATA is: .*only through the CA the webhook names/,
    ],
    ['a relative CA file', { ...BINDING, AZURE_KUBERNETES_CA_FILE: 'ca.crt' }, /is not an absolute path/],
    ['a CA file with a NUL', { ...BINDING, AZURE_KUBERNETES_CA_FILE: '/ca\u0000.crt' }, /is not an absolute path/],
    [
      'CA data that is not PEM',
      { AZURE_KUBERNETES_TOKEN_PROXY: PROXY, AZURE_KUBERNETES_CA_DATA: 'not a certificate' },
      /^AZURE_KUBERNETES_CA_DATA holds no PEM certificate/,
    ],
    [
      'CA data whose second block does not parse',
      {
        AZURE_KUBERNETES_TOKEN_PROXY: PROXY,
        AZURE_KUBERNETES_CA_DATA: `${caPem}-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n`,
      },
      /holds a certificate that does not parse \(the 2nd of 2\)/,
    ],
    [
      'CA data over the cap',
      { AZURE_KUBERNETES_TOKEN_PROXY: PROXY, AZURE_KUBERNETES_CA_DATA: caPem.repeat(MAX_CA_BYTES / caPem.length + 1) },
      /larger than the 64 KiB/,
    ],
  ])('refuses %s', (_, env, message) => {
    expect(problemOf(env)).toMatch(message);
  });

  it('never repeats the CA data, and shows a hostile value escaped and cut short', () => {
    expect(
      problemOf({ AZURE_KUBERNETES_TOKEN_PROXY: PROXY, AZURE_KUBERNETES_CA_DATA: 'SECRETISH-PEM-ISH' }),
    ).not.toContain('SECRETISH');
    const long = problemOf({ ...BINDING, AZURE_KUBERNETES_SNI_NAME: `::error::${'x'.repeat(500)}` })!;
    expect(long).toContain('AZURE_KUBERNETES_SNI_NAME (:\\u003aerror::x');
    expect(long.length).toBeLessThan(400);
  });

  it('property: whatever the variables hold, a problem is one line that forms no workflow command', () => {
    const value = fc.oneof(hostileText(6), fc.constantFrom(PROXY, SNI, CA_FILE, '', caPem));
    fc.assert(
      fc.property(value, value, value, value, (url, sni, file, data) => {
        const env = {
          AZURE_KUBERNETES_TOKEN_PROXY: url,
          AZURE_KUBERNETES_SNI_NAME: sni,
          AZURE_KUBERNETES_CA_FILE: file,
          AZURE_KUBERNETES_CA_DATA: data,
        };
        const result = tokenProxyFromEnv(env);
        const problem = 'problem' in result ? result.problem : '';
        // Accepted: an https URL, and exactly one CA source.
        const accepted = 'tokenProxy' in result ? result.tokenProxy : undefined;
        expect(new URL(accepted?.url ?? 'https://none/').protocol).toBe('https:');
        expect(accepted ? Object.keys(accepted.ca) : []).toHaveLength(accepted ? 1 : 0);
        // Refused: one line, which the runner reads as no command, at the start of a line or in it.
        expect(problem).not.toMatch(/[\r\n\u2028\u2029\u0085]/);
        expect(commandsIn(`${problem}\n`)).toEqual([]);
        expect(commandsIn(`x ${problem}\n`)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('caCertificates', () => {
  it('takes every certificate of a bundle, and refuses one with none', () => {
    expect(caCertificates(`${caPem}\n${certPem}`)).toEqual({ certificates: [caPem.trim(), certPem.trim()] });
    expect(caCertificates('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----')).toEqual({
      problem: 'no PEM certificate (-----BEGIN CERTIFICATE-----)',
    });
  });
});

describe('the workload identity source with an identity binding', () => {
  const GUID = '9a7b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d';
  const AKS = {
    AZURE_FEDERATED_TOKEN_FILE: '/var/run/secrets/azure/wi/token/azure-identity-token',
    AZURE_CLIENT_ID: GUID,
    AZURE_TENANT_ID: GUID,
  };
  const resolve = (env: Record<string, string>) =>
    resolveIdentitySource({ auth: 'auto', identity: { kind: 'system' }, tenantId: '', cloud: 'AzureCloud' }, env);

  it('carries the token proxy, and refuses a bad one as the auth input’s problem, before any request', () => {
    expect(resolve({ ...AKS, ...BINDING })).toMatchObject({
      source: { kind: 'workload-identity', tokenProxy: { url: 'https://10.0.0.1/', sniName: SNI } },
    });
    expect(resolve({ ...AKS, ...BINDING, AZURE_KUBERNETES_TOKEN_PROXY: 'http://10.0.0.1' })).toEqual({
      problem: { input: 'auth', message: expect.stringMatching(/AZURE_KUBERNETES_TOKEN_PROXY .* must be https/) },
    });
  });

  it('leaves the variables alone where the source is not workload identity', () => {
    expect(resolve({ ...BINDING, AZURE_KUBERNETES_TOKEN_PROXY: 'http://x' })).toEqual({
      source: { kind: 'imds', identity: { kind: 'system' } },
    });
  });
});

describe('a token proxy failure the SDK would drop', () => {
  it('is classified by what failed, also as the cause of another error, never from its text', () => {
    const failure = new TokenProxyError('tls', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(classifyIdentityError(failure, 0)).toEqual({
      kind: 'token-proxy',
      reason: 'tls',
      detail: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    });
    expect(classifyIdentityError(new Error('wrapped', { cause: failure }), 0)).toMatchObject({ kind: 'token-proxy' });
    // A look-alike with a reason the action never sets is not taken for one.
    const forged = Object.assign(new Error('x'), { name: 'TokenProxyError', reason: 'evil', detail: 'y' });
    expect(classifyIdentityError(forged, 0).kind).not.toBe('token-proxy');
  });
});
