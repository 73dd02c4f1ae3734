// The small pure pieces, table-driven: JSON leaves and their masking, expiry, file contents,
// export planning, wildcard expansion, NO_PROXY, token claims and commands.
import { escapeData, escapeProperty } from '../src/runner/commands.js';
import { expiryNotes } from '../src/export/expiry.js';
import { fileContent } from '../src/export/files.js';
import { jsonLeaves } from '../src/export/json.js';
import { isStructuralLine, maskPieces, masksLeaf } from '../src/policy/masking.js';
import { type AuthMode, resolveIdentitySource } from '../src/identity/source.js';
import type { IdentitySelector } from '../src/inputs/config.js';
import { type FetchedSecret, planExports } from '../src/export/plan.js';
import type { SecretReference } from '../src/inputs/references.js';
import { principalOf } from '../src/identity/token.js';
import { expandWildcards } from '../src/vault/wildcards.js';
import { bypassesProxy, proxyFor } from '../src/azure/vaultAgent.js';
import { jwt } from './helpers/fakes.js';

const vault = { name: 'kv', url: 'https://kv.vault.azure.net/' };
const ref = (name: string, more: Partial<SecretReference> = {}): SecretReference => ({
  input: 'secrets',
  line: 1,
  text: name,
  alias: name.toUpperCase().replaceAll('-', '_'),
  vault,
  name,
  ...more,
});
const fetched = (
  name: string,
  value: string,
  more: Partial<SecretReference> = {},
  bundle: Partial<FetchedSecret['bundle']> = {},
): FetchedSecret => ({
  ref: ref(name, more),
  bundle: { value, version: 'v1', enabled: true, ...bundle },
});

describe('jsonLeaves', () => {
  it.each([
    ['{"a":1}', [['X_A', '1', 'number']]],
    ['{"a":{"b":{"c":"deep"}}}', [['X_A_B_C', 'deep', 'string']]],
    [
      '{"odd key.x":"v","n":null,"t":true,"arr":[1,"2"]}',
      [
        ['X_ODD_KEY_X', 'v', 'string'],
        ['X_N', 'null', 'null'],
        ['X_T', 'true', 'boolean'],
        ['X_ARR', '[1,"2"]', 'array'],
      ],
    ],
    ['  {"a":"b"}\n', [['X_A', 'b', 'string']]],
    ['{}', []],
    [
      '{"big":12345678901234567890,"f":1.50,"arr":[9007199254740993,{"k":"v"}]}',
      [
        ['X_BIG', '12345678901234567890', 'number'],
        ['X_F', '1.50', 'number'],
        ['X_ARR', '[9007199254740993,{"k":"v"}]', 'array'],
      ],
    ],
  ])('%s', (value, leaves) => {
    const expansion = jsonLeaves('X', value);
    expect(
      expansion && 'leaves' in expansion ? expansion.leaves.map((l) => [l.name, l.value, l.kind]) : expansion,
    ).toEqual(leaves);
  });

  it('finds every string inside an array, at any depth', () => {
    const expansion = jsonLeaves('X', '{"keys":["alpha-secret",["nested-secret"],{"inner":"object-secret"},7]}');
    expect(expansion && 'leaves' in expansion && expansion.leaves[0]!.strings).toEqual([
      { value: 'alpha-secret', path: 'keys[0]' },
      { value: 'nested-secret', path: 'keys[1][0]' },
      { value: 'object-secret', path: 'keys[2].inner' },
    ]);
  });

  it('refuses JSON nested deeper than its limit, without recursing into it', () => {
    expect(jsonLeaves('X', `{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`)).toEqual({ tooDeep: true });
    expect(jsonLeaves('X', '{"a":"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}')).toEqual({
      leaves: [expect.objectContaining({ value: '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[' })],
    });
  });

  it.each(['plain', '[1,2]', '"str"', '42', '{not json', 'null', ''])('leaves %j alone', (value) => {
    expect(jsonLeaves('X', value)).toBeUndefined();
  });

  it.each([
    [{ path: 'host', value: 'db.internal', kind: 'string' }, true],
    [{ path: 'port', value: '5432', kind: 'number' }, true],
    [{ path: 'region', value: 'eu', kind: 'string' }, false],
    [{ path: 'creds.pin', value: '42', kind: 'number' }, true],
    [{ path: 'api_key', value: 'ab', kind: 'string' }, true],
    [{ path: 'enabled', value: 'true', kind: 'boolean' }, false],
    [{ path: 'password', value: 'null', kind: 'null' }, false],
    [{ path: 'token', value: '', kind: 'string' }, false],
  ] as const)('masks %o: %s', (leaf, masked) => {
    expect(masksLeaf({ name: 'X', ...leaf })).toBe(masked);
  });
});

