// Key Vault does not enforce a secret's expiry (exp) or activation (nbf): it returns the value anyway.
import type { FetchedSecret } from './plan.js';

export type ExpiryNote = { secret: FetchedSecret; kind: 'expired' | 'expiring' | 'not-yet-valid'; date: Date };

const DAY_MS = 86_400_000;

export function expiryNotes(secrets: readonly FetchedSecret[], now: number, warningDays: number): ExpiryNote[] {
  const notes: ExpiryNote[] = [];
  for (const secret of secrets) {
    const { expiresOn, notBefore } = secret.bundle;
    if (expiresOn && expiresOn.getTime() <= now) notes.push({ secret, kind: 'expired', date: expiresOn });
    else if (expiresOn && expiresOn.getTime() - now <= warningDays * DAY_MS) notes.push({ secret, kind: 'expiring', date: expiresOn });
    if (notBefore && notBefore.getTime() > now) notes.push({ secret, kind: 'not-yet-valid', date: notBefore });
  }
  return notes;
}

const day = (date: Date) => date.toISOString().slice(0, 10);

export function describeExpiry({ secret: { ref }, kind, date }: ExpiryNote, now: number): string {
  const where = `${ref.alias} (${ref.vault.name}/${ref.name}, ${ref.input} line ${ref.line})`;
  switch (kind) {
    case 'expired':
      return `${where} expired on ${day(date)}; Key Vault still returns it. Rotate it: az keyvault secret set --vault-name ${ref.vault.name} -n ${ref.name} --value … --expires <date>`;
    case 'expiring': {
      const days = Math.max(0, Math.ceil((date.getTime() - now) / DAY_MS));
      return `${where} expires on ${day(date)} (in ${days} day${days === 1 ? '' : 's'}). Rotate it before then.`;
    }
    case 'not-yet-valid':
      return `${where} is not valid until ${day(date)} (its activation date, nbf); Key Vault returns it anyway.`;
  }
}
