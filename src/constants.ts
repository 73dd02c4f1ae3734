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
  // Credentials beyond Key Vault secrets (src/resources/)
  Tokens: 'tokens',
  StorageKeys: 'storage-keys',
  AcrLogin: 'acr-login',
  // One command with the values, and containers (src/command/, export/envFile.ts, export/filesAccess.ts)
  Run: 'run',
  Shell: 'shell',
  WorkingDirectory: 'working-directory',
  EnvFile: 'env-file',
  FilesGroup: 'files-group',
} as const;

/** State the main step leaves for the post step (STATE_<name>). */
export const States = {
  /** JSON: { dir, files } written by this step, removed by the post step. */
  WrittenFiles: 'written-files',
  /** JSON: { dir, files } of acr-login's job-scoped Docker config, removed by the post step. */
  DockerConfig: 'docker-config',
} as const;

/**
 * Every input's default, in one place: what a missing or empty input means. action.yml declares the same `default:`
 * (a unit test holds the two together, __tests__/unit/project/docs.test.ts); the runner passes action.yml's, so these
 * apply where no runner does (the local action, tests).
 */
export const InputDefaults = {
  ExportEnv: false,
  Cloud: 'AzureCloud',
  TimeoutSeconds: 60,
  AllowForkPullRequests: false,
  /** Chosen by measurement: see docs/performance.md. */
  Concurrency: 32,
  ParseJson: false,
  IgnoreMissing: false,
  ExpiryWarningDays: 14,
  FailOnExpired: false,
  Auth: 'auto',
} as const;

/** The numbers an input may take (the concurrency's range is also in its action.yml description, checked there too). */
export const InputLimits = {
  TimeoutSeconds: { min: 0, max: 21_600, integer: false, aboveMin: true },
  Concurrency: { min: 1, max: 64, integer: true },
  ExpiryWarningDays: { min: 0, max: 3650, integer: false },
} as const;

/** The IMDS address on every Azure VM. Never reached through a proxy. */
export const IMDS_HOST = '169.254.169.254';

/** The User-Agent prefix of every request the action sends through an Azure SDK. */
export const USER_AGENT = 'keyvault-secrets-action';

/** The audience GitHub's ID token (and AKS's projected token) carry for Entra's token exchange. */
export const TOKEN_EXCHANGE_AUDIENCE = 'api://AzureADTokenExchange';

/** GitHub Actions' OIDC issuer, unless an enterprise set a custom one. */
export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';

/** The set step's own inputs (set/action.yml); it shares the identity, cloud and timeout inputs above. */
export const SetInputs = {
  Secrets: 'secrets',
  ContentType: 'content-type',
  Encoding: 'encoding',
  TrailingNewline: 'trailing-newline',
  Expires: 'expires',
  Tags: 'tags',
  Provenance: 'provenance',
  SkipUnchanged: 'skip-unchanged',
  KeepVersions: 'keep-versions',
  OnDeleted: 'on-deleted',
  AllowPullRequests: 'allow-pull-requests',
} as const;

/** The set step's defaults (set/action.yml declares the same). */
export const SetDefaults = {
  Encoding: 'utf-8',
  TrailingNewline: 'keep',
  Provenance: true,
  SkipUnchanged: false,
  /** 0: keep every version. */
  KeepVersions: 0,
  OnDeleted: 'fail',
  AllowPullRequests: false,
} as const;

/**
 * Key Vault's own limits, checked before any request: a value of at most 25 KB (25,600 bytes as sent), a content
 * type of at most 255 characters, at most 15 tags, a tag name of at most 512 and a tag value of at most 256 characters.
 */
export const KeyVaultLimits = {
  ValueBytes: 25 * 1024,
  ContentTypeChars: 255,
  Tags: 15,
  TagNameChars: 512,
  TagValueChars: 256,
} as const;

/** Writes in flight at once: Key Vault's create budget (about 300 per 10 s per vault) is its own, and small. */
export const WRITE_CONCURRENCY = 4;
