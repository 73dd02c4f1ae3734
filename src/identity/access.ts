// The identity stage's side of the Azure access (implemented in src/azure/): one token request at a time,
// shared with the vault clients once acquired.

export interface AccessToken {
  token: string;
  expiresOnTimestamp: number;
}

export interface IdentityAccess {
  /**
   * One attempt at the managed identity token for the cloud's Key Vault audience (one IMDS request), or
   * for another scope (tokens, storage-keys, acr-login) from the same credential.
   */
  acquireToken(signal: AbortSignal, scope?: string): Promise<AccessToken>;
  /**
   * Hands the run's token (or why there is none) to the vault clients. Their first requests go out
   * before it exists, to fetch Key Vault's challenge, and wait for it here.
   */
  shareToken(outcome: AccessToken | Error): void;
  /** Where tokens come from, for messages. */
  readonly identityEndpoint: string;
  /**
   * The issuer and subject of the federated token (workload identity, GitHub OIDC) the last attempt
   * presented, for messages; never the token itself.
   */
  federatedClaims(): { iss?: string; sub?: string; aud?: string } | undefined;
  /** What the current token attempt is waiting for, for the timeout message ("the workload identity token file …"). */
  waitingFor?(): string;
}
