// Expiry notes for the secrets fetched.
import { describeExpiry, expiryNotes } from '../../../../src/read/export/expiry.js';
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

describe("a pem: reference's certificate", () => {
  const now = Date.UTC(2026, 10, 22);
  const day = 86_400_000;
  it("is judged by the certificate's dates, not the secret's, and says so", () => {
    const secret = fetched('tls-cert', 'pem', { input: 'files', pem: true }, { expiresOn: new Date(now + 300 * day) });
    const leaf = { notBefore: new Date(now - day), notAfter: new Date(now + 3 * day) };
    const notes = expiryNotes([secret], now, 14, new Map([[secret, leaf]]));
    expect(notes).toEqual([{ secret, kind: 'expiring', date: leaf.notAfter, certificate: true }]);
    expect(describeExpiry(notes[0]!, now).text).toBe(
      'TLS_CERT (kv/tls-cert, files line 1): its certificate expires on 2026-11-25 (in 3 days). Renew it before then.',
    );
    const expired = expiryNotes([secret], now, 14, new Map([[secret, { ...leaf, notAfter: new Date(now - day) }]]));
    expect(describeExpiry(expired[0]!, now).text).toMatch(/its certificate expired on 2026-11-21 \(notAfter\)/);
    expect(expiryNotes([secret], now, 14)).toEqual([]);
  });
});
