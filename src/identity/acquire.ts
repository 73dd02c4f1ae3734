// The identity stage: the run's one token, acquired with retries for what the endpoint says is passing,
// all within the step's deadline, and a message naming the fix for everything else.
import type { Config } from '../inputs/config.js';
import { untilAborted } from '../util/abort.js';
import { backoffMs } from '../util/backoff.js';
import { ActionError, errorMessage } from '../util/errors.js';
import { say } from '../messages/catalogue.js';
import type { Said } from '../messages/entry.js';
import {
  entraRefusal,
  FEDERATION_MISMATCH,
  type IdentityContext,
  identityGaveUp,
  identityNotFound,
  identityUnreachable,
  withOidcTenantHint,
} from '../messages/identity.js';
import { vaultResource } from '../inputs/cloud.js';
import { retryWithin } from '../util/retry.js';
import { factsOf } from '../util/sdkErrors.js';
import { withRequestIds } from '../messages/requestIds.js';
import type { AccessToken, Dependencies, IdentityAccess, IdentitySource } from '../ports.js';
import { checkExpectedIdentity } from './expected.js';
import { classifyIdentityError, type IdentityFailure } from './failures.js';
import { proxyFacts } from './tokenProxy.js';
import type { ProxyFacts } from '../messages/tokenProxy.js';
import { type ImdsBoot, IMDS_BOOT_CAP_MS, IMDS_BOOT_FIRST_MS, unreachableWaitReason } from './imdsBoot.js';
import { selectorText } from './source.js';
import { githubSubjectFacts } from './githubSubject.js';

