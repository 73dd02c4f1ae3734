// Every port the steps run on: the runner, Azure, GitHub and the machine, as interfaces. The real ones are in
// dependencies.ts (loaded lazily), tests give their own. The clock is util/clock.ts's, since util's own waits run on
// it. A port speaks only the vocabulary of the inputs (a cloud, an identity selector) and its own answers.
import type { CloudName } from './inputs/cloud.js';
import type { IdentitySelector } from './inputs/config.js';
import type { Clock } from './util/clock.js';

// ── The runner ────────────────────────────────────────────────────────────────────────────────────────────────
// Two parts: Log is needed on every path, so it loads nothing heavy; Exporter is backed by @actions/core and loaded
// only once there is something to export (see docs/performance.md).

/** Inputs, log lines, annotations and failure. */
export interface Log {
  getInput(name: string): string;
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
  setFailed(message: string): void;
  /**
   * Registers a mask now (::add-mask::, escaped as @actions/core escapes it), before the exporter
   * loads: for credentials the action reads to get its token (a federated token, IDENTITY_HEADER).
   */
  setSecret(value: string): void;
  group<T>(title: string, task: () => Promise<T>): Promise<T>;
  /** State the main step left, in the post step. */
  getState(name: string): string;
}

/** Masks, outputs, env vars, state and the job summary. */
export interface Exporter {
  setSecret(value: string): void;
  /** Resolves true once every mask set so far has reached the runner (its pipe); false if `signal` aborts first. */
  masksDelivered(signal: AbortSignal): Promise<boolean>;
  setOutput(name: string, value: string): void;
  exportVariable(name: string, value: string): void;
  /**
   * Runs the export's writes as one: if any throws, takes back everything they wrote (outputs, env vars, state,
   * and what they passed to onRollback), then rethrows. Until the step exits, a later failure or a cancellation
   * takes it all back too (rollback.ts).
   */
  atomically<T>(writes: () => T): T;
  /** Inside atomically: how to take back something written beside the file commands (a directory of secret files); returns whether all of it is gone. */
  onRollback(undo: () => boolean): void;
  /** Appends markdown to the job summary. */
  writeSummary(markdown: string): Promise<void>;
  /** Leaves state for the post step. */
  saveState(name: string, value: string): void;
  /** Where the step may write files (RUNNER_TEMP). */
  tempDir(): string;
}

// ── Azure: the identity's token, and Key Vault ────────────────────────────────────────────────────────────────
// The real implementation (src/azure/) is loaded only when there is something to fetch.

/** Where the run's token comes from: decided by the identity stage (identity/source.ts), built by the Azure port. */
export type IdentitySource =
  /**
   * An Azure VM or scale set: IMDS at 169.254.169.254. `oidcWithoutTenant`: auto picked it although client-id is
   * given and the job may request a GitHub ID token, so only tenant-id kept it from GitHub OIDC (IMDS's failures say so).
   */
  | { kind: 'imds'; identity: IdentitySelector; oidcWithoutTenant?: true }
  /**
   * AKS workload identity (actions-runner-controller pods): a projected service account token exchanged with Entra,
   * or, with an identity binding, with the cluster's token proxy.
   */
  | {
      kind: 'workload-identity';
      tokenFile: string;
      clientId: string;
      tenantId: string;
      authorityHost?: string;
      tokenProxy?: TokenProxy;
    }
  /** Container Apps jobs and App Service: IDENTITY_ENDPOINT with IDENTITY_HEADER. */
  | { kind: 'app-service'; endpoint: string; identity: IdentitySelector }
  /** An Azure Arc-enabled server: the himds agent's endpoint; system-assigned only. */
  | { kind: 'arc'; endpoint: string }
  /** Any runner, GitHub-hosted included: the job's GitHub ID token exchanged with Entra. */
  | { kind: 'github-oidc'; tenantId: string; clientId: string };

/** An AKS identity binding's token proxy, read and checked by the identity stage (identity/tokenProxy.ts). */
export interface TokenProxy {
  /** AZURE_KUBERNETES_TOKEN_PROXY, normalised: https, no user info, query or fragment; path "/" at least. */
  url: string;
  /** AZURE_KUBERNETES_SNI_NAME: the name sent in the handshake and checked against the certificate (else the URL's host). */
  sniName?: string;
  /** The only trust for the proxy's certificate: a file the kubelet keeps current, or the PEM itself. */
  ca: { file: string } | { pem: string };
}

export interface AccessToken {
  token: string;
  expiresOnTimestamp: number;
}

/**
 * What a federated token presented to Entra says, for messages (never the token): iss, sub, the first aud, and
 * a GitHub ID token's repository claims (owner/repo and the numeric ids, as strings).
 */
export interface FederatedClaims {
  iss?: string;
  sub?: string;
  aud?: string;
  repository?: string;
  repository_owner_id?: string;
  repository_id?: string;
}

