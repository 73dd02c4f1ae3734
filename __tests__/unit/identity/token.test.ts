// The access token's claims: the principal they name, escaped before they print.
import { principalOf } from '../../../src/identity/token.js';
import { jwt } from '../../helpers/fakes.js';

describe('principalOf', () => {
  it.each([
    [jwt({ oid: 'o', tid: 't', appid: 'a' }), { objectId: 'o', tenantId: 't', appId: 'a' }],
    [jwt({ sub: 'x' }), {}],
    ['not-a-jwt', {}],
    ['a.%%%.c', {}],
    ['a.bnVsbA.c', {}],
  ])('%s', (token, principal) => {
    expect(principalOf(token)).toEqual(principal);
  });
});

describe("the access token's claims", () => {
  it('are escaped before anything prints them: an oid with a line break forges no log line', async () => {
    const { principalOf } = await import('../../../src/identity/token.js');
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const p = principalOf(
      `eyJhbGciOiJub25lIn0.${b64({ oid: 'x\n::set-output name=PWNED::y', tid: '##[set-output name=PWNED;]y', appid: 'a'.repeat(500) })}.sig`,
    );
    expect(p.objectId).toBe('x\\u000a::set-output name=PWNED::y');
    expect(p.tenantId).toBe('#\\u0023[set-output name=PWNED;]y');
    expect(p.appId!.length).toBeLessThanOrEqual(81);
  });
});
