// Names a vault writer chooses: a listing's names and a JSON secret's keys only ever follow a prefix the
// workflow wrote (the rule, proved by property); and the protected-name lists behind it, refused whoever
// brings them in, or only when a wildcard or a JSON key brings them.
import fc from 'fast-check';
import { type FetchedSecret, planExports } from '../../../src/read/export/plan.js';
import { ALIAS, checkAliases, NAMESPACE, type NamedExport, parseReferences } from '../../../src/inputs/references.js';
import { expandWildcards } from '../../../src/vault/wildcards.js';

const byHand = (alias: string): NamedExport => ({ input: 'secrets', line: 1, alias, text: `${alias}=x` });
const byWildcard = (alias: string): NamedExport => ({
  input: 'secrets',
  line: 2,
  alias,
  text: alias.toLowerCase().replaceAll('_', '-'),
  matchedBy: '*',
});
const byJson = (alias: string): NamedExport => ({
  input: 'secrets',
  line: 3,
  alias,
  text: `cfg → ${alias}`,
  jsonPath: alias,
});

// Names that run code, redirect trust or read a config of their choosing: refused even when written by hand.
const ALWAYS = [
  'GIT_EXTERNAL_DIFF',
  'NODE_TLS_REJECT_UNAUTHORIZED',
  'GIT_SSL_NO_VERIFY',
  'AZURE_AUTHORITY_HOST',
  'IDENTITY_ENDPOINT',
  'IDENTITY_HEADER',
  'AZURE_FEDERATED_TOKEN_FILE',
  'MSI_ENDPOINT',
  'MSI_SECRET',
  'IMDS_ENDPOINT',
  'NODE_PATH',
  'npm_config_registry',
  'NPM_CONFIG_USERCONFIG',
  'npm_config_script_shell',
  'DOTNET_STARTUP_HOOKS',
  'DOTNET_ADDITIONAL_DEPS',
  'CORECLR_PROFILER_PATH',
  'CORECLR_ENABLE_PROFILING',
  'COR_PROFILER_PATH',
  'COR_ENABLE_PROFILING',
  'COMPlus_EnableDiagnostics',
  'DOCKER_HOST',
  'DOCKER_CONFIG',
  'REQUESTS_CA_BUNDLE',
  'CURL_CA_BUNDLE',
  'AWS_CA_BUNDLE',
  'NODE_EXTRA_CA_CERTS',
  'PAGER',
  'LESSOPEN',
  'LESSCLOSE',
  'EDITOR',
  'VISUAL',
  'SSH_ASKPASS',
  'SUDO_ASKPASS',
  'GIT_ASKPASS',
  'XDG_CONFIG_HOME',
  'XDG_DATA_DIRS',
  'TMPDIR',
  'TMP',
  'TEMP',
  'GOFLAGS',
  'GOPROXY',
  'GOTOOLCHAIN',
  'CGO_CFLAGS',
  'RUSTC_WRAPPER',
  'RUSTFLAGS',
  'RUSTUP_TOOLCHAIN',
  'CARGO_HOME',
  'CARGO_BUILD_RUSTC_WRAPPER',
  'CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_RUNNER',
  'PATHEXT',
  'ComSpec',
  'PSModulePath',
  'SystemRoot',
  'USERPROFILE',
  'APPDATA',
  'LOCALAPPDATA',
  'windir',
  'OPENSSL_CONF',
  'PYTHONWARNINGS',
  'GIT_TRACE',
  'GIT_TRACE_CURL',
  'GIT_CURL_VERBOSE',
  'GIT_PAGER',
  'GIT_EDITOR',
  'GIT_PROXY_COMMAND',
  'CC',
  'LDFLAGS',
  'MAKEFLAGS',
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_S3',
  'GCE_METADATA_HOST',
  'AZURE_LOG_LEVEL',
  'TF_CLI_CONFIG_FILE',
  'JAVA_OPTS',
  // GNU make: flags (--eval), extra makefiles, and the built-in variables the environment overrides.
  'GNUMAKEFLAGS',
  'MAKEFILES',
  'MAKE',
  'RM',
  'YACC',
  'ARFLAGS',
  'LDLIBS',
  // autoconf's site script and shell, and its cached answers.
  'CONFIG_SITE',
  'CONFIG_SHELL',
  'ac_cv_path_SED',
  'AUTOCONF',
  'M4',
  // Package managers and tools that run what a file or a variable names.
  'COMPOSER',
  'GEMRC',
  'RUBYGEMS_GEMDEPS',
  'VCPKG_ROOT',
  'VCPKG_OVERLAY_PORTS',
  'VCPKG_OVERLAY_TRIPLETS',
  'RSYNC_RSH',
  'RSYNC_CONNECT_PROG',
  'SVN_SSH',
  'CVS_RSH',
  'HGRCPATH',
  'PSQLRC',
  'PSQL_EDITOR',
  'FCEDIT',
  'VIMINIT',
  // MSBuild reads every variable as a property: these import a project file.
  'MSBuildExtensionsPath',
  'CustomAfterMicrosoftCommonTargets',
  'CustomBeforeMicrosoftCommonProps',
  'DirectoryBuildPropsPath',
  // Lua 5.2 and later read the versioned name before the plain one: LUA_INIT_5_4 runs its value as code.
  'LUA_INIT',
  'LUA_INIT_5_4',
  'LUA_PATH_5_3',
  'LUA_CPATH_5_2',
  // R's site library path, beside R_LIBS and R_LIBS_USER.
  'R_LIBS_SITE',
];

