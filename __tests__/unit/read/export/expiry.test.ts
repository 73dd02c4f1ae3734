// Expiry notes for the secrets fetched.
import { expiryNotes } from '../../../../src/read/export/expiry.js';
import { fetchedSecret } from '../../../helpers/fakes.js';

const fetched = fetchedSecret;

describe('expiryNotes', () => {
  const now = Date.UTC(2026, 10, 22);
  const day = 86_400_000;
  it.each([
    [{ expiresOn: new Date(now - day) }, ['expired']],
    [{ expiresOn: new Date(now + 3 * day) }, ['expiring']],
    [{ expiresOn: new Date(now + 30 * day) }, []],
    [{ notBefore: new Date(now + day) }, ['not-yet-valid']],
    [{ notBefore: new Date(now - day), expiresOn: new Date(now + 14 * day) }, ['expiring']],
    [{}, []],
  ])('%o', (dates, kinds) => {
    expect(expiryNotes([fetched('s', 'v', {}, dates)], now, 14).map((n) => n.kind)).toEqual(kinds);
  });
});
