// Masking policy details: the value part of key lines (YAML and JSON), and values crafted to make a
// backtracking regex take quadratic time. No timings here (see `npm run bench` for the measurement):
// the crafted inputs are asserted on behaviour, and the implementation has no backtracking regex.
import fc from 'fast-check';
import { type FetchedSecret, planExports } from '../../../src/read/export/plan.js';
import { isStructuralLine, maskPieces, valuePieces } from '../../../src/policy/masking.js';

describe('the value part of a masked key: value line', () => {
  const token = 'kt-3f9a1c0b7e6d5a4f3e2d1c0b9a8f7e6d';
  const kubeconfig = [
    'apiVersion: v1',
    'kind: Config',
    'users:',
    '- name: ci',
    '  user:',
    `    token: ${token}`,
    `    client-key-data: "TFMwdExTMUNSVWRKVGlCU1UwRWdVRkpKVms="`,
    "    password: 'p@ss w0rd'",
    '',
  ].join('\n');

  it('registers a kubeconfig token bare, as kubectl -o jsonpath prints it', () => {
    const pieces = maskPieces(kubeconfig);
    expect(pieces).toContain(token);
    expect(pieces).toContain('TFMwdExTMUNSVWRKVGlCU1UwRWdVRkpKVms=');
    expect(pieces).toContain('p@ss w0rd');
    // Structure stays readable.
    for (const readable of ['v1', 'Config', 'ci', 'apiVersion: v1']) expect(pieces).not.toContain(readable);
  });

  it('registers a JSON value unquoted, without its comma, and decoded when it has escapes', () => {
    const json =
      '{\n  "token": "abc\\"def\\u0041",\n  "client_secret": "s3cr3t-Value",\n  "port": 5432,\n  "region": "eu"\n}';
    const pieces = maskPieces(json);
    expect(pieces).toEqual(expect.arrayContaining(['s3cr3t-Value', 'abc\\"def\\u0041', 'abc"defA']));
    expect(pieces).not.toContain('5432');
    expect(pieces).not.toContain('eu');
    expect(pieces.some((p) => p.endsWith(','))).toBe(pieces.includes('"client_secret": "s3cr3t-Value",'));
  });

  it.each([
    ['token: abc', ['abc']],
    ['"pin": "12",', ['12']],
    ['"pin": "7",', []], // one character: as a mask it would hide every 7 in the log
    ['server: https://example.internal:443', ['https://example.internal:443']],
    ['"note": "ab",', []], // short, and its key names no credential: the same rule as a parse-json leaf
    ['config: |', []], // a block opens: its lines are masked one by one
    ['password: {', []],
    ['no key here', []],
  ])('%j → %j', (line, pieces) => {
    expect(valuePieces(line)).toEqual(pieces);
  });

  it('registers the value part of a single-line value too', () => {
    expect(maskPieces('password: hunter2-x')).toEqual(['password: hunter2-x', 'hunter2-x']);
  });
});

