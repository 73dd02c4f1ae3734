// Every input, output and state name the action uses, in one place (the names in action.yml).

export const Inputs = {
  KeyVault: 'keyvault',
  Secrets: 'secrets',
  ClientId: 'client-id',
  ObjectId: 'object-id',
  ResourceId: 'resource-id',
  ExportEnv: 'export-env',
  Cloud: 'cloud',
  Timeout: 'timeout',
  AllowForkPullRequests: 'allow-fork-pull-requests',
  Concurrency: 'concurrency',
  Files: 'files',
  ParseJson: 'parse-json',
  IgnoreMissing: 'ignore-missing',
  ExpiryWarningDays: 'expiry-warning-days',
  FailOnExpired: 'fail-on-expired',
  GithubToken: 'github-token',
  Auth: 'auth',
  TenantId: 'tenant-id',
  // issue 15: credentials beyond Key Vault secrets (src/resources/)
  Tokens: 'tokens',
  StorageKeys: 'storage-keys',
  AcrLogin: 'acr-login',
} as const;

/** State the main step leaves for the post step (STATE_<name>). */
export const States = {
  /** JSON: { dir, files } written by this step, removed by the post step. */
  WrittenFiles: 'written-files',
  /** JSON: { dir, files } of acr-login's job-scoped Docker config, removed by the post step. */
  DockerConfig: 'docker-config',
} as const;

export const InputDefaults = {
  ExportEnv: true,
  Cloud: 'AzureCloud',
  TimeoutSeconds: 60,
  AllowForkPullRequests: false,
  /** Chosen by measurement: see README "Performance". */
  Concurrency: 32,
  MaxConcurrency: 64,
  ParseJson: false,
  IgnoreMissing: false,
  ExpiryWarningDays: 14,
  FailOnExpired: false,
  Auth: 'auto',
} as const;

/**
 * Names never exported as environment variables, whoever writes them: they change how other programs
 * run (the shell, the dynamic loader, compilers and build tools, git, language runtimes and package
 * managers, TLS trust, proxies, pagers and editors, temporary and config directories, cloud identity
 * endpoints, Windows' own variables) or the runner itself. Compared case-insensitively (Windows reads
 * environment names without case). See README "Protected names".
 */