// Legitimately written by hand (a kubeconfig in files, a tool's token), never from a wildcard or a JSON key.
const WRITTEN_ONLY = [
  'KUBECONFIG',
  'kubeconfig',
  'GOOGLE_APPLICATION_CREDENTIALS',
  'AZURE_CLIENT_ID',
  'AZURE_CLIENT_SECRET',
  'AZURE_TENANT_ID',
  'ARM_USE_MSI',
  'AWS_ACCESS_KEY_ID',
  'AWS_SHARED_CREDENTIALS_FILE',
  'PIP_INDEX_URL',
  'PIP_EXTRA_INDEX_URL',
  'NODE_AUTH_TOKEN',
  'GIT_TOKEN',
  'DOCKER_PASSWORD',
  'CARGO_REGISTRY_TOKEN',
  'NUGET_API_KEY',
  'SSH_PRIVATE_KEY',
  'PYTHON_VERSION',
  'HF_TOKEN',
  'ANDROID_HOME',
  'CUDA_HOME',
  'MY_TOOL_OPTS',
  'SOME_OPTIONS',
  'EXTRA_FLAGS',
  'CLOUDSDK_CONFIG',
  'HELM_REGISTRY_CONFIG',
  'KUBE_TOKEN',
  'TWINE_PASSWORD',
  'JAVA_VERSION',
  'COMPOSER_AUTH',
  'VCPKG_BINARY_SOURCES',
  'ANSIBLE_VAULT_PASSWORD_FILE',
];

// Nothing to do with how programs run: allowed from every source.
const FREE = [
  'DB_PASSWORD',
  'APP_CONFIG',
  'APP_PATH',
  'API_KEY',
  'MY_PATH',
  'HOMEDIR',
  'PROXY_URL',
  'TF_VAR_REGION',
  'STORAGE_KEY',
  'GITLAB_TOKEN',
  'NODES',
  'COST_CENTER',
  'CONFIG_DB_HOST',
  'MAKER_TOKEN',
  'RMQ_PASSWORD',
];

