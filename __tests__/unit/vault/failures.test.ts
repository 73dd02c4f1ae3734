// Key Vault's 400 for an API version the vault's region does not serve becomes an error naming the version
// and the cloud; only version-shaped text from the body is ever printed. Pure: errors shaped as the SDK's
// RestError carries Key Vault's body (statusCode, details.error, message).
import fc from 'fast-check';
import { sayFailure } from '../../../src/messages/catalogue.js';
import type { VaultContext } from '../../../src/messages/vault.js';
import { classifyVaultFailure, refusedApiVersion } from '../../../src/vault/failures.js';

const describeVaultFailure = (...a: Parameters<typeof classifyVaultFailure>) =>
  sayFailure(classifyVaultFailure(...a)).text;
const C: VaultContext = {
  vault: 'gov-kv',
  vaultUrl: 'https://gov-kv.vault.usgovcloudapi.net/',
  secret: 'db',
  cloud: 'AzureUSGovernment',
};
/** What the SDK throws for Key Vault's {"error":{"code","message"}} with this status. */
const restError = (status: number, code: string, message: string) =>
  Object.assign(new Error(message), { name: 'RestError', statusCode: status, details: { error: { code, message } } });
const notRecognized = (sent: string, newest: string) =>
  `The specified version (${sent}) is not recognized. Consider using the latest supported version (${newest}).`;

describe('an API version the vault does not serve', () => {
  it.each([
    ['7.5', '7.4'],
    ['2026-04-01', '7.6'],
    ['7.6-preview.2', '2016-10-01'],
  ])('sent %s, newest %s: named, with the cloud', (sent, newest) => {
    const error = restError(400, 'BadParameter', notRecognized(sent, newest));
    expect(refusedApiVersion(error)).toEqual({ sent, newest });
    const text = describeVaultFailure(error, C, 60);
    expect(text).toMatch(
      new RegExp(
        `^API version not served: gov-kv\\.vault\\.usgovcloudapi\\.net \\(cloud AzureUSGovernment\\) does not recognize Key Vault API version ${sent.replaceAll('.', '\\.')}, ` +
          `the one this action sends in AzureUSGovernment; it names ${newest.replaceAll('.', '\\.')} as the newest it serves\\.`,
      ),
    );
  });

  it('without the suggestion, still named', () => {
    const error = restError(400, 'BadParameter', 'The specified version (7.5) is not recognized.');
    expect(refusedApiVersion(error)).toEqual({ sent: '7.5' });
    expect(describeVaultFailure(error, C, 60)).not.toContain('newest');
  });

  it('other 400s and other statuses stay what they were', () => {
    expect(refusedApiVersion(restError(400, 'BadParameter', 'The request URI contains an invalid name: a b'))).toBe(
      undefined,
    );
    expect(refusedApiVersion(restError(403, 'Forbidden', notRecognized('7.5', '7.4')))).toBe(undefined);
    expect(describeVaultFailure(restError(400, 'BadParameter', 'Invalid version: x'), C, 60)).toMatch(
      /^rejected by Key Vault as invalid \(BadParameter\)/,
    );
  });

  it('prints nothing from the body but version-shaped text', () => {
    const shape = /^(?:\d{1,2}\.\d{1,2}|\d{4}-\d{2}-\d{2})(?:-preview(?:\.\d{1,2})?)?$/;
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.string({ maxLength: 60 }), (sent, newest) => {
        const error = restError(400, 'BadParameter', notRecognized(sent, newest));
        const refused = refusedApiVersion(error);
        const text = describeVaultFailure(error, C, 60);
        const printed = refused ? [refused.sent, refused.newest ?? '7.0'] : [];
        // Either the versions named are version-shaped, or the error is the generic one, which prints no body text.
        expect(printed.filter((v) => !shape.test(v))).toEqual([]);
        expect(refused !== undefined || text.startsWith('rejected by Key Vault as invalid (BadParameter)')).toBe(true);
        expect(text).not.toMatch(/[\r\n]/);
      }),
    );
  });
});
