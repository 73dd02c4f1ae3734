// Export planning: which outputs, env vars and files each fetched secret becomes.
import { certificateDates, planExports } from '../../../../src/read/export/plan.js';
import { makeCertificateSecret } from '../../../../standin/certs.mjs';
import { fetchedSecret } from '../../../helpers/fakes.js';

const fetched = fetchedSecret;

describe('planExports', () => {
  it('names files after the secret, and a second one of the same name after its alias', () => {
    const { items, problems } = planExports(
      [
        fetched('cert', 'a', { input: 'files' }),
        fetched('cert', 'b', {
          input: 'files',
          alias: 'OTHER',
          vault: { name: 'kv2', url: 'https://kv2.vault.azure.net/' },
        }),
      ],
      false,
    );
    expect(problems).toEqual([]);
    expect(items.map((i) => i.fileName)).toEqual(['cert', 'OTHER']);
  });

  it('refuses a JSON leaf that lands on a protected name or another alias', () => {
    const { problems } = planExports(
      [fetched('runner', '{"temp":"/x-value"}'), fetched('db', 'x'), fetched('d', '{"b":"dup-value"}', { alias: 'D' })],
      true,
    );
    expect(problems.map((p) => p.message)).toEqual([expect.stringMatching(/RUNNER_TEMP, a protected name/)]);
    const dup = planExports([fetched('db-host', 'plain-value'), fetched('db', '{"host":"json-value"}')], true);
    expect(dup.problems.map((p) => p.message)).toEqual([expect.stringMatching(/DB_HOST, already exported/)]);
  });
});

describe('planExports: pem: references', () => {
  const kv = makeCertificateSecret({ days: 30 });
  const pemRef = { input: 'files', alias: 'TLS', pem: true as const };

  it('gives three files, NAME.cert.pem, NAME.key.pem and NAME.chain.pem, as ALIAS, ALIAS_KEY and ALIAS_CHAIN, each masking every line of the key', () => {
    const { items, problems } = planExports(
      [fetched('tls-cert', kv.pem, pemRef, { contentType: 'application/x-pem-file', managed: true })],
      false,
    );
    expect(problems).toEqual([]);
    expect(items.map((i) => [i.name, i.fileName, i.pem?.part])).toEqual([
      ['TLS', 'tls-cert.cert.pem', 'cert'],
      ['TLS_KEY', 'tls-cert.key.pem', 'key'],
      ['TLS_CHAIN', 'tls-cert.chain.pem', 'chain'],
    ]);
    expect(items.map((i) => i.pem?.content)).toEqual([kv.leafPem, kv.keyPem, kv.chainPem]);
    const keyLines = kv.keyPem.split('\n').filter((l) => l !== '');
    for (const item of items) expect(item.masks).toEqual(expect.arrayContaining(keyLines));
    expect(certificateDates(items).get(items[0]!.source)).toEqual(items[0]!.pem?.leaf);
  });

  it('names a second certificate of the same name after its alias, every one of its three names free', () => {
    const { items } = planExports(
      [
        fetched('tls-cert', kv.pem, pemRef),
        fetched('tls-cert', kv.pem, {
          ...pemRef,
          alias: 'OTHER',
          vault: { name: 'kv2', url: 'https://kv2.vault.azure.net/' },
        }),
      ],
      false,
    );
    expect(items.map((i) => i.fileName)).toEqual([
      'tls-cert.cert.pem',
      'tls-cert.key.pem',
      'tls-cert.chain.pem',
      'OTHER.cert.pem',
      'OTHER.key.pem',
      'OTHER.chain.pem',
    ]);
  });

  it('refuses a PFX Key Vault did not convert, naming the API version and both fixes, and any other content, saying what it lacks', () => {
    const pfx = { contentType: 'application/x-pkcs12' };
    const { items, problems } = planExports(
      [
        fetched('tls-cert', kv.value, pemRef, { ...pfx, managed: true }),
        fetched('imported-pfx', kv.value, { ...pemRef, alias: 'IMPORTED', line: 2 }, pfx),
        fetched('just-a-cert', kv.leafPem, { ...pemRef, alias: 'CERT', line: 3 }),
      ],
      false,
    );
    expect(items).toEqual([]);
    expect(problems).toEqual([
      {
        input: 'files',
        line: 1,
        message: expect.stringMatching(
          /^TLS: Key Vault returned the certificate kv\/tls-cert as PFX, not PEM: .*API version 2025-07-01.*az keyvault certificate set-attributes --vault-name kv -n tls-cert --policy .*files: tls-cert .*openssl pkcs12/,
        ),
      },
      {
        input: 'files',
        line: 2,
        message: expect.stringMatching(
          /^IMPORTED: kv\/imported-pfx holds a PFX .*az keyvault certificate import --vault-name kv -n imported-pfx/,
        ),
      },
      { input: 'files', line: 3, message: expect.stringMatching(/^CERT: kv\/just-a-cert holds no private key/) },
    ]);
  });
});
