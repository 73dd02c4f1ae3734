// IMDS on a VM that has just booted: it may refuse connections for a few seconds
// (Azure/azure-sdk-for-net#20609, Azure/azure-sdk-for-js#4855). Where the runner is known to be an
// Azure VM, an unreachable IMDS is waited for until the deadline; elsewhere it fails at once, since
// "unreachable" there usually means "not an Azure VM".
import type { AuthMode } from '../inputs/config.js';
import type { IdentitySource } from '../ports.js';
import { WAIT_REASONS } from '../messages/identity.js';

/** The first waits after an unreachable IMDS: about 0.5, 1, 2, 4, 4… s (jittered), so a booting VM is asked soon and not hammered. */
export const IMDS_BOOT_FIRST_MS = 500;
export const IMDS_BOOT_CAP_MS = 4000;

export interface ImdsBoot {
  /** The auth input: `imds` names an Azure VM. */
  auth?: AuthMode;
  /** Whether the machine says it is an Azure VM without a network call (azureHost.ts); asked only once IMDS is unreachable. */
  azureHost?: () => Promise<boolean>;
  /** Told (once per run) why the action waits for IMDS. */
  notice?: (message: string) => void;
}

/** Why an unreachable endpoint is worth waiting for; undefined: fail fast (the runner may not be an Azure VM at all). */
export async function unreachableWaitReason(source: IdentitySource, boot: ImdsBoot): Promise<string | undefined> {
  if (source.kind !== 'imds') return undefined;
  if (boot.auth === 'imds') return WAIT_REASONS.named;
  if (boot.auth === 'auto' && boot.azureHost && (await boot.azureHost().catch(() => false)))
    return WAIT_REASONS.chassis;
  return undefined;
}

/** The run's ImdsBoot: the machine asked at most once, the notice given at most once, for the Key Vault token and every resource token. */
export function imdsBoot(
  auth: AuthMode,
  azureHost: (() => Promise<boolean>) | undefined,
  notice: (message: string) => void,
): ImdsBoot {
  let asked: Promise<boolean> | undefined;
  let told = false;
  return {
    auth,
    ...(azureHost ? { azureHost: () => (asked ??= azureHost()) } : {}),
    notice: (message) => {
      if (told) return;
      told = true;
      notice(message);
    },
  };
}
