// The credential the vault clients use: it hands them the run's one token, acquired (and retried) by the
// action, so a run makes exactly one token request however many vaults it reads; and only for the
// audience that token is for (vault/challenge.ts).
import type { GetTokenOptions, TokenCredential } from '@azure/identity';
import { untilAborted } from '../util/abort.js';
import type { AccessToken } from '../ports.js';
import { refuseOtherAudience } from '../vault/challenge.js';

export class RunTokenCredential implements TokenCredential {
  #settle!: (outcome: AccessToken | Error) => void;
  readonly #token = new Promise<AccessToken>((resolve, reject) => {
    this.#settle = (outcome) => (outcome instanceof Error ? reject(outcome) : resolve(outcome));
  });

  constructor(
    /** The cloud's Key Vault scope (vaultScope), the run's token's. */
    private readonly scope: string,
    /** Told when a vault client asks for the token: its challenge has been answered. */
    private readonly asked: () => void = () => {},
  ) {
    this.#token.catch(() => {}); // a failure is reported by the action, not as an unhandled rejection
  }

  share(outcome: AccessToken | Error): void {
    this.#settle(outcome);
  }

  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    this.asked();
    // Any other audience is refused here (a rejection, as async), before any identity request: no credential ever sees it.
    refuseOtherAudience(scopes, this.scope);
    return untilAborted(this.#token, options?.abortSignal);
  }
}
