// Fetches what tokens, storage-keys and acr-login name: one token request per resource
// however many references need it, one listKeys per account, one exchange per registry. Every
// reference comes back as a credential or as a failure with its fix; only a token of another identity than
// the expected one fails the whole stage (fetchResources).
import type { RunContext } from '../context.js';
import { acquireTokenWithRetries, type TokenSource } from '../identity/acquire.js';
import { UnexpectedIdentity } from '../identity/expected.js';
import { type CloudName, vaultResource } from '../inputs/cloud.js';
import type { AccessToken, ResourceAccess, StorageKey } from '../ports.js';
import { ActionError, errorMessage } from '../util/errors.js';
import { principalOf } from '../identity/token.js';
import { factsOf } from '../util/sdkErrors.js';
import { checkCredentialLength, checkStorageKeys, MAX_REFRESH_TOKEN_CHARS, UnusableCredential } from './access.js';
import { classifyAcrFailure, classifyStorageFailure, NoSuchKey, SharedKeyDisabled } from './failures.js';
import { armResource, CLOUD_RESOURCES, scopeOf } from '../inputs/resourceCatalog.js';
import { type Failure, say } from '../messages/catalogue.js';
import { type FailedReference, failedReference } from '../messages/references.js';
import type { AcrReference, ResourceReferences, StorageKeyReference, TokenReference } from '../inputs/resources.js';

export type ResourceReference = TokenReference | StorageKeyReference | AcrReference;

export interface ResourceCredential {
  kind: 'token' | 'storage-key' | 'acr';
  ref: ResourceReference;
  /** The token, key, connection string or refresh token. A secret. */
  value: string;
  /** What it is for, for logs and the summary (never a value). */
  target: string;
  expiresOn?: Date;
  /** More to mask with it: the account key inside a connection string. */
  alsoMask?: string[];
}

export interface ResourceDependencies {
  /** One attempt-with-retries at a token for this scope (the identity stage's acquireTokenWithRetries). */
  token: (scope: string) => Promise<AccessToken>;
  access: () => Promise<ResourceAccess>;
  cloud: CloudName;
  timeoutSeconds: number;
  signal: AbortSignal;
  /** Called with every secret value as it arrives, so a failure path can mask it. */
  hold: (value: string) => void;
  /** A token the run already holds (the Key Vault one), by resource, so it is not asked for twice. */
  held?: Map<string, Promise<AccessToken>>;
}

export interface ResourceOutcome {
  credentials: ResourceCredential[];
  failures: FailedReference[];
  /** SDK or service detail, for the debug log only (after masking). */
  details: string[];
}

/**
 * The resources stage as the story starts it: each token through the identity stage's retries (within
 * the deadline), the Key Vault token reused for its own audience, ARM and ACR loaded only when needed.
 * `held` fills with every token, key and refresh token as it arrives (each is also held by the run).
 */
export function fetchNamedResources(
  ctx: Pick<RunContext, 'config' | 'deps' | 'deadline' | 'hold'>,
  identity: TokenSource & { token?: AccessToken },
): { outcome: Promise<ResourceOutcome>; held: string[] } {
  const { config, deps, deadline } = ctx;
  const held: string[] = [];
  const outcome = fetchResources(config.resources, {
    token: (scope) => acquireTokenWithRetries(ctx, identity, scope),
    access: () => deps.resources({ cloud: config.cloud }),
    cloud: config.cloud,
    timeoutSeconds: config.timeoutSeconds,
    signal: deadline,
    hold: (value) => {
      held.push(value);
      ctx.hold(value);
    },
    ...(identity.token ? { held: new Map([[vaultResource(config.cloud), Promise.resolve(identity.token)]]) } : {}),
  });
  // The story awaits it once the secrets are read: a rejection before then (UnexpectedIdentity) is not unhandled.
  void outcome.catch(() => {});
  return { outcome, held };
}

