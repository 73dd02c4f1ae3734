// The tokens, storage-keys and acr-login inputs, parsed. Pure and total, like the secrets
// input: one reference per line (commas also separate), blank lines and lines starting with # skipped
// but counted, an optional ALIAS= first. Every mistake is an InputProblem; nothing throws.
import type { CloudName } from './cloud.js';
import { Inputs } from '../constants.js';
import { ALIAS, type InputProblem, type NamedExport } from './references.js';
import { CLOUD_RESOURCES, WELL_KNOWN_TOKENS, type WellKnownToken, wellKnownResource } from './resourceCatalog.js';
import { GUID } from '../util/shell.js';

interface Located {
  input: string;
  /** 1-based line, blank and comment lines included. */
  line: number;
  /** The reference as written. */
  text: string;
}

export interface TokenReference extends Located {
  alias: string;
  /** The token audience, e.g. https://management.azure.com. */
  resource: string;
  /** The well-known name it was written as, if it was. */
  wellKnown?: WellKnownToken;
}

export type StorageKeySelector = 'key1' | 'key2' | 'connection-string';

export interface StorageKeyReference extends Located {
  alias: string;
  /** /subscriptions/…/storageAccounts/NAME, as written (without the #selector). */
  accountId: string;
  subscription: string;
  resourceGroup: string;
  account: string;
  select: StorageKeySelector;
}

export interface AcrReference extends Located {
  /** The login server, e.g. myregistry.azurecr.io (lower case). */
  registry: string;
  name: string;
  /** Exports the ACR refresh token under this name too (for helm/oras logins), when given. */
  alias?: string;
}

export interface ResourceReferences {
  tokens: TokenReference[];
  storageKeys: StorageKeyReference[];
  acr: AcrReference[];
}

export const EXPIRES_ON_SUFFIX = '_EXPIRES_ON';
/** The variable acr-login writes; the action's own, not an alias. */
export const DOCKER_CONFIG_ENV = 'DOCKER_CONFIG';

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };
const fail = <T>(message: string): Parsed<T> => ({ ok: false, message });

const STORAGE_ACCOUNT_ID =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Storage\/storageAccounts\/([^/]+)$/i;
// Azure's rule: 1–90 letters, digits, _ - . ( ), not ending in a period (so never "." or "..", which a URL resolves away).
const RESOURCE_GROUP = /^[-\w.()]{0,89}[-\w()]$/;
/** Longer than any application id URI or resource URI Entra holds; such a string is a mistake, not a resource. */
const MAX_RESOURCE = 1024;
const STORAGE_ACCOUNT = /^[a-z0-9]{3,24}$/;
const REGISTRY_NAME = /^[A-Za-z0-9]{5,50}$/;

/** Splits "ALIAS=target"; a "/" or ":" before the first "=" means there is no alias (as in secrets). */
function splitAlias(text: string, what: string): Parsed<{ alias?: string; target: string }> {
  const eq = /^[^=/:]*=/.test(text) ? text.indexOf('=') : -1;
  if (eq < 0) return { ok: true, value: { target: text } };
  const alias = text.slice(0, eq).trim();
  const target = text.slice(eq + 1).trim();
  if (alias === '') return fail(`"${text}" has an empty alias before "="`);
  if (target === '') return fail(`"${text}" names no ${what} after "="`);
  if (!ALIAS.test(alias))
    return fail(`"${alias}" is not a valid alias: use letters, digits and _, not starting with a digit`);
  return { ok: true, value: { alias, target } };
}

function eachItem(
  input: string,
  text: string,
  parse: (item: string, line: number) => string | undefined,
): InputProblem[] {
  const problems: InputProblem[] = [];
  text.split(/\r\n|\r|\n/).forEach((raw, index) => {
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    for (const item of trimmed.split(',')) {
      const itemText = item.trim();
      if (itemText === '') continue;
      const message = parse(itemText, index + 1);
      if (message !== undefined) problems.push({ input, line: index + 1, message });
    }
  });
  return problems;
}

