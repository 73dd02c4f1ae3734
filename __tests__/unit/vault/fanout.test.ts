import type { AzureAccess, SecretStore } from '../../../src/ports.js';
import { createFetcher } from '../../../src/vault/fetch.js';
import { bundle, secretRef, FakeClock } from '../../helpers/fakes.js';

const ref = (name: string) => secretRef(name, 'kv');

/** A vault whose first answer is held until released; `authorize` settles the store's `authorized`. */
function heldVault(withAuthorized: boolean) {
  const log: string[] = [];
  let authorize!: () => void;
  let releaseFirst!: () => void;
  const authorized = new Promise<void>((resolve) => (authorize = resolve));
  const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
  const store: SecretStore = {
    ...(withAuthorized ? { authorized } : {}),
    listSecrets: () => Promise.resolve([]),
    getSecret: async (name) => {
      log.push(`start ${name}`);
      if (name === 'a') await firstHeld;
      log.push(`end ${name}`);
      return bundle(name);
    },
  };
  const access: AzureAccess = {
    identityEndpoint: 'http://imds',
    federatedClaims: () => undefined,
    acquireToken: () => Promise.resolve({ token: 't', expiresOnTimestamp: 0 }),
    shareToken: () => {},
    vault: () => store,
  };
  return { access, log, authorize, releaseFirst };
}

const settle = () => new Promise((r) => setTimeout(r, 5));

describe('a vault’s first request and the rest', () => {
  it('sends the rest once the first is sent again with a token (its challenge answered), before the first is answered', async () => {
    const v = heldVault(true);
    const done = createFetcher(v.access, {
      concurrency: 8,
      signal: new AbortController().signal,
      clock: new FakeClock(),
    }).fetchAll([ref('a'), ref('b'), ref('c')]);
    await settle();
    expect(v.log).toEqual(['start a']); // the challenge is not answered yet: the first goes alone
    v.authorize();
    await settle();
    expect(v.log).toEqual(['start a', 'start b', 'end b', 'start c', 'end c']);
    v.releaseFirst();
    expect((await done).map((o) => o.bundle?.value)).toEqual(['a', 'b', 'c']);
  });

  it('without that signal, the rest wait for the first answer', async () => {
    const v = heldVault(false);
    const done = createFetcher(v.access, {
      concurrency: 8,
      signal: new AbortController().signal,
      clock: new FakeClock(),
    }).fetchAll([ref('a'), ref('b')]);
    await settle();
    expect(v.log).toEqual(['start a']);
    v.releaseFirst();
    await done;
    expect(v.log.slice(0, 2)).toEqual(['start a', 'end a']);
  });
});
