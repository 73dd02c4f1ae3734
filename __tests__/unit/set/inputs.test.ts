import fc from 'fast-check';
import { parseExpiry, parseSecrets, readSetConfig, type SetConfig } from '../../../src/set/inputs.js';
import type { InputProblem } from '../../../src/inputs/references.js';
import { ActionError } from '../../../src/util/errors.js';
import { hostileText, hostileValue } from '../../helpers/hostile.js';

const NOW = Date.parse('2030-06-01T00:00:00Z');
const PROVENANCE_ENV = {
  GITHUB_REPOSITORY: 'octo/app',
  GITHUB_WORKFLOW: 'rotate',
  GITHUB_RUN_ID: '42',
  GITHUB_RUN_ATTEMPT: '1',
};

/** The set step's inputs: a vault and one env: line unless the case says otherwise. */
function read(inputs: Record<string, string>, env: Record<string, string | undefined> = PROVENANCE_ENV) {
  const all: Record<string, string> = { keyvault: 'kv-prod', secrets: 'api-token=env:TOKEN', ...inputs };
  return readSetConfig((name) => all[name] ?? '', env, NOW);
}

/** The one error the inputs stage throws, or undefined when it accepts them. */
function refusal(inputs: Record<string, string>, env?: Record<string, string | undefined>): string | undefined {
  try {
    read(inputs, env);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(ActionError);
    return (error as ActionError).message;
  }
}