/** What acquiring a token needs of the run (the run context, or a test's few fields). */
export interface TokenRun {
  /** expected: whom every token must be for (expected.ts); required, so no path can leave the check out. */
  config: Pick<Config, 'cloud' | 'timeoutSeconds' | 'expected'>;
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

/**
 * A token for the Key Vault audience, or with `scope`, for another resource from the same identity: every token the
 * run uses comes from here, and each is checked against expected-tenant-id and expected-principal-id before it is
 * returned (expected.ts).
 */
export async function acquireTokenWithRetries(
  { config, deps: { clock, platform }, deadline }: TokenRun,
  { access, source, boot = {} }: TokenSource,
  scope?: string,
): Promise<AccessToken> {
  const timedOut = (what: string, detail: unknown) =>
    new ActionError(say('identity.timeout', { what, seconds: config.timeoutSeconds }), errorMessage(detail));
  /** Waiting for an unreachable IMDS (a VM that may have just booted): why, how many attempts it refused, the last failure. */
  let waitReason: string | undefined | null = null;
  const unreachable = { attempts: 0, detail: '', last: false };
  const stillUnreachable = (detail: unknown) =>
    new ActionError(
      withOidcTenantHint(
        source,
        say('identity.imds-still-unreachable', {
          endpoint: access.identityEndpoint,
          detail: unreachable.detail,
          attempts: unreachable.attempts,
          seconds: config.timeoutSeconds,
          reason: waitReason ?? '',
        }),
      ),
      errorMessage(detail),
    );
  const token = await retryWithin(
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
        selector: selectorText(source),
        endpoint: access.identityEndpoint,
        cloud: config.cloud,
        platform,
        ...(claims ? { claims } : {}),
        ...(source.kind === 'github-oidc' && claims ? { github: githubSubjectFacts(claims) } : {}),
      };
      // With the ids that find the refusal in the service's logs (Entra ID's trace and correlation ids).
      const refused = (said: Said) => new ActionError(withRequestIds(said, factsOf(error).ids), errorMessage(error));
      // An AKS identity binding: the token went through the cluster's token proxy, whose failures are its own.
      const proxy =
        source.kind === 'workload-identity' && source.tokenProxy
          ? proxyFacts(source.tokenProxy, source.clientId)
          : undefined;
      if (proxy) {
        const said = proxyFailure(proxy, failure);
        if (said) throw refused(said);
      }
      switch (failure.kind) {
        case 'identity-not-found':
          throw refused(identityNotFound(c));
        case 'ambiguous-identity':
          throw refused(say('identity.ambiguous', {}));
        case 'wrong-cloud':
          // For another resource, "invalid resource" means the tenant has no such resource (or it is another cloud's).
          throw refused(
            scope
              ? say('identity.unknown-resource', { scope, cloud: config.cloud })
              : say('identity.wrong-cloud', { resource: vaultResource(config.cloud), cloud: config.cloud }),
          );
        case 'entra':
          throw refused(entraRefusal(failure.code, c));
        case 'arc-key-unreadable':
          throw refused(say('identity.arc-key-unreadable', { platform }));
        case 'no-id-token':
          throw refused(say('identity.no-id-token', { status: failure.status, attempts: failure.attempts }));
        case 'not-a-token':
          throw refused(say('identity.not-a-token', { endpoint: c.endpoint }));
        case 'token-file':
          throw refused(say('identity.token-file', { file: failure.file, why: failure.problem }));
        case 'token-proxy':
          throw refused(say('identity.refused', { endpoint: c.endpoint, status: failure.detail }));
        case 'too-large':
          throw refused(
            say('identity.answer-too-large', { kind: source.kind, cloud: config.cloud, what: failure.what }),
          );
        case 'unreachable': {
          if (waitReason === null) waitReason = await unreachableWaitReason(source, boot);
          if (!waitReason) throw refused(identityUnreachable(c, failure.detail));
          if (unreachable.attempts === 0)
            boot.notice?.(
              say('identity.imds-waiting', {
                endpoint: access.identityEndpoint,
                detail: failure.detail,
                reason: waitReason,
                seconds: config.timeoutSeconds,
              }).text,
            );
          Object.assign(unreachable, { attempts: unreachable.attempts + 1, detail: failure.detail, last: true });
          return {
            backoffMs: backoffMs(unreachable.attempts - 1, clock.random, IMDS_BOOT_FIRST_MS, IMDS_BOOT_CAP_MS),
            onDeadline: () => stillUnreachable(error),
          };
        }
        case 'other':
          throw refused(say('identity.refused', { endpoint: c.endpoint, status: failure.status }));
        case 'retryable':
          unreachable.last = false;
          // The backoff, never shorter than the endpoint's Retry-After (retryWaitMs).
          return {
            backoffMs: backoffMs(attempt, clock.random),
            retryAfterMs: failure.retryAfterMs,
            onDeadline: () =>
              refused(
                proxy
                  ? say('identity.token-proxy-gave-up', {
                      proxy,
                      status: failure.status,
                      seconds: config.timeoutSeconds,
                    })
                  : identityGaveUp(c, failure.status, config.timeoutSeconds),
              ),
          };
      }
    },
  );
  checkExpectedIdentity(token.token, config.expected, {
    source,
    resource: scope?.replace(/\/\.default$/, '') ?? vaultResource(config.cloud),
  });
  return token;
}

/**
 * What failed at an AKS identity binding's token proxy, in its own words; undefined for failures that read
 * the same for every source (a timeout, the token file, a retry still under way).
 */
function proxyFailure(proxy: ProxyFacts, failure: IdentityFailure): Said | undefined {
  switch (failure.kind) {
    case 'token-proxy':
      return failure.reason === 'ca-file'
        ? say('identity.token-proxy-ca-file', { proxy, detail: failure.detail })
        : failure.reason === 'tls'
          ? say('identity.token-proxy-tls', { proxy, detail: failure.detail })
          : failure.reason === 'unreachable'
            ? say('identity.token-proxy-unreachable', { proxy, detail: failure.detail })
            : say('identity.token-proxy-not-json', { proxy, detail: failure.detail });
    case 'entra':
      return failure.code in FEDERATION_MISMATCH
        ? say('identity.token-proxy-federation', { proxy, code: failure.code })
        : undefined;
    case 'unreachable':
      return say('identity.token-proxy-unreachable', { proxy, detail: failure.detail });
    case 'too-large':
      return say('identity.token-proxy-too-large', { proxy, what: failure.what });
    case 'other':
      return say('identity.token-proxy-refused', { proxy, status: failure.status });
    default:
      return undefined;
  }
}
