import fc from 'fast-check';
import { readConfig } from '../../../src/inputs/config.js';
import { PROTECTED_ENV } from '../../../src/policy/protectedNames.js';
import {
  checkAliases,
  defaultAlias,
  parseReference,
  parseReferences,
  parseVault,
  SECRET_NAME,
} from '../../../src/inputs/references.js';

const vault = { name: 'ml-prod-kv', url: 'https://ml-prod-kv.vault.azure.net/' };
const V = '0123456789abcdef0123456789abcdef';

describe('parseReference accepts', () => {
  it.each([
    ['db-password', { alias: 'DB_PASSWORD', name: 'db-password', vault }],
    ['STORAGE_KEY=storage-account-key', { alias: 'STORAGE_KEY', name: 'storage-account-key', vault }],
    [`HF_TOKEN=hf-token/${V}`, { alias: 'HF_TOKEN', name: 'hf-token', version: V, vault }],
    [`hf-token/${V.toUpperCase()}`, { alias: 'HF_TOKEN', name: 'hf-token', version: V.toUpperCase(), vault }],
    [' SPACED = db-password ', { alias: 'SPACED', name: 'db-password', vault }],
    ['x', { alias: 'X', name: 'x' }],
    ['a'.repeat(127), { alias: 'A'.repeat(127), name: 'a'.repeat(127) }],
    [
      'https://other-kv.vault.azure.net/secrets/api-key',
      { alias: 'API_KEY', name: 'api-key', vault: { name: 'other-kv', url: 'https://other-kv.vault.azure.net/' } },
    ],
    [
      `K=https://Other-KV.vault.azure.net/secrets/api-key/${V}/`,
      {
        alias: 'K',
        name: 'api-key',
        version: V,
        vault: { name: 'other-kv', url: 'https://other-kv.vault.azure.net/' },
      },
    ],
    ['_private=db', { alias: '_private', name: 'db' }],
  ])('%s', (text, expected) => {
    const parsed = parseReference(text.trim(), vault, 'AzureCloud');
    expect(parsed).toMatchObject({ ok: true, value: expected });
  });
});

describe('parseReference rejects, saying why', () => {
  it.each([
    ['db_password', /not a valid secret name/],
    ['db.password', /not a valid secret name/],
    ['a'.repeat(128), /not a valid secret name/],
    ['db/abc', /32 hexadecimal/],
    [`db/${V}0`, /32 hexadecimal/],
    [`db/${V.slice(1)}g`, /32 hexadecimal/],
    [`db/${V}/extra`, /too many parts/],
    ['=db', /empty alias/],
    ['X=', /names no secret/],
    ['1X=db', /not a valid alias/],
    ['MY-ALIAS=db', /not a valid alias/],
    ['9lives', /explicit|give one/],
    ['http://ml-prod-kv.vault.azure.net/secrets/db', /https/],
    ['https://example.com/secrets/db', /not a Key Vault host/],
    ['https://ml-prod-kv.vault.azure.net.evil.com/secrets/db', /not a Key Vault host/],
    ['https://ml-prod-kv.vault.usgovcloudapi.net/secrets/db', /AzureUSGovernment vault/],
    ['https://ml-prod-kv.vault.azure.net/keys/db', /not a secret URL/],
    ['https://ml-prod-kv.vault.azure.net/secrets/', /not a secret URL/],
    ['https://ml-prod-kv.vault.azure.net:8443/secrets/db', /port/],
    ['https://ml-prod-kv.vault.azure.net/secrets/db?x=1', /query/],
    ['https://a.vault.azure.net/secrets/db', /not a Key Vault name/],
  ])('%s', (text, message) => {
    const parsed = parseReference(text, vault, 'AzureCloud');
    expect(parsed.ok).toBe(false);
    expect(parsed).toMatchObject({ message: expect.stringMatching(message) });
  });

  it('a bare name with no keyvault input', () => {
    expect(parseReference('db', undefined, 'AzureCloud')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/names no vault/),
    });
  });
});

