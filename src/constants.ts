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
 * Names that are never exported as environment variables: they change how other programs run (the
 * shell, the dynamic loader, git, Node, Python, Java, Perl, Ruby, TLS and proxies) or the runner
 * itself. Compared case-insensitively. See README "Protected names".
 */
export const PROTECTED_ENV_NAMES: readonly string[] = [
  'PATH', 'HOME', 'SHELL', 'ENV', 'BASH_ENV', 'SHELLOPTS', 'BASHOPTS', 'PS4', 'PROMPT_COMMAND', 'IFS',
  'NODE_OPTIONS', 'NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE', 'SSL_CERT_DIR',
  'GIT_CONFIG', 'GIT_SSH_COMMAND', 'GIT_SSH', 'GIT_EXEC_PATH', 'GIT_ASKPASS',
  'JAVA_TOOL_OPTIONS', '_JAVA_OPTIONS', 'JDK_JAVA_OPTIONS',
  'PERL5OPT', 'PERL5LIB', 'PYTHONSTARTUP', 'PYTHONPATH', 'PYTHONHOME', 'RUBYOPT', 'RUBYLIB',
];
export const PROTECTED_ENV_PREFIXES: readonly string[] = ['GITHUB_', 'RUNNER_', 'ACTIONS_', 'INPUT_', 'STATE_', 'LD_', 'DYLD_', 'BASH_FUNC_', 'GIT_CONFIG_'];
/** HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, NO_PROXY, FTP_PROXY… in any case. */
export const PROTECTED_ENV_SUFFIXES: readonly string[] = ['_PROXY'];
export const PROTECTED_ENV = { names: PROTECTED_ENV_NAMES, prefixes: PROTECTED_ENV_PREFIXES, suffixes: PROTECTED_ENV_SUFFIXES } as const;
export type ProtectedNames = { names: readonly string[]; prefixes: readonly string[]; suffixes: readonly string[] };

/** The IMDS address on every Azure VM. Never reached through a proxy. */
export const IMDS_HOST = '169.254.169.254';
