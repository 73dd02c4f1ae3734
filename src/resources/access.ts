// The port between the resources stage and Azure (ARM's listKeys, ACR's token exchange). The real
// implementation is src/azure/resources.ts, loaded only when a run names storage keys or registries.
import type { CloudName } from '../inputs/cloud.js';
import { untrusted } from '../runner/untrusted.js';

export interface StorageKey {
  keyName: string;
  value: string;
}

export interface ResourceAccess {
  /** POST https://ARM{accountId}/listKeys with an ARM token. */
  listStorageKeys(accountId: string, armToken: string, signal: AbortSignal): Promise<StorageKey[]>;
  /** GET the account (to read allowSharedKeyAccess); needs read permission, which a key operator may lack. */
  storageAccount(accountId: string, armToken: string, signal: AbortSignal): Promise<{ allowSharedKeyAccess?: boolean }>;
  /** POST https://REGISTRY/oauth2/exchange: an Entra access token for an ACR refresh token. */
  acrRefreshToken(
    registry: string,
    entraToken: string,
    tenantId: string | undefined,
    signal: AbortSignal,
  ): Promise<string>;
}

export type ResourceAccessFactory = (options: { cloud: CloudName }) => Promise<ResourceAccess>;

/**
 * A service's answer that was not a success: its status and, when the body said, its error code and
 * message (ARM: {"error":{"code","message"}}; ACR: {"errors":[{"code","message"}]}). Untrusted text: kept raw
 * in the fields (for matching), escaped in the error's message (which the debug log prints).
 */
export class ServiceAnswerError extends Error {
  override readonly name = 'ServiceAnswerError';
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    readonly serviceMessage: string | undefined,
  ) {
    super(
      `HTTP ${status}${code ? ` ${untrusted(code, 100)}` : ''}${serviceMessage ? `: ${untrusted(serviceMessage, 300)}` : ''}`,
    );
  }
}