export const PROTECTED_ENV_NAMES: readonly string[] = [
  // Shells and the C library
  'PATH', 'HOME', 'SHELL', 'ENV', 'BASH_ENV', 'SHELLOPTS', 'BASHOPTS', 'PS4', 'PROMPT_COMMAND', 'IFS', 'CDPATH', 'GLOBIGNORE', 'EXECIGNORE',
  'ZDOTDIR', 'HISTFILE', 'INPUTRC', 'BASH_LOADABLES_PATH', 'BASH_XTRACEFD', 'GCONV_PATH', 'LOCPATH', 'NLSPATH', 'HOSTALIASES',
  'RESOLV_HOST_CONF', 'LOCALDOMAIN', 'RES_OPTIONS', 'TMPDIR', 'TMP', 'TEMP', 'TEMPDIR',
  'GLIBC_TUNABLES',
  // Pagers, editors, terminals
  'PAGER', 'MANPAGER', 'MANOPT', 'LESS', 'LESSOPEN', 'LESSCLOSE', 'LESSKEY', 'LESSKEYIN', 'LESSSECURE', 'EDITOR', 'VISUAL', 'SUDO_EDITOR',
  'SYSTEMD_PAGER', 'SYSTEMD_EDITOR', 'BROWSER', 'TERMINFO', 'TERMINFO_DIRS', 'SSH_AUTH_SOCK', 'SSH_ASKPASS_REQUIRE', 'GNUPGHOME',
  // Compilers and build tools
  'CC', 'CXX', 'CPP', 'LD', 'AR', 'NM', 'CFLAGS', 'CXXFLAGS', 'CPPFLAGS', 'LDFLAGS', 'MAKEFLAGS', 'MFLAGS', 'PKG_CONFIG', 'PKG_CONFIG_PATH',
  'LIBRARY_PATH', 'CPATH', 'C_INCLUDE_PATH', 'CPLUS_INCLUDE_PATH', 'MANPATH', 'CUDA_PATH',
  // git
  'GIT_CONFIG', 'GIT_SSH_COMMAND', 'GIT_SSH', 'GIT_SSH_VARIANT', 'GIT_EXEC_PATH', 'GIT_EXTERNAL_DIFF', 'GIT_DIFF_OPTS', 'GIT_EDITOR', 'GIT_SEQUENCE_EDITOR',
  'GIT_PAGER', 'GIT_PROXY_COMMAND', 'GIT_SSL_NO_VERIFY', 'GIT_SSL_CAINFO', 'GIT_SSL_CAPATH', 'GIT_SSL_CERT', 'GIT_SSL_KEY', 'GIT_DIR', 'GIT_WORK_TREE',
  'GIT_COMMON_DIR', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES', 'GIT_TEMPLATE_DIR', 'GIT_NAMESPACE',
  'GIT_CEILING_DIRECTORIES', 'GIT_ALLOW_PROTOCOL', 'GIT_PROTOCOL_FROM_USER', 'GIT_CURL_VERBOSE', 'GIT_TERMINAL_PROMPT', 'GIT_REPLACE_REF_BASE',
  // Node and its package managers
  'NODE_OPTIONS', 'NODE_EXTRA_CA_CERTS', 'NODE_TLS_REJECT_UNAUTHORIZED', 'NODE_PATH', 'NODE_REPL_EXTERNAL_MODULE', 'NODE_ICU_DATA',
  'NODE_V8_COVERAGE', 'NODE_REDIRECT_WARNINGS', 'NODE_COMPILE_CACHE', 'NODE_USE_ENV_PROXY', 'NODE_SKIP_PLATFORM_CHECK', 'COREPACK_NPM_REGISTRY', 'COREPACK_HOME',
  'YARN_RC_FILENAME', 'YARN_NPM_REGISTRY_SERVER',
  // Python
  'PYTHONSTARTUP', 'PYTHONPATH', 'PYTHONHOME', 'PYTHONUSERBASE', 'PYTHONWARNINGS', 'PYTHONBREAKPOINT', 'PYTHONINSPECT', 'PYTHONEXECUTABLE',
  'PYTHONPLATLIBDIR', 'PYTHONPYCACHEPREFIX', 'PYTHONNOUSERSITE', 'PYTHONSAFEPATH', 'PYTHONHTTPSVERIFY', 'VIRTUAL_ENV', 'PIP_CONFIG_FILE',
  'PIP_TRUSTED_HOST', 'PIP_CERT', 'PIP_PREFIX', 'PIP_TARGET', 'PIP_SRC', 'UV_INDEX_URL', 'UV_DEFAULT_INDEX', 'UV_PYTHON', 'CONDARC',
  // Java, Perl, Ruby, PHP, Lua, R
  'JAVA_TOOL_OPTIONS', '_JAVA_OPTIONS', 'JDK_JAVA_OPTIONS', 'JAVA_OPTIONS', 'JAVA_OPTS', 'JAVA_HOME', 'CLASSPATH', 'MAVEN_OPTS', 'MAVEN_ARGS',
  'GRADLE_OPTS', 'GRADLE_USER_HOME', 'ANT_OPTS', 'SBT_OPTS', 'PERLLIB', 'PERL_MB_OPT', 'PERL_MM_OPT', 'PERL_LOCAL_LIB_ROOT', 'RUBYOPT', 'RUBYLIB',
  'GEM_HOME', 'GEM_PATH', 'BUNDLE_GEMFILE', 'BUNDLE_PATH', 'PHPRC', 'PHP_INI_SCAN_DIR', 'LUA_PATH', 'LUA_CPATH', 'LUA_INIT', 'R_PROFILE',
  'R_PROFILE_USER', 'R_ENVIRON', 'R_ENVIRON_USER', 'R_LIBS', 'R_LIBS_USER',
  // Go, Rust
  'GOFLAGS', 'GOPROXY', 'GOSUMDB', 'GONOSUMDB', 'GONOSUMCHECK', 'GONOPROXY', 'GOPRIVATE', 'GOINSECURE', 'GOTOOLCHAIN', 'GOROOT', 'GOPATH', 'GOBIN',
  'GOENV', 'GOAUTH', 'GOCACHE', 'GOCACHEPROG', 'GOMODCACHE', 'GOEXPERIMENT', 'GOVCS', 'GODEBUG', 'GOWORK', 'GOTMPDIR', 'GCCGO', 'GO111MODULE',
  'RUSTC', 'RUSTC_WRAPPER', 'RUSTC_WORKSPACE_WRAPPER', 'RUSTDOC', 'RUSTFLAGS', 'RUSTDOCFLAGS', 'RUSTC_BOOTSTRAP', 'CARGO_HOME', 'CARGO_BUILD_RUSTC',
  'CARGO_BUILD_RUSTC_WRAPPER', 'CARGO_BUILD_RUSTC_WORKSPACE_WRAPPER', 'CARGO_BUILD_RUSTFLAGS', 'CARGO_ENCODED_RUSTFLAGS',
  // .NET, NuGet, PowerShell
  'NUGET_PLUGIN_PATHS', 'NUGET_CREDENTIALPROVIDERS_PATH', 'NUGET_PACKAGES', 'PSMODULEPATH', 'PSEXECUTIONPOLICYPREFERENCE', '__PSLOCKDOWNPOLICY',
  // TLS
  // SSLKEYLOGFILE: curl, Python's ssl, NSS and others write every TLS session's keys to that file.
  'SSLKEYLOGFILE', 'SSL_CERT_FILE', 'SSL_CERT_DIR', 'OPENSSL_CONF', 'OPENSSL_ENGINES', 'OPENSSL_MODULES', 'GRPC_DEFAULT_SSL_ROOTS_FILE_PATH', 'CURL_HOME', 'WGETRC',
  // Containers, Kubernetes, Terraform, model hubs
  'DOCKER_HOST', 'DOCKER_CONFIG', 'DOCKER_CONTEXT', 'DOCKER_CERT_PATH', 'DOCKER_TLS_VERIFY', 'CONTAINER_HOST', 'HELM_PLUGINS',
  'TF_PLUGIN_CACHE_DIR', 'TF_DATA_DIR', 'TF_LOG_PATH', 'HF_ENDPOINT', 'WANDB_BASE_URL',
  // Cloud identity: where a later step's SDK gets its token, and what it trusts
  'AZURE_AUTHORITY_HOST', 'AZURE_POD_IDENTITY_AUTHORITY_HOST', 'AZURE_REGIONAL_AUTHORITY_NAME', 'AZURE_FEDERATED_TOKEN_FILE', 'AZURE_CONFIG_DIR',
  'AZURE_EXTENSION_DIR', 'AZURE_LOG_LEVEL', 'IDENTITY_ENDPOINT', 'IDENTITY_HEADER', 'IDENTITY_SERVER_THUMBPRINT', 'IMDS_ENDPOINT',
  'AWS_EC2_METADATA_SERVICE_ENDPOINT', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'GCE_METADATA_HOST', 'GCE_METADATA_IP', 'GCE_METADATA_ROOT',
  // Windows
  'PATHEXT', 'COMSPEC', 'SYSTEMROOT', 'SYSTEMDRIVE', 'WINDIR', 'USERPROFILE', 'APPDATA', 'LOCALAPPDATA', 'PROGRAMDATA', 'PROGRAMFILES',
  'PROGRAMW6432', 'COMMONPROGRAMFILES', 'COMMONPROGRAMW6432', 'ALLUSERSPROFILE', 'HOMEDRIVE', 'HOMEPATH',
];
export const PROTECTED_ENV_PREFIXES: readonly string[] = [
  'GITHUB_', 'RUNNER_', 'ACTIONS_', 'INPUT_', 'STATE_', 'LD_', 'DYLD_', 'BASH_FUNC_', 'GIT_CONFIG_', 'GIT_TRACE', 'XDG_', 'NPM_CONFIG_',
  'PERL5', 'DOTNET_', 'COREHOST_', 'CORECLR_', 'COR_', 'COMPLUS_', 'CGO_', 'RUSTUP_', 'CARGO_TARGET_', 'MSI_', 'AWS_ENDPOINT_URL', 'AZURE_CORE_',
  'TF_CLI_',
  // CMake runs CMAKE_<LANG>_COMPILER_LAUNCHER and CMAKE_TOOLCHAIN_FILE from the environment; ccache runs CCACHE_PREFIX.
  'CMAKE_', 'CCACHE_',
];
/** HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, NO_PROXY, FTP_PROXY…; SSH_ASKPASS, SUDO_ASKPASS…; REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE…: in any case. */
export const PROTECTED_ENV_SUFFIXES: readonly string[] = ['_PROXY', '_ASKPASS', '_CA_BUNDLE', '_CA_CERTS', '_SSL_NO_VERIFY'];
export const PROTECTED_ENV = { names: PROTECTED_ENV_NAMES, prefixes: PROTECTED_ENV_PREFIXES, suffixes: PROTECTED_ENV_SUFFIXES } as const;

