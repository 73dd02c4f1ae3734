// A certificate's PEM split into key, certificate and chain: what Key Vault returns is split exactly, and hostile text
// (malformed, oversized, extra blocks, a key that is not the certificate's) is refused without quoting any of it.
import { X509Certificate } from 'node:crypto';
import fc from 'fast-check';
import { MAX_CERTIFICATES, MAX_PEM_CHARS, splitPem } from '../../../../src/read/export/pem.js';
import { makeCertificateSecret } from '../../../../standin/certs.mjs';
import { hostileText, hostileTextAnySize } from '../../../helpers/hostile.js';

const kv = makeCertificateSecret({ days: 30 });
const other = makeCertificateSecret({ days: 30 });
const [intermediate, root] = kv.chainPem.split(/(?<=-----END CERTIFICATE-----\n)/);

/** Every line of `text` long enough to mean something (a base64 line, a boundary). */
const linesOf = (text: string) =>
  text
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    .filter((l) => l.length >= 6);

function refused(text: string): string {
  const split = splitPem(text);
  if (split.ok) throw new Error('split, not refused');
  return split.reason;
}

describe('splitPem splits', () => {
  it("Key Vault's PEM (key, leaf, issuers) into the key, the leaf and the chain in the vault's order, with the leaf's dates", () => {
    const split = splitPem(kv.pem);
    expect(split).toMatchObject({ ok: true });
    if (!split.ok) return;
    expect(split.files.key).toBe(kv.keyPem);
    expect(split.files.cert).toBe(kv.leafPem);
    expect(split.files.chain).toBe(kv.chainPem);
    expect(split.files.chainLength).toBe(2);
    const leaf = new X509Certificate(kv.leafPem);
    expect(split.files.leaf).toEqual({ notBefore: leaf.validFromDate, notAfter: leaf.validToDate });
  });

  const body = (pem: string) => pem.split('\n').slice(1, -2).join('');
  const unwrapped = `-----BEGIN CERTIFICATE-----\n${body(kv.leafPem)}\n-----END CERTIFICATE-----\n`;
  it.each([
    ['CRLF', kv.pem.replace(/\n/g, '\r\n'), kv.chainPem],
    [
      'text between blocks (openssl pkcs12 -nodes output)',
      `Bag Attributes\n    localKeyID: 01 00 00 00\nsubject=/CN=client\n${kv.keyPem}issuer=/CN=ca\n${kv.leafPem}${kv.chainPem}`,
      kv.chainPem,
    ],
    ['the leaf between its issuers, the key last', intermediate! + kv.leafPem + root! + kv.keyPem, kv.chainPem],
    ['the issuers the other way round', kv.keyPem + kv.leafPem + root! + intermediate!, root! + intermediate!],
    ['a body on one line', kv.keyPem + unwrapped + kv.chainPem, kv.chainPem],
    ['indented lines, trailing blanks', `  ${kv.pem.replace(/\n/g, '  \n')}`, kv.chainPem],
  ])('the same files from %s', (_, text, chain) => {
    expect(splitPem(text)).toMatchObject({ ok: true, files: { key: kv.keyPem, cert: kv.leafPem, chain } });
  });

  it('a self-signed certificate alone: an empty chain', () => {
    const selfSigned = splitPem(kv.keyPem + kv.leafPem);
    expect(selfSigned).toMatchObject({ ok: true, files: { chain: '', chainLength: 0 } });
  });
});