/** The identity's side of the Azure access: one token request at a time, shared with the vault clients once acquired. */
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
  federatedClaims(): FederatedClaims | undefined;
  /** What the current token attempt is waiting for, for the timeout message ("the workload identity token file …"). */
  waitingFor?(): string;
}

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

/** What a write sends besides the value: every field checked before any request (set/inputs.ts). */
export interface SecretWrite {
  contentType?: string;
  expiresOn?: Date;
  tags?: Record<string, string>;
}

/** One version of a secret, as the versions listing shows it: no value. */
export interface SecretVersion {
  version: string;
  enabled: boolean;
  createdOn?: Date;
}

/** A soft-deleted secret, as Key Vault shows it: no value. */
export interface DeletedSecret {
  scheduledPurgeDate?: Date;
}

/** The write side of a vault: only what the set step needs. Key Vault's PUT answer holds the value; none of these returns it. */
export interface SecretWriter {
  /** PUT /secrets/{name}: the new version's id, and nothing else of the answer. */
  setSecret(name: string, value: string, write: SecretWrite, signal: AbortSignal): Promise<{ version: string }>;
  /** GET /secrets/{name}/versions, all pages. */
  listVersions(name: string, signal: AbortSignal): Promise<SecretVersion[]>;
  /** PATCH /secrets/{name}/{version} with enabled: false. */
  disableVersion(name: string, version: string, signal: AbortSignal): Promise<void>;
  /** GET /deletedsecrets/{name}. */
  getDeletedSecret(name: string, signal: AbortSignal): Promise<DeletedSecret>;
  /** POST /deletedsecrets/{name}/recover: sent, not waited for (the next PUT says when it is done). */
  recoverDeletedSecret(name: string, signal: AbortSignal): Promise<void>;
  /** DELETE /deletedsecrets/{name}. */
  purgeDeletedSecret(name: string, signal: AbortSignal): Promise<void>;
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
  /** The same client's write side (the set step); the same challenge and token as the reads. */
  readonly write?: SecretWriter;
}

/** The Azure access the story uses: the identity's token, and a store per vault. */
export interface AzureAccess extends IdentityAccess {
  /** A store per vault URL; one client each, sharing the token. */
  vault(url: string): SecretStore;
}

export interface AzureAccessOptions {
  source: IdentitySource;
  cloud: CloudName;
  /** Registers a mask at once: credentials the identity source reads or sends (federated token, IDENTITY_HEADER, proxy password). */
  mask?: (value: string) => void;
  /** Waits and jitter for the retries the credential makes itself (GitHub's ID token). */
  clock: Clock;
  /** The step's timeout, which bounds each of those retries' requests (a third of it, at most 10 s). */
  timeoutSeconds: number;
}

export type AzureAccessFactory = (options: AzureAccessOptions) => Promise<AzureAccess>;

// ── Azure: other resources (ARM's listKeys, ACR's token exchange) ─────────────────────────────────────────────
// The real implementation is src/azure/resources.ts, loaded only when a run names storage keys or registries.

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

// ── GitHub: the event, and the fork guard's one lookup ────────────────────────────────────────────────────────

export interface EventContext {
  eventName: string;
  payload: Record<string, unknown>;
}

/** The head and base repositories of a pull request, as GitHub's API gives them. */
export interface PullRequestRepos {
  /** owner/name of the head repository; null when the fork was deleted. */
  head: string | null;
  base: string;
}

/** A pull request's head and base repositories, from GitHub's API (issue_comment events only), within the deadline. */
export type PullRequestLookup = (
  repository: string,
  number: number,
  token: string,
  signal: AbortSignal,
) => Promise<PullRequestRepos>;

// ── All of them: what a step is handed ───────────────────────────────────────────────────────────────────────

export interface Dependencies {
  log: Log;
  /** Loads the exporter; started early so its load overlaps network round trips. */
  exporter: () => Promise<Exporter>;
  azure: AzureAccessFactory;
  /** ARM and ACR for tokens/storage-keys/acr-login; loaded only when those inputs name something. */
  resources: ResourceAccessFactory;
  /** The event's name and payload; throws an ActionError when a guarded event's payload cannot be read. */
  event: () => Promise<EventContext>;
  pullRequest: PullRequestLookup;
  clock: Clock;
  /** The environment that says which host this runner is on (identity sources), and that later steps inherit. */
  env: Record<string, string | undefined>;
  /** The runner's OS (process.platform): whose exec limits an env export must fit, and which fixes a message names. */
  platform: string;
  /**
   * Whether the machine says it is an Azure VM, without a network call (the DMI chassis asset tag on Linux):
   * with auth: auto, an unreachable IMDS is then waited for (a VM that has just booted). Asked only once IMDS is
   * unreachable; absent: no sign. Never an environment variable, which a workflow could set.
   */
  azureHost?: () => Promise<boolean>;
}
