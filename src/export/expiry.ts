// Key Vault does not enforce a secret's expiry (exp) or activation (nbf): it returns the value anyway.
import type { Config } from '../inputs/config.js';
import type { Clock } from '../util/clock.js';
import { ActionError } from '../util/errors.js';
import { say } from '../messages/catalogue.js';
import type { Said } from '../messages/entry.js';
import type { FetchedSecret } from './plan.js';

export type ExpiryNote = { secret: FetchedSecret; kind: 'expired' | 'expiring' | 'not-yet-valid'; date: Date };

const DAY_MS = 86_400_000;

export function expiryNotes(secrets: readonly FetchedSecret[], now: number, warningDays: number): ExpiryNote[] {
  const notes: ExpiryNote[] = [];
  for (const secret of secrets) {
    const { expiresOn, notBefore } = secret.bundle;
    if (expiresOn && expiresOn.getTime() <= now) notes.push({ secret, kind: 'expired', date: expiresOn });
    else if (expiresOn && expiresOn.getTime() - now <= warningDays * DAY_MS)
      notes.push({ secret, kind: 'expiring', date: expiresOn });
    if (notBefore && notBefore.getTime() > now) notes.push({ secret, kind: 'not-yet-valid', date: notBefore });
  }
  return notes;
}

const day = (date: Date) => date.toISOString().slice(0, 10);

export function describeExpiry({ secret: { ref }, kind, date }: ExpiryNote, now: number): Said {
  const dated = {
    alias: ref.alias,
    vault: ref.vault.name,
    name: ref.name,
    input: ref.input,
    line: ref.line,
    date: day(date),
  };
  switch (kind) {
    case 'expired':
      return say('export.secret-expired', dated);
    case 'expiring':
      return say('export.secret-expiring', { ...dated, days: Math.max(0, Math.ceil((date.getTime() - now) / DAY_MS)) });
    case 'not-yet-valid':
      return say('export.secret-not-yet-valid', dated);
  }
}

/** Warns about expired, expiring and not-yet-valid secrets; with fail-on-expired, an expired one fails the step. */
export function checkExpiry(
  secrets: FetchedSecret[],
  config: Pick<Config, 'expiryWarningDays' | 'failOnExpired'>,
  clock: Clock,
  warn: (message: string) => void,
): void {
  const now = clock.now();
  const notes = expiryNotes(secrets, now, config.expiryWarningDays);
  const expired = notes.filter((n) => n.kind === 'expired');
  if (config.failOnExpired && expired.length > 0) {
    throw new ActionError(say('export.expired', { lines: expired.map((n) => `  ${describeExpiry(n, now).text}`) }));
  }
  for (const note of notes) warn(describeExpiry(note, now).text);
}