describe('protected names', () => {
  it.each(ALWAYS)('refuses %s whoever brings it in', (alias) => {
    for (const ref of [byHand(alias), byWildcard(alias), byJson(alias)]) {
      expect(checkAliases([ref])).toEqual([
        expect.objectContaining({
          line: ref.line,
          message: expect.stringMatching(new RegExp(`would set ${alias}, a protected name that is never exported`)),
        }),
      ]);
    }
  });

  it.each(WRITTEN_ONLY)('takes %s when written by name, never from a wildcard or a JSON key', (alias) => {
    expect(checkAliases([byHand(alias)])).toEqual([]);
    expect(checkAliases([byWildcard(alias)])).toEqual([
      expect.objectContaining({
        line: 2,
        message: expect.stringMatching(
          new RegExp(
            `matched by \\*, would set ${alias}, a protected name that a wildcard never sets.*list it by name: ${alias}=`,
          ),
        ),
      }),
    ]);
    expect(checkAliases([byJson(alias)])).toEqual([
      expect.objectContaining({
        line: 3,
        message: expect.stringMatching(
          new RegExp(`would set ${alias}, a protected name that a JSON key never sets.*another alias`),
        ),
      }),
    ]);
  });

  it.each(FREE)('takes %s from every source', (alias) => {
    expect(
      checkAliases([
        byHand(alias),
        { ...byWildcard(alias), alias: `${alias}_2` },
        { ...byJson(alias), alias: `${alias}_3` },
      ]),
    ).toEqual([]);
  });

  it('planExports marks JSON leaves as brought in by a key', () => {
    const vault = { name: 'kv', url: 'https://kv.vault.azure.net/' };
    const secret = (alias: string, value: string): FetchedSecret => ({
      ref: { input: 'secrets', line: 4, text: `${alias}=sp`, alias, vault, name: 'sp' },
      bundle: { value, version: 'v1', enabled: true },
    });
    // A key the vault writer chose lands in a namespace a program reads.
    const app = planExports([secret('APP', '{"java_opts":"-javaagent:/tmp/x.jar","user":"trainer-user"}')], true);
    expect(app.problems).toEqual([
      expect.objectContaining({
        line: 4,
        message: expect.stringMatching(
          /"APP=sp → java_opts" would set APP_JAVA_OPTS, a protected name that a JSON key never sets/,
        ),
      }),
    ]);
    // An alias by hand in such a namespace: every key is the vault's choice.
    const azure = planExports(
      [secret('AZURE', '{"client_secret":"planted-secret-value","tenant_id":"planted-tenant"}')],
      true,
    );
    expect(azure.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/AZURE_CLIENT_SECRET, a protected name that a JSON key never sets/),
      expect.stringMatching(/AZURE_TENANT_ID, a protected name that a JSON key never sets/),
    ]);
    // The same alias without parse-json is the user's own name.
    expect(planExports([secret('AZURE_CLIENT_SECRET', 'plain-secret-value')], true).problems).toEqual([]);
  });
});