describe('splitPem refuses, naming what is wrong and quoting nothing', () => {
  const key = kv.keyPem;
  const leaf = kv.leafPem;
  const cases: [string, string, RegExp][] = [
    ['a PFX (base64, no PEM)', kv.value, /holds no PEM block/],
    ['a certificate without its key', kv.leafPem + kv.chainPem, /holds no private key.*exportable/],
    ['two keys', key + other.keyPem + leaf, /more than one private key/],
    ['a key without a certificate', key, /holds no certificate/],
    ['a key that belongs to none of the certificates', other.keyPem + leaf + kv.chainPem, /belongs to none/],
    ['an encrypted key', key.replaceAll('PRIVATE KEY', 'ENCRYPTED PRIVATE KEY') + leaf, /encrypted private key/],
    ['a public key block', key + leaf + '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n', /other than/],
    ['a block never closed', key + leaf.replace('-----END CERTIFICATE-----\n', ''), /never closed/],
    ['a block ended under another label', key.replace('END PRIVATE KEY', 'END CERTIFICATE') + leaf, /another label/],
    ['a block opened inside another', key.replace('-----END PRIVATE KEY-----\n', '') + leaf, /opens inside/],
    [
      'old OpenSSL encryption headers',
      key.replace('KEY-----\n', 'KEY-----\nProc-Type: 4,ENCRYPTED\n') + leaf,
      /headers/,
    ],
    ['a body that is not base64', key + leaf.replace(/\n[A-Za-z0-9+/]{10}/, '\n!@#$%^&*()'), /not base64/],
    ['a body with bad padding', key + leaf.replace('-----END', '=\n-----END'), /not base64/],
    ['a stray boundary', `-----END CERTIFICATE-----\n${key}${leaf}`, /PEM boundary/],
    [
      'a certificate that is not X.509',
      key + '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n' + leaf,
      /number 1.*not valid X\.509/,
    ],
    ['a key Node cannot read', '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n' + leaf, /cannot read/],
    ['too many certificates', key + leaf + intermediate!.repeat(MAX_CERTIFICATES), /more than 16 certificates/],
    ['more than the cap', key + leaf + ' '.repeat(MAX_PEM_CHARS), /larger than 64 KiB/],
  ];
  it.each(cases)('%s', (_, text, reason) => {
    const why = refused(text);
    expect(why).toMatch(reason);
    for (const line of linesOf(text)) expect(why).not.toContain(line);
  });
});

describe('splitPem on hostile text (property-based)', () => {
  // Blocks of any label and body, shuffled with real ones, with stray text, line endings and whitespace.
  const realBlock = fc.constantFrom(kv.keyPem, kv.leafPem, intermediate!, root!, other.keyPem, other.leafPem);
  const label = fc.constantFrom('CERTIFICATE', 'PRIVATE KEY', 'RSA PRIVATE KEY', 'PUBLIC KEY', 'X509 CRL', 'cert');
  const fakeBlock = fc
    .tuple(label, fc.string({ unit: fc.constantFrom(...'AB+/=\n :x-'), maxLength: 80 }))
    .map(([l, body]) => `-----BEGIN ${l}-----\n${body}\n-----END ${l}-----\n`);
  const noise = fc.oneof(fc.string({ maxLength: 40 }), hostileText(4));
  const text = fc
    .array(fc.oneof(realBlock, fakeBlock, noise), { maxLength: 8 })
    .chain((parts) => fc.tuple(fc.constant(parts.join('')), fc.constantFrom('\n', '\r\n', '\r')))
    .map(([t, eol]) => t.replace(/\n/g, eol));

  it('never throws, and a refusal quotes no line of the text', () => {
    fc.assert(
      fc.property(text, (t) => {
        const split = splitPem(t);
        const reason = split.ok ? '' : split.reason;
        expect(linesOf(t).filter((line) => !/^-+$/.test(line) && reason.includes(line))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('a key and its certificate among issuers and stray lines, in any order and line ending: the same three files', () => {
    const stray = fc
      .string({ maxLength: 40 })
      .filter((l) => !/[\r\n]/.test(l) && !l.trim().startsWith('-----'))
      .map((l) => `${l}\n`);
    const blocks = fc.shuffledSubarray([kv.keyPem, kv.leafPem, intermediate!, root!], { minLength: 4 });
    const laidOut = fc
      .tuple(blocks, fc.array(stray, { minLength: 5, maxLength: 5 }), fc.constantFrom('\n', '\r\n', '\r'))
      .map(([b, lines, eol]) => ({
        text: b
          .map((block, i) => lines[i] + block)
          .join('')
          .replace(/\n/g, eol),
        chain: b.filter((block) => block === intermediate || block === root).join(''),
      }));
    fc.assert(
      fc.property(laidOut, ({ text: t, chain }) => {
        expect(splitPem(t)).toMatchObject({ ok: true, files: { key: kv.keyPem, cert: kv.leafPem, chain } });
      }),
      { numRuns: 100 },
    );
  });

  it('any string at all: never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 2000 }), hostileTextAnySize()), (t) => {
        expect(typeof splitPem(t).ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });
});
