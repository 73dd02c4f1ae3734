// The protected-names policy: which environment names the action never exports, in two tiers, the
// check, and the messages that refuse a name. See docs/security.md, "Protected names".

/** Names compared without case: whole names, prefixes and suffixes. */
export interface ProtectedNames {
  readonly names: readonly string[];
  readonly prefixes: readonly string[];
  readonly suffixes: readonly string[];
}

/**
 * Names never exported as environment variables, whoever writes them: they change how other programs
 * run (the shell, the dynamic loader, compilers and build tools, git, language runtimes and package
 * managers, TLS trust, proxies, pagers and editors, temporary and config directories, cloud identity
 * endpoints, Windows' own variables) or the runner itself. Compared case-insensitively (Windows reads
 * environment names without case). See docs/security.md, "Protected names".
 *
 * A second line of defence, never complete (MSBuild reads every variable as a property): a name a
 * listing or a JSON key brings in is already under a prefix the workflow wrote (vault/wildcards.ts
 * listedName, export/json.ts jsonLeaves). These lists catch a prefix that is itself a tool's namespace,
 * and the names a workflow writes by hand.
 */
export const PROTECTED_ENV: ProtectedNames = {
  names: [
    // Shells and the C library
    'PATH',
    'HOME',
    'SHELL',
    'ENV',
    'BASH_ENV',
    'SHELLOPTS',
    'BASHOPTS',
    'PS4',
    'PROMPT_COMMAND',
    'IFS',
    'CDPATH',
    'GLOBIGNORE',
    'EXECIGNORE',
    'ZDOTDIR',
    'HISTFILE',
    'INPUTRC',
    'BASH_LOADABLES_PATH',
    'BASH_XTRACEFD',
    'GCONV_PATH',
    'LOCPATH',
    'NLSPATH',
    'HOSTALIASES',
    'RESOLV_HOST_CONF',
    'LOCALDOMAIN',
    'RES_OPTIONS',
    'TMPDIR',
    'TMP',
    'TEMP',
    'TEMPDIR',
    'GLIBC_TUNABLES',
    // Pagers, editors, terminals
    'PAGER',
    'MANPAGER',
    'MANOPT',
    'LESS',
    'LESSOPEN',
    'LESSCLOSE',
    'LESSKEY',
    'LESSKEYIN',
    'LESSSECURE',
    'EDITOR',
    'VISUAL',
    'SUDO_EDITOR',
    'SYSTEMD_PAGER',
    'SYSTEMD_EDITOR',
    'BROWSER',
    'FCEDIT',
    'EXINIT',
    'VIMINIT',
    'GVIMINIT',
    'MYVIMRC',
    'TERMINFO',
    'TERMINFO_DIRS',
    'SSH_AUTH_SOCK',
    'SSH_ASKPASS_REQUIRE',
    'GNUPGHOME',
    // Compilers and build tools
    'CC',
    'CXX',
    'CPP',
    'LD',
    'AR',
    'NM',
    'CFLAGS',
    'CXXFLAGS',
    'CPPFLAGS',
    'LDFLAGS',
    'MAKEFLAGS',
    'MFLAGS',
    // GNU make reads GNUMAKEFLAGS as it does MAKEFLAGS (--eval=$(shell …)), and every makefile MAKEFILES names;
    // the environment overrides its built-in variables, so a plain `make clean` runs $(RM).
    'GNUMAKEFLAGS',
    'MAKEFILES',
    'MAKE',
    'MAKESHELL',
    'RM',
    'AS',
    'OBJC',
    'FC',
    'F77',
    'PC',
    'M2C',
    'CO',
    'GET',
    'LEX',
    'YACC',
    'LINT',
    'MAKEINFO',
    'TEX',
    'TEXI2DVI',
    'WEAVE',
    'CWEAVE',
    'TANGLE',
    'CTANGLE',
    'ARFLAGS',
    'ASFLAGS',
    'COFLAGS',
    'FFLAGS',
    'LFLAGS',
    'YFLAGS',
    'LINTFLAGS',
    'OBJCFLAGS',
    'PFLAGS',
    'RFLAGS',
    'LDLIBS',
    'TARGET_ARCH',
    'TARGET_MACH',
    // autoconf: configure sources CONFIG_SITE and re-runs itself under CONFIG_SHELL; autoreconf runs these tools.
    'CONFIG_SITE',
    'CONFIG_SHELL',
    'CONFIG_FILES',
    'CONFIG_HEADERS',
    'CONFIG_COMMANDS',
    'CONFIG_LINKS',
    'M4',
    'AUTOCONF',
    'AUTOHEADER',
    'AUTOM4TE',
    'AUTOMAKE',
    'ACLOCAL',
    'AUTOPOINT',
    'LIBTOOLIZE',
    // MSBuild reads every environment variable as a property; these import a project file of their choosing.
    'DIRECTORYBUILDPROPSPATH',
    'DIRECTORYBUILDTARGETSPATH',
    'DIRECTORYPACKAGESPROPSPATH',
    // vcpkg runs the CMake scripts of overlay ports and triplets.
    'VCPKG_ROOT',
    'VCPKG_OVERLAY_PORTS',
    'VCPKG_OVERLAY_TRIPLETS',
    'PKG_CONFIG',
    'PKG_CONFIG_PATH',
    'LIBRARY_PATH',
    'CPATH',
    'C_INCLUDE_PATH',
    'CPLUS_INCLUDE_PATH',
    'MANPATH',
    'CUDA_PATH',
    // git
    'GIT_CONFIG',
    'GIT_SSH_COMMAND',
    'GIT_SSH',
    'GIT_SSH_VARIANT',
    'GIT_EXEC_PATH',
    'GIT_EXTERNAL_DIFF',
    'GIT_DIFF_OPTS',
    'GIT_EDITOR',
    'GIT_SEQUENCE_EDITOR',
    'GIT_PAGER',
    'GIT_PROXY_COMMAND',
    'GIT_SSL_NO_VERIFY',
    'GIT_SSL_CAINFO',
    'GIT_SSL_CAPATH',
    'GIT_SSL_CERT',
    'GIT_SSL_KEY',
    'GIT_DIR',
    'GIT_WORK_TREE',
    'GIT_COMMON_DIR',
    'GIT_INDEX_FILE',
    'GIT_OBJECT_DIRECTORY',
    'GIT_ALTERNATE_OBJECT_DIRECTORIES',
    'GIT_TEMPLATE_DIR',
    'GIT_NAMESPACE',
    'GIT_CEILING_DIRECTORIES',
    'GIT_ALLOW_PROTOCOL',
    'GIT_PROTOCOL_FROM_USER',
    'GIT_CURL_VERBOSE',
    'GIT_TERMINAL_PROMPT',
    'GIT_REPLACE_REF_BASE',
    // Other version control and remote copies: each runs the command or reads the config (hooks) it names.
    'RSYNC_RSH',
    'RSYNC_CONNECT_PROG',
    'SVN_SSH',
    'SVN_EDITOR',
    'SVN_MERGE',
    'CVS_RSH',
    'CVS_SERVER',
    'CVSEDITOR',
    'HGRCPATH',
    'HGEDITOR',
    'HGMERGE',
    // Node and its package managers
    'NODE_OPTIONS',
    'NODE_EXTRA_CA_CERTS',
    'NODE_TLS_REJECT_UNAUTHORIZED',
    'NODE_PATH',
    'NODE_REPL_EXTERNAL_MODULE',
    'NODE_ICU_DATA',
    'NODE_V8_COVERAGE',
    'NODE_REDIRECT_WARNINGS',
    'NODE_COMPILE_CACHE',
    'NODE_USE_ENV_PROXY',
    'NODE_SKIP_PLATFORM_CHECK',
    'COREPACK_NPM_REGISTRY',
    'COREPACK_HOME',
    'YARN_RC_FILENAME',
    'YARN_NPM_REGISTRY_SERVER',
    // Python
    'PYTHONSTARTUP',
    'PYTHONPATH',
    'PYTHONHOME',
    'PYTHONUSERBASE',
    'PYTHONWARNINGS',
    'PYTHONBREAKPOINT',
    'PYTHONINSPECT',
    'PYTHONEXECUTABLE',
    'PYTHONPLATLIBDIR',
    'PYTHONPYCACHEPREFIX',
    'PYTHONNOUSERSITE',
    'PYTHONSAFEPATH',
    'PYTHONHTTPSVERIFY',
    'VIRTUAL_ENV',
    'PIP_CONFIG_FILE',
    'PIP_TRUSTED_HOST',
    'PIP_CERT',
    'PIP_PREFIX',
    'PIP_TARGET',
    'PIP_SRC',
    'UV_INDEX_URL',
    'UV_DEFAULT_INDEX',
    'UV_PYTHON',
    'CONDARC',
    // Java, Perl, Ruby, PHP, Lua, R
    'JAVA_TOOL_OPTIONS',
    '_JAVA_OPTIONS',
    'JDK_JAVA_OPTIONS',
    'JAVA_OPTIONS',
    'JAVA_OPTS',
    'JAVA_HOME',
    'CLASSPATH',
    'MAVEN_OPTS',
    'MAVEN_ARGS',
    'GRADLE_OPTS',
    'GRADLE_USER_HOME',
    'ANT_OPTS',
    'SBT_OPTS',
    'PERLLIB',
    'PERL_MB_OPT',
    'PERL_MM_OPT',
    'PERL_LOCAL_LIB_ROOT',
    'RUBYOPT',
    'RUBYLIB',
    'GEM_HOME',
    'GEM_PATH',
    'BUNDLE_GEMFILE',
    'BUNDLE_PATH',
    'GEMRC',
    'RUBYGEMS_GEMDEPS',
    'IRBRC',
    'PHPRC',
    'PHP_INI_SCAN_DIR',
    // The composer.json Composer reads, with its scripts.
    'COMPOSER',
    'R_PROFILE',
    'R_PROFILE_USER',
    'R_ENVIRON',
    'R_ENVIRON_USER',
    // Go, Rust
    'GOFLAGS',
    'GOPROXY',
    'GOSUMDB',
    'GONOSUMDB',
    'GONOSUMCHECK',
    'GONOPROXY',
    'GOPRIVATE',
    'GOINSECURE',
    'GOTOOLCHAIN',
    'GOROOT',
    'GOPATH',
    'GOBIN',
    'GOENV',
    'GOAUTH',
    'GOCACHE',
    'GOCACHEPROG',
    'GOMODCACHE',
    'GOEXPERIMENT',
    'GOVCS',
    'GODEBUG',
    'GOWORK',
    'GOTMPDIR',
    'GCCGO',
    'GO111MODULE',
    'RUSTC',
    'RUSTC_WRAPPER',
    'RUSTC_WORKSPACE_WRAPPER',
    'RUSTDOC',
    'RUSTFLAGS',
    'RUSTDOCFLAGS',
    'RUSTC_BOOTSTRAP',
    'CARGO_HOME',
    'CARGO_BUILD_RUSTC',
    'CARGO_BUILD_RUSTC_WRAPPER',
    'CARGO_BUILD_RUSTC_WORKSPACE_WRAPPER',
    'CARGO_BUILD_RUSTFLAGS',
    'CARGO_ENCODED_RUSTFLAGS',
    // .NET, NuGet, PowerShell
    'NUGET_PLUGIN_PATHS',
    'NUGET_CREDENTIALPROVIDERS_PATH',
    'NUGET_PACKAGES',
    'PSMODULEPATH',
    'PSEXECUTIONPOLICYPREFERENCE',
    '__PSLOCKDOWNPOLICY',
    // TLS
    // SSLKEYLOGFILE: curl, Python's ssl, NSS and others write every TLS session's keys to that file.
    'SSLKEYLOGFILE',
    'SSL_CERT_FILE',
    'SSL_CERT_DIR',
    'OPENSSL_CONF',
    'OPENSSL_ENGINES',
    'OPENSSL_MODULES',
    'GRPC_DEFAULT_SSL_ROOTS_FILE_PATH',
    'CURL_HOME',
    'WGETRC',
    // psql runs the shell commands in its startup file, and the editor and pager it names.
    'PSQLRC',
    'PSQL_EDITOR',
    'PSQL_PAGER',
    'PSQL_WATCH_PAGER',
    // Containers, Kubernetes, Terraform, model hubs
    'DOCKER_HOST',
    'DOCKER_CONFIG',
    'DOCKER_CONTEXT',
    'DOCKER_CERT_PATH',
    'DOCKER_TLS_VERIFY',
    'CONTAINER_HOST',
    'HELM_PLUGINS',
    'TF_PLUGIN_CACHE_DIR',
    'TF_DATA_DIR',
    'TF_LOG_PATH',
    'HF_ENDPOINT',
    'WANDB_BASE_URL',
    // Cloud identity: where a later step's SDK gets its token, and what it trusts
    'AZURE_AUTHORITY_HOST',
    'AZURE_POD_IDENTITY_AUTHORITY_HOST',
    'AZURE_REGIONAL_AUTHORITY_NAME',
    'AZURE_FEDERATED_TOKEN_FILE',
    'AZURE_CONFIG_DIR',
    'AZURE_EXTENSION_DIR',
    'AZURE_LOG_LEVEL',
    'IDENTITY_ENDPOINT',
    'IDENTITY_HEADER',
    'IDENTITY_SERVER_THUMBPRINT',
    'IMDS_ENDPOINT',
    'AWS_EC2_METADATA_SERVICE_ENDPOINT',
    'AWS_CONTAINER_CREDENTIALS_FULL_URI',
    'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
    'AWS_CONTAINER_AUTHORIZATION_TOKEN',
    'AWS_WEB_IDENTITY_TOKEN_FILE',
    'GCE_METADATA_HOST',
    'GCE_METADATA_IP',
    'GCE_METADATA_ROOT',
    // Windows
    'PATHEXT',
    'COMSPEC',
    'SYSTEMROOT',
    'SYSTEMDRIVE',
    'WINDIR',
    'USERPROFILE',
    'APPDATA',
    'LOCALAPPDATA',
    'PROGRAMDATA',
    'PROGRAMFILES',
    'PROGRAMW6432',
    'COMMONPROGRAMFILES',
    'COMMONPROGRAMW6432',
    'ALLUSERSPROFILE',
    'HOMEDRIVE',
    'HOMEPATH',
  ],
  prefixes: [
    'GITHUB_',
    'RUNNER_',
    'ACTIONS_',
    'INPUT_',
    'STATE_',
    'LD_',
    'DYLD_',
    'BASH_FUNC_',
    'GIT_CONFIG_',
    'GIT_TRACE',
    'XDG_',
    'NPM_CONFIG_',
    'PERL5',
    'DOTNET_',
    'COREHOST_',
    'CORECLR_',
    'COR_',
    'COMPLUS_',
    'CGO_',
    'RUSTUP_',
    'CARGO_TARGET_',
    'MSI_',
    'AWS_ENDPOINT_URL',
    'AZURE_CORE_',
    'TF_CLI_',
    // CMake runs CMAKE_<LANG>_COMPILER_LAUNCHER and CMAKE_TOOLCHAIN_FILE from the environment; ccache runs CCACHE_PREFIX.
    'CMAKE_',
    'CCACHE_',
    // configure takes its cached answers (ac_cv_path_SED: which sed it runs) from the environment.
    'AC_CV_',
    // MSBuild: MSBuildExtensionsPath…, and CustomBefore/AfterMicrosoftCommonTargets (and Props), which it imports.
    'MSBUILD',
    'CUSTOMBEFOREMICROSOFT',
    'CUSTOMAFTERMICROSOFT',
    // Lua 5.2 and later read LUA_INIT_5_4 (code it runs), LUA_PATH_5_4 and LUA_CPATH_5_4 before the plain names.
    'LUA_INIT',
    'LUA_PATH',
    'LUA_CPATH',
    // R's library paths: R_LIBS, R_LIBS_USER, R_LIBS_SITE.
    'R_LIBS',
  ],
  /** HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, NO_PROXY, FTP_PROXY…; SSH_ASKPASS, SUDO_ASKPASS…; REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE…: in any case. */
  suffixes: ['_PROXY', '_ASKPASS', '_CA_BUNDLE', '_CA_CERTS', '_SSL_NO_VERIFY'],
};