describe('maskPieces', () => {
  it.each([
    ['', []],
    [' \t\n ', []],
    ['one', ['one']],
    ['  padded  ', ['  padded  ', 'padded']],
    ['line-one\nline-two', ['line-one', 'line-two']],
    ['  hunter2x  \r\n\r\nsecond-line', ['  hunter2x  ', 'hunter2x', 'second-line']],
    // A kubeconfig: structure stays readable, every line with secret material is masked.
    [
      'apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: https://aks-prod.hcp.eastus.azmk8s.io:443\n  name: aks\nusers:\n- name: ci\n  user:\n    token: abc\n',
      // …and the value of each masked key line alone, as `yq` or `kubectl -o jsonpath` print it.
      [
        '    server: https://aks-prod.hcp.eastus.azmk8s.io:443',
        'server: https://aks-prod.hcp.eastus.azmk8s.io:443',
        'https://aks-prod.hcp.eastus.azmk8s.io:443',
        '    token: abc',
        'token: abc',
        'abc',
      ],
    ],
    // JSON over several lines: punctuation and short plain values are structure; credentials are not.
    [
      '{\n  "port": 5432,\n  "pin": "12",\n  "host": "db.internal.example"\n}',
      [
        '  "pin": "12",',
        '"pin": "12",',
        '12',
        '  "host": "db.internal.example"',
        '"host": "db.internal.example"',
        'db.internal.example',
      ],
    ],
    [
      '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----',
      ['-----BEGIN PRIVATE KEY-----', 'MIIEvQIBADANBg', '-----END PRIVATE KEY-----'],
    ],
  ])('%j', (value, pieces) => {
    expect(maskPieces(value)).toEqual(pieces);
  });

  it.each(['{', '},', ']', '---', 'apiVersion: v1', 'kind: Config', '"port": 5432,', 'users:', '- name: ci', 'ab'])(
    'treats %j as structure',
    (line) => {
      expect(isStructuralLine(line)).toBe(true);
    },
  );

  it.each([
    'password: x',
    'pin: 12',
    'token: abc',
    'server: https://example.internal',
    'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC',
    'hunter2x',
    'key',
  ])('masks %j', (line) => {
    expect(isStructuralLine(line)).toBe(false);
  });
});

describe('expiryNotes', () => {
  const now = Date.UTC(2026, 10, 22);
  const day = 86_400_000;
  it.each([
    [{ expiresOn: new Date(now - day) }, ['expired']],
    [{ expiresOn: new Date(now + 3 * day) }, ['expiring']],
    [{ expiresOn: new Date(now + 30 * day) }, []],
    [{ notBefore: new Date(now + day) }, ['not-yet-valid']],
    [{ notBefore: new Date(now - day), expiresOn: new Date(now + 14 * day) }, ['expiring']],
    [{}, []],
  ])('%o', (dates, kinds) => {
    expect(expiryNotes([fetched('s', 'v', {}, dates)], now, 14).map((n) => n.kind)).toEqual(kinds);
  });
});

describe('fileContent', () => {
  it('decodes a PFX from base64 and writes everything else as text', () => {
    const bytes = Buffer.from([0, 1, 2, 250, 251]);
    expect(
      fileContent({ value: bytes.toString('base64'), version: '', enabled: true, contentType: 'application/x-pkcs12' }),
    ).toEqual(bytes);
    expect(
      fileContent({
        value: '-----BEGIN X-----\n',
        version: '',
        enabled: true,
        contentType: 'application/x-pem-file',
      }).toString(),
    ).toBe('-----BEGIN X-----\n');
    expect(fileContent({ value: 'ü', version: '', enabled: true }).toString('utf8')).toBe('ü');
  });
});

