// The set step's inputs, checked all at once before any request: where each value comes from (never the input
// itself: the runner prints inputs in the step log), the name, content type, tags and expiry Key Vault would refuse.
import {
  type Config,
  readAuth,
  readBoolean,
  readIdentity,
  readNumber,
  readCloud,
  readTenant,
  type ReadInput,
} from '../inputs/config.js';
import { formatProblem, type InputProblem, parseVault, SECRET_NAME, type VaultLocation } from '../inputs/references.js';
import { readExpectedIdentity } from '../inputs/expected.js';
import { ActionError } from '../util/errors.js';
import { say } from '../messages/catalogue.js';
import { InputDefaults, InputLimits, Inputs, KeyVaultLimits, SetDefaults, SetInputs } from '../constants.js';

/** Where a value comes from. */
export type ValueSource =
  | { kind: 'env'; variable: string }
  | { kind: 'file'; path: string }
  | { kind: 'generate'; length: number; alphabet: Alphabet };

export const ALPHABETS = {
  alnum: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
  hex: '0123456789abcdef',
  base64url: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_',
  // Printable ASCII without the space and the quotes a shell or a connection string would trip on.
  symbols: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&()*+,-./:;<=>?@[]^_{|}~',
} as const;
export type Alphabet = keyof typeof ALPHABETS;
export const GENERATED_LENGTH = { min: 16, max: 4096 } as const;

export interface SecretToWrite {
  name: string;
  source: ValueSource;
  /** The input line, 1-based, for messages. */
  line: number;
}

export type OnDeleted = 'fail' | 'recover' | 'purge';

export interface SetConfig {
  vault: VaultLocation;
  secrets: SecretToWrite[];
  contentType?: string;
  encoding: 'utf-8' | 'base64';
  dropTrailingNewline: boolean;
  expiresOn?: Date;
  /** The user's tags, with the provenance tags unless provenance is off. */
  tags: Record<string, string>;
  skipUnchanged: boolean;
  keepVersions: number;
  onDeleted: OnDeleted;
  allowPullRequests: boolean;
}

const SOURCE = /^(env|file|generate):(.*)$/s;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DURATION = /^(\d{1,6})\s*(m|h|d)$/;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const PROVENANCE_ENV = {
  'github-repository': 'GITHUB_REPOSITORY',
  'github-workflow': 'GITHUB_WORKFLOW',
  'github-run-id': 'GITHUB_RUN_ID',
  'github-run-attempt': 'GITHUB_RUN_ATTEMPT',
} as const;

/** Why a line whose source is not env:, file: or generate: is refused, without repeating what it holds. */
export const LITERAL_REFUSED =
  'looks like a literal value, which is refused: the runner prints every input in the step log. ' +
  'Pass it through an environment variable (env: { TOKEN: ${{ secrets.TOKEN }} } and NAME=env:TOKEN), a file (NAME=file:path), ' +
  'or generate it (NAME=generate:32)';

function parseSource(text: string, line: number, problems: InputProblem[]): ValueSource | undefined {
  const input = SetInputs.Secrets;
  const match = SOURCE.exec(text);
  if (!match) {
    problems.push({ input, message: `line ${line}: ${LITERAL_REFUSED}` });
    return undefined;
  }
  const [, kind, rest = ''] = match;
  if (kind === 'env') {
    if (!ENV_NAME.test(rest)) {
      problems.push({ input, message: `line ${line}: env: names an environment variable (letters, digits, _)` });
      return undefined;
    }
    return { kind: 'env', variable: rest };
  }
  if (kind === 'file') {
    if (rest.trim() === '') {
      problems.push({ input, message: `line ${line}: file: needs a path` });
      return undefined;
    }
    return { kind: 'file', path: rest.trim() };
  }
  const [lengthText = '', alphabet = 'alnum', ...extra] = rest.split(':');
  const length = Number(lengthText);
  if (
    !/^\d+$/.test(lengthText) ||
    length < GENERATED_LENGTH.min ||
    length > GENERATED_LENGTH.max ||
    extra.length > 0 ||
    !(alphabet in ALPHABETS)
  ) {
    problems.push({
      input,
      message: `line ${line}: write generate:LENGTH[:ALPHABET], LENGTH from ${GENERATED_LENGTH.min} to ${GENERATED_LENGTH.max}, ALPHABET one of ${Object.keys(ALPHABETS).join(', ')}`,
    });
    return undefined;
  }
  return { kind: 'generate', length, alphabet: alphabet as Alphabet };
}

