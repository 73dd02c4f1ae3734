// The export stage's sequence once everything is read: every check on what would be exported (expiry, names, the
// credentials, the env's size), then mask every value (and every credential held but not exported as itself), wait
// until the runner has the masks, export all at once (secrets, credentials, the Docker config), log each export by
// name, and write the job summary.
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
import { say } from '../../messages/catalogue.js';
import { describeResourceExport, exportEverything, planResourceExports, resourcesSummary } from './resources.js';
import { successSummary } from './summary.js';

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

/** The export stage: refuses what cannot be exported (nothing written yet), then delivers everything at once. */
export async function exportAll(ctx: RunContext, { secrets, resources, token, throttled }: Results): Promise<void> {
  const { config } = ctx;
  const { clock, env, platform } = ctx.deps;
  const { items, problems } = planExports(secrets, config.parseJson, resourceExportNames(config.resources));
  refuseProblems(problems);
  // After planning: a certificate's dates are known once its PEM is read.
  checkExpiry(secrets, config, clock, ctx.warn, certificateDates(items));
  const credentials = requireResources(await resources.outcome);
  const extra = planResourceExports(credentials);
  refuseOversizedEnv([...items, ...extra.masked, ...extra.plain], config.exportEnv, env, platform);
  const out = await ctx.exporter.load();
  await deliver(ctx, out, { items, credentials, extra, token: token?.token, held: resources.held, throttled });
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
}

export async function deliver(
  ctx: Pick<RunContext, 'config' | 'deps' | 'deadline' | 'warnings'>,
  out: Exporter,
  d: Delivery,
): Promise<void> {
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
    throw new ActionError(say('export.masks-not-delivered', { seconds: config.timeoutSeconds }));
  const dockerDir = exportEverything(
    out,
    [...items, ...extra.masked, ...extra.plain],
    credentials,
    config.exportEnv,
    home,
  );
  const n = credentials.length;
  await log.group(
    `Exported ${items.length} secret${items.length === 1 ? '' : 's'}${n > 0 ? ` and ${n} credential${n === 1 ? '' : 's'}` : ''}`,
    () => {
      for (const item of items) log.info(describeExport(item));
      for (const c of credentials) log.info(describeResourceExport(c, dockerDir));
      return Promise.resolve();
    },
  );
  // The values are out: a summary that cannot be written is worth a warning, not a failed step.
  try {
    const secrets =
      items.length > 0 || n === 0 || warnings.length > 0 || d.throttled > 0
        ? successSummary(items, config.exportEnv, warnings, d.throttled)
        : '';
    await out.writeSummary(
      secrets + (n > 0 ? `${secrets ? '\n' : ''}${resourcesSummary(credentials, config.exportEnv)}` : ''),
    );
  } catch (error) {
    log.warning(
      say('export.summary-not-written', { code: errorCode((error as { code?: unknown } | undefined)?.code) }).text,
    );
  }
}