describe('planExports', () => {
  it('names files after the secret, and a second one of the same name after its alias', () => {
    const { items, problems } = planExports(
      [
        fetched('cert', 'a', { input: 'files' }),
        fetched('cert', 'b', {
          input: 'files',
          alias: 'OTHER',
          vault: { name: 'kv2', url: 'https://kv2.vault.azure.net/' },
        }),
      ],
      false,
    );
    expect(problems).toEqual([]);
    expect(items.map((i) => i.fileName)).toEqual(['cert', 'OTHER']);
  });

  it('refuses a JSON leaf that lands on a protected name or another alias', () => {
    const { problems } = planExports(
      [fetched('runner', '{"temp":"/x-value"}'), fetched('db', 'x'), fetched('d', '{"b":"dup-value"}', { alias: 'D' })],
      true,
    );
    expect(problems.map((p) => p.message)).toEqual([expect.stringMatching(/RUNNER_TEMP, a protected name/)]);
    const dup = planExports([fetched('db-host', 'plain-value'), fetched('db', '{"host":"json-value"}')], true);
    expect(dup.problems.map((p) => p.message)).toEqual([expect.stringMatching(/DB_HOST, already exported/)]);
  });
});

describe('expandWildcards', () => {
  const wildcard = { input: 'secrets', line: 3, text: 'app-*', vault, prefix: 'app-', namespace: 'APP_' };
  it('takes enabled matches in name order, case-insensitively, and reports the rest', () => {
    const listing = {
      vaultUrl: vault.url,
      secrets: [
        { name: 'App-B', enabled: true },
        { name: 'app-a', enabled: true },
        { name: 'app-off', enabled: false },
        { name: 'other', enabled: true },
        { name: 'app-9x', enabled: true },
      ],
    };
    const expansion = expandWildcards([wildcard], new Map([[vault.url, listing]]));
    expect(expansion.references.map((r) => [r.alias, r.line, r.matchedBy])).toEqual([
      ['APP_9X', 3, 'app-*'],
      ['APP_A', 3, 'app-*'],
      ['APP_B', 3, 'app-*'],
    ]);
    expect(expansion.unmatched).toEqual([]);
  });

  it('reports a wildcard that matches nothing, and one whose vault could not be listed', () => {
    const none = expandWildcards([wildcard], new Map([[vault.url, { vaultUrl: vault.url, secrets: [] }]]));
    expect(none.unmatched).toEqual([wildcard]);
    const failed = expandWildcards(
      [wildcard],
      new Map([[vault.url, { vaultUrl: vault.url, error: new Error('403') }]]),
    );
    expect(failed.failed).toHaveLength(1);
  });

  it('a listed name that would not be a name on its own (2fa) is one under its namespace', () => {
    const wild = { ...wildcard, prefix: '', text: 'KV_*=*', namespace: 'KV_' };
    const expansion = expandWildcards(
      [wild],
      new Map([[vault.url, { vaultUrl: vault.url, secrets: [{ name: '2fa', enabled: true }] }]]),
    );
    expect(expansion.references.map((r) => r.alias)).toEqual(['KV_2FA']);
  });
});

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

describe('principalOf', () => {
  it.each([
    [jwt({ oid: 'o', tid: 't', appid: 'a' }), { objectId: 'o', tenantId: 't', appId: 'a' }],
    [jwt({ sub: 'x' }), {}],
    ['not-a-jwt', {}],
    ['a.%%%.c', {}],
    ['a.bnVsbA.c', {}],
  ])('%s', (token, principal) => {
    expect(principalOf(token)).toEqual(principal);
  });
});

