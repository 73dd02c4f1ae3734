// What a run exports, decided before anything is written: one item per output, with what to mask.
import type { FetchedSecret } from '../../vault/fetch.js';
export type { FetchedSecret } from '../../vault/fetch.js';
import { Inputs } from '../../constants.js';
import { isPkcs12 } from './files.js';
import { jsonLeaves, MAX_JSON_DEPTH } from './json.js';
import { maskPieces, MIN_MASK_PIECE, MIN_MASKED_LEAF, masksLeaf, masksString } from '../../policy/masking.js';
import { isPortableFileName } from './windows.js';
import {
  checkAliases,
  type InputProblem,
  NAMESPACE,
  type NamedExport,
  PEM_OUTPUTS,
  type PemPart,
} from '../../inputs/references.js';
import { type CertificateDates, PEM_FILES, splitPem } from './pem.js';
import { say } from '../../messages/catalogue.js';

export interface ExportItem {
  /** The output (and env var) name. */
  name: string;
  /** What the output receives: the value, a JSON leaf, or a file's path. */
  value: string;
  /** Registered with the masker before anything is written. */
  masks: string[];
  source: FetchedSecret;
  via: 'value' | 'json' | 'file';
  /** For via 'file': the file's name in the step's directory. */
  fileName?: string;
  /** For via 'json': the leaf's key path, and why it is not masked, if it isn't. */
  jsonPath?: string;
  unmaskedBecause?: string;
  /** For a pem: reference's files: which part, the file's text, and its certificate's dates. */
  pem?: { part: PemPart; content: string; leaf: CertificateDates; chainLength: number };
}

/**
 * Expands JSON secrets (parse-json) into leaves and turns files references into files, then checks
 * every resulting name: protected names and collisions are problems, reported before any write.
 * `others`: names the run exports besides secrets (tokens, storage-keys, acr-login), which a wildcard's
 * match or a JSON key must not collide with either. They come first (they passed these checks with the inputs),
 * so a collision is reported on the secret's line.
 */
