// The small interface between the action's story and Azure. The real implementation (src/azure/)
// is loaded only when there is something to fetch; tests can give their own.
import type { CloudName } from './cloud.js';
import type { IdentitySource } from './identitySource.js';

export interface SecretBundle {
  value: string;
  version: string;
  contentType?: string;
  enabled: boolean;
  updatedOn?: Date;
  expiresOn?: Date;
  notBefore?: Date;
}

/** A secret as a vault listing shows it: no value. */
export interface SecretListing {
  name: string;
  enabled: boolean;
}

export interface SecretStore {
  getSecret(name: string, version: string | undefined, signal: AbortSignal): Promise<SecretBundle>;
  /** Every secret in the vault, all pages (needs the list permission). */
  listSecrets(signal: AbortSignal): Promise<SecretListing[]>;
}

export interface AccessToken {
  token: string;
  expiresOnTimestamp: number;
}

export interface AzureAccess {
  /**
   * One attempt at the managed identity token for the cloud's Key Vault audience (one IMDS request), or
   * for another scope (tokens, storage-keys, acr-login: issue 15) from the same credential.
   */
  acquireToken(signal: AbortSignal, scope?: string): Promise<AccessToken>;
  /**
   * Hands the run's token (or why there is none) to the vault clients. Their first requests go out
   * before it exists, to fetch Key Vault's challenge, and wait for it here.
   */
  shareToken(outcome: AccessToken | Error): void;
  /** A store per vault URL; one client each, sharing the token. */
  vault(url: string): SecretStore;
  /** Where tokens come from, for messages. */
  readonly identityEndpoint: string;
  /**
   * The issuer and subject of the federated token (workload identity, GitHub OIDC) the last attempt
   * presented, for messages; never the token itself.
   */
  federatedClaims(): { iss?: string; sub?: string } | undefined;
}

export interface AzureAccessOptions {
  source: IdentitySource;
  cloud: CloudName;
}

export type AzureAccessFactory = (options: AzureAccessOptions) => Promise<AzureAccess>;
