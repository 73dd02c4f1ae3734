// Hostile text that the escapes and the redactor must handle in one linear pass, the access token's
// claims escaped before they print, and protected names a vault writer could aim at. The inputs are
// large enough that a quadratic pass would run into jest's timeout; the assertions are on what comes out.
import { Redactor } from '../src/azure/sdkLog.js';
import { plainText } from '../src/runner/commands.js';
import { parseCommandLegacy, parseCommandV2, readLines } from '../standin/runner.mjs';

const MB = 1024 * 1024;
const expectNoCommand = (text: string) =>
  expect(readLines(text).filter((line: string) => parseCommandV2(line) ?? parseCommandLegacy(line))).toEqual([]);

describe('plainText: linear on any text, and still no command', () => {
  it.each([
    ['1 MB of "\\n"', '\n'.repeat(MB)],
    ['1 MB of "\\r"', '\r'.repeat(MB)],
    ['1 MB of U+2028', '\u2028'.repeat(MB)],
    ['1 MB of "\\n " pairs', '\n '.repeat(MB / 2)],
  ])('%s, then a command', (_, filler) => {
    const out = plainText(`${filler}::set-output name=PWNED::x`);
    expect(out.length).toBe(filler.length + 27);
    expectNoCommand(out);
  });

  it.each([
    '::set-output name=PWNED::x',
    '\n::save-state name=PWNED::x',
    ' \u2028\t::add-mask::x',
    'a\n\u2028 \u3000::warning::x',
    '\r\n\r\n  ::error::x',
    'x\u2029\u2029::debug::x',
    '##[set-output name=PWNED;]x',
  ])('defuses %j', (text) => {
    expectNoCommand(plainText(text));
  });
});

describe('the SDK log redactor: linear on any text', () => {
  it('1 MB of "eyJ" (no token in it) passes through', () => {
    const text = 'eyJ'.repeat(MB / 3);
    expect(new Redactor().redact(text)).toBe(text);
  });

  it('still redacts tokens after quotes, spaces, "=" and at the start', () => {
    const token = 'eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl';
    expect(new Redactor().redact(`${token} "${token}" x=${token} (${token})`)).toBe(
      '[REDACTED TOKEN] "[REDACTED TOKEN]" x=[REDACTED TOKEN] ([REDACTED TOKEN])',
    );
  });
});

describe("the access token's claims", () => {
  it('are escaped before anything prints them: an oid with a line break forges no log line', async () => {
    const { principalOf } = await import('../src/identity/token.js');
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const p = principalOf(
      `eyJhbGciOiJub25lIn0.${b64({ oid: 'x\n::set-output name=PWNED::y', tid: '##[set-output name=PWNED;]y', appid: 'a'.repeat(500) })}.sig`,
    );
    expect(p.objectId).toBe('x\\u000a::set-output name=PWNED::y');
    expect(p.tenantId).toBe('#\\u0023[set-output name=PWNED;]y');
    expect(p.appId!.length).toBeLessThanOrEqual(81);
  });
});

describe('protected names a loader, TLS key log, build tool or gh reads', () => {
  const refs = (alias: string) => ({
    hand: { input: 'secrets' as const, line: 1, alias, text: `${alias}=x` },
    wildcard: {
      input: 'secrets' as const,
      line: 2,
      alias,
      text: alias.toLowerCase().replaceAll('_', '-'),
      matchedBy: '*',
    },
  });
  it.each([
    'SSLKEYLOGFILE',
    'sslkeylogfile',
    'GLIBC_TUNABLES',
    'CMAKE_TOOLCHAIN_FILE',
    'CMAKE_C_COMPILER_LAUNCHER',
    'CCACHE_PREFIX',
  ])('%s: never exported', async (alias) => {
    const { checkAliases } = await import('../src/inputs/references.js');
    for (const ref of Object.values(refs(alias)))
      expect(checkAliases([ref])).toEqual([
        expect.objectContaining({ message: expect.stringContaining('a protected name that is never exported') }),
      ]);
  });
  it.each(['GH_HOST', 'GH_REPO', 'GH_PAGER', 'gh_token'])('%s: by name only, never from a wildcard', async (alias) => {
    const { checkAliases } = await import('../src/inputs/references.js');
    expect(checkAliases([refs(alias).hand])).toEqual([]);
    expect(checkAliases([refs(alias).wildcard])).toEqual([
      expect.objectContaining({ message: expect.stringContaining('a protected name that a wildcard never sets') }),
    ]);
  });
});
