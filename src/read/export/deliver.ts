// The export stage's sequence once everything is read: every check on what would be exported (expiry, names, the
// credentials, the env's size), then mask every value (and every credential held but not exported as itself), wait
// until the runner has the masks, export all at once (secrets, credentials, the Docker config), log each export by
// name, and write the job summary. What it wrote goes on to run's command, if there is one.
import type { RunContext } from '../../context.js';
import { refuseProblems } from '../../inputs/problems.js';
import { resourceExportNames } from '../../inputs/resources.js';
import type { AccessToken, Exporter } from '../../ports.js';
import type { fetchNamedResources, ResourceCredential } from '../../resources/fetch.js';
import { requireResources } from '../../resources/require.js';
import { ActionError } from '../../util/errors.js';
import { errorCode } from '../../util/sdkErrors.js';
import type { FetchedSecret } from '../../vault/fetch.js';
import { refuseOversizedEnv } from './envLimits.js';
import { checkExpiry } from './expiry.js';
import { certificateDates, type ExportItem, planExports } from './plan.js';
import { describeExport, maskAll } from './publish.js';
import { ExportRemediation } from './remediation.js';
import { describeResourceExport, exportEverything, planResourceExports, resourcesSummary } from './resources.js';
import { successSummary } from './summary.js';
import { planEnvFile } from './envFile.js';
import type { Written } from './publish.js';

/** What the run read, for the export stage. */
export interface Results {
  secrets: FetchedSecret[];
  /** The resources stage under way (fetchNamedResources). */
  resources: ReturnType<typeof fetchNamedResources>;
  /** The run's Key Vault token, if it asked for one. */
  token: AccessToken | undefined;
  /** How many requests Key Vault answered 429 (all retried, since the run got this far). */
  throttled: number;
}

/**
 * The export stage: refuses what cannot be exported (nothing written yet), then delivers everything at once.
 * `script`: run's script, written beside the files (src/read/command/).
 */
export async function exportAll(
  ctx: RunContext,
  { secrets, resources, token, throttled }: Results,
  script?: { name: string; text: string },
): Promise<Delivered> {
  const { config } = ctx;
  const { clock, env, platform } = ctx.deps;
  const { items, problems } = planExports(secrets, config.parseJson, resourceExportNames(config.resources));
  refuseProblems(problems);
  // After planning: a certificate's dates are known once its PEM is read.
  checkExpiry(secrets, config, clock, ctx.warn, certificateDates(items));
  const credentials = requireResources(await resources.outcome);
  const extra = planResourceExports(credentials);
  const values = [...items, ...extra.masked, ...extra.plain];
  // run's command starts with the values in its environment, as a later step would with export-env.
  refuseOversizedEnv(values, config.exportEnv || config.command !== undefined, env, platform);
  const envFile = config.envFile ? { name: config.envFile, ...planEnvFile(values) } : undefined;
  refuseProblems(envFile?.problems ?? []);
  const out = await ctx.exporter.load();
  return deliver(ctx, out, {
    items,
    credentials,
    extra,
    token: token?.token,
    held: resources.held,
    throttled,
    ...(envFile ? { envFile } : {}),
    ...(script ? { script } : {}),
  });
}

export interface Delivery {
  /** The secrets' exports (planExports). */
  items: ExportItem[];
  /** What tokens, storage-keys and acr-login fetched, and their exports (planResourceExports). */
  credentials: readonly ResourceCredential[];
  extra: ReturnType<typeof planResourceExports>;
  /** The run's Key Vault token, masked first. */
  token: string | undefined;
  /** The tokens, keys and refresh tokens the resources stage holds (some only inside the Docker config). */
  held: readonly string[];
  /** How many requests Key Vault answered 429 (all retried, since the run got this far): a count for the summary. */
  throttled: number;
  /** env-file: the name that receives its path, its text and how many values it holds (envFile.ts). */
  envFile?: { name: string; text: string; count: number };
  /** run's script, written beside the files (src/read/command/). */
  script?: { name: string; text: string };
}

/** What the export wrote, for run's command: every export as it is now (a file's value is its path), and the files. */
export type Delivered = Written;

export async function deliver(
  ctx: Pick<RunContext, 'config' | 'deps' | 'deadline' | 'warnings'>,
  out: Exporter,
  d: Delivery,
): Promise<Delivered> {
  const { config, deadline, warnings } = ctx;
  const { log } = ctx.deps;
  const home = ctx.deps.env.HOME;
  const { items, credentials, extra } = d;
  if (d.token) out.setSecret(d.token);
  maskAll(out, log, [...items, ...extra.masked]);
  const maskedAlready = new Set(extra.masked.flatMap((i) => i.masks));
  for (const value of new Set(d.held)) if (value !== d.token && !maskedAlready.has(value)) out.setSecret(value);
  // The runner registers a mask when it reads its line: every mask is in its pipe before any value is in a file.
  if (!(await out.masksDelivered(deadline)))
    throw new ActionError(ExportRemediation.masksNotDelivered(config.timeoutSeconds));
  const run = config.command !== undefined;
  const { dockerDir, written } = exportEverything(
    out,
    [...items, ...extra.masked, ...extra.plain],
    credentials,
    {
      env: config.exportEnv,
      outputs: !run || config.exportEnv,
      filesGroup: config.filesGroup,
      ...(d.envFile ? { envFile: d.envFile } : {}),
      ...(d.script ? { script: d.script } : {}),
    },
    home,
  );
  const n = credentials.length;
  await log.group(
    `${run && !config.exportEnv ? 'Fetched' : 'Exported'} ${items.length} secret${items.length === 1 ? '' : 's'}${n > 0 ? ` and ${n} credential${n === 1 ? '' : 's'}` : ''}${run && !config.exportEnv ? ' for the command' : ''}`,
    () => {
      for (const item of items) log.info(describeExport(item));
      for (const c of credentials) log.info(describeResourceExport(c, dockerDir));
      if (d.envFile && written.envFilePath)
        log.info(
          `${d.envFile.name} ← ${written.envFilePath}, an env-file of ${d.envFile.count} value${d.envFile.count === 1 ? '' : 's'}`,
        );
      return Promise.resolve();
    },
  );
  // The values are out: a summary that cannot be written is worth a warning, not a failed step.
  try {
    const secrets =
      items.length > 0 || n === 0 || warnings.length > 0 || d.throttled > 0
        ? successSummary(items, config.exportEnv, warnings, d.throttled, run)
        : '';
    await out.writeSummary(
      secrets + (n > 0 ? `${secrets ? '\n' : ''}${resourcesSummary(credentials, config.exportEnv, run)}` : ''),
    );
  } catch (error) {
    log.warning(ExportRemediation.summaryNotWritten(errorCode((error as { code?: unknown } | undefined)?.code)));
  }
  return written;
}
