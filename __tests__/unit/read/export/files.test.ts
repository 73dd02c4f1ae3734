// What a secret written to a file contains.
import { fileContent } from '../../../../src/read/export/files.js';

describe('fileContent', () => {
  it('decodes a PFX from base64 and writes everything else as text', () => {
    const bytes = Buffer.from([0, 1, 2, 250, 251]);
    expect(
      fileContent({ value: bytes.toString('base64'), version: '', enabled: true, contentType: 'application/x-pkcs12' }),
    ).toEqual(bytes);
    expect(
      fileContent({
        value: '-----BEGIN X-----\n',
        version: '',
        enabled: true,
        contentType: 'application/x-pem-file',
      }).toString(),
    ).toBe('-----BEGIN X-----\n');
    expect(fileContent({ value: 'ü', version: '', enabled: true }).toString('utf8')).toBe('ü');
  });
});
