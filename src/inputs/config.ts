// The action's inputs, validated all at once. Nothing here touches the network or throws.
import { type CloudName, CLOUDS, isCloudName } from './cloud.js';
import { InputDefaults, InputLimits, Inputs } from '../constants.js';
import {
  DOCKER_CONFIG_ENV,
  dockerConfigClash,
  hasResources,
  readResourceReferences,
  resourceExportNames,
  type ResourceReferences,
} from './resources.js';
import {
  checkAliases,
  exportedNames,
  type InputProblem,
  parseReferences,
  parseVault,
  type SecretReference,
  type VaultLocation,
  type WildcardReference,
} from './references.js';
import { refuseInputs } from './problems.js';
import { type ExpectedIdentity, readExpectedIdentity } from './expected.js';
export type { ExpectedIdentity } from './expected.js';
import { type CommandInput, readCommandInputs } from './command.js';
import { GUID } from '../util/shell.js';

/** The auth input's values: auto, or the identity source to use. */
export const AUTH_MODES = ['auto', 'imds', 'workload-identity', 'app-service', 'arc', 'github-oidc'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

export type IdentitySelector =
  | { kind: 'system' }
  | { kind: 'client-id'; id: string }
  | { kind: 'object-id'; id: string }
  | { kind: 'resource-id'; id: string };

export interface Config {
  cloud: CloudName;
  vault: VaultLocation | undefined;
  /** Named secrets from the secrets and files inputs (files: input === 'files'). */
  references: SecretReference[];
  /** prefix* references, expanded by listing the vault. */
  wildcards: WildcardReference[];
  identity: IdentitySelector;
  exportEnv: boolean;
  timeoutSeconds: number;
  allowForkPullRequests: boolean;
  concurrency: number;
  parseJson: boolean;
  ignoreMissing: boolean;
  expiryWarningDays: number;
  failOnExpired: boolean;
  /** For the fork guard's one API call (issue_comment on a pull request); may be empty. */
  githubToken: string;
  /** Where the token comes from: auto, or one named source (identitySource.ts). */
  auth: AuthMode;
  /** The Entra tenant, for GitHub OIDC (and AKS workload identity, over AZURE_TENANT_ID). */
  tenantId: string;
  /** tokens, storage-keys and acr-login: credentials for resources beyond Key Vault. */
  resources: ResourceReferences;
  /** expected-tenant-id and expected-principal-id: whom every token must be for (identity/expected.ts). */
  expected: ExpectedIdentity;
  /** run: the one command given the values (src/command/). */
  command?: CommandInput;
  /** env-file: the name that receives the path of the values in Docker's env-file format. */
  envFile?: string;
  /** files-group: the gid the files and their directory are shared with. */
  filesGroup?: number;
}

export type ReadInput = (name: string) => string;

const USER_ASSIGNED_ID =
  /^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/[^/]+$/i;
// The YAML 1.2 core schema booleans, as @actions/core's getBooleanInput accepts them.
const TRUE = ['true', 'True', 'TRUE'];
const FALSE = ['false', 'False', 'FALSE'];

export function readBoolean(read: ReadInput, name: string, fallback: boolean, problems: InputProblem[]): boolean {
  const text = read(name).trim();
  if (text === '') return fallback;
  if (TRUE.includes(text)) return true;
  if (FALSE.includes(text)) return false;
  problems.push({ input: name, message: `"${text}" is not a boolean; write true or false` });
  return fallback;
}

interface NumberRange {
  min: number;
  max: number;
  integer: boolean;
  /** The minimum itself is not allowed (a timeout of 0). */
  aboveMin?: boolean;
}

export function readNumber(
  read: ReadInput,
  name: string,
  fallback: number,
  range: NumberRange,
  problems: InputProblem[],
): number {
  const text = read(name).trim();
  if (text === '') return fallback;
  const value = Number(text);
  const inRange = (range.aboveMin ? value > range.min : value >= range.min) && value <= range.max;
  if (
    !/^[0-9.eE+-]+$/.test(text) ||
    !Number.isFinite(value) ||
    (range.integer && !Number.isInteger(value)) ||
    !inRange
  ) {
    const kind = range.integer ? 'a whole number' : 'a number';
    const bounds = range.aboveMin
      ? `greater than ${range.min} and at most ${range.max}`
      : `from ${range.min} to ${range.max}`;
    problems.push({ input: name, message: `"${text}" is not ${kind} ${bounds}` });
    return fallback;
  }
  return value;
}

export function readIdentity(read: ReadInput, problems: InputProblem[]): IdentitySelector {
  const given = [Inputs.ClientId, Inputs.ObjectId, Inputs.ResourceId]
    .map((name) => ({ name, value: read(name).trim() }))
    .filter((i) => i.value !== '');
  if (given.length > 1) {
    problems.push({
      input: given.map((i) => i.name).join(', '),
      message: 'select the user-assigned identity with one of client-id, object-id or resource-id, not several',
    });
    return { kind: 'system' };
  }
  const [selected] = given;
  if (!selected) return { kind: 'system' };
  if (selected.name === Inputs.ResourceId) {
    if (!USER_ASSIGNED_ID.test(selected.value)) {
      problems.push({
        input: selected.name,
        message: `"${selected.value}" is not a user-assigned identity resource id: /subscriptions/SUB/resourceGroups/RG/providers/Microsoft.ManagedIdentity/userAssignedIdentities/NAME`,
      });
    }
    return { kind: 'resource-id', id: selected.value };
  }
  if (!GUID.test(selected.value)) {
    problems.push({
      input: selected.name,
      message: `"${selected.value}" is not a GUID; find it with: az identity show -g RG -n NAME --query ${selected.name === Inputs.ClientId ? 'clientId' : 'principalId'}`,
    });
  }
  return { kind: selected.name === Inputs.ClientId ? 'client-id' : 'object-id', id: selected.value };
}

export function readAuth(read: ReadInput, problems: InputProblem[]): AuthMode {
  const text = read(Inputs.Auth).trim() || InputDefaults.Auth;
  if ((AUTH_MODES as readonly string[]).includes(text)) return text as AuthMode;
  problems.push({ input: Inputs.Auth, message: `"${text}" is not one of ${AUTH_MODES.join(', ')}` });
  return InputDefaults.Auth;
}

export function readTenant(read: ReadInput, problems: InputProblem[]): string {
  const text = read(Inputs.TenantId).trim();
  if (text !== '' && !GUID.test(text))
    problems.push({
      input: Inputs.TenantId,
      message: `"${text}" is not a GUID; find it with: az account show --query tenantId -o tsv`,
    });
  return text;
}

/** The cloud input (AzureCloud when empty); an unknown name is a problem, and the default stands in for it. */
export function readCloud(read: ReadInput, problems: InputProblem[]): CloudName {
  const cloudText = read(Inputs.Cloud).trim() || InputDefaults.Cloud;
  if (isCloudName(cloudText)) return cloudText;
  problems.push({
    input: Inputs.Cloud,
    message: `"${cloudText}" is not a cloud this action knows: ${Object.keys(CLOUDS).join(', ')}`,
  });
  return InputDefaults.Cloud;
}

/** Reads and checks every input; every problem is reported, not only the first. */
export function readConfig(
  read: ReadInput,
): { config: Config; problems: [] } | { config?: undefined; problems: InputProblem[] } {
  const problems: InputProblem[] = [];
  const cloud = readCloud(read, problems);

  const vaultText = read(Inputs.KeyVault).trim();
  let vault: VaultLocation | undefined;
  if (vaultText !== '') {
    const parsed = parseVault(vaultText, cloud);
    if (parsed.ok) vault = parsed.value;
    else problems.push({ input: Inputs.KeyVault, message: parsed.message });
  }

  const parsed = [Inputs.Secrets, Inputs.Files].map((input) =>
    parseReferences(input, read(input), { defaultVault: vault, cloud }),
  );
  const references = parsed.flatMap((p) => p.references);
  const wildcards = parsed.flatMap((p) => p.wildcards);
  // With a bad keyvault input, "names no vault" on every line would only repeat that problem.
  problems.push(
    ...parsed
      .flatMap((p) => p.problems)
      .filter((p) => vaultText === '' || vault !== undefined || !p.message.includes('names no vault')),
  );
  const { resources, problems: resourceProblems } = readResourceReferences(read, cloud);
  problems.push(...resourceProblems);
  if (
    references.length + wildcards.length === 0 &&
    !hasResources(resources) &&
    parsed.every((p) => p.problems.length === 0) &&
    resourceProblems.length === 0
  ) {
    problems.push({
      input: Inputs.Secrets,
      message: 'names no secret; list one reference per line, e.g. db-password or DB_URL=db-url',
    });
  }
  const commandInputs = readCommandInputs(
    read,
    references.some((r) => r.input === Inputs.Files) || wildcards.some((w) => w.input === Inputs.Files),
  );
  problems.push(...commandInputs.problems);
  const named = [...references.flatMap(exportedNames), ...resourceExportNames(resources), ...commandInputs.named];
  // With acr-login, an alias DOCKER_CONFIG gets the specific message, not also the protected-name one.
  const clash = dockerConfigClash(resources, named);
  problems.push(
    ...checkAliases(clash.length > 0 ? named.filter((n) => n.alias.toUpperCase() !== DOCKER_CONFIG_ENV) : named),
    ...clash,
  );

  const config: Config = {
    cloud,
    vault,
    references,
    wildcards,
    identity: readIdentity(read, problems),
    exportEnv: readBoolean(read, Inputs.ExportEnv, InputDefaults.ExportEnv, problems),
    timeoutSeconds: readNumber(
      read,
      Inputs.Timeout,
      InputDefaults.TimeoutSeconds,
      InputLimits.TimeoutSeconds,
      problems,
    ),
    allowForkPullRequests: readBoolean(
      read,
      Inputs.AllowForkPullRequests,
      InputDefaults.AllowForkPullRequests,
      problems,
    ),
    concurrency: readNumber(read, Inputs.Concurrency, InputDefaults.Concurrency, InputLimits.Concurrency, problems),
    parseJson: readBoolean(read, Inputs.ParseJson, InputDefaults.ParseJson, problems),
    ignoreMissing: readBoolean(read, Inputs.IgnoreMissing, InputDefaults.IgnoreMissing, problems),
    expiryWarningDays: readNumber(
      read,
      Inputs.ExpiryWarningDays,
      InputDefaults.ExpiryWarningDays,
      InputLimits.ExpiryWarningDays,
      problems,
    ),
    failOnExpired: readBoolean(read, Inputs.FailOnExpired, InputDefaults.FailOnExpired, problems),
    githubToken: read(Inputs.GithubToken).trim(),
    auth: readAuth(read, problems),
    tenantId: readTenant(read, problems),
    resources,
    expected: readExpectedIdentity(read, problems),
    ...commandInputs.inputs,
  };
  return problems.length > 0 ? { problems } : { config, problems: [] };
}

/** The action's inputs, or one error listing every problem with them (nothing fetched). */
export function parseInputs(read: ReadInput): Config {
  const { config, problems } = readConfig(read);
  if (config) return config;
  return refuseInputs(problems);
}
