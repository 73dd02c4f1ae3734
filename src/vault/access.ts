// The small interface between the action's story and Azure. The real implementation (src/azure/)
// is loaded only when there is something to fetch; tests can give their own.
import type { CloudName } from '../inputs/cloud.js';
import type { Clock } from '../util/clock.js';
import type { SecretReference } from '../inputs/references.js';
import type { IdentitySource } from '../identity/source.js';
import type { IdentityAccess } from '../identity/access.js';
export type { AccessToken } from '../identity/access.js';

export interface SecretBundle {
  value: string;
  version: string;
  contentType?: string;
  enabled: boolean;
  updatedOn?: Date;
  expiresOn?: Date;
  notBefore?: Date;
  /** A Key Vault certificate's own secret (Key Vault keeps it, and converts its PFX to PEM when asked). */
  managed?: boolean;
}

/** A secret read, with the reference that named it (or the wildcard that matched it). */
export interface FetchedSecret {
  ref: SecretReference & { matchedBy?: string };
  bundle: SecretBundle;
}

/** A secret as a vault listing shows it: no value. */
export interface SecretListing {
  name: string;
  enabled: boolean;
}

export interface SecretStore {
  /** as 'pem': asks Key Vault to convert a certificate's PFX to PEM (outContentType, API version 2025-07-01 on). */
  getSecret(name: string, version: string | undefined, signal: AbortSignal, as?: 'pem'): Promise<SecretBundle>;
  /** Every secret in the vault, all pages (needs the list permission). */
  listSecrets(signal: AbortSignal): Promise<SecretListing[]>;
  /**
   * Resolves once a request to this vault carries a token: its 401 challenge is answered, so other
   * requests can go without meeting one of their own. (Without it, they wait for the first answer.)
   */
  readonly authorized?: Promise<void>;
}

/** The Azure access the action's story uses: the identity's token, and a store per vault. */
export interface AzureAccess extends IdentityAccess {
  /** A store per vault URL; one client each, sharing the token. */
  vault(url: string): SecretStore;
}

export interface AzureAccessOptions {
  source: IdentitySource;
  cloud: CloudName;
  /** Registers a mask at once: credentials the identity source reads or sends (federated token, IDENTITY_HEADER, proxy password). */
  mask?: (value: string) => void;
  /** Waits and jitter for the retries the credential makes itself (GitHub's ID token); the system clock when not given. */
  clock?: Clock;
  /** The step's timeout, which bounds each of those retries' requests (a third of it, at most 10 s). */
  timeoutSeconds?: number;
}

export type AzureAccessFactory = (options: AzureAccessOptions) => Promise<AzureAccess>;