/**
 * Every reference as a credential or a failure; rejects only with UnexpectedIdentity, the whole run's failure: a
 * token for another identity than expected-tenant-id and expected-principal-id name (identity/expected.ts), which
 * nothing was requested with.
 */
export async function fetchResources(refs: ResourceReferences, deps: ResourceDependencies): Promise<ResourceOutcome> {
  const tokens = new Map<string, Promise<AccessToken>>(deps.held);
  let wrongIdentity: UnexpectedIdentity | undefined;
  const tokenFor = (resource: string) => {
    const key = resource.replace(/\/+$/, '').toLowerCase();
    let promise = tokens.get(key);
    if (!promise) {
      promise = deps.token(scopeOf(resource)).then(
        (t) => {
          // Its length is capped where it is issued (azure/identityHttp.ts); too short, it is no token, nor a mask.
          checkCredentialLength(t.token, 'a token', Number.POSITIVE_INFINITY);
          deps.hold(t.token);
          return t;
        },
        (error: unknown) => {
          if (error instanceof UnexpectedIdentity) wrongIdentity ??= error;
          throw error;
        },
      );
      tokens.set(key, promise);
    }
    return promise;
  };
  let loaded: Promise<ResourceAccess> | undefined;
  const access = () => (loaded ??= deps.access());
  const details: string[] = [];
  /** No token for `resource`: what the identity stage said (its message names the fix). */
  const tokenFailure = (resource: string, error: unknown): Failure => ({
    id: 'resources.no-token',
    args: {
      resource,
      reason:
        error instanceof UnusableCredential
          ? say('resources.unusable-token', { problem: error.message }).text
          : errorMessage(error),
    },
  });

  const one = async (ref: ResourceReference): Promise<ResourceCredential | FailedReference> => {
    /** `where`: what the failure is about (the resource a token was for, the account, the registry); `what`: the reference's target. */
    const failed = (where: string, what: string, failure: Failure, error?: unknown): FailedReference => {
      if (error !== undefined)
        details.push(
          `${ref.input} line ${ref.line}: ${errorMessage(error)}${error instanceof ActionError && error.detail ? ` (${error.detail})` : ''}`,
        );
      const alias = 'alias' in ref && ref.alias ? ref.alias : '–';
      // The ids that find the request in ARM's (or the registry's) logs; an ActionError's message has its own.
      const ids = error === undefined || error instanceof ActionError ? undefined : factsOf(error).ids;
      return failedReference({
        input: ref.input,
        line: ref.line,
        alias,
        where,
        what,
        failure,
        ...(ids ? { ids } : {}),
      });
    };
    if ('resource' in ref) {
      try {
        const t = await tokenFor(ref.resource);
        // expires_on comes from the identity endpoint: one past what a Date holds made toISOString throw (RangeError) at export.
        const expiresOn = new Date(t.expiresOnTimestamp);
        if (Number.isNaN(expiresOn.getTime()))
          return failed(ref.resource, ref.resource, {
            id: 'resources.no-token',
            args: {
              resource: ref.resource,
              reason: say('resources.unusable-expiry', { timestamp: t.expiresOnTimestamp }).text,
            },
          });
        return { kind: 'token', ref, value: t.token, target: ref.resource, expiresOn };
      } catch (error) {
        return failed(ref.resource, ref.resource, tokenFailure(ref.resource, error), error);
      }
    }
    if ('accountId' in ref) {
      const arm = armResource(deps.cloud);
      let token: AccessToken;
      try {
        token = await tokenFor(arm);
      } catch (error) {
        return failed(arm, ref.account, tokenFailure(arm, error), error);
      }
      try {
        const { value, key } = await storageValue(ref, token.token, await access(), deps);
        deps.hold(value);
        return {
          kind: 'storage-key',
          ref,
          value,
          target: `${ref.account}#${ref.select}`,
          ...(key !== value ? { alsoMask: [key] } : {}),
        };
      } catch (error) {
        return failed(
          ref.account,
          `${ref.account}#${ref.select}`,
          classifyStorageFailure(error, ref, principalOf(token.token).objectId, deps),
          error,
        );
      }
    }
    const audience = CLOUD_RESOURCES[deps.cloud].acrAudience;
    let token: AccessToken;
    try {
      token = await tokenFor(audience);
    } catch (error) {
      return failed(audience, ref.registry, tokenFailure(audience, error), error);
    }
    try {
      const refresh = await (
        await access()
      ).acrRefreshToken(ref.registry, token.token, principalOf(token.token).tenantId, deps.signal);
      checkCredentialLength(refresh, 'a refresh token', MAX_REFRESH_TOKEN_CHARS);
      deps.hold(refresh);
      return { kind: 'acr', ref, value: refresh, target: ref.registry };
    } catch (error) {
      return failed(
        ref.registry,
        ref.registry,
        classifyAcrFailure(error, ref.registry, principalOf(token.token).objectId, deps),
        error,
      );
    }
  };

  const all = await Promise.all([...refs.tokens, ...refs.storageKeys, ...refs.acr].map(one));
  if (wrongIdentity) throw wrongIdentity;
  return {
    credentials: all.filter((o): o is ResourceCredential => 'value' in o),
    failures: all.filter((o): o is FailedReference => !('value' in o)),
    details,
  };
}

