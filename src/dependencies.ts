// What the story runs on: the runner, the Azure SDK, GitHub, the clock and the machine, as injectable
// dependencies, and the real ones. Each is loaded lazily, so bad input costs no SDK load.
import type { Platform } from './export/envLimits.js';
import { readEvent } from './guard/forkGuard.js';
import type { GuardDependencies } from './guard/guard.js';
import { isAzureVm } from './identity/azureHost.js';
import type { ResourceAccessFactory } from './resources/access.js';
import type { Exporter, Log } from './runner/log.js';
import { type Clock, systemClock } from './util/clock.js';
import { readCapped } from './util/smallFile.js';
import type { AzureAccessFactory } from './vault/access.js';

export interface Dependencies extends GuardDependencies {
  log: Log;
  /** Loads the exporter; started early so its load overlaps network round trips. */
  exporter: () => Promise<Exporter>;
  azure: AzureAccessFactory;
  clock: Clock;
  /** The environment that says which host this runner is on (identity sources), and that later steps inherit. */
  env: Record<string, string | undefined>;
  /** Whose exec limits an env export must fit (process.platform when not given). */
  platform?: Platform;
  /** ARM and ACR for tokens/storage-keys/acr-login; loaded only when those inputs name something. */
  resources?: ResourceAccessFactory;
  /**
   * Whether the machine says it is an Azure VM, without a network call (the DMI chassis asset tag on Linux):
   * with auth: auto, an unreachable IMDS is then waited for (a VM that has just booted). Asked only once IMDS is
   * unreachable; absent: no sign. Never an environment variable, which a workflow could set.
   */
  azureHost?: () => Promise<boolean>;
}

export const defaultResources: ResourceAccessFactory = async (options) =>
  (await import('./azure/resources.js')).createResourceAccess(options);

export async function defaultDependencies(): Promise<Dependencies> {
  const { createCommandLog } = await import('./runner/commands.js');
  return {
    log: createCommandLog(),
    exporter: async () => (await import('./runner/coreExporter.js')).createCoreExporter(),
    // Loaded only when there is something to fetch: bad input fails without loading the SDK.
    azure: async (options) => (await import('./azure/index.js')).createAzureAccess(options),
    // eslint-disable-next-line @typescript-eslint/require-await -- async so that an unreadable event file is a rejection, as Dependencies promises
    event: async () => readEvent(),
    pullRequest: async (repository, number, token, signal) =>
      (await import('./guard/github.js')).pullRequestRepos(repository, number, token, signal),
    clock: systemClock,
    env: process.env,
    azureHost: () => isAzureVm(readCapped, process.platform, systemClock),
  };
}
