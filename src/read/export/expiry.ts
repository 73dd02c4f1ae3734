// Key Vault does not enforce a secret's expiry (exp) or activation (nbf): it returns the value anyway.
import type { Config } from '../../inputs/config.js';
import type { Clock } from '../../util/clock.js';
import { ActionError } from '../../util/errors.js';
import { say } from '../../messages/catalogue.js';
import type { Said } from '../../messages/entry.js';
import type { CertificateDates } from './pem.js';
import type { FetchedSecret } from './plan.js';

export type ExpiryNote = {
  secret: FetchedSecret;
  kind: 'expired' | 'expiring' | 'not-yet-valid';
  date: Date;
  /** The dates are a pem: reference's certificate's (notAfter, notBefore), not the secret's. */
  certificate?: true;
};

const DAY_MS = 86_400_000;

/**
 * `certificates`: a pem: reference's certificate dates, which stand in for its secret's: TLS checks the certificate's
 * (Key Vault gives a certificate's secret the same dates; a PEM kept as a plain secret has its own, or none).
 */
export function expiryNotes(
  secrets: readonly FetchedSecret[],
  now: number,
  warningDays: number,
  certificates: ReadonlyMap<FetchedSecret, CertificateDates> = new Map(),
): ExpiryNote[] {
  const notes: ExpiryNote[] = [];
  for (const secret of secrets) {
    const leaf = certificates.get(secret);
    const { expiresOn, notBefore } = leaf ? { expiresOn: leaf.notAfter, notBefore: leaf.notBefore } : secret.bundle;
    const of = leaf ? { certificate: true as const } : {};
    if (expiresOn && expiresOn.getTime() <= now) notes.push({ secret, kind: 'expired', date: expiresOn, ...of });
    else if (expiresOn && expiresOn.getTime() - now <= warningDays * DAY_MS)
      notes.push({ secret, kind: 'expiring', date: expiresOn, ...of });
    if (notBefore && notBefore.getTime() > now) notes.push({ secret, kind: 'not-yet-valid', date: notBefore, ...of });
  }
  return notes;
}

const day = (date: Date) => date.toISOString().slice(0, 10);

export function describeExpiry({ secret: { ref }, kind, date, certificate }: ExpiryNote, now: number): Said {
  const dated = {
    alias: ref.alias,
    vault: ref.vault.name,
    name: ref.name,
    input: ref.input,
    line: ref.line,
    date: day(date),
  };
  const days = Math.max(0, Math.ceil((date.getTime() - now) / DAY_MS));
  switch (kind) {
    case 'expired':
      return say(certificate ? 'export.certificate-expired' : 'export.secret-expired', dated);
    case 'expiring':
      return say(certificate ? 'export.certificate-expiring' : 'export.secret-expiring', { ...dated, days });
    case 'not-yet-valid':
      return say(certificate ? 'export.certificate-not-yet-valid' : 'export.secret-not-yet-valid', dated);
  }
}

/**
 * Warns about expired, expiring and not-yet-valid secrets (a pem: reference: its certificate); with
 * fail-on-expired, an expired one fails the step.
 */
export function checkExpiry(
  secrets: FetchedSecret[],
  config: Pick<Config, 'expiryWarningDays' | 'failOnExpired'>,
  clock: Clock,
  warn: (message: string) => void,
  certificates?: ReadonlyMap<FetchedSecret, CertificateDates>,
): void {
  const now = clock.now();
  const notes = expiryNotes(secrets, now, config.expiryWarningDays, certificates);
  const expired = notes.filter((n) => n.kind === 'expired');
  if (config.failOnExpired && expired.length > 0) {
    throw new ActionError(say('export.expired', { lines: expired.map((n) => `  ${describeExpiry(n, now).text}`) }));
  }
  for (const note of notes) warn(describeExpiry(note, now).text);
}