/**
 * Names only a reference written by name may set; a name a wildcard or a JSON key brings in never
 * does. Each is a file or setting a program reads (a kubeconfig, a cloud SDK's credentials, a tool's
 * own namespace), so a user may well export one on purpose (`KUBECONFIG=aks-kubeconfig` in files),
 * but a vault writer must not be able to. Compared case-insensitively. See docs/security.md, "Protected names".
 */
export const WRITTEN_ONLY_ENV: ProtectedNames = {
  names: ['KUBECONFIG', 'GOOGLE_APPLICATION_CREDENTIALS'],
  prefixes: [
    'GIT_',
    'NODE_',
    'NPM_',
    'YARN_',
    'COREPACK_',
    'PIP_',
    'PYTHON',
    'UV_',
    'POETRY_',
    'CONDA_',
    'TWINE_',
    'DOCKER_',
    'BUILDKIT_',
    'BUILDX_',
    'KUBE',
    'HELM_',
    'AZURE_',
    'ARM_',
    'AWS_',
    'GOOGLE_',
    'CLOUDSDK_',
    'CARGO_',
    'BUNDLE_',
    'NUGET_',
    'SSH_',
    'GPG_',
    'HF_',
    'WANDB_',
    'JAVA_',
    'MAVEN_',
    'GRADLE_',
    'POWERSHELL_',
    'COMPOSER_',
    'VCPKG_',
    'ANSIBLE_',
    // The gh CLI on every runner: GH_HOST and GH_REPO say where it acts, GH_PAGER/GH_EDITOR/GH_BROWSER what it runs.
    'GH_',
  ],
  suffixes: ['_HOME', '_OPTS', '_OPTIONS', '_FLAGS'],
};

