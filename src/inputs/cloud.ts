// The Azure clouds the action knows: the Key Vault DNS suffix and the Entra sign-in host of each.

export const CLOUDS = {
  AzureCloud: { vaultSuffix: 'vault.azure.net', login: 'login.microsoftonline.com' },
  AzureUSGovernment: { vaultSuffix: 'vault.usgovcloudapi.net', login: 'login.microsoftonline.us' },
  AzureChinaCloud: { vaultSuffix: 'vault.azure.cn', login: 'login.chinacloudapi.cn' },
} as const;

/** Microsoft Entra ID's sign-in host in this cloud. */
export function loginHost(cloud: CloudName): string {
  return CLOUDS[cloud].login;
}

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