/** One listKeys (and one GET of the account) per account, however many references name it. */
const accountAnswers = new WeakMap<
  ResourceAccess,
  Map<string, Promise<{ keys: StorageKey[]; allowSharedKeyAccess?: boolean }>>
>();

async function storageValue(
  ref: StorageKeyReference,
  armToken: string,
  access: ResourceAccess,
  deps: ResourceDependencies,
): Promise<{ value: string; key: string }> {
  let cache = accountAnswers.get(access);
  if (!cache) {
    cache = new Map<string, Promise<{ keys: StorageKey[]; allowSharedKeyAccess?: boolean }>>();
    accountAnswers.set(access, cache);
  }
  const key = ref.accountId.toLowerCase();
  let answer = cache.get(key);
  if (!answer) {
    // listKeys answers even when shared key access is off (the keys exist, they just authorize nothing),
    // so the account's allowSharedKeyAccess is read too. A key operator may lack read permission: then it is not known.
    // Only ARM's refusal is forgiven: the step's deadline passing during the GET fails the step like any other wait.
    const properties = access
      .storageAccount(ref.accountId, armToken, deps.signal)
      .catch((error: unknown): { allowSharedKeyAccess?: boolean } => {
        if (deps.signal.aborted) throw error;
        return {};
      });
    answer = Promise.all([access.listStorageKeys(ref.accountId, armToken, deps.signal), properties]).then(
      ([keys, p]) => {
        checkStorageKeys(keys); // before any is held: a hostile answer's one-letter "keys" would be masks
        for (const k of keys) if (k.value !== '') deps.hold(k.value); // masked on every path, exported or not
        return { keys, ...p };
      },
    );
    cache.set(key, answer);
  }
  const { keys, allowSharedKeyAccess } = await answer;
  if (allowSharedKeyAccess === false) throw new SharedKeyDisabled();
  const wanted = ref.select === 'key2' ? 'key2' : 'key1';
  // An empty value is no key: exported, it would be an empty credential that the step called a success.
  const found = keys.find((k) => k.keyName.toLowerCase() === wanted && k.value !== '');
  if (!found) throw new NoSuchKey(wanted);
  if (ref.select !== 'connection-string') return { value: found.value, key: found.value };
  return {
    value: `DefaultEndpointsProtocol=https;AccountName=${ref.account};AccountKey=${found.value};EndpointSuffix=${CLOUD_RESOURCES[deps.cloud].storageSuffix}`,
    key: found.value,
  };
}
