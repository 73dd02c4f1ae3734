// The real ports (ports.ts): the runner, the Azure SDK, GitHub, the clock and the machine. Each is loaded lazily, so
// bad input costs no SDK load. Every default of a run is set here, once.
import { readEvent } from './guard/forkGuard.js';
import { isAzureVm } from './identity/azureHost.js';
import type { Dependencies } from './ports.js';
import { systemClock } from './util/clock.js';
import { readCapped } from './util/smallFile.js';

export async function defaultDependencies(): Promise<Dependencies> {
  const { createCommandLog } = await import('./runner/commands.js');
  return {
    log: createCommandLog(),
    exporter: async () => (await import('./runner/coreExporter.js')).createCoreExporter(),
    // Loaded only when there is something to fetch: bad input fails without loading the SDK.
    azure: async (options) => (await import('./azure/index.js')).createAzureAccess(options),
    // Loaded only when tokens, storage-keys or acr-login name something.
    resources: async (options) => (await import('./azure/resources.js')).createResourceAccess(options),
    // eslint-disable-next-line @typescript-eslint/require-await -- async so that an unreadable event file is a rejection, as Dependencies promises
    event: async () => readEvent(),
    pullRequest: async (repository, number, token, signal) =>
      (await import('./guard/github.js')).pullRequestRepos(repository, number, token, signal),
    clock: systemClock,
    env: process.env,
    platform: process.platform,
    azureHost: () => isAzureVm(readCapped, process.platform, systemClock),
  };
}
