// JSON leaves of a parse-json secret, and which of them are masked.
import { jsonLeaves } from '../../../../src/read/export/json.js';
import { masksLeaf } from '../../../../src/policy/masking.js';

describe('jsonLeaves', () => {
  it.each([
    ['{"a":1}', [['X_A', '1', 'number']]],
    ['{"a":{"b":{"c":"deep"}}}', [['X_A_B_C', 'deep', 'string']]],
    [
      '{"odd key.x":"v","n":null,"t":true,"arr":[1,"2"]}',
      [
        ['X_ODD_KEY_X', 'v', 'string'],
        ['X_N', 'null', 'null'],
        ['X_T', 'true', 'boolean'],
        ['X_ARR', '[1,"2"]', 'array'],
      ],
    ],
    ['  {"a":"b"}\n', [['X_A', 'b', 'string']]],
    ['{}', []],
    [
      '{"big":12345678901234567890,"f":1.50,"arr":[9007199254740993,{"k":"v"}]}',
      [
        ['X_BIG', '12345678901234567890', 'number'],
        ['X_F', '1.50', 'number'],
        ['X_ARR', '[9007199254740993,{"k":"v"}]', 'array'],
      ],
    ],
  ])('%s', (value, leaves) => {
    const expansion = jsonLeaves('X', value);
    expect(
      expansion && 'leaves' in expansion ? expansion.leaves.map((l) => [l.name, l.value, l.kind]) : expansion,
    ).toEqual(leaves);
  });

  it('finds every string inside an array, at any depth', () => {
    const expansion = jsonLeaves('X', '{"keys":["alpha-secret",["nested-secret"],{"inner":"object-secret"},7]}');
    expect(expansion && 'leaves' in expansion && expansion.leaves[0]!.strings).toEqual([
      { value: 'alpha-secret', path: 'keys[0]' },
      { value: 'nested-secret', path: 'keys[1][0]' },
      { value: 'object-secret', path: 'keys[2].inner' },
    ]);
  });

  it('refuses JSON nested deeper than its limit, without recursing into it', () => {
    expect(jsonLeaves('X', `{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`)).toEqual({ tooDeep: true });
    expect(jsonLeaves('X', '{"a":"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}')).toEqual({
      leaves: [expect.objectContaining({ value: '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[' })],
    });
  });

  it.each(['plain', '[1,2]', '"str"', '42', '{not json', 'null', ''])('leaves %j alone', (value) => {
    expect(jsonLeaves('X', value)).toBeUndefined();
  });

  it.each([
    [{ path: 'host', value: 'db.internal', kind: 'string' }, true],
    [{ path: 'port', value: '5432', kind: 'number' }, true],
    [{ path: 'region', value: 'eu', kind: 'string' }, false],
    [{ path: 'creds.pin', value: '42', kind: 'number' }, true],
    [{ path: 'api_key', value: 'ab', kind: 'string' }, true],
    [{ path: 'enabled', value: 'true', kind: 'boolean' }, false],
    [{ path: 'password', value: 'null', kind: 'null' }, false],
    [{ path: 'token', value: '', kind: 'string' }, false],
  ] as const)('masks %o: %s', (leaf, masked) => {
    expect(masksLeaf({ name: 'X', ...leaf })).toBe(masked);
  });
});