describe('wildcards: every name they give starts with a prefix the workflow wrote, ending in _', () => {
  const other = { name: 'other-kv', url: 'https://other-kv.vault.azure.net/' };
  it.each([
    ['app-*', { prefix: 'app-', namespace: 'APP_', vault }],
    ['App--*', { prefix: 'App--', namespace: 'APP__', vault }],
    ['v2-*', { prefix: 'v2-', namespace: 'V2_', vault }],
    ['KV_*=*', { prefix: '', namespace: 'KV_', vault }],
    ['kv_*=*', { prefix: '', namespace: 'kv_', vault }],
    ['APP_*=app-*', { prefix: 'app-', namespace: 'APP_', vault }],
    ['DB_*=db*', { prefix: 'db', namespace: 'DB_', vault }],
    ['S1_*=1-*', { prefix: '1-', namespace: 'S1_', vault }],
    [' OTHER_* = https://other-kv.vault.azure.net/secrets/* ', { prefix: '', namespace: 'OTHER_', vault: other }],
    ['https://other-kv.vault.azure.net/secrets/ml-*', { prefix: 'ml-', namespace: 'ML_', vault: other }],
  ])('%s', (text, expected) => {
    const { wildcards, problems } = parseReferences('secrets', text, { defaultVault: vault, cloud: 'AzureCloud' });
    expect(problems).toEqual([]);
    expect(wildcards).toEqual([expect.objectContaining({ line: 1, ...expected })]);
  });

  // Refused from the input alone: nothing is requested.
  it.each([
    ['*', /would let whoever writes the vault choose every exported name.*KV_\*=\*$/],
    ['https://other-kv.vault.azure.net/secrets/*', /choose every exported name.*KV_\*=https:\/\/other-kv/],
    ['m*', /would begin M and go on with whatever the vault holds \(m\* would give MAKEFILES\).*M_\*=m\*$/],
    ['db*', /would begin DB .*end the prefix with a dash, or name one ending in _: DB_\*=db\*$/],
    ['gnumake*', /would begin GNUMAKE /],
    ['1-*', /a name prefix starts with a letter; name one: MY_1_\*=1-\*$/],
    ['KV*=*', /"KV\*" is not a name prefix: .*ending in _/],
    ['_*=*', /"_\*" is not a name prefix: a letter/],
    ['__*=*', /not a name prefix/],
    ['1_*=*', /not a name prefix/],
    ['K-V_*=*', /not a name prefix/],
    ['KV=*', /a wildcard takes a name prefix ending in _, not an alias: KV_\*=\*$/],
    ['APP=app-*', /not an alias: APP_\*=app-\*$/],
    ['KV_*=db', /KV_\* is a name prefix, which only a wildcard .* takes; for one secret write an alias: KV=db$/],
    [
      'node-*',
      /would start with NODE_, and names starting with NODE_ change how other programs run.*MY_NODE_\*=node-\*$/,
    ],
    ['git-*', /starting with GIT_ change how/],
    ['GIT_*=*', /starting with GIT_ change how/],
    ['ld-*', /starting with LD_ change how/],
    ['python-*', /starting with PYTHON change how/],
    ['GITHUB_*=*', /starting with GITHUB_ change how/],
    ['vcpkg-*', /starting with VCPKG_ change how/],
    ['msbuild-*', /starting with MSBUILD change how/],
    ['app-*/' + V, /takes the latest version/],
  ])('refuses %s, saying why', (text, message) => {
    const { wildcards, problems } = parseReferences('files', text, { defaultVault: vault, cloud: 'AzureCloud' });
    expect(wildcards).toEqual([]);
    expect(problems).toEqual([{ input: 'files', line: 1, message: expect.stringMatching(message) }]);
  });
});