describe('readSetConfig refuses, before any request, what Key Vault or the rules would refuse', () => {
  const SECRET_LITERAL = 'hunter2-s3cr3t-value';
  it.each<[string, Record<string, string>, RegExp]>([
    ['a literal value', { secrets: `api-token=${SECRET_LITERAL}` }, /literal value, which is refused.*step log/],
    ['a literal value that starts like a source', { secrets: `api-token=envy:${SECRET_LITERAL}` }, /literal value/],
    ['a line without =', { secrets: 'api-token' }, /write NAME=env:VARIABLE/],
    ['an empty list', { secrets: '\n# only a comment\n' }, /names no secret/],
    ['a name with an underscore', { secrets: 'api_token=env:TOKEN' }, /not a Key Vault secret name/],
    ['a name of 128 characters', { secrets: `${'a'.repeat(128)}=env:TOKEN` }, /not a Key Vault secret name/],
    ['a name with a dot', { secrets: 'api.token=env:TOKEN' }, /not a Key Vault secret name/],
    ['the same name twice, in another case', { secrets: 'Api-Token=env:A\napi-token=env:B' }, /written twice/],
    ['env: with a bad variable name', { secrets: 'api-token=env:1TOKEN' }, /env: names an environment variable/],
    ['file: without a path', { secrets: 'api-token=file:  ' }, /file: needs a path/],
    ['generate: shorter than 16', { secrets: 'api-token=generate:15' }, /LENGTH from 16 to 4096/],
    ['generate: longer than 4096', { secrets: 'api-token=generate:4097' }, /LENGTH from 16 to 4096/],
    ['generate: an unknown alphabet', { secrets: 'api-token=generate:32:emoji' }, /ALPHABET one of/],
    ['generate: a length that is not a number', { secrets: 'api-token=generate:3e1' }, /LENGTH from 16/],
    ['a content type of 256 characters', { 'content-type': 'x'.repeat(256) }, /longer than Key Vault's 255/],
    ['base64 without a content type that says so', { encoding: 'base64' }, /needs a content type/],
    ['an unknown encoding', { encoding: 'latin1' }, /not one of utf-8, base64/],
    ['an unknown trailing-newline choice', { 'trailing-newline': 'trim' }, /not one of keep, drop/],
    ['an unknown on-deleted choice', { 'on-deleted': 'ignore' }, /not one of fail, recover, purge/],
    ['an expiry in the past', { expires: '2030-05-31T23:59:59Z' }, /2030-05-31T23:59:59.000Z is in the past/],
    ['an expiry of zero minutes (now is not the future)', { expires: '0m' }, /is in the past/],
    ['an expiry that is neither a date nor a duration', { expires: 'next tuesday' }, /neither a duration/],
    ['a tag line without =', { tags: 'owner' }, /tags: line 1: write KEY=VALUE/],
    ['16 tags', { tags: Array.from({ length: 16 }, (_, i) => `t${i}=v`).join('\n'), provenance: 'false' }, /16 tags/],
    [
      '12 tags and the 4 provenance tags',
      { tags: Array.from({ length: 12 }, (_, i) => `t${i}=v`).join('\n') },
      /16 tags \(provenance tags included\).*provenance: false/,
    ],
    ['a tag name of 513 characters', { tags: `${'k'.repeat(513)}=v` }, /tag name is longer than Key Vault's 512/],
    ['a tag value of 257 characters', { tags: `owner=${'v'.repeat(257)}` }, /value is longer than Key Vault's 256/],
    ['keep-versions below 0', { 'keep-versions': '-1' }, /keep-versions/],
    ['keep-versions not a whole number', { 'keep-versions': '1.5' }, /keep-versions/],
    ['no vault', { keyvault: '' }, /names no vault/],
  ])('%s', (_, inputs, expected) => {
    const message = refusal(inputs);
    expect(message).toMatch(/nothing was written/);
    expect(message).toMatch(expected);
    expect(message).not.toContain(SECRET_LITERAL);
  });

  it('lists every problem in one error', () => {
    const message = refusal({ secrets: 'a_b=env:X\nok=literal', 'content-type': 'x'.repeat(300), expires: '1m' });
    expect(message).toMatch(/^The inputs have 3 problems/);
    expect(message).toMatch(/line 1: the name/);
    expect(message).toMatch(/line 2: looks like a literal value/);
  });

  it.each([
    ['a 127-character name', { secrets: `${'a'.repeat(127)}=env:TOKEN` }],
    ['a name of digits and dashes', { secrets: '0-9-Az=env:TOKEN' }],
    ['a content type of exactly 255 characters', { 'content-type': 'x'.repeat(255) }],
    [
      '15 tags with provenance off',
      { tags: Array.from({ length: 15 }, (_, i) => `t${i}=v`).join('\n'), provenance: 'false' },
    ],
    ['a tag name of 512 and a value of 256 characters', { tags: `${'k'.repeat(512)}=${'v'.repeat(256)}` }],
    [
      'base64 with a content type that says so',
      { encoding: 'base64', 'content-type': 'application/octet-stream;base64' },
    ],
    ['an expiry one minute from now', { expires: '1m' }],
  ])('accepts %s', (_, inputs) => {
    expect(refusal(inputs)).toBeUndefined();
  });
});

describe('readSetConfig reads what the step writes', () => {
  it('reads every source and keeps names, lines and the generator alphabet', () => {
    const { set } = read({
      secrets:
        '# rotated nightly\napi-token = env:TOKEN\ncert=file: ./cert.pfx \ndb-password=generate:32:symbols\nsalt=generate:16',
    });
    expect(set.secrets).toEqual([
      { name: 'api-token', source: { kind: 'env', variable: 'TOKEN' }, line: 2 },
      { name: 'cert', source: { kind: 'file', path: './cert.pfx' }, line: 3 },
      { name: 'db-password', source: { kind: 'generate', length: 32, alphabet: 'symbols' }, line: 4 },
      { name: 'salt', source: { kind: 'generate', length: 16, alphabet: 'alnum' }, line: 5 },
    ]);
  });

  it('adds the provenance tags from the run by default, and none when provenance is off', () => {
    expect(read({ tags: 'owner=team-a' }).set.tags).toEqual({
      owner: 'team-a',
      'github-repository': 'octo/app',
      'github-workflow': 'rotate',
      'github-run-id': '42',
      'github-run-attempt': '1',
    });
    expect(read({ tags: 'owner=team-a', provenance: 'false' }).set.tags).toEqual({ owner: 'team-a' });
  });

  it('takes a duration from now and an ISO date as they are', () => {
    expect(read({ expires: '12h' }).set.expiresOn?.toISOString()).toBe('2030-06-01T12:00:00.000Z');
    expect(read({ expires: '7d' }).set.expiresOn?.toISOString()).toBe('2030-06-08T00:00:00.000Z');
    expect(read({ expires: '2031-01-31T00:00:00Z' }).set.expiresOn?.toISOString()).toBe('2031-01-31T00:00:00.000Z');
  });

  it('defaults to the safe choices: fail on a deleted name, keep every version, keep the newline, refuse pull requests', () => {
    const { set, config } = read({});
    expect(set).toMatchObject<Partial<SetConfig>>({
      encoding: 'utf-8',
      dropTrailingNewline: false,
      skipUnchanged: false,
      keepVersions: 0,
      onDeleted: 'fail',
      allowPullRequests: false,
    });
    expect(config.allowForkPullRequests).toBe(false);
  });
});

describe('parseExpiry', () => {
  it('refuses the present and the past, and accepts the next millisecond', () => {
    const problems: InputProblem[] = [];
    expect(parseExpiry(new Date(NOW).toISOString(), NOW, problems)).toBeUndefined();
    expect(parseExpiry('2030-06-01T00:00:00.001Z', NOW, problems)?.getTime()).toBe(NOW + 1);
    expect(problems).toHaveLength(1);
  });
});

describe('parseSecrets on hostile lines (property)', () => {
  /** A line's value part: what follows its first =, which may be a value pasted by mistake (marked to be found). */
  const MARKER = 'V4LUE-';
  const valuePart = hostileValue(MARKER).map((v) => v.replace(/[\r\n]/g, ' '));

  it('never throws, refuses with typed problems, and never repeats the value part of a line', () => {
    fc.assert(
      fc.property(fc.oneof(fc.constant('api-token'), hostileText()), valuePart, (name, value) => {
        const problems: InputProblem[] = [];
        const line = `${name.replace(/[\r\n=]/g, '')}=${value}`;
        const secrets = parseSecrets(line, problems);
        expect(secrets).toEqual([]);
        expect(problems.length).toBeGreaterThan(0);
        for (const problem of problems) {
          expect(problem).toEqual({ input: 'secrets', message: expect.any(String) });
          expect(problem.message).not.toContain(MARKER);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on any text, and every problem is typed', () => {
    fc.assert(
      fc.property(fc.oneof(hostileText(), fc.string({ maxLength: 400 })), (text) => {
        const problems: InputProblem[] = [];
        parseSecrets(text, problems);
        for (const problem of problems) expect(typeof problem.message).toBe('string');
      }),
      { numRuns: 300 },
    );
  });
});
