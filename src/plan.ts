// What a run exports, decided before anything is written: one item per output, with what to mask.
import type { SecretBundle } from './access.js';
import { Inputs } from './constants.js';
import { jsonLeaves, MIN_MASKED_LEAF, masksLeaf } from './json.js';
import { maskPieces } from './mask.js';
import { checkAliases, type InputProblem, type SecretReference } from './references.js';

export interface FetchedSecret {
  ref: SecretReference & { matchedBy?: string };
  bundle: SecretBundle;
}

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
}

/**
 * Expands JSON secrets (parse-json) into leaves and turns files references into files, then checks
 * every resulting name: protected names and collisions are problems, reported before any write.
 */
export function planExports(secrets: readonly FetchedSecret[], parseJson: boolean): { items: ExportItem[]; problems: InputProblem[] } {
  const items: ExportItem[] = [];
  const fileNames = new Set<string>();
  for (const source of secrets) {
    const { ref, bundle } = source;
    if (ref.input === Inputs.Files) {
      // Named after the secret; a second file of the same name is named after its alias.
      const fileName = fileNames.has(ref.name.toLowerCase()) ? ref.alias : ref.name;
      fileNames.add(fileName.toLowerCase());
      items.push({ name: ref.alias, value: '', masks: maskPieces(bundle.value), source, via: 'file', fileName });
      continue;
    }
    const leaves = parseJson ? jsonLeaves(ref.alias, bundle.value) : undefined;
    if (!leaves) {
      items.push({ name: ref.alias, value: bundle.value, masks: maskPieces(bundle.value), source, via: 'value' });
      continue;
    }
    for (const leaf of leaves) {
      const masked = masksLeaf(leaf);
      items.push({
        name: leaf.name,
        value: leaf.value,
        masks: masked ? maskPieces(leaf.value) : [],
        source,
        via: 'json',
        jsonPath: leaf.path,
        ...(masked ? {} : { unmaskedBecause: leaf.kind === 'boolean' || leaf.kind === 'null' ? `it is ${leaf.value}` : `it is shorter than ${MIN_MASKED_LEAF} characters` }),
      });
    }
  }
  const named = items.map((i) => ({
    input: i.source.ref.input,
    line: i.source.ref.line,
    alias: i.name,
    text: i.via === 'json' ? `${i.source.ref.text} → ${i.jsonPath}` : i.source.ref.text,
    ...(i.source.ref.matchedBy ? { matchedBy: i.source.ref.matchedBy } : {}),
  }));
  return { items, problems: checkAliases(named) };
}
