// The vault stage: each vault's requests started before the token is asked for, then, once the token is on its way,
// the wildcards' listings expanded and their names checked (with the named references'), the matches fetched, and
// every secret required (vault/require.ts).
import type { RunContext } from '../context.js';
import { refuseProblems } from '../inputs/problems.js';
import { checkAliases, exportedNames } from '../inputs/references.js';
import type { AzureAccess } from '../ports.js';
import { createFetcher, type FetchedSecret, type Fetcher, type FetchOutcome } from './fetch.js';
import { say } from '../messages/catalogue.js';
import { requireAll } from './require.js';
import { expandWildcards } from './wildcards.js';

/** The vault stage under way: the named secrets' fetches and the wildcards' listings, already sent. */
export interface Reading {
  fetcher: Fetcher;
  named: Promise<FetchOutcome[]>;
  listings: ReturnType<Fetcher['listVaults']>;
}

/**
 * Sends every named secret's request and every wildcard's listing at once, before the token exists. Each vault's
 * first request fetches Key Vault's challenge first; while it is answered, the identity SDK loads and IMDS issues
 * the token (src/azure/loadOrder.ts waits for that request to be written before loading MSAL).
 */
export function startReading(ctx: Pick<RunContext, 'config' | 'deps' | 'deadline'>, access: AzureAccess): Reading {
  const { config, deadline } = ctx;
  const { log, clock } = ctx.deps;
  const onThrottled = (what: string, waitMs: number) => log.debug(`${what}: throttled (429); waiting ${waitMs} ms`);
  const fetcher = createFetcher(access, { concurrency: config.concurrency, signal: deadline, clock, onThrottled });
  return { fetcher, named: fetcher.fetchAll(config.references), listings: fetcher.listVaults(config.wildcards) };
}

/** Every secret the run names, or one error naming each that failed; each value is held as it arrives. */
export async function readSecrets(
  ctx: Pick<RunContext, 'config' | 'exporter' | 'hold' | 'warn'>,
  reading: Reading,
  principalId: string | undefined,
): Promise<FetchedSecret[]> {
  const { config, hold, warn } = ctx;
  void ctx.exporter.load(); // @actions/core loads while Key Vault answers: the export needs it next
  const expansion = expandWildcards(config.wildcards, await reading.listings);
  if (expansion.invalidNames.length > 0)
    warn(say('vault.invalid-listed-names', { names: expansion.invalidNames }).text);
  // The named references passed these checks with the inputs; now the wildcards' matches join them.
  refuseProblems(checkAliases([...config.references.flatMap(exportedNames), ...expansion.references]));
  const outcomes = [...(await reading.named), ...(await reading.fetcher.fetchAll(expansion.references))];
  for (const { bundle } of outcomes) if (bundle) hold(bundle.value);
  return requireAll(outcomes, expansion, config, principalId, warn);
}