describe('parseReferences', () => {
  it('counts every line as written, skipping blanks and comments, splitting on commas', () => {
    const text = '# training secrets\n\ndb-password\r\n  a, B=b ,\n# done\nc';
    const { references, problems } = parseReferences('secrets', text, { defaultVault: vault, cloud: 'AzureCloud' });
    expect(problems).toEqual([]);
    expect(references.map((r) => [r.line, r.alias])).toEqual([
      [3, 'DB_PASSWORD'],
      [4, 'A'],
      [4, 'B'],
      [6, 'C'],
    ]);
  });

  it('reports every bad line, with its number', () => {
    const { problems } = parseReferences('secrets', 'ok\nbad_name\n\nx/y/z', {
      defaultVault: vault,
      cloud: 'AzureCloud',
    });
    expect(problems.map((p) => p.line)).toEqual([2, 4]);
  });
});

describe('pem: (files only): a certificate written as its key, certificate and chain', () => {
  const options = { defaultVault: vault, cloud: 'AzureCloud' as const };
  it('takes a name, a version, an alias or a URL after pem:, in files', () => {
    const text = `pem:tls-cert\nTLS=pem:tls-cert/${V}\nOTHER = pem: https://other-kv.vault.azure.net/secrets/client-cert`;
    const { references, problems } = parseReferences('files', text, options);
    expect(problems).toEqual([]);
    expect(references).toMatchObject([
      { alias: 'TLS_CERT', name: 'tls-cert', pem: true },
      { alias: 'TLS', name: 'tls-cert', version: V, pem: true },
      { alias: 'OTHER', name: 'client-cert', vault: { name: 'other-kv' }, pem: true },
    ]);
    expect(parseReferences('files', 'tls-cert', options).references[0]).not.toHaveProperty('pem');
  });

  it('refuses it in secrets, with a wildcard, or naming nothing, before any request', () => {
    const inSecrets = parseReferences('secrets', 'TLS=pem:tls-cert', options);
    expect(inSecrets.references).toEqual([]);
    expect(inSecrets.problems).toEqual([
      {
        input: 'secrets',
        line: 1,
        message: expect.stringMatching(/pem: writes a certificate's PEM files; move it to the files input/),
      },
    ]);
    expect(parseReferences('files', 'pem:tls-*\nX=pem:', options).problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/pem: reads one certificate; name it without \*/),
      expect.stringMatching(/names no secret after "pem:"/),
    ]);
  });

  it('checks the three names it exports, ALIAS, ALIAS_KEY and ALIAS_CHAIN, with the others', () => {
    const { config, problems } = readConfig(
      (name) => ({ keyvault: 'ml-prod-kv', files: 'TLS=pem:tls-cert\nTLS_KEY=other-key' })[name] ?? '',
    );
    expect(config).toBeUndefined();
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/exports TLS_KEY, already exported by "TLS=pem:tls-cert"/),
    ]);
    // BASH_FUNC is no protected name, but BASH_FUNC_KEY and BASH_FUNC_CHAIN are bash's exported functions.
    const bash = readConfig((name) => ({ keyvault: 'ml-prod-kv', files: 'BASH_FUNC=pem:x' })[name] ?? '');
    expect(bash.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/would set BASH_FUNC_KEY, a protected name/),
      expect.stringMatching(/would set BASH_FUNC_CHAIN, a protected name/),
    ]);
  });
});

describe('parseVault', () => {
  it.each([
    ['ml-prod-kv', 'AzureCloud', 'https://ml-prod-kv.vault.azure.net/'],
    ['https://ml-prod-kv.vault.azure.net/', 'AzureCloud', 'https://ml-prod-kv.vault.azure.net/'],
    ['https://ML-Prod-KV.vault.azure.net', 'AzureCloud', 'https://ml-prod-kv.vault.azure.net/'],
    ['gov-kv', 'AzureUSGovernment', 'https://gov-kv.vault.usgovcloudapi.net/'],
    ['cn-kv', 'AzureChinaCloud', 'https://cn-kv.vault.azure.cn/'],
  ] as const)('%s in %s', (text, cloud, url) => {
    expect(parseVault(text, cloud)).toMatchObject({ ok: true, value: { url } });
  });

  it.each([
    'ab',
    'a'.repeat(25),
    'kv_1',
    '-kv',
    'kv-',
    'k--v',
    '1kv',
    'kv.prod',
    'http://kv1.vault.azure.net/',
    'https://kv1.vault.azure.net/secrets/x',
  ])('rejects %s', (text) => {
    expect(parseVault(text, 'AzureCloud').ok).toBe(false);
  });
});

