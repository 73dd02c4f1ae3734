// The identity stage: the run's one token, acquired with retries for what the endpoint says is passing,
// all within the step's deadline, and a message naming the fix for everything else.
import type { Config } from '../inputs/config.js';
import { untilAborted } from '../util/abort.js';
import { backoffMs } from '../util/backoff.js';
import { ActionError, errorMessage } from '../util/errors.js';
import { SharedRemediation } from '../util/remediation.js';
import { retryWithin } from '../util/retry.js';
import type { AccessToken, Dependencies, IdentityAccess, IdentitySource } from '../ports.js';
import { classifyIdentityError } from './failures.js';
import { type ImdsBoot, IMDS_BOOT_CAP_MS, IMDS_BOOT_FIRST_MS, unreachableWaitReason } from './imdsBoot.js';
import { type IdentityContext, IdentityRemediation, ImdsRemediation, withOidcTenantHint } from './remediation.js';

/** What acquiring a token needs of the run (the run context, or a test's few fields). */
export interface TokenRun {
  config: Pick<Config, 'cloud' | 'timeoutSeconds'>;
  deps: Pick<Dependencies, 'clock' | 'platform'>;
  deadline: AbortSignal;
}

/** Whose token: the Azure access for the identity source, and whether an unreachable IMDS is waited for (imdsBoot.ts). */
export interface TokenSource {
  access: IdentityAccess;
  source: IdentitySource;
  boot?: ImdsBoot;
}

/**
 * The run's one token, shared with the vault clients; retries what IMDS says is passing (410, 429, 5xx) until the
 * deadline, and an unreachable IMDS too where the runner is known to be an Azure VM (boot: imdsBoot.ts).
 */
export async function acquireToken(run: TokenRun, identity: TokenSource): Promise<AccessToken> {
  try {
    const token = await acquireTokenWithRetries(run, identity);
    identity.access.shareToken(token);
    return token;
  } catch (error) {
    identity.access.shareToken(error instanceof Error ? error : new Error(errorMessage(error)));
    throw error;
  }
}

/** A token for the Key Vault audience, or with `scope`, for another resource from the same identity. */
export async function acquireTokenWithRetries(
  { config, deps: { clock, platform }, deadline }: TokenRun,
  { access, source, boot = {} }: TokenSource,
  scope?: string,
): Promise<AccessToken> {
  const timedOut = (what: string, detail: unknown) =>
    new ActionError(
      `Managed identity: ${SharedRemediation.timeout(what, config.timeoutSeconds)}`,
      errorMessage(detail),
    );
  /** Waiting for an unreachable IMDS (a VM that may have just booted): why, how many attempts it refused, the last failure. */
  let waitReason: string | undefined | null = null;
  const unreachable = { attempts: 0, detail: '', last: false };
  const stillUnreachable = (detail: unknown) =>
    new ActionError(
      withOidcTenantHint(
        source,
        ImdsRemediation.imdsStillUnreachable(
          access.identityEndpoint,
          unreachable.detail,
          unreachable.attempts,
          config.timeoutSeconds,
          waitReason ?? '',
        ),
      ),
      errorMessage(detail),
    );
  return retryWithin(
    deadline,
    clock,
    () =>
      untilAborted(
        scope === undefined ? access.acquireToken(deadline) : access.acquireToken(deadline, scope),
        deadline,
      ),
    async (error, attempt) => {
      if (deadline.aborted)
        throw unreachable.last
          ? stillUnreachable(error)
          : timedOut(
              access.waitingFor?.() ?? `the identity endpoint ${access.identityEndpoint} to issue a token`,
              error,
            );
      const failure = classifyIdentityError(error, clock.now());
      const claims = access.federatedClaims();
      const c: IdentityContext = {
        source,
        endpoint: access.identityEndpoint,
        cloud: config.cloud,
        platform,
        ...(claims ? { claims } : {}),
      };
      const refused = (message: string) => new ActionError(message, errorMessage(error));
      switch (failure.kind) {
        case 'identity-not-found':
          throw refused(IdentityRemediation.identityNotFound(c));
        case 'ambiguous-identity':
          throw refused(IdentityRemediation.ambiguousIdentity());
        case 'wrong-cloud':
          // For another resource, "invalid resource" means the tenant has no such resource (or it is another cloud's).
          throw refused(
            scope ? IdentityRemediation.unknownResource(scope, config.cloud) : IdentityRemediation.wrongCloud(c),
          );
        case 'entra':
          throw refused(IdentityRemediation.entra(failure.code, c));
        case 'arc-key-unreadable':
          throw refused(IdentityRemediation.arcKeyUnreadable(platform));
        case 'no-id-token':
          throw refused(IdentityRemediation.noIdToken(failure.status, failure.attempts));
        case 'not-a-token':
          throw refused(IdentityRemediation.notAToken(c));
        case 'token-file':
          throw refused(IdentityRemediation.tokenFile(failure.file, failure.problem));
        case 'token-proxy':
          throw refused(IdentityRemediation.tokenProxy(c, failure.reason, failure.detail));
        case 'too-large':
          throw refused(IdentityRemediation.tooLarge(c, failure.what));
        case 'unreachable': {
          if (waitReason === null) waitReason = await unreachableWaitReason(source, boot);
          if (!waitReason) throw refused(IdentityRemediation.unreachable(c, failure.detail));
          if (unreachable.attempts === 0)
            boot.notice?.(
              ImdsRemediation.imdsWaiting(access.identityEndpoint, failure.detail, waitReason, config.timeoutSeconds),
            );
          Object.assign(unreachable, { attempts: unreachable.attempts + 1, detail: failure.detail, last: true });
          return {
            backoffMs: backoffMs(unreachable.attempts - 1, clock.random, IMDS_BOOT_FIRST_MS, IMDS_BOOT_CAP_MS),
            onDeadline: () => stillUnreachable(error),
          };
        }
        case 'other':
          throw refused(IdentityRemediation.refused(c, failure.status));
        case 'retryable':
          unreachable.last = false;
          // The backoff, never shorter than the endpoint's Retry-After (retryWaitMs).
          return {
            backoffMs: backoffMs(attempt, clock.random),
            retryAfterMs: failure.retryAfterMs,
            onDeadline: () => refused(IdentityRemediation.gaveUp(c, failure.status, config.timeoutSeconds)),
          };
      }
    },
  );
}
