// files: pem:NAME through the real SDK against the stand-in: Key Vault converts a certificate's PFX to PEM, the step
// writes its key, certificate and chain as 0600 files and masks every line, the summary shows the certificate's
// expiry, and the post step removes the files. A vault that returns the PFX anyway is refused, naming the fix.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { makeCertificateSecret } from '../../standin/certs.mjs';
import { runPostStep } from '../../standin/runner.mjs';
import { expectMaskedAndNotLeaked, expectNothingExported, sampleVault, useStandin } from '../helpers/standin.js';

const ctx = useStandin();
const certificate = makeCertificateSecret({ days: 10 });
/** The same material kept as a plain secret: a PEM bundle, CRLF, not a certificate's own. */
const plainPem = {
  value: (certificate.keyPem + certificate.leafPem + certificate.chainPem).replace(/\n/g, '\r\n'),
  contentType: 'application/x-pem-file',
};
const day = (date: Date) => date.toISOString().slice(0, 10);

it("writes a certificate's key, certificate and chain as 0600 PEM files, masked, with its expiry in the summary, and the post step removes them", async () => {
  sampleVault(ctx.s, { 'tls-cert': certificate, 'pem-bundle': plainPem });
  const r = await ctx.step({
    keyvault: 'ml-prod-kv',
    secrets: '',
    files: 'pem:tls-cert\nBUNDLE=pem:pem-bundle',
    'export-env': 'true',
  });

  expect(r.errors).toEqual([]);
  const paths = ['TLS_CERT', 'TLS_CERT_KEY', 'TLS_CERT_CHAIN', 'BUNDLE', 'BUNDLE_KEY', 'BUNDLE_CHAIN'].map(
    (name) => r.outputs[name]!,
  );
  expect(paths.map((p) => basename(p))).toEqual([
    'tls-cert.cert.pem',
    'tls-cert.key.pem',
    'tls-cert.chain.pem',
    'pem-bundle.cert.pem',
    'pem-bundle.key.pem',
    'pem-bundle.chain.pem',
  ]);
  expect(r.env).toEqual(r.outputs);
  const expected = [certificate.leafPem, certificate.keyPem, certificate.chainPem];
  expect(paths.map((p) => readFileSync(p, 'utf8'))).toEqual([...expected, ...expected]);
  /* eslint-disable jest/no-conditional-expect -- POSIX modes only; the Windows ACL has its own test (unit/export/windows.test.ts) */
  if (process.platform !== 'win32') for (const p of paths) expect(statSync(p).mode & 0o777).toBe(0o600);
  /* eslint-enable jest/no-conditional-expect */

  // The certificate was asked for as PEM; the plain secret, which Key Vault will not convert, then as it is.
  const gets = ctx.s.requests().filter((q) => q.service === 'vault' && q.status !== 401);
  expect(gets.map((q) => [q.path, q.status, /outContentType=application%2Fx-pem-file/.test(q.search ?? '')])).toEqual(
    expect.arrayContaining([
      ['/secrets/tls-cert/', 200, true],
      ['/secrets/pem-bundle/', 400, true],
      ['/secrets/pem-bundle/', 200, false],
    ]),
  );

  // Every line of the key (and of the rest) is a mask; none is anywhere in the log, the summary or the state.
  expectMaskedAndNotLeaked(r, [certificate.keyPem, certificate.pem, plainPem.value], ctx.s.entra.issuedTokens());
  const notAfter = day(certificate.exp);
  expect(r.summary).toMatch(
    new RegExp(`\\| \`TLS_CERT_KEY\` \\|.*\\| ${notAfter} \\(certificate\\) \\| PEM private key file`),
  );
  expect(r.summary).toMatch(/\| `TLS_CERT_CHAIN` \|.*PEM chain file, 2 certificates/);
  expect(r.warnings).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^TLS_CERT \(ml-prod-kv\/tls-cert, files line 1\): its certificate expires on/),
    ]),
  );

  const post = await runPostStep(r);
  expect(post.code).toBe(0);
  for (const p of paths) expect(existsSync(p)).toBe(false);
  expect(existsSync(dirname(paths[0]!))).toBe(false);
  post.cleanup();
});

it('refuses a certificate the vault returns as PFX, naming the API version and the fixes, and writes nothing', async () => {
  sampleVault(ctx.s, { 'tls-cert': certificate }, { convertsToPem: false }); // a vault whose API predates the conversion
  const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: '', files: 'TLS=pem:tls-cert' });

  expect(r.errors).toEqual([
    expect.stringMatching(
      /files line 1: TLS: Key Vault returned the certificate ml-prod-kv\/tls-cert as PFX, not PEM: .*2025-07-01.*set-attributes.*openssl pkcs12/,
    ),
  ]);
  expectNothingExported(r);
  expect(readdirSync(r.runnerTemp)).toEqual([]);
  expectMaskedAndNotLeaked(r, [certificate.value], ctx.s.entra.issuedTokens());
});
