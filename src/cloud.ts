// The Azure clouds the action knows, and the Key Vault DNS suffix of each.

export const CLOUDS = {
  AzureCloud: { vaultSuffix: 'vault.azure.net' },
  AzureUSGovernment: { vaultSuffix: 'vault.usgovcloudapi.net' },
  AzureChinaCloud: { vaultSuffix: 'vault.azure.cn' },
} as const;

export type CloudName = keyof typeof CLOUDS;

export function isCloudName(value: string): value is CloudName {
  return Object.hasOwn(CLOUDS, value);
}

/** The token audience Key Vault names in its challenge, e.g. https://vault.azure.net. */
export function vaultResource(cloud: CloudName): string {
  return `https://${CLOUDS[cloud].vaultSuffix}`;
}

/** The OAuth scope for that audience. */
export function vaultScope(cloud: CloudName): string {
  return `${vaultResource(cloud)}/.default`;
}

export function vaultUrl(name: string, cloud: CloudName): string {
  return `https://${name.toLowerCase()}.${CLOUDS[cloud].vaultSuffix}/`;
}

/** The cloud whose vault suffix `host` ends with, if any. */
export function cloudOfHost(host: string): CloudName | undefined {
  const lower = host.toLowerCase();
  return (Object.keys(CLOUDS) as CloudName[]).find((c) => lower.endsWith(`.${CLOUDS[c].vaultSuffix}`));
}
