// A vault's 401 challenge names the audience of the token it wants, and the SDK asks the credential for
// exactly that. The run holds one token, for its cloud's Key Vault audience: a challenge that names any
// other one (the SDK lets through any DNS suffix of the vault's host, such as https://azure.net) is
// refused before any token is asked for, since that token would then be sent to whatever answered.
import { untrusted } from '../policy/untrusted.js';

/** How much of the audience a challenge named is printed (it came from whatever answered for the vault). */
const MAX_SHOWN = 120;

/** The audience a scope names (the SDK asks for the challenge's resource + "/.default"). */
const audienceOf = (scope: string) => scope.replace(/\/\.default$/, '');

/**
 * An audience from a challenge, quoted: one line, no workflow command, capped (untrusted cuts after the quotes are
 * escaped, and only its "##[" escape can lengthen what it kept: at most 8 characters for every 3).
 */
export const shownAudience = (scope: string) => `"${untrusted(audienceOf(scope).replaceAll('"', '\\"'), MAX_SHOWN)}"`;

/** A vault's challenge named another audience than the cloud's Key Vault one; no token was asked for. */
export class ChallengeAudienceRefused extends Error {
  override readonly name = 'ChallengeAudienceRefused';
  /** What the challenge asked for, quoted and safe to print. */
  readonly asked: string;
  /** The cloud's Key Vault audience, e.g. https://vault.azure.net. */
  readonly expected: string;
  constructor(scopes: readonly string[], expectedScope: string) {
    const asked = scopes.length === 0 ? 'no audience' : scopes.map(shownAudience).join(', ');
    const expected = audienceOf(expectedScope);
    super(`the vault's challenge asked for a token for ${asked}, not for ${expected}`);
    this.asked = asked;
    this.expected = expected;
  }
}

/** The only scope the vault clients' credential answers: the cloud's Key Vault scope, alone. */
export function refuseOtherAudience(scopes: string | readonly string[], vaultScope: string): void {
  const requested = typeof scopes === 'string' ? [scopes] : scopes;
  if (requested.length !== 1 || requested[0] !== vaultScope) throw new ChallengeAudienceRefused(requested, vaultScope);
}