describe('workflow command escaping', () => {
  it('escapes data and properties as @actions/core does', () => {
    expect(escapeData('50% done\r\nnext')).toBe('50%25 done%0D%0Anext');
    expect(escapeProperty('a:b,c%')).toBe('a%3Ab%2Cc%25');
  });
});

describe('createVaultAgent', () => {
  it('keeps the SDK’s own agent without a proxy, proxies with keep-alive, and goes direct when NO_PROXY exempts the vault', async () => {
    const { createVaultAgent } = await import('../src/azure/vaultAgent.js');
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

describe('SDK log lines', () => {
  it('are redacted and can never start a workflow command', async () => {
    const { Redactor, routeSdkLogs } = await import('../src/azure/sdkLog.js');
    const { AzureLogger } = await import('@azure/logger');
    const lines: string[] = [];
    const redactor = new Redactor();
    redactor.add('known-secret-value');
    routeSdkLogs(redactor, (line) => lines.push(line));
    AzureLogger.log(
      'body: known-secret-value\n::warning::forged\n  ::set-output name=x::y',
      'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln',
    );
    const text = lines.join('\n');
    expect(text).not.toContain('known-secret-value');
    expect(text).not.toContain('eyJhbGciOiJIUzI1NiJ9');
    expect(text.split('\n').filter((l) => /^\s*::/.test(l))).toEqual([]);
  });
});

describe('resolveIdentitySource', () => {
  const GUID = '9a7b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d';
  const AKS = {
    AZURE_FEDERATED_TOKEN_FILE: '/var/run/secrets/azure/tokens/azure-identity-token',
    AZURE_CLIENT_ID: GUID,
    AZURE_TENANT_ID: GUID,
  };
  const ACA = { IDENTITY_ENDPOINT: 'http://localhost:42356/msi/token', IDENTITY_HEADER: 'h' };
  const ARC = {
    IDENTITY_ENDPOINT: 'http://localhost:40342/metadata/identity/oauth2/token',
    IMDS_ENDPOINT: 'http://localhost:40342',
  };
  const OIDC = { ACTIONS_ID_TOKEN_REQUEST_URL: 'https://x/token', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't' };
  const system = { kind: 'system' } as const;
  const byClient = { kind: 'client-id', id: GUID } as const;
  const byObject = { kind: 'object-id', id: GUID } as const;
  type Case = [
    string,
    Partial<{ auth: AuthMode; identity: IdentitySelector; tenantId: string }>,
    Record<string, string>,
    string,
  ];
  it.each<Case>([
    ['a VM by default', {}, {}, 'imds'],
    ['AKS from its variables', {}, AKS, 'workload-identity'],
    ['AKS even with tenant-id (it overrides AZURE_TENANT_ID)', { tenantId: GUID }, AKS, 'workload-identity'],
    ['Container Apps from its variables', {}, ACA, 'app-service'],
    ['Arc from its variables', {}, ARC, 'arc'],
    ['GitHub OIDC from tenant-id', { tenantId: GUID, identity: byClient }, OIDC, 'github-oidc'],
    ['a named source over the environment', { auth: 'imds' }, ACA, 'imds'],
    ['object-id on AKS', { identity: byObject }, AKS, 'problem object-id'],
    ['a selector on Arc', { identity: byClient }, ARC, 'problem client-id'],
    ['tenant-id on Container Apps', { tenantId: GUID }, ACA, 'problem tenant-id'],
    ['GitHub OIDC without id-token: write', { tenantId: GUID, identity: byClient }, {}, 'problem tenant-id'],
    ['GitHub OIDC without client-id', { tenantId: GUID }, OIDC, 'problem client-id'],
    ['arc named, without its variables', { auth: 'arc' }, {}, 'problem auth'],
    ['workload-identity named, without a token file', { auth: 'workload-identity' }, {}, 'problem auth'],
  ])('%s', (_, inputs, env, expected) => {
    const resolved = resolveIdentitySource(
      { auth: 'auto', identity: system, tenantId: '', cloud: 'AzureCloud', ...inputs },
      env,
    );
    expect('problem' in resolved ? `problem ${resolved.problem.input}` : resolved.source.kind).toBe(expected);
  });
});
