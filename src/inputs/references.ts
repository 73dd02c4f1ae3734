// The `secrets` input, parsed. Pure and total: every mistake comes back as an InputProblem, nothing throws.
import { Inputs } from '../constants.js';
import { CLOUDS, type CloudName, cloudOfHost, vaultUrl } from './cloud.js';
import {
  PROTECTED_ENV,
  type ProtectedNames,
  protectedNameProblem,
  protectedNamespaceProblem,
  WRITTEN_ONLY_ENV,
} from '../policy/protectedNames.js';

export interface VaultLocation {
  /** The vault's name, as written (Key Vault names are case-insensitive). */
  name: string;
  /** https://NAME.<suffix>/ */
  url: string;
}

export interface SecretReference {
  /** The input it was written in: secrets or files. */
  input: string;
  /** 1-based line in the input as written, blank and comment lines included. */
  line: number;
  /** The reference as written. */
  text: string;
  alias: string;
  vault: VaultLocation;
  name: string;
  version?: string;
  /**
   * pem:name (files only): a certificate's private key, certificate and chain, each a PEM file (export/pem.ts),
   * exported as ALIAS (the certificate), ALIAS_KEY and ALIAS_CHAIN.
   */
  pem?: true;
}

/** What a pem: reference names: in `files`, one certificate, written as three PEM files. */
export const PEM_PREFIX = 'pem:';
/** The outputs a pem: reference gives, after its alias: the certificate, its private key, the certificates that issued it. */
export const PEM_OUTPUTS = { cert: '', key: '_KEY', chain: '_CHAIN' } as const;
export type PemPart = keyof typeof PEM_OUTPUTS;

/**
 * [NAMESPACE*=]prefix*: every enabled secret in the vault whose name starts with prefix, each exported as
 * namespace + the default alias of the rest of its name (src/vault/wildcards.ts listedName).
 */
export interface WildcardReference {
  input: string;
  line: number;
  text: string;
  vault: VaultLocation;
  prefix: string;
  /**
   * What every name it exports starts with: text the workflow wrote, ending in _ (APP_ for app-*, KV_ for
   * KV_*=*). The vault chooses only what follows it.
   */
  namespace: string;
}

export interface InputProblem {
  input: string;
  line?: number;
  message: string;
}

export const SECRET_NAME = /^[0-9A-Za-z-]{1,127}$/;
const NAME_PREFIX = /^[0-9A-Za-z-]{0,126}$/;
export const SECRET_VERSION = /^[0-9A-Fa-f]{32}$/;
export const ALIAS = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** A wildcard's namespace: a letter first (so no _JAVA_OPTIONS, __COMPAT_LAYER), then a name, ending in _. */
export const NAMESPACE = /^[A-Za-z][A-Za-z0-9_]*_$/;
/** Key Vault's rule: 3–24 letters, digits and dashes; starts with a letter, ends with a letter or digit, no "--". */
export const VAULT_NAME = /^(?=.{3,24}$)[A-Za-z](?:[A-Za-z0-9]|-(?!-))*[A-Za-z0-9]$/;

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(message: string): Parsed<T> => ({ ok: false, message });

/** The default alias of a secret name: upper-cased, dashes become underscores. */
export function defaultAlias(name: string): string {
  return name.toUpperCase().replaceAll('-', '_');
}

/** A vault given as a name or as its URL, for the chosen cloud. */
export function parseVault(text: string, cloud: CloudName): Parsed<VaultLocation> {
  const value = text.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    const url = parseHttpsUrl(value);
    if (!url.ok) return url;
    const vault = vaultOfUrl(url.value, cloud);
    if (!vault.ok) return vault;
    if (url.value.pathname !== '/' || url.value.search || url.value.hash) {
      return fail(`"${value}" has a path; give the vault URL alone, ${vault.value.url}`);
    }
    return vault;
  }
  if (!VAULT_NAME.test(value)) {
    return fail(`"${value}" is not a Key Vault name: 3–24 letters, digits and dashes, starting with a letter`);
  }
  return ok({ name: value, url: vaultUrl(value, cloud) });
}