/** The resource as Entra names it: no trailing "/", and no "/.default" (MSAL's scope form, which scopeOf adds once). */
const asResource = (target: string) =>
  target
    .replace(/\/+$/, '')
    .replace(/\/\.default$/i, '')
    .replace(/\/+$/, '');

function parseResource(target: string, cloud: CloudName): Parsed<{ resource: string; wellKnown?: WellKnownToken }> {
  if (target.length > MAX_RESOURCE)
    return fail(
      `"${target.slice(0, 60)}…" (${target.length} characters) is longer than any resource URI: at most ${MAX_RESOURCE}`,
    );
  const lower = target.toLowerCase();
  if ((WELL_KNOWN_TOKENS as readonly string[]).includes(lower)) {
    const wellKnown = lower as WellKnownToken;
    return { ok: true, value: { resource: wellKnownResource(wellKnown, cloud), wellKnown } };
  }
  if (GUID.test(target)) return { ok: true, value: { resource: target } }; // an application (client) id
  if (/^api:\/\/[^\s/]+(\/[^\s]*)?$/i.test(target)) return { ok: true, value: { resource: asResource(target) } };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      return fail(`"${target}" is not a valid URL`);
    }
    if (url.protocol !== 'https:') return fail(`"${target}" must use https:// (or be an api:// application id URI)`);
    if (url.username || url.password || url.search || url.hash)
      return fail(`"${target}" must not carry credentials, a query or a fragment`);
    return { ok: true, value: { resource: asResource(target) } };
  }
  return fail(
    `"${target}" is not a resource: write one of ${WELL_KNOWN_TOKENS.join(', ')}, an application id URI (api://…), an application id, or an https:// resource URI`,
  );
}

export function parseTokens(text: string, cloud: CloudName): { tokens: TokenReference[]; problems: InputProblem[] } {
  const input = Inputs.Tokens;
  const tokens: TokenReference[] = [];
  const problems = eachItem(input, text, (item, line) => {
    const split = splitAlias(item, 'resource');
    if (!split.ok) return split.message;
    const parsed = parseResource(split.value.target, cloud);
    if (!parsed.ok) return parsed.message;
    const alias =
      split.value.alias ?? (parsed.value.wellKnown ? `${parsed.value.wellKnown.toUpperCase()}_TOKEN` : undefined);
    if (alias === undefined) return `"${item}" needs an alias for its output: MY_TOKEN=${split.value.target}`;
    tokens.push({ input, line, text: item, alias, ...parsed.value });
    return undefined;
  });
  return { tokens, problems };
}

export function parseStorageKeys(text: string): { storageKeys: StorageKeyReference[]; problems: InputProblem[] } {
  const input = Inputs.StorageKeys;
  const storageKeys: StorageKeyReference[] = [];
  const problems = eachItem(input, text, (item, line) => {
    const split = splitAlias(item, 'storage account');
    if (!split.ok) return split.message;
    const hash = split.value.target.indexOf('#');
    const id = hash >= 0 ? split.value.target.slice(0, hash) : split.value.target;
    const selectText = hash >= 0 ? split.value.target.slice(hash + 1).toLowerCase() : 'key1';
    if (!['key1', 'key2', 'connection-string'].includes(selectText))
      return `"#${split.value.target.slice(hash + 1)}" is not what a storage key reference can select: #key1 (the default), #key2 or #connection-string`;
    const match = STORAGE_ACCOUNT_ID.exec(id.replace(/\/+$/, ''));
    if (!match)
      return `"${id}" is not a storage account resource id: /subscriptions/SUB/resourceGroups/RG/providers/Microsoft.Storage/storageAccounts/NAME (az storage account show -n NAME --query id -o tsv)`;
    const [, subscription = '', resourceGroup = '', account = ''] = match;
    if (!GUID.test(subscription))
      return `"${subscription}" is not a subscription id (a GUID): az account show --query id -o tsv`;
    if (!RESOURCE_GROUP.test(resourceGroup))
      return `"${resourceGroup}" is not a resource group name: letters, digits, _ - . ( ), and it cannot end with "."`;
    if (!STORAGE_ACCOUNT.test(account))
      return `"${account}" is not a storage account name: 3–24 lower-case letters and digits`;
    const select = selectText as StorageKeySelector;
    const suffix = select === 'key1' ? '_KEY' : select === 'key2' ? '_KEY2' : '_CONNECTION_STRING';
    const alias = split.value.alias ?? `${account.toUpperCase()}${suffix}`;
    if (!ALIAS.test(alias))
      return `"${account}" has no usable default alias ("${alias}"); give one: MY_KEY=${split.value.target}`;
    storageKeys.push({
      input,
      line,
      text: item,
      alias,
      accountId: id.replace(/\/+$/, ''),
      subscription,
      resourceGroup,
      account,
      select,
    });
    return undefined;
  });
  return { storageKeys, problems };
}

