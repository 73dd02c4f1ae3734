// Whether this machine says it is an Azure VM, without a network call. On Linux, Azure
// sets the same DMI chassis asset tag on every VM; cloud-init's DataSourceAzure.py and the Ubuntu Pro
// client compare the whole value against this constant. It only decides whether an unreachable IMDS is
// worth waiting for (a VM that has just booted), never which identity is used. Not on Windows: the
// value is there only through WMI (Win32_SystemEnclosure.SMBIOSAssetTag), which means starting
// PowerShell in every run; there `auth: imds` says it instead (docs/authentication.md, "A VM that has just booted").
import type { Clock } from '../util/clock.js';

export const DMI_CHASSIS_ASSET_TAG_FILE = '/sys/class/dmi/id/chassis_asset_tag';
export const AZURE_CHASSIS_ASSET_TAG = '7783-7084-3265-9085-8269-3286-77';
/** The tag is 32 characters and a newline: read no more than this. */
export const DMI_READ_MAX_BYTES = 64;
/** A sysfs read takes microseconds; past this, the machine gives no sign. */
export const DMI_READ_BOUND_MS = 500;

/** Reads at most about maxBytes of a file (more than maxBytes back means the file is larger); rejects when it cannot. */
export type ReadCapped = (path: string, maxBytes: number) => Promise<string>;

/** True only when the DMI chassis asset tag is Azure's, whole; a missing, unreadable, larger or slow file is no sign. */
export async function isAzureVm(read: ReadCapped, platform: string, clock: Pick<Clock, 'sleep'>): Promise<boolean> {
  if (platform !== 'linux') return false;
  const stop = new AbortController();
  const text = Promise.resolve()
    .then(() => read(DMI_CHASSIS_ASSET_TAG_FILE, DMI_READ_MAX_BYTES))
    .catch(() => undefined);
  const bound = clock.sleep(DMI_READ_BOUND_MS, stop.signal).then(
    () => undefined,
    () => undefined,
  );
  try {
    const value = await Promise.race([text, bound]);
    return typeof value === 'string' && value.length <= DMI_READ_MAX_BYTES && value.trim() === AZURE_CHASSIS_ASSET_TAG;
  } finally {
    stop.abort();
  }
}
