// Per-cloud endpoints for the resources beyond Key Vault: ARM, storage, ACR, and the
// well-known token names. Sources, so nobody has to guess again:
// - ARM hosts and Azure Machine Learning's resource: Microsoft's Python SDK, azure/ai/ml/_azure_environments.py
//   (management.azure.com / .usgovcloudapi.net / .chinacloudapi.cn; ml.azure.com / .us / .cn; storage suffixes).
// - Storage's token audience https://storage.azure.com is the same in every cloud: the storage SDKs
//   (azure/storage/blob/_shared/constants.py STORAGE_OAUTH_SCOPE) send it whatever the cloud.
// - Microsoft Graph: graph.microsoft.com, graph.microsoft.us (US Government L4), microsoftgraph.chinacloudapi.cn
//   (Graph's "National cloud deployments" page).
// - ACR's audience: https://containerregistry.azure.net in AzureCloud (accepted even where a registry
//   disables ARM-audience tokens); in the sovereign clouds Microsoft's container registry SDKs
//   (KnownContainerRegistryAudience in JS, .NET, Java, Python) send the cloud's ARM audience, so that is what is used.
import { type CloudName, vaultResource } from './cloud.js';

export interface CloudResources {
  arm: string;
  storageSuffix: string;
  acrSuffix: string;
  ml: string;
  graph: string;
  acrAudience: string;
}

export const CLOUD_RESOURCES: Record<CloudName, CloudResources> = {
  AzureCloud: {
    arm: 'management.azure.com',
    storageSuffix: 'core.windows.net',
    acrSuffix: 'azurecr.io',
    ml: 'https://ml.azure.com',
    graph: 'https://graph.microsoft.com',
    acrAudience: 'https://containerregistry.azure.net',
  },
  AzureUSGovernment: {
    arm: 'management.usgovcloudapi.net',
    storageSuffix: 'core.usgovcloudapi.net',
    acrSuffix: 'azurecr.us',
    ml: 'https://ml.azure.us',
    graph: 'https://graph.microsoft.us',
    acrAudience: 'https://management.usgovcloudapi.net',
  },
  AzureChinaCloud: {
    arm: 'management.chinacloudapi.cn',
    storageSuffix: 'core.chinacloudapi.cn',
    acrSuffix: 'azurecr.cn',
    ml: 'https://ml.azure.cn',
    graph: 'https://microsoftgraph.chinacloudapi.cn',
    acrAudience: 'https://management.chinacloudapi.cn',
  },
};

export const WELL_KNOWN_TOKENS = ['management', 'storage', 'ml', 'graph', 'containerregistry', 'keyvault'] as const;
export type WellKnownToken = (typeof WELL_KNOWN_TOKENS)[number];

export const armResource = (cloud: CloudName) => `https://${CLOUD_RESOURCES[cloud].arm}`;

/** The token audience (resource) a well-known name stands for in this cloud. */
export function wellKnownResource(name: WellKnownToken, cloud: CloudName): string {
  const c = CLOUD_RESOURCES[cloud];
  switch (name) {
    case 'management':
      return armResource(cloud);
    case 'storage':
      return 'https://storage.azure.com';
    case 'ml':
      return c.ml;
    case 'graph':
      return c.graph;
    case 'containerregistry':
      return c.acrAudience;
    case 'keyvault':
      return vaultResource(cloud);
  }
}

/** The OAuth scope for a resource: "/.default" after it, without a doubled slash (MSAL's rule). */
export const scopeOf = (resource: string) => `${resource.replace(/\/+$/, '')}/.default`;