/** NAME=SOURCE lines. A line's text after the = is never printed: it may be a value pasted by mistake. */
export function parseSecrets(text: string, problems: InputProblem[]): SecretToWrite[] {
  const input = SetInputs.Secrets;
  const secrets: SecretToWrite[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const eq = trimmed.indexOf('=');
    if (eq < 0) {
      problems.push({
        input,
        message: `line ${line}: write NAME=env:VARIABLE, NAME=file:PATH or NAME=generate:LENGTH`,
      });
      return;
    }
    const name = trimmed.slice(0, eq).trim();
    if (!SECRET_NAME.test(name)) {
      problems.push({
        input,
        message: `line ${line}: the name is not a Key Vault secret name (1 to 127 letters, digits and -)`,
      });
      return;
    }
    if (seen.has(name.toLowerCase())) {
      problems.push({ input, message: `line ${line}: ${name} is written twice (Key Vault names ignore case)` });
      return;
    }
    seen.add(name.toLowerCase());
    const source = parseSource(trimmed.slice(eq + 1).trim(), line, problems);
    if (source) secrets.push({ name, source, line });
  });
  if (secrets.length === 0 && problems.length === 0)
    problems.push({ input, message: 'names no secret; write one NAME=env:VARIABLE per line' });
  return secrets;
}

function parseTags(text: string, problems: InputProblem[]): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const trimmed = raw.trim();
    if (trimmed === '') continue;
    const eq = trimmed.indexOf('=');
    const key = eq < 0 ? '' : trimmed.slice(0, eq).trim();
    const value = eq < 0 ? '' : trimmed.slice(eq + 1).trim();
    if (key === '') problems.push({ input: SetInputs.Tags, message: `line ${index + 1}: write KEY=VALUE` });
    else tags[key] = value;
  }
  return tags;
}

function checkTags(tags: Record<string, string>, problems: InputProblem[]): void {
  const input = SetInputs.Tags;
  const keys = Object.keys(tags);
  if (keys.length > KeyVaultLimits.Tags)
    problems.push({
      input,
      message: `${keys.length} tags (provenance tags included), more than Key Vault's ${KeyVaultLimits.Tags}; drop some, or set provenance: false`,
    });
  for (const key of keys) {
    if (key.length > KeyVaultLimits.TagNameChars)
      problems.push({
        input,
        message: `a tag name is longer than Key Vault's ${KeyVaultLimits.TagNameChars} characters`,
      });
    if (tags[key]!.length > KeyVaultLimits.TagValueChars)
      problems.push({
        input,
        message: `the tag ${key.slice(0, 40)}'s value is longer than Key Vault's ${KeyVaultLimits.TagValueChars} characters`,
      });
  }
}

/** An ISO 8601 date and time, or a duration from now (30m, 12h, 7d); never in the past. */
export function parseExpiry(text: string, now: number, problems: InputProblem[]): Date | undefined {
  if (text === '') return undefined;
  const input = SetInputs.Expires;
  const duration = DURATION.exec(text);
  const at = duration
    ? now + Number(duration[1]) * UNIT_MS[duration[2] as keyof typeof UNIT_MS]
    : /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(text)
      ? Date.parse(text)
      : Number.NaN;
  if (!Number.isFinite(at)) {
    problems.push({
      input,
      message: `"${text.slice(0, 40)}" is neither a duration (30m, 12h, 7d) nor an ISO 8601 date (2030-01-31T00:00:00Z)`,
    });
    return undefined;
  }
  if (at <= now) {
    problems.push({ input, message: `${new Date(at).toISOString()} is in the past` });
    return undefined;
  }
  return new Date(at);
}

function readChoice<T extends string>(
  read: ReadInput,
  name: string,
  choices: readonly T[],
  fallback: T,
  problems: InputProblem[],
): T {
  const text = read(name).trim() || fallback;
  if ((choices as readonly string[]).includes(text)) return text as T;
  problems.push({ input: name, message: `"${text.slice(0, 40)}" is not one of ${choices.join(', ')}` });
  return fallback;
}

