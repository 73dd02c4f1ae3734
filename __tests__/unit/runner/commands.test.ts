// Workflow command escaping, and plainText: linear on any text and still no command (inputs large
// enough that a quadratic pass would run into jest's timeout).
import { escapeData, escapeProperty, plainText } from '../../../src/runner/commands.js';
import { parseCommandLegacy, parseCommandV2, readLines } from '../../../standin/runner.mjs';

const MB = 1024 * 1024;
const expectNoCommand = (text: string) =>
  expect(readLines(text).filter((line: string) => parseCommandV2(line) ?? parseCommandLegacy(line))).toEqual([]);

describe('workflow command escaping', () => {
  it('escapes data and properties as @actions/core does', () => {
    expect(escapeData('50% done\r\nnext')).toBe('50%25 done%0D%0Anext');
    expect(escapeProperty('a:b,c%')).toBe('a%3Ab%2Cc%25');
  });
});

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
