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
} as const;

/** State the main step leaves for the post step (STATE_<name>). */
export const States = {
  /** JSON: { dir, files } written by this step, removed by the post step. */
  WrittenFiles: 'written-files',
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
} as const;

/**
 * Names that are never exported as environment variables: they change how every later
 * step, the shell or the runner itself behaves. Compared case-insensitively.
 */
export const PROTECTED_ENV_NAMES: readonly string[] = ['NODE_OPTIONS', 'PATH', 'LD_PRELOAD', 'LD_LIBRARY_PATH', 'BASH_ENV', 'ENV', 'HOME', 'SHELL'];
export const PROTECTED_ENV_PREFIXES: readonly string[] = ['GITHUB_', 'RUNNER_', 'ACTIONS_', 'INPUT_', 'STATE_'];
export const PROTECTED_ENV = { names: PROTECTED_ENV_NAMES, prefixes: PROTECTED_ENV_PREFIXES } as const;

/** The IMDS address on every Azure VM. Never reached through a proxy. */
export const IMDS_HOST = '169.254.169.254';
