// Masks every value, then exports: outputs always, env vars if asked. All or nothing.
import type { SecretBundle } from './access.js';
import { ActionError, errorMessage } from './errors.js';
import { maskValue } from './mask.js';
import type { SecretReference } from './references.js';
import { EMPTY_VALUE_WARNING } from './remediation.js';
import type { Exporter, Log } from './runner.js';

export interface FetchedSecret {
  ref: SecretReference;
  bundle: SecretBundle;
}

/** Registers every value (and line) with the masker before anything is written. */
export function maskAll(exporter: Exporter, log: Log, secrets: readonly FetchedSecret[]): void {
  for (const { ref, bundle } of secrets) {
    if (!maskValue(bundle.value, (piece) => exporter.setSecret(piece))) log.warning(EMPTY_VALUE_WARNING(ref.alias));
  }
}

/** Writes outputs (and env vars); if any write fails, none of them stays. */
export function exportAll(exporter: Exporter, secrets: readonly FetchedSecret[], exportEnv: boolean): void {
  exporter.atomically(() => {
    for (const { ref, bundle } of secrets) {
      try {
        exporter.setOutput(ref.alias, bundle.value);
        if (exportEnv) exporter.exportVariable(ref.alias, bundle.value);
      } catch (error) {
        if (error instanceof ActionError) throw error;
        // @actions/core's message names its delimiter, never the value; still, say only the alias.
        throw new ActionError(
          `Could not export ${ref.alias} (secrets line ${ref.line}): the runner's file commands refused its value, which contains their delimiter. Nothing was exported.`,
          errorMessage(error),
        );
      }
    }
  });
}

export const shortVersion = (version: string) => (version.length > 8 ? `${version.slice(0, 8)}…` : version);

/** One log line per secret: alias, where it came from, which version. Never a value. */
export function describeExport({ ref, bundle }: FetchedSecret): string {
  return `${ref.alias} ← ${ref.vault.name}/${ref.name} (version ${shortVersion(bundle.version)})`;
}