/**
 * Names only a reference written by name may set; a name a wildcard or a JSON key brings in never
 * does. Each is a file or setting a program reads (a kubeconfig, a cloud SDK's credentials, a tool's
 * own namespace), so a user may well export one on purpose (`KUBECONFIG=aks-kubeconfig` in files),
 * but a vault writer must not be able to. Compared case-insensitively. See README "Protected names".
 */
export const WRITTEN_ONLY_ENV: ProtectedNames = {
  names: ['KUBECONFIG', 'GOOGLE_APPLICATION_CREDENTIALS'],
  prefixes: [
    'GIT_', 'NODE_', 'NPM_', 'YARN_', 'COREPACK_', 'PIP_', 'PYTHON', 'UV_', 'POETRY_', 'CONDA_', 'TWINE_', 'DOCKER_', 'BUILDKIT_', 'BUILDX_', 'KUBE',
    'HELM_', 'AZURE_', 'ARM_', 'AWS_', 'GOOGLE_', 'CLOUDSDK_', 'CARGO_', 'BUNDLE_', 'NUGET_', 'SSH_', 'GPG_', 'HF_', 'WANDB_', 'JAVA_',
    'MAVEN_', 'GRADLE_', 'POWERSHELL_',
    // The gh CLI on every runner: GH_HOST and GH_REPO say where it acts, GH_PAGER/GH_EDITOR/GH_BROWSER what it runs.
    'GH_',
  ],
  suffixes: ['_HOME', '_OPTS', '_OPTIONS', '_FLAGS'],
};
export type ProtectedNames = { names: readonly string[]; prefixes: readonly string[]; suffixes: readonly string[] };

/** The IMDS address on every Azure VM. Never reached through a proxy. */
export const IMDS_HOST = '169.254.169.254';