/** Reads and checks every input of the set step; the shared ones make the Config the shared stages read. */
export function readSetConfig(
  read: ReadInput,
  env: Record<string, string | undefined>,
  now: number,
): { config: Config; set: SetConfig } {
  const problems: InputProblem[] = [];
  const cloud = readCloud(read, problems);
  const vaultText = read(Inputs.KeyVault).trim();
  let vault: VaultLocation | undefined;
  if (vaultText === '') problems.push({ input: Inputs.KeyVault, message: 'names no vault' });
  else {
    const parsed = parseVault(vaultText, cloud);
    if (parsed.ok) vault = parsed.value;
    else problems.push({ input: Inputs.KeyVault, message: parsed.message });
  }
  const secrets = parseSecrets(read(SetInputs.Secrets), problems);

  const contentTypeText = read(SetInputs.ContentType).trim();
  if (contentTypeText.length > KeyVaultLimits.ContentTypeChars)
    problems.push({
      input: SetInputs.ContentType,
      message: `longer than Key Vault's ${KeyVaultLimits.ContentTypeChars} characters`,
    });
  const encoding = readChoice(read, SetInputs.Encoding, ['utf-8', 'base64'] as const, SetDefaults.Encoding, problems);
  if (encoding === 'base64' && !/base64|x-pkcs12/i.test(contentTypeText))
    problems.push({
      input: SetInputs.ContentType,
      message:
        'encoding: base64 needs a content type that says so, for whoever reads it back (application/octet-stream;base64, or application/x-pkcs12 for a PFX)',
    });
  const trailing = readChoice(
    read,
    SetInputs.TrailingNewline,
    ['keep', 'drop'] as const,
    SetDefaults.TrailingNewline,
    problems,
  );
  const expiresOn = parseExpiry(read(SetInputs.Expires).trim(), now, problems);
  const tags = parseTags(read(SetInputs.Tags), problems);
  if (readBoolean(read, SetInputs.Provenance, SetDefaults.Provenance, problems)) {
    for (const [tag, variable] of Object.entries(PROVENANCE_ENV)) {
      const value = env[variable];
      if (value) tags[tag] = value.slice(0, KeyVaultLimits.TagValueChars);
    }
  }
  checkTags(tags, problems);

  const config: Config = {
    cloud,
    vault,
    references: [],
    wildcards: [],
    identity: readIdentity(read, problems),
    exportEnv: false,
    timeoutSeconds: readNumber(
      read,
      Inputs.Timeout,
      InputDefaults.TimeoutSeconds,
      InputLimits.TimeoutSeconds,
      problems,
    ),
    // Never: a fork's pull request may not write, whatever the workflow says.
    allowForkPullRequests: false,
    concurrency: 1,
    parseJson: false,
    ignoreMissing: false,
    expiryWarningDays: 0,
    failOnExpired: false,
    githubToken: read(Inputs.GithubToken).trim(),
    auth: readAuth(read, problems),
    tenantId: readTenant(read, problems),
    resources: { tokens: [], storageKeys: [], acr: [] },
    expected: readExpectedIdentity(read, problems),
  };
  const set: SetConfig = {
    vault: vault!,
    secrets,
    ...(contentTypeText ? { contentType: contentTypeText } : {}),
    encoding,
    dropTrailingNewline: trailing === 'drop',
    ...(expiresOn ? { expiresOn } : {}),
    tags,
    skipUnchanged: readBoolean(read, SetInputs.SkipUnchanged, SetDefaults.SkipUnchanged, problems),
    keepVersions: readNumber(
      read,
      SetInputs.KeepVersions,
      SetDefaults.KeepVersions,
      { min: 0, max: 1000, integer: true },
      problems,
    ),
    onDeleted: readChoice(
      read,
      SetInputs.OnDeleted,
      ['fail', 'recover', 'purge'] as const,
      SetDefaults.OnDeleted,
      problems,
    ),
    allowPullRequests: readBoolean(read, SetInputs.AllowPullRequests, SetDefaults.AllowPullRequests, problems),
  };
  if (problems.length > 0) refuseSetInputs(problems);
  return { config, set };
}

/** Bad input, as one error listing every problem; nothing was sent. */
export function refuseSetInputs(problems: readonly InputProblem[]): never {
  throw new ActionError(say('set.problems', { lines: problems.map((p) => `  ${formatProblem(p)}`) }));
}