describe('checkAliases', () => {
  const protectedNames = PROTECTED_ENV;
  const refs = (...aliases: string[]) =>
    aliases.map((alias, i) => ({ input: 'secrets', alias, line: i + 1, text: `${alias}=x` }));

  it.each([
    'PATH',
    'path',
    'Node_Options',
    'LD_PRELOAD',
    'LD_LIBRARY_PATH',
    'BASH_ENV',
    'ENV',
    'HOME',
    'SHELL',
    'GITHUB_TOKEN',
    'runner_temp',
    'ACTIONS_RUNTIME_TOKEN',
    'INPUT_SECRETS',
    'STATE_x',
    'LD_AUDIT',
    'ld_anything',
    'SHELLOPTS',
    'BASHOPTS',
    'PS4',
    'PROMPT_COMMAND',
    'IFS',
    'BASH_FUNC_foo%%',
    'GIT_CONFIG_COUNT',
    'GIT_CONFIG_KEY_0',
    'GIT_SSH_COMMAND',
    'GIT_EXEC_PATH',
    'JAVA_TOOL_OPTIONS',
    '_JAVA_OPTIONS',
    'PERL5OPT',
    'PERL5LIB',
    'PYTHONSTARTUP',
    'PYTHONPATH',
    'RUBYOPT',
    'NODE_EXTRA_CA_CERTS',
    'SSL_CERT_FILE',
    'HTTPS_PROXY',
    'http_proxy',
    'ALL_PROXY',
    'no_proxy',
    'DYLD_INSERT_LIBRARIES',
  ])('refuses the protected name %s', (alias) => {
    expect(checkAliases(refs(alias), protectedNames)).toEqual([
      expect.objectContaining({ line: 1, message: expect.stringMatching(/protected/) }),
    ]);
  });

  it('refuses duplicates after transformation, naming both lines', () => {
    const problems = checkAliases(
      [
        { input: 'secrets', alias: 'DB_PASSWORD', line: 2, text: 'db-password' },
        { input: 'secrets', alias: 'db_password', line: 5, text: 'db_password=other' },
      ],
      protectedNames,
    );
    expect(problems).toEqual([expect.objectContaining({ line: 5, message: expect.stringMatching(/line 2/) })]);
  });

  it('accepts names that merely contain a protected word', () => {
    expect(
      checkAliases(
        refs('MY_PATH', 'HOMEDIR', 'XGITHUB_TOKEN', 'PROXY_URL', 'MY_LD', 'GIT_TOKEN', 'PYTHON_VERSION'),
        protectedNames,
      ),
    ).toEqual([]);
  });
});

describe('properties', () => {
  it('the parser never throws and never accepts a name outside Key Vault’s rule', () => {
    const pieces = fc.constantFrom(
      'a',
      'Z',
      '0',
      '-',
      '_',
      '.',
      '/',
      '=',
      ',',
      ' ',
      '#',
      ':',
      'é',
      '\n',
      '\r',
      'https://',
      'x.vault.azure.net',
      '%',
      '*',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(pieces, { maxLength: 40 }).map((p) => p.join('')),
        ),
        (text) => {
          const { references } = parseReferences('secrets', text, { defaultVault: vault, cloud: 'AzureCloud' });
          for (const ref of references) {
            expect(SECRET_NAME.test(ref.name)).toBe(true);
            expect(ref.alias).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('every valid name parses back to itself under its default alias', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-zA-Z][0-9A-Za-z-]{0,126}$/), (name) => {
        expect(parseReference(name, vault, 'AzureCloud')).toEqual({
          ok: true,
          value: { alias: defaultAlias(name), explicitAlias: false, vault, name },
        });
      }),
      { numRuns: 500 },
    );
  });
});
