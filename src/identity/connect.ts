// The identity stage as a run goes through it: the Azure access for the chosen source (the SDK loaded only now),
// then the run's Key Vault token, when the run names a secret.
import type { RunContext } from '../context.js';
import type { AccessToken, AzureAccess, IdentitySource } from '../ports.js';
import { acquireToken } from './acquire.js';
import { type ImdsBoot, imdsBoot } from './imdsBoot.js';
import { describeSource } from './source.js';
import { principalOf } from './token.js';

/** Where the token comes from, the Azure access for it, and whether an unreachable IMDS is waited for. */
export interface Connection {
  source: IdentitySource;
  access: AzureAccess;
  boot: ImdsBoot;
}

/** A connection after sign-in: the run's Key Vault token (none when the run names only other resources), and whose. */
export interface SignedIn extends Connection {
  token?: AccessToken;
  principalId?: string;
}

export async function connect(ctx: RunContext, source: IdentitySource): Promise<Connection> {
  const { config } = ctx;
  const { log, azure, clock, azureHost } = ctx.deps;
  log.info(`Identity: ${describeSource(source)}`);
  // Credentials the identity source reads (a federated token, IDENTITY_HEADER) are masks at once.
  const access = await azure({
    source,
    cloud: config.cloud,
    mask: (value) => log.setSecret(value),
    clock,
    timeoutSeconds: config.timeoutSeconds,
  });
  // IMDS on a VM that has just booted: waited for where the runner is known to be an Azure VM (imdsBoot.ts).
  return { source, access, boot: imdsBoot(config.auth, azureHost, (message) => log.info(message)) };
}

/**
 * The run's one Key Vault token, held (for the failure path's masks) and shared with the vault clients, whose
 * challenge requests are already out (vault/read.ts: startReading). A run may name only tokens, storage keys or
 * registries: then no Key Vault token is asked for.
 */
export async function signIn(ctx: RunContext, connection: Connection): Promise<SignedIn> {
  if (ctx.config.references.length + ctx.config.wildcards.length === 0) return connection;
  const token = await acquireToken(ctx, connection);
  ctx.hold(token.token);
  const principalId = principalOf(token.token).objectId;
  if (principalId) ctx.deps.log.debug(`Managed identity principal id: ${principalId}`);
  return { ...connection, token, principalId };
}