describe('the rule: a name a vault writer chooses follows a prefix the workflow wrote', () => {
  const vault = { name: 'kv', url: 'https://kv.vault.azure.net/' };
  // Names tools read, and anything else a vault may list (some not names Key Vault allows).
  const tail = fc.oneof(
    fc.constantFrom('gnumakeflags', 'makefiles', 'path', 'node-options', 'config-site', 'composer', 'x', '-', ''),
    fc.stringMatching(/^[0-9A-Za-z-]{1,24}$/),
    fc.string({ maxLength: 12 }),
  );
  const jsonKey = fc.oneof(fc.constantFrom('', 'gnumakeflags', 'MAKEFILES', 'a b', 'é'), fc.string({ maxLength: 8 }));
  const leaf = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null));
  const value = fc.oneof(
    fc.string({ maxLength: 20 }),
    fc
      .dictionary(jsonKey, fc.oneof(leaf, fc.dictionary(jsonKey, leaf, { maxKeys: 3 })), { maxKeys: 5 })
      .map((o) => JSON.stringify(o)),
  );
  /** The names a run would plan to export from this wildcard and listing (problems or not). */
  const planned = (input: string, wildcardText: string, listed: { name: string; value: string }[], json: boolean) => {
    const { wildcards, problems } = parseReferences(input, wildcardText, { defaultVault: vault, cloud: 'AzureCloud' });
    fc.pre(problems.length === 0); // a namespace that is itself a tool's: refused before any request
    const listing = { vaultUrl: vault.url, secrets: listed.map((s) => ({ name: s.name, enabled: true })) };
    const expansion = expandWildcards(wildcards, new Map([[vault.url, listing]]));
    const values = new Map(listed.map((s) => [s.name, s.value]));
    const fetched = expansion.references.map((ref): FetchedSecret => ({
      ref,
      bundle: { value: values.get(ref.name) ?? '', version: 'v1', enabled: true },
    }));
    return { namespace: wildcards[0]!.namespace, names: planExports(fetched, json).items.map((i) => i.name) };
  };

  it('NAMESPACE*=prefix*: any listing, any JSON keys, secrets or files: every name starts with NAMESPACE', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,8}_$/),
        fc.stringMatching(/^[0-9A-Za-z-]{0,6}$/),
        fc.array(fc.record({ tail, value }), { maxLength: 20 }),
        fc.constantFrom('secrets', 'files'),
        fc.boolean(),
        (namespace, prefix, secrets, input, json) => {
          const listed = secrets.map((s) => ({ name: prefix + s.tail, value: s.value }));
          const result = planned(input, `${namespace}*=${prefix}*`, listed, json);
          expect(result.namespace).toBe(namespace);
          for (const name of result.names) {
            expect(name.startsWith(namespace)).toBe(true);
            expect(name).toMatch(ALIAS);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('prefix-*: every name starts with the prefix as the workflow wrote it, upper-cased, - as _', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z][0-9A-Za-z-]{0,8}-$/),
        fc.array(fc.record({ tail, value }), { maxLength: 20 }),
        fc.boolean(),
        (prefix, secrets, json) => {
          const listed = secrets.map((s) => ({ name: prefix + s.tail, value: s.value }));
          const result = planned('secrets', `${prefix}*`, listed, json);
          const namespace = prefix.toUpperCase().replaceAll('-', '_');
          expect(result.namespace).toBe(namespace);
          for (const name of result.names) expect(name.startsWith(namespace)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('a JSON secret named by hand: every leaf starts with ALIAS_, a letter first, whatever its keys', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,10}$/), value, (alias, json) => {
        const ref = { input: 'secrets', line: 1, text: `${alias}=cfg`, alias, vault, name: 'cfg' };
        const { items } = planExports([{ ref, bundle: { value: json, version: 'v1', enabled: true } }], true);
        const leaves = items.filter((i) => i.via === 'json').map((i) => i.name);
        expect(leaves.every((name) => name.startsWith(`${alias}_`) && NAMESPACE.test(`${alias}_`))).toBe(true);
        expect(items.filter((i) => i.via !== 'json').every((i) => i.name === alias)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('a JSON secret whose alias starts with _ is refused: _JAVA would let a key choose _JAVA_OPTIONS', () => {
    const secret = (alias: string, value: string): FetchedSecret => ({
      ref: { input: 'secrets', line: 2, text: `${alias}=jvm`, alias, vault, name: 'jvm' },
      bundle: { value, version: 'v1', enabled: true },
    });
    expect(planExports([secret('_JAVA', '{"options":"-javaagent:/tmp/x.jar"}')], true).problems).toEqual([
      {
        input: 'secrets',
        line: 2,
        message: expect.stringMatching(
          /^_JAVA: the JSON in kv\/jvm would be exported as _JAVA_<each key>, .*starts with a letter\. Give it an alias that does \(JAVA=jvm\)/,
        ),
      },
    ]);
    // Not JSON, or without parse-json: the alias is the name, as written.
    expect(planExports([secret('_JAVA', 'plain-value')], true).problems).toEqual([]);
    expect(planExports([secret('_JAVA', '{"options":"x"}')], false).problems).toEqual([]);
  });
});

describe('protected names a loader, TLS key log, build tool or gh reads', () => {
  const refs = (alias: string) => ({
    hand: { input: 'secrets' as const, line: 1, alias, text: `${alias}=x` },
    wildcard: {
      input: 'secrets' as const,
      line: 2,
      alias,
      text: alias.toLowerCase().replaceAll('_', '-'),
      matchedBy: '*',
    },
  });
  it.each([
    'SSLKEYLOGFILE',
    'sslkeylogfile',
    'GLIBC_TUNABLES',
    'CMAKE_TOOLCHAIN_FILE',
    'CMAKE_C_COMPILER_LAUNCHER',
    'CCACHE_PREFIX',
  ])('%s: never exported', async (alias) => {
    const { checkAliases } = await import('../../../src/inputs/references.js');
    for (const ref of Object.values(refs(alias)))
      expect(checkAliases([ref])).toEqual([
        expect.objectContaining({ message: expect.stringContaining('a protected name that is never exported') }),
      ]);
  });
  it.each(['GH_HOST', 'GH_REPO', 'GH_PAGER', 'gh_token'])('%s: by name only, never from a wildcard', async (alias) => {
    const { checkAliases } = await import('../../../src/inputs/references.js');
    expect(checkAliases([refs(alias).hand])).toEqual([]);
    expect(checkAliases([refs(alias).wildcard])).toEqual([
      expect.objectContaining({ message: expect.stringContaining('a protected name that a wildcard never sets') }),
    ]);
  });
});