export function planExports(
  secrets: readonly FetchedSecret[],
  parseJson: boolean,
  others: readonly NamedExport[] = [],
): { items: ExportItem[]; problems: InputProblem[] } {
  const items: ExportItem[] = [];
  const problems: InputProblem[] = [];
  const fileNames = new Set<string>();
  for (const source of secrets) {
    const { ref, bundle } = source;
    if (ref.input === Inputs.Files && ref.pem) {
      const planned = planPem(source, fileNames);
      if ('problem' in planned) problems.push(planned.problem);
      else items.push(...planned.items);
      continue;
    }
    if (ref.input === Inputs.Files) {
      if (isPkcs12(bundle) && !BASE64.test(bundle.value.replace(/\s+/g, ''))) {
        problems.push({
          input: ref.input,
          line: ref.line,
          message:
            `${ref.alias}: ${ref.vault.name}/${ref.name} has the content type application/x-pkcs12, but its value is not base64, so it is not a certificate's PFX. ` +
            `Fix the content type (az keyvault secret set-attributes --vault-name ${ref.vault.name} -n ${ref.name} --content-type text/plain) or the value.`,
        });
        continue;
      }
      const fileName = uniqueFileName(ref, fileNames);
      items.push({ name: ref.alias, value: '', masks: maskPieces(bundle.value), source, via: 'file', fileName });
      continue;
    }
    const expansion = parseJson ? jsonLeaves(ref.alias, bundle.value) : undefined;
    if (expansion && 'tooDeep' in expansion) {
      problems.push({
        input: ref.input,
        line: ref.line,
        message:
          `${ref.alias}: the JSON in ${ref.vault.name}/${ref.name} nests deeper than ${MAX_JSON_DEPTH} levels, which parse-json does not expand. ` +
          `Flatten the secret, or read it whole with parse-json: false.`,
      });
      continue;
    }
    if (!expansion) {
      items.push({ name: ref.alias, value: bundle.value, masks: maskPieces(bundle.value), source, via: 'value' });
      continue;
    }
    // The leaves' names are the vault writer's keys after ALIAS_: a name prefix the workflow wrote, a letter first.
    if (expansion.leaves.length > 0 && !NAMESPACE.test(`${ref.alias}_`)) {
      problems.push({
        input: ref.input,
        line: ref.line,
        message:
          `${ref.alias}: the JSON in ${ref.vault.name}/${ref.name} would be exported as ${ref.alias}_<each key>, and a name prefix for keys the vault chooses starts with a letter. ` +
          `Give it an alias that does (${/^_+[A-Za-z]/.test(ref.alias) ? ref.alias.replace(/^_+/, '') : 'CFG'}=${ref.name}), or read it whole with parse-json: false.`,
      });
      continue;
    }
    // Never exported whole, but a later step could still print it: its lines are masked too.
    const whole = maskPieces(bundle.value);
    for (const leaf of expansion.leaves) {
      const masked = masksLeaf(leaf);
      const inArray = (leaf.strings ?? [])
        .filter((s) => masksString(s.value, s.path))
        .flatMap((s) => maskPieces(s.value));
      items.push({
        name: leaf.name,
        value: leaf.value,
        masks: [...new Set([...(masked ? maskPieces(leaf.value) : []), ...inArray, ...whole])],
        source,
        via: 'json',
        jsonPath: leaf.path,
        ...(masked
          ? {}
          : {
              unmaskedBecause:
                leaf.kind === 'boolean' || leaf.kind === 'null'
                  ? `it is ${leaf.value}`
                  : leaf.value.trim().length < MIN_MASK_PIECE
                    ? 'it is one character, which a mask would hide in every line of the log'
                    : `it is shorter than ${MIN_MASKED_LEAF} characters`,
            }),
      });
    }
  }
  const named = items.map((i) => ({
    input: i.source.ref.input,
    line: i.source.ref.line,
    alias: i.name,
    text: i.via === 'json' ? `${i.source.ref.text} → ${i.jsonPath}` : i.source.ref.text,
    ...(i.source.ref.matchedBy ? { matchedBy: i.source.ref.matchedBy } : {}),
    ...(i.via === 'json' ? { jsonPath: i.jsonPath ?? '' } : {}),
  }));
  return { items, problems: [...problems, ...checkAliases([...others, ...named])] };
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * A pem: reference's three files (export/pem.ts), or the problem that refuses it. Every line of the secret and of
 * each file is a mask: the key's above all, and the certificates' too, as every value's lines are.
 */
function planPem(source: FetchedSecret, fileNames: Set<string>): { items: ExportItem[] } | { problem: InputProblem } {
  const { ref, bundle } = source;
  const split = splitPem(bundle.value);
  if (!split.ok) {
    const pem = { alias: ref.alias, vault: ref.vault.name, name: ref.name };
    const said = !isPkcs12(bundle)
      ? say('export.pem-not-a-certificate', { ...pem, reason: split.reason })
      : bundle.managed
        ? say('export.pem-returned-as-pfx', pem)
        : say('export.pem-pfx-not-a-certificate', pem);
    return { problem: { input: ref.input, line: ref.line, message: said.text } };
  }
  const { files } = split;
  const base = uniqueFileName(ref, fileNames, Object.values(PEM_FILES));
  const masks = [...new Set([bundle.value, files.key, files.cert, files.chain].flatMap(maskPieces))];
  const parts: PemPart[] = ['cert', 'key', 'chain'];
  return {
    items: parts.map((part) => ({
      name: `${ref.alias}${PEM_OUTPUTS[part]}`,
      value: '',
      masks,
      source,
      via: 'file' as const,
      fileName: `${base}${PEM_FILES[part]}`,
      pem: { part, content: files[part], leaf: files.leaf, chainLength: files.chainLength },
    })),
  };
}

/** Each pem: reference's certificate dates, by the secret it came from (the expiry check reads them). */
export function certificateDates(items: readonly ExportItem[]): Map<FetchedSecret, CertificateDates> {
  return new Map(items.flatMap((i) => (i.pem ? [[i.source, i.pem.leaf] as const] : [])));
}

/**
 * A file name no other file of this step has (compared without case): the secret's name, else its
 * alias, else alias_2, alias_3… A name Windows keeps for a device (nul, con, com1…) is skipped on
 * every OS, so a workflow gets the same paths wherever it runs. With `suffixes`, a base for several
 * files (NAME.key.pem…), each of whose names is free.
 */
function uniqueFileName(ref: FetchedSecret['ref'], taken: Set<string>, suffixes: readonly string[] = ['']): string {
  const free = (base: string) => suffixes.every((suffix) => !taken.has(`${base}${suffix}`.toLowerCase()));
  let name = [ref.name, ref.alias].find((candidate) => isPortableFileName(candidate) && free(candidate));
  for (let n = 2; name === undefined; n++) if (free(`${ref.alias}_${n}`)) name = `${ref.alias}_${n}`;
  for (const suffix of suffixes) taken.add(`${name}${suffix}`.toLowerCase());
  return name;
}