/** A name that must never become an environment variable, in any case. */
export function isProtectedName(alias: string, { names, prefixes, suffixes }: ProtectedNames): boolean {
  const upper = alias.toUpperCase();
  return names.includes(upper) || prefixes.some((p) => upper.startsWith(p)) || suffixes.some((s) => upper.endsWith(s));
}

/** A name a run would export, as the messages below need it. */
export interface ExportedName {
  /** The reference as written. */
  text: string;
  alias: string;
  /** The wildcard that brought the name in, if one did. */
  matchedBy?: string;
  /** The JSON key path that brought the name in (parse-json), if one did. */
  jsonPath?: string;
}

/**
 * Why a name may not be exported, if it may not. A name in `protectedNames` is refused whoever wrote
 * it; a name in `writtenOnly` only when a wildcard or a JSON key brought it in, since then a vault
 * writer chose it, not the workflow.
 */
export function protectedNameProblem(
  ref: ExportedName,
  protectedNames: ProtectedNames = PROTECTED_ENV,
  writtenOnly: ProtectedNames = WRITTEN_ONLY_ENV,
): string | undefined {
  if (isProtectedName(ref.alias, protectedNames)) {
    if (ref.matchedBy)
      return (
        `"${ref.text}", matched by ${ref.matchedBy}, would set ${ref.alias}, a protected name that is never exported; ` +
        `narrow the prefix and list it by name with another alias: OTHER_NAME=${ref.text}`
      );
    if (ref.jsonPath !== undefined)
      return `"${ref.text}" would set ${ref.alias}, a protected name that is never exported; give the secret another alias, or read it whole with parse-json: false`;
    return `"${ref.text}" would set ${ref.alias}, a protected name that is never exported; give it another alias: OTHER_NAME=${ref.text.replace(/^[^=]*=/, '')}`;
  }
  if (!isProtectedName(ref.alias, writtenOnly)) return undefined;
  // Only a reference the workflow writes by name may set these: a wildcard or a JSON key is the vault's choice.
  if (ref.matchedBy)
    return (
      `"${ref.text}", matched by ${ref.matchedBy}, would set ${ref.alias}, a protected name that a wildcard never sets (it changes how other programs run); ` +
      `narrow the prefix, and if you mean it, list it by name: ${ref.alias}=${ref.text}`
    );
  if (ref.jsonPath !== undefined)
    return (
      `"${ref.text}" would set ${ref.alias}, a protected name that a JSON key never sets (it changes how other programs run); ` +
      `give the secret another alias, or read it whole with parse-json: false`
    );
  return undefined;
}

/**
 * Why a wildcard may not put its names under `namespace`, if it may not: the namespace starts with a
 * prefix of either tier, one where programs read their settings (GIT_, NODE_…).
 */
export function protectedNamespaceProblem(namespace: string, text: string, targetText: string): string | undefined {
  const owned = [PROTECTED_ENV, WRITTEN_ONLY_ENV]
    .flatMap((tier) => tier.prefixes)
    .find((p) => namespace.toUpperCase().startsWith(p));
  return owned === undefined
    ? undefined
    : `"${text}": every name it gives would start with ${namespace}, and names starting with ${owned} change how other programs run (see docs/security.md, "Protected names"); choose another prefix: MY_${namespace}*=${targetText}`;
}