describe('no mask is one character: it would hide that character in every line of the log', () => {
  it.each([
    ['x', []],
    [' x ', []],
    ['x\ny\n7', []],
    ['x9', ['x9']],
    [' x9', [' x9', 'x9']],
    ['a\nbc', ['bc']],
    ['pin: 7', ['pin: 7']],
  ])('%j → %j', (value, pieces) => {
    expect(maskPieces(value)).toEqual(pieces);
  });

  it('holds for any value', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(fc.string({ maxLength: 3 })).map((l) => l.join('\n')),
        ),
        (value) => {
          for (const piece of maskPieces(value)) expect(piece.trim().length).toBeGreaterThanOrEqual(2);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('a JSON secret with a credential-named key per letter and digit registers none of them, and says why', () => {
    const vault = { name: 'kv', url: 'https://kv.vault.azure.net/' };
    const chars = [...'abcdefghijklmnopqrstuvwxyz0123456789'];
    const value = JSON.stringify(Object.fromEntries(chars.map((c) => [`pin_${c}`, c])));
    const secret: FetchedSecret = {
      ref: { input: 'secrets', line: 1, text: 'cfg', alias: 'CFG', vault, name: 'cfg' },
      bundle: { value, version: 'v1', enabled: true },
    };
    const { items, problems } = planExports([secret], true);
    expect(problems).toEqual([]);
    expect(items).toHaveLength(36);
    for (const item of items) {
      expect(item.masks.every((m) => m.trim().length >= 2)).toBe(true);
      expect(item.unmaskedBecause).toMatch(/one character/);
    }
    // The whole value is still a mask.
    expect(items[0]!.masks).toContain(value);
  });
});

describe('crafted values (linear time)', () => {
  const N = 200_000;
  it.each([
    // /[\s,{[]+$/ on the value is quadratic in these: 200 KB would take minutes.
    ['spaces inside the value, then a non-matching character', `port: a${' '.repeat(N)}x`],
    ['spaces, commas and brackets inside the value', `port: a${' ,{['.repeat(N / 4)}x`],
    ['a long key then no colon', `${'k'.repeat(N)} x`],
    ['a list item of spaces', `-${' '.repeat(N)}x`],
    // "." stops at U+2028, so a (.*?)$ would fail and retry at every space before it.
    ['a line separator inside the value', `port: ${' '.repeat(N)}a\u2028${'b'.repeat(10)}`],
  ])('%s: the line is classified and masked', (_, line) => {
    expect(typeof isStructuralLine(line)).toBe('boolean');
    const pieces = maskPieces(`{\n${line}\n}`);
    expect(pieces.length).toBeGreaterThan(0);
    for (const piece of pieces) expect(`{\n${line}\n}`).toContain(piece);
  });

  it('a key line whose value is only trailing punctuation is structure', () => {
    expect(isStructuralLine(`port: ${' ,{['.repeat(N / 4)}`)).toBe(true);
    expect(isStructuralLine(`port: ${' '.repeat(N)}x`)).toBe(true);
    expect(isStructuralLine(`port: x${' ,'.repeat(N)}`)).toBe(true);
    expect(isStructuralLine(`port: a${' '.repeat(N)}x`)).toBe(false);
  });
});

describe('maskPieces', () => {
  it.each([
    ['', []],
    [' \t\n ', []],
    ['one', ['one']],
    ['  padded  ', ['  padded  ', 'padded']],
    ['line-one\nline-two', ['line-one', 'line-two']],
    ['  hunter2x  \r\n\r\nsecond-line', ['  hunter2x  ', 'hunter2x', 'second-line']],
    // A kubeconfig: structure stays readable, every line with secret material is masked.
    [
      'apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: https://aks-prod.hcp.eastus.azmk8s.io:443\n  name: aks\nusers:\n- name: ci\n  user:\n    token: abc\n',
      // …and the value of each masked key line alone, as `yq` or `kubectl -o jsonpath` print it.
      [
        '    server: https://aks-prod.hcp.eastus.azmk8s.io:443',
        'server: https://aks-prod.hcp.eastus.azmk8s.io:443',
        'https://aks-prod.hcp.eastus.azmk8s.io:443',
        '    token: abc',
        'token: abc',
        'abc',
      ],
    ],
    // JSON over several lines: punctuation and short plain values are structure; credentials are not.
    [
      '{\n  "port": 5432,\n  "pin": "12",\n  "host": "db.internal.example"\n}',
      [
        '  "pin": "12",',
        '"pin": "12",',
        '12',
        '  "host": "db.internal.example"',
        '"host": "db.internal.example"',
        'db.internal.example',
      ],
    ],
    [
      '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----',
      ['-----BEGIN PRIVATE KEY-----', 'MIIEvQIBADANBg', '-----END PRIVATE KEY-----'],
    ],
  ])('%j', (value, pieces) => {
    expect(maskPieces(value)).toEqual(pieces);
  });

  it.each(['{', '},', ']', '---', 'apiVersion: v1', 'kind: Config', '"port": 5432,', 'users:', '- name: ci', 'ab'])(
    'treats %j as structure',
    (line) => {
      expect(isStructuralLine(line)).toBe(true);
    },
  );

  it.each([
    'password: x',
    'pin: 12',
    'token: abc',
    'server: https://example.internal',
    'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC',
    'hunter2x',
    'key',
  ])('masks %j', (line) => {
    expect(isStructuralLine(line)).toBe(false);
  });
});