export function parseAcrLogins(text: string, cloud: CloudName): { acr: AcrReference[]; problems: InputProblem[] } {
  const input = Inputs.AcrLogin;
  const acr: AcrReference[] = [];
  const suffix = CLOUD_RESOURCES[cloud].acrSuffix;
  const seen = new Set<string>();
  const problems = eachItem(input, text, (item, line) => {
    const split = splitAlias(item, 'registry');
    if (!split.ok) return split.message;
    let host = split.value.target
      .toLowerCase()
      .replace(/^https:\/\//, '')
      .replace(/\/+$/, '');
    if (!host.includes('.')) host = `${host}.${suffix}`;
    const other = Object.entries(CLOUD_RESOURCES).find(([c, r]) => c !== cloud && host.endsWith(`.${r.acrSuffix}`));
    if (other) return `${host} is an ${other[0]} registry, but cloud is ${cloud}; set cloud: ${other[0]}`;
    if (!host.endsWith(`.${suffix}`))
      return `"${split.value.target}" is not a container registry: write its name or NAME.${suffix}`;
    const name = host.slice(0, -suffix.length - 1);
    if (!REGISTRY_NAME.test(name)) return `"${name}" is not a registry name: 5–50 letters and digits`;
    if (seen.has(host)) return `${host} is listed twice`;
    seen.add(host);
    acr.push({
      input,
      line,
      text: item,
      registry: host,
      name,
      ...(split.value.alias ? { alias: split.value.alias } : {}),
    });
    return undefined;
  });
  return { acr, problems };
}

/** Reads the three inputs. */
export function readResourceReferences(
  read: (name: string) => string,
  cloud: CloudName,
): { resources: ResourceReferences; problems: InputProblem[] } {
  const t = parseTokens(read(Inputs.Tokens), cloud);
  const k = parseStorageKeys(read(Inputs.StorageKeys));
  const a = parseAcrLogins(read(Inputs.AcrLogin), cloud);
  return {
    resources: { tokens: t.tokens, storageKeys: k.storageKeys, acr: a.acr },
    problems: [...t.problems, ...k.problems, ...a.problems],
  };
}

export const hasResources = (r: ResourceReferences) => r.tokens.length + r.storageKeys.length + r.acr.length > 0;

/** Every name these references export, for checkAliases with the secrets' names (tokens also claim ALIAS_EXPIRES_ON). */
export function resourceExportNames(r: ResourceReferences): NamedExport[] {
  return [
    ...r.tokens.flatMap((t) => [t, { ...t, alias: `${t.alias}${EXPIRES_ON_SUFFIX}` }]),
    ...r.storageKeys,
    ...r.acr.filter((a): a is AcrReference & { alias: string } => a.alias !== undefined),
  ].map(({ input, line, text, alias }) => ({ input, line, text, alias }));
}

/** DOCKER_CONFIG is the action's own when acr-login is used: no alias may claim it. */
export function dockerConfigClash(r: ResourceReferences, names: readonly NamedExport[]): InputProblem[] {
  if (r.acr.length === 0) return [];
  return names
    .filter((n) => n.alias.toUpperCase() === DOCKER_CONFIG_ENV)
    .map((n) => ({
      input: n.input,
      line: n.line,
      message: `"${n.text}" would set ${DOCKER_CONFIG_ENV}, which acr-login sets to its job-scoped Docker config; give it another alias`,
    }));
}
