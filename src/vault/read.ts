// The vault stage once the token is on its way: the wildcards' listings expanded and their names checked
// (with the named references'), the matches fetched, and every secret required (vault/require.ts).
import type { Config } from '../inputs/config.js';
import { refuseProblems } from '../inputs/problems.js';
import { checkAliases } from '../inputs/references.js';
import type { FetchedSecret } from './access.js';
import type { Fetcher, FetchOutcome } from './fetch.js';
import { say } from '../messages/catalogue.js';
import { requireAll } from './require.js';
import { expandWildcards } from './wildcards.js';

export async function readSecrets(
  fetcher: Fetcher,
  started: { named: Promise<FetchOutcome[]>; listings: ReturnType<Fetcher['listVaults']> },
  config: Pick<Config, 'references' | 'wildcards' | 'cloud' | 'timeoutSeconds' | 'ignoreMissing'>,
  principalId: string | undefined,
  hold: (value: string) => void,
  warn: (message: string) => void,
): Promise<FetchedSecret[]> {
  const expansion = expandWildcards(config.wildcards, await started.listings);
  if (expansion.invalidNames.length > 0)
    warn(say('vault.invalid-listed-names', { names: expansion.invalidNames }).text);
  // The named references passed these checks with the inputs; now the wildcards' matches join them.
  refuseProblems(checkAliases([...config.references, ...expansion.references]));
  const outcomes = [...(await started.named), ...(await fetcher.fetchAll(expansion.references))];
  for (const { bundle } of outcomes) if (bundle) hold(bundle.value);
  return requireAll(outcomes, expansion, config, principalId, warn);
}
