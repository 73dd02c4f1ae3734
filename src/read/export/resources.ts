// Exports what tokens, storage-keys and acr-login fetched through the same machinery as
// secrets: masked first (maskAll), then written all at once (exportAll), taken back together on failure or cancellation.
import { States } from '../../constants.js';
import { ActionError, errorMessage } from '../../util/errors.js';
import { removeWritten, type WrittenFiles } from './files.js';
import { maskPieces } from '../../policy/masking.js';
import type { ExportItem, FetchedSecret } from './plan.js';
import { exportAll, type ExportTargets, type Written } from './publish.js';
import type { ResourceCredential } from '../../resources/fetch.js';
import { DOCKER_CONFIG_ENV, EXPIRES_ON_SUFFIX } from '../../inputs/resources.js';
import type { Exporter } from '../../ports.js';
import { createDockerConfigDir, writeDockerConfig } from './dockerConfig.js';
import { cell, code, destinations } from './summary.js';

/** A credential in the shape exportAll and its error messages read (input, line, alias). */
function sourceOf(c: ResourceCredential, alias: string): FetchedSecret {
  const { input, line, text } = c.ref;
  return {
    ref: { input, line, text, alias, vault: { name: c.target, url: '' }, name: c.target },
    bundle: { value: c.value, version: '', enabled: true },
  };
}

const aliasOf = (c: ResourceCredential) => ('alias' in c.ref ? c.ref.alias : undefined);

/** masked: the secret outputs (registered with the masker); plain: expiry times, not secrets. */
export function planResourceExports(credentials: readonly ResourceCredential[]): {
  masked: ExportItem[];
  plain: ExportItem[];
} {
  const masked: ExportItem[] = [];
  const plain: ExportItem[] = [];
  for (const c of credentials) {
    const alias = aliasOf(c);
    if (alias)
      masked.push({
        name: alias,
        value: c.value,
        masks: [...new Set([...maskPieces(c.value), ...(c.alsoMask ?? []).flatMap(maskPieces)])],
        source: sourceOf(c, alias),
        via: 'value',
      });
    if (c.kind === 'token' && alias && c.expiresOn) {
      plain.push({
        name: `${alias}${EXPIRES_ON_SUFFIX}`,
        value: c.expiresOn.toISOString(),
        masks: [],
        source: sourceOf(c, alias),
        via: 'value',
      });
    }
  }
  return { masked, plain };
}

/**
 * The whole export, as one (exporter.atomically): the Docker config (when acr-login logged in anywhere), then
 * the secret files, every output and env var. If anything fails, or the step later fails or is cancelled,
 * all of it is taken back, the config directory too: nothing is exported. Returns the config's directory.
 */
export function exportEverything(
  exporter: Exporter,
  items: ExportItem[],
  credentials: readonly ResourceCredential[],
  targets: ExportTargets,
  home: string | undefined,
): { dockerDir: string | undefined; written: Written } {
  const logins = credentials
    .filter((c) => c.kind === 'acr')
    .map((c) => ({ registry: c.target, refreshToken: c.value }));
  return exporter.atomically(() => {
    const all = [...items];
    let docker: WrittenFiles | undefined;
    if (logins.length > 0) {
      const first = credentials.find((c) => c.kind === 'acr')!;
      try {
        const written = createDockerConfigDir(exporter.tempDir());
        docker = written;
        exporter.onRollback(() => removeWritten(written).dirRemoved);
        // Saved first, so the post step removes it even if this step is killed halfway.
        exporter.saveState(States.DockerConfig, JSON.stringify(written));
        writeDockerConfig(written, logins, home);
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        throw new ActionError(
          `Could not write the Docker config for acr-login under RUNNER_TEMP: ${typeof code === 'string' ? code : 'write failed'}. Nothing was exported.`,
          errorMessage(error),
        );
      }
      // The action's own variable, not an alias: it bypasses the protected-name check on purpose.
      all.push({
        name: DOCKER_CONFIG_ENV,
        value: docker.dir,
        masks: [],
        source: sourceOf(first, DOCKER_CONFIG_ENV),
        via: 'value',
      });
    }
    const written = exportAll(exporter, all, targets);
    return { dockerDir: docker?.dir, written };
  });
}

/** One log line per credential: name, what it is for. Never a value. */
export function describeResourceExport(c: ResourceCredential, dockerDir: string | undefined): string {
  const alias = aliasOf(c);
  switch (c.kind) {
    case 'token':
      return `${alias} ← token for ${c.target}, expires ${c.expiresOn?.toISOString() ?? 'unknown'} (${alias}${EXPIRES_ON_SUFFIX}); not refreshed`;
    case 'storage-key':
      return `${alias} ← storage account ${c.target}`;
    case 'acr':
      return `${DOCKER_CONFIG_ENV} ← ${dockerDir ?? ''} logs in to ${c.target}${alias ? `; ${alias} ← its refresh token` : ''}`;
  }
}

export function resourcesSummary(credentials: readonly ResourceCredential[], exportEnv: boolean, run = false): string {
  const where = destinations(exportEnv, run);
  const rows = credentials.map((c) => {
    const alias = aliasOf(c) ?? DOCKER_CONFIG_ENV;
    const what = c.kind === 'token' ? 'access token' : c.kind === 'storage-key' ? 'storage key' : 'registry login';
    const expires = c.kind === 'token' && c.expiresOn ? c.expiresOn.toISOString().slice(0, 16).replace('T', ' ') : '–';
    return `| ${code(alias)} | ${c.ref.input} ${c.ref.line} | ${what} | ${cell(c.target)} | ${expires} | ${c.kind === 'acr' ? `Docker config (${where})` : where} |`;
  });
  return [
    `### 🔑 Credentials from the same identity: ${credentials.length} exported`,
    '',
    '| Alias | Line | Kind | For | Expires (UTC) | Exported as |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
