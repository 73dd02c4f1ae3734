// The write stage: each value written to Key Vault at a low concurrency, in the read side's pace (429s back off
// together) and with its challenge rule (a vault's first request meets the challenge alone: a write started beside
// it would be re-sent without its body). Per secret: the unchanged check when asked, the PUT (through a soft-deleted
// name when asked), and the rotation. Writes cannot be undone: a failure after others were written lists both.
import type { RunContext } from '../context.js';
import type { AzureAccess, SecretStore, SecretWriter } from '../ports.js';
import { WRITE_CONCURRENCY } from '../constants.js';
import { sleepWithin } from '../util/abort.js';
import { ActionError } from '../util/errors.js';
import { factsOf, isAbort } from '../util/sdkErrors.js';
import { createFetcher } from '../vault/fetch.js';
import { classifyVaultFailure, isSecretNotFound } from '../vault/failures.js';
import { say, sayFailure } from '../messages/catalogue.js';
import type { WriteContext } from '../messages/set.js';
import type { SetConfig } from './inputs.js';
import type { LoadedValue } from './values.js';

export interface WriteOutcome {
  loaded: LoadedValue;
  /** The version now latest: the new one, or the unchanged one left alone. */
  version?: string;
  skipped?: boolean;
  /** Older versions this run disabled (keep-versions). */
  disabled: string[];
  /** Why the write failed (nothing written for this secret). */
  error?: string;
  /** Written, but the rotation after it failed. */
  rotationError?: string;
}

/** How long to wait between PUTs while a recovery or a purge finishes: growing, each wait bounded by the deadline. */
const BUSY_WAITS_MS = [500, 1000, 2000, 3000, 5000];

const innerCode = (error: unknown) => factsOf(error).innerCode;
const status = (error: unknown) => factsOf(error).status;

function writerOf(store: SecretStore): SecretWriter {
  if (!store.write) throw new ActionError(say('set.no-writer', {}));
  return store.write;
}

/** Writes every value; never rejects: each secret's outcome says what happened to it. */
export async function writeAll(
  ctx: Pick<RunContext, 'config' | 'deps' | 'deadline'>,
  access: AzureAccess,
  set: SetConfig,
  values: readonly LoadedValue[],
  /** The token's principal id, once the token is in (for messages). */
  principalId: () => string | undefined,
): Promise<WriteOutcome[]> {
  const { deadline } = ctx;
  const { clock, log } = ctx.deps;
  const fetcher = createFetcher(access, {
    concurrency: WRITE_CONCURRENCY,
    signal: deadline,
    clock,
    onThrottled: (what, waitMs) => log.debug(`${what}: throttled (429); waiting ${waitMs} ms`),
  });
  const url = set.vault.url;
  const on = <T>(what: string, op: (w: SecretWriter, store: SecretStore) => Promise<T>) =>
    fetcher.call(url, what, (store) => op(writerOf(store), store));
  return Promise.all(values.map((loaded) => writeOne(ctx, on, set, loaded, principalId)));
}