function parseHttpsUrl(text: string): Parsed<URL> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail(`"${text}" is not a valid URL`);
  }
  if (url.protocol !== 'https:') return fail(`"${text}" must use https://`);
  if (url.username || url.password || url.port) return fail(`"${text}" must not carry a port or credentials`);
  return ok(url);
}

/** The vault a URL points at, when its host is a Key Vault host of the chosen cloud. */
function vaultOfUrl(url: URL, cloud: CloudName): Parsed<VaultLocation> {
  const host = url.hostname.toLowerCase();
  const suffix = CLOUDS[cloud].vaultSuffix;
  const hostCloud = cloudOfHost(host);
  if (hostCloud !== undefined && hostCloud !== cloud) {
    return fail(
      `${host} is a ${hostCloud} vault, but cloud is ${cloud}; set cloud: ${hostCloud} or use a *.${suffix} vault`,
    );
  }
  if (!host.endsWith(`.${suffix}`)) return fail(`${host} is not a Key Vault host; ${cloud} vaults are NAME.${suffix}`);
  const name = host.slice(0, -suffix.length - 1);
  if (!VAULT_NAME.test(name)) return fail(`"${name}" in ${host} is not a Key Vault name`);
  return ok({ name, url: `https://${host}/` });
}

function parseNameAndVersion(path: string): Parsed<{ name: string; version?: string; wildcard?: true }> {
  const parts = path.split('/');
  if (parts.length > 2) return fail(`"${path}" has too many parts; write name or name/version`);
  const [name = '', version] = parts;
  if (name.endsWith('*')) {
    const prefix = name.slice(0, -1);
    if (version !== undefined)
      return fail(`"${path}": a wildcard takes the latest version of each secret; remove /${version}`);
    if (!NAME_PREFIX.test(prefix))
      return fail(`"${name}" is not a valid wildcard: a name prefix (letters, digits and dashes) followed by one *`);
    return ok({ name: prefix, wildcard: true });
  }
  if (!SECRET_NAME.test(name)) {
    return fail(`"${name}" is not a valid secret name: Key Vault names use 1–127 letters, digits and dashes`);
  }
  if (version !== undefined && !SECRET_VERSION.test(version)) {
    return fail(`"${version}" is not a secret version: a version is 32 hexadecimal characters`);
  }
  return ok(version === undefined ? { name } : { name, version });
}

interface Target {
  vault: VaultLocation;
  /** The secret's name, or a wildcard's prefix. */
  name: string;
  version?: string;
  wildcard?: true;
}

function parseSecretUrl(text: string, cloud: CloudName): Parsed<Target> {
  const url = parseHttpsUrl(text);
  if (!url.ok) return url;
  const vault = vaultOfUrl(url.value, cloud);
  if (!vault.ok) return vault;
  if (url.value.search || url.value.hash) return fail(`"${text}" must not have a query or fragment`);
  const match = /^\/secrets\/(.*?)\/?$/.exec(url.value.pathname);
  if (!match || match[1] === '') return fail(`"${text}" is not a secret URL: ${vault.value.url}secrets/NAME[/VERSION]`);
  const secret = parseNameAndVersion(match[1]!);
  if (!secret.ok) return secret;
  return ok({ vault: vault.value, ...secret.value });
}

/** A name prefix to suggest for text that is not one: it, ending in _, when that is one; else MY_. */
const suggestedPrefix = (text: string) => (NAMESPACE.test(text.replace(/_*$/, '_')) ? text.replace(/_*$/, '_') : 'MY_');

/**
 * The namespace a wildcard's names go under: the prefix written before "*=" (KV_ in KV_*=*), else the
 * wildcard's own prefix as a default alias (APP_ for app-*). Refused, before any request, when the
 * workflow wrote no namespace (a bare *), when it does not end in _ (db*: DBPASS, or a name such as
 * MAKEFILES for m*), and when it is one where programs read their settings (GIT_, NODE_…).
 */
