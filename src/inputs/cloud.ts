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

/**
 * The REST API versions the action sends, per cloud. Pinned: the Key Vault SDK would otherwise send its newest
 * (2026-04-01 in @azure/keyvault-secrets 4.12) on every cloud, and the sovereign clouds have answered each new
 * Key Vault version with 400 "The specified version (…) is not recognized" for months after the public one
 * (Azure/azure-sdk-for-net#14788, #14789; Azure/azure-sdk-for-js#21152).
 * - Key Vault, AzureCloud: 2025-07-01, the newest version Microsoft's own recorded sessions against the public
 *   service answer (Azure/azure-sdk-assets, keyvault-secrets; none records 2026-04-01).
 * - Key Vault, US Government and China: 7.5, GA since early 2024, the oldest version the recordings hold: the
 *   most time for a sovereign rollout. The secret and listing answers the action reads are the same in each.
 * - ARM, Microsoft.Storage: 2023-05-01 (listKeys, allowSharedKeyAccess) on every cloud, as the Azure CLI does
 *   (azure-cli: its three clouds carry no API profile of their own, so each sends its default profile's one
 *   version). ACR's token exchange (/oauth2/exchange, Azure/acr docs/AAD-OAuth.md) takes no api-version.
 */
export const API_VERSIONS = {
  AzureCloud: { keyVault: '2025-07-01', storage: '2023-05-01' },
  AzureUSGovernment: { keyVault: '7.5', storage: '2023-05-01' },
  AzureChinaCloud: { keyVault: '7.5', storage: '2023-05-01' },
} as const satisfies Record<CloudName, { keyVault: string; storage: string }>;

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