async function writeOne(
  ctx: Pick<RunContext, 'config' | 'deps' | 'deadline'>,
  on: <T>(what: string, op: (w: SecretWriter, store: SecretStore) => Promise<T>) => Promise<T>,
  set: SetConfig,
  loaded: LoadedValue,
  principalId: () => string | undefined,
): Promise<WriteOutcome> {
  const { name } = loaded.secret;
  const c: WriteContext = {
    vault: set.vault.name,
    secret: name,
    get principalId() {
      return principalId();
    },
  };
  const { deadline } = ctx;
  const timeoutSeconds = ctx.config.timeoutSeconds;
  const outcome: WriteOutcome = { loaded, disabled: [] };
  try {
    if (set.skipUnchanged) {
      const latest = await on(`${name} (unchanged?)`, (_w, store) => store.getSecret(name, undefined, deadline)).catch(
        (error: unknown) => {
          if (isSecretNotFound(error)) return undefined;
          throw error;
        },
      );
      if (latest && latest.value === loaded.value && (latest.contentType ?? '') === (set.contentType ?? '')) {
        return { ...outcome, version: latest.version, skipped: true };
      }
    }
    const put = () =>
      on(name, (w) =>
        w.setSecret(
          name,
          loaded.value,
          {
            ...(set.contentType !== undefined ? { contentType: set.contentType } : {}),
            ...(set.expiresOn ? { expiresOn: set.expiresOn } : {}),
            ...(Object.keys(set.tags).length > 0 ? { tags: set.tags } : {}),
          },
          deadline,
        ),
      );
    /** PUTs again while Key Vault says the name is still on its way back (or out). */
    const putWhileBusy = async (busy: readonly string[], what: 'recovered' | 'purged') => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await put();
        } catch (error) {
          if (status(error) !== 409 || !busy.includes(innerCode(error) ?? '')) throw error;
          try {
            await sleepWithin(ctx.deps.clock, BUSY_WAITS_MS[Math.min(attempt, BUSY_WAITS_MS.length - 1)]!, deadline);
          } catch {
            throw new ActionError(say('set.still-busy', { ...c, what, seconds: timeoutSeconds }));
          }
        }
      }
    };
    let written: { version: string };
    try {
      written = await put();
    } catch (error) {
      if (status(error) !== 409 || innerCode(error) !== 'ObjectIsDeletedButRecoverable') throw error;
      if (set.onDeleted === 'fail') {
        const deleted = await on(`${name} (deleted)`, (w) => w.getDeletedSecret(name, deadline)).catch(() => undefined);
        throw new ActionError(say('set.deleted', { ...c, purgeDate: deleted?.scheduledPurgeDate?.toISOString() }));
      }
      if (set.onDeleted === 'recover') {
        await on(`${name} (recover)`, (w) => w.recoverDeletedSecret(name, deadline));
        written = await putWhileBusy(['ObjectIsBeingRecovered', 'ObjectIsDeletedButRecoverable'], 'recovered');
      } else {
        try {
          await on(`${name} (purge)`, (w) => w.purgeDeletedSecret(name, deadline));
        } catch (purgeError) {
          if (status(purgeError) === 403 && /purge protection|not allowed/i.test(factsOf(purgeError).text))
            throw new ActionError(say('set.purge-protected', c));
          throw purgeError;
        }
        written = await putWhileBusy(['ObjectIsBeingDeleted', 'ObjectIsDeletedButRecoverable'], 'purged');
      }
    }
    outcome.version = written.version;
  } catch (error) {
    return { ...outcome, error: describeWriteFailure(error, c, set, timeoutSeconds) };
  }
  if (set.keepVersions > 0) {
    try {
      outcome.disabled = await rotate(on, name, set.keepVersions, outcome.version, deadline);
    } catch (error) {
      outcome.rotationError = describeWriteFailure(error, c, set, timeoutSeconds);
    }
  }
  return outcome;
}

/**
 * Disables the enabled versions older than the newest `keep` (the one just written counts); never deletes. Returns
 * the versions disabled, oldest last.
 */
async function rotate(
  on: <T>(what: string, op: (w: SecretWriter, store: SecretStore) => Promise<T>) => Promise<T>,
  name: string,
  keep: number,
  written: string,
  deadline: AbortSignal,
): Promise<string[]> {
  const versions = await on(`${name} (versions)`, (w) => w.listVersions(name, deadline));
  const newestFirst = [...versions].sort(
    (a, b) =>
      (a.version === written ? -1 : 0) - (b.version === written ? -1 : 0) ||
      (b.createdOn?.getTime() ?? 0) - (a.createdOn?.getTime() ?? 0),
  );
  const older = newestFirst.slice(keep).filter((v) => v.enabled && v.version !== written);
  const disabled: string[] = [];
  for (const v of older) {
    await on(`${name}/${v.version} (disable)`, (w) => w.disableVersion(name, v.version, deadline));
    disabled.push(v.version);
  }
  return disabled;
}

/** The reason a write failed, naming the role or permission where Key Vault refused it. */
export function describeWriteFailure(error: unknown, c: WriteContext, set: SetConfig, timeoutSeconds: number): string {
  if (error instanceof ActionError) return error.message;
  if (!isAbort(error) && status(error) === 403) {
    const inner = innerCode(error);
    const options = { skipUnchanged: set.skipUnchanged, keepVersions: set.keepVersions, onDeleted: set.onDeleted };
    if (inner === 'ForbiddenByRbac') return say('set.forbidden-by-rbac', { ...c, options }).text;
    if (inner === 'ForbiddenByPolicy' || inner === 'AccessDenied')
      return say('set.forbidden-by-policy', { ...c, options }).text;
  }
  return sayFailure(
    classifyVaultFailure(
      error,
      {
        vault: c.vault,
        vaultUrl: set.vault.url,
        secret: c.secret,
        cloud: '',
        ...(c.principalId ? { principalId: c.principalId } : {}),
      },
      timeoutSeconds,
    ),
  ).text;
}

/** Every secret written (or left alone), or one error listing exactly what was written, with versions, and what not. */
export function requireAllWritten(outcomes: readonly WriteOutcome[]): void {
  if (!outcomes.some((o) => o.error !== undefined || o.rotationError !== undefined)) return;
  throw new ActionError(
    say('set.write-failed', {
      written: outcomes
        .filter((o) => o.version !== undefined)
        .map((o) => ({
          name: o.loaded.secret.name,
          version: o.version!,
          skipped: o.skipped === true,
          disabled: o.disabled,
          rotationError: o.rotationError,
        })),
      notWritten: outcomes
        .filter((o) => o.error !== undefined)
        .map((o) => ({ name: o.loaded.secret.name, error: o.error! })),
    }),
  );
}