function wildcardNamespace(
  text: string,
  targetText: string,
  prefix: string,
  aliasText: string | undefined,
  aliasPrefix: string | undefined,
): Parsed<string> {
  if (aliasText !== undefined && aliasPrefix === undefined)
    return fail(
      `"${text}": a wildcard takes a name prefix ending in _, not an alias: ${suggestedPrefix(aliasText)}*=${targetText}`,
    );
  if (aliasPrefix !== undefined && !NAMESPACE.test(aliasPrefix))
    return fail(
      `"${aliasText}" is not a name prefix: a letter, then letters, digits and _, ending in _ (KV_*=${targetText}), so every name it gives is one you chose`,
    );
  if (aliasPrefix === undefined && prefix === '')
    return fail(
      `"${text}" would let whoever writes the vault choose every exported name (GNUMAKEFLAGS, MAKEFILES, or any name a build tool reads); put the names under a prefix you choose: KV_*=${targetText}`,
    );
  const namespace = aliasPrefix ?? defaultAlias(prefix);
  if (!NAMESPACE.test(namespace))
    return fail(
      /^[A-Za-z]/.test(namespace)
        ? `"${text}": the names it gives would begin ${namespace} and go on with whatever the vault holds (m* would give MAKEFILES); end the prefix with a dash, or name one ending in _: ${suggestedPrefix(namespace)}*=${targetText}`
        : `"${text}": the names it gives would begin ${namespace}, and a name prefix starts with a letter; name one: ${suggestedPrefix(`MY_${namespace}`)}*=${targetText}`,
    );
  const owned = protectedNamespaceProblem(namespace, text, targetText);
  if (owned !== undefined) return fail(owned);
  return ok(namespace);
}

/**
 * One reference: [ALIAS=]name[/version] or [ALIAS=]https://VAULT.<suffix>/secrets/name[/version]; either may
 * follow pem: (parseReferences accepts that in files alone).
 */
export function parseReference(
  text: string,
  defaultVault: VaultLocation | undefined,
  cloud: CloudName,
): Parsed<{ alias: string; explicitAlias: boolean; namespace?: string; pem?: true } & Target> {
  // An alias comes before the first "="; a URL's query may hold "=" too, so a "/" or ":" before it means no alias.
  const eq = /^[^=/:]*=/.test(text) ? text.indexOf('=') : -1;
  const aliasText = eq >= 0 ? text.slice(0, eq).trim() : undefined;
  const written = eq >= 0 ? text.slice(eq + 1).trim() : text;
  const pem = written.startsWith(PEM_PREFIX);
  const targetText = pem ? written.slice(PEM_PREFIX.length).trim() : written;
  if (aliasText === '') return fail(`"${text}" has an empty alias before "="`);
  if (targetText === '') return fail(`"${text}" names no secret after "${pem ? PEM_PREFIX : '='}"`);
  const aliasPrefix = aliasText?.endsWith('*') ? aliasText.slice(0, -1) : undefined;
  if (aliasText !== undefined && aliasPrefix === undefined && !ALIAS.test(aliasText)) {
    return fail(`"${aliasText}" is not a valid alias: use letters, digits and _, not starting with a digit`);
  }

  let target: Parsed<Target>;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(targetText)) {
    target = parseSecretUrl(targetText, cloud);
  } else {
    const secret = parseNameAndVersion(targetText);
    if (!secret.ok) return secret;
    if (defaultVault === undefined) {
      return fail(`"${targetText}" names no vault: set the keyvault input, or write the secret's URL`);
    }
    target = ok({ vault: defaultVault, ...secret.value });
  }
  if (!target.ok) return target;
  if (pem && target.value.wildcard) return fail(`"${text}": ${PEM_PREFIX} reads one certificate; name it without *`);
  if (target.value.wildcard) {
    const namespace = wildcardNamespace(text, targetText, target.value.name, aliasText, aliasPrefix);
    if (!namespace.ok) return namespace;
    return ok({ alias: '', explicitAlias: aliasText !== undefined, namespace: namespace.value, ...target.value });
  }
  if (aliasPrefix !== undefined)
    return fail(
      `"${text}": ${aliasText} is a name prefix, which only a wildcard (a name ending in *) takes; for one secret write an alias: ${ALIAS.test(aliasPrefix.replace(/_+$/, '')) ? aliasPrefix.replace(/_+$/, '') : 'MY_ALIAS'}=${targetText}`,
    );

  const alias = aliasText ?? defaultAlias(target.value.name);
  if (!ALIAS.test(alias)) {
    return fail(
      `"${target.value.name}" has no usable default alias ("${alias}" is not a valid name); give one: MY_ALIAS=${targetText}`,
    );
  }
  return ok({ alias, explicitAlias: aliasText !== undefined, ...target.value, ...(pem ? { pem: true as const } : {}) });
}

/**
 * Every reference in a multi-line input. One per line; commas also separate.
 * Blank lines and lines starting with # are skipped but still counted.
 */
export function parseReferences(
  input: string,
  text: string,
  options: { defaultVault: VaultLocation | undefined; cloud: CloudName },
): { references: SecretReference[]; wildcards: WildcardReference[]; problems: InputProblem[] } {
  const references: SecretReference[] = [];
  const wildcards: WildcardReference[] = [];
  const problems: InputProblem[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  lines.forEach((rawLine, index) => {
    const line = index + 1;
    const trimmed = rawLine.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    for (const item of trimmed.split(',')) {
      const itemText = item.trim();
      if (itemText === '') continue;
      const parsed = parseReference(itemText, options.defaultVault, options.cloud);
      if (!parsed.ok) {
        problems.push({ input, line, message: parsed.message });
        continue;
      }
      const { alias, vault, name, version, wildcard, namespace, pem } = parsed.value;
      if (pem && input !== Inputs.Files) {
        problems.push({
          input,
          line,
          message: `"${itemText}": ${PEM_PREFIX} writes a certificate's PEM files; move it to the files input`,
        });
        continue;
      }
      if (wildcard) wildcards.push({ input, line, text: itemText, vault, prefix: name, namespace: namespace! });
      else
        references.push({
          input,
          line,
          text: itemText,
          alias,
          vault,
          name,
          ...(version !== undefined ? { version } : {}),
          ...(pem ? { pem } : {}),
        });
    }
  });
  return { references, wildcards, problems };
}

export type NamedExport = Pick<SecretReference, 'input' | 'alias' | 'line' | 'text'> & {
  /** The wildcard that brought the name in, if one did. */
  matchedBy?: string;
  /** The JSON key path that brought the name in (parse-json), if one did. */
  jsonPath?: string;
};

/** The names a reference exports: its alias; a pem: reference's ALIAS_KEY and ALIAS_CHAIN too. */
export function exportedNames(ref: SecretReference): NamedExport[] {
  if (!ref.pem) return [ref];
  return Object.values(PEM_OUTPUTS).map((suffix) => ({ ...ref, alias: `${ref.alias}${suffix}` }));
}

/**
 * Problems with the set of names a run would export: protected names and duplicates (compared
 * without case, since the runner's expressions read outputs without regard to case). A name in
 * `protectedNames` is refused whoever wrote it; a name in `writtenOnly` only when a wildcard or a JSON
 * key brought it in, since then a vault writer chose it, not the workflow.
 */
export function checkAliases(
  exports: readonly NamedExport[],
  protectedNames: ProtectedNames = PROTECTED_ENV,
  writtenOnly: ProtectedNames = WRITTEN_ONLY_ENV,
): InputProblem[] {
  const problems: InputProblem[] = [];
  const seen = new Map<string, NamedExport>();
  for (const ref of exports) {
    const problem = protectedNameProblem(ref, protectedNames, writtenOnly);
    if (problem !== undefined) {
      problems.push({ input: ref.input, line: ref.line, message: problem });
      continue;
    }
    const key = ref.alias.toUpperCase();
    const first = seen.get(key);
    if (first) {
      const where = first.input === ref.input ? `line ${first.line}` : `${first.input} line ${first.line}`;
      problems.push({
        input: ref.input,
        line: ref.line,
        message: `"${ref.text}"${ref.matchedBy ? `, matched by ${ref.matchedBy},` : ''} exports ${ref.alias}, already exported by "${first.text}" on ${where}; give one of them another alias`,
      });
      continue;
    }
    seen.set(key, ref);
  }
  return problems;
}

export function formatProblem(problem: InputProblem): string {
  return problem.line !== undefined
    ? `${problem.input} line ${problem.line}: ${problem.message}`
    : `${problem.input}: ${problem.message}`;
}
