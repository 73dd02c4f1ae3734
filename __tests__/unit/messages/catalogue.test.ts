// The catalogue of what the action tells users: every entry renders (cause, fix, the text they make), none
// lets a name, code or answer from outside break its line, and references that fail alike are said once.
import fc from 'fast-check';
import { failureSummary } from '../../../src/read/export/summary.js';
import { CATALOGUE, type MessageId, say, SECTIONS } from '../../../src/messages/catalogue.js';
import { FetchFailure, groupFailures, NAMED_PER_GROUP, referencesFailed } from '../../../src/messages/references.js';
import type { VaultContext } from '../../../src/messages/vault.js';
import { commandLine } from '../../../src/runner/commands.js';
import { ActionError } from '../../../src/util/errors.js';
import { failedSecret } from '../../helpers/fakes.js';
import { commandsIn, hostileText, markdownProblems } from '../../helpers/hostile.js';

const IDS = Object.keys(CATALOGUE) as MessageId[];
const RUNS = { numRuns: 40 };
/** C0 and C1 controls (but the line feed an entry writes itself) and the Unicode line separators. */
// eslint-disable-next-line no-control-regex -- matching the controls is the point
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/;

/** `value` with every string in it replaced by one `hostile` gives. */
function withStrings(value: unknown, hostile: () => string): unknown {
  if (typeof value === 'string') return hostile();
  if (Array.isArray(value)) return value.map((v) => withStrings(v, hostile));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withStrings(v, hostile)]));
  return value;
}

describe('every entry', () => {
  it.each(IDS)('%s renders its example: a cause, and the text it makes with the fix', (id) => {
    const entry = CATALOGUE[id];
    const said = say(id, entry.example as never);
    expect(said.id).toBe(id);
    expect(id.startsWith(`${entry.section}.`)).toBe(true);
    expect(SECTIONS[entry.section]).toBeDefined();
    expect(entry.when.trim()).not.toBe('');
    expect(said.problem.trim()).not.toBe('');
    expect(said.text).toBe(said.fix ? `${said.problem} ${said.fix}` : said.problem);
    expect(said.text).not.toMatch(/undefined|\[object Object\]|NaN(?! ms)/);
    expect(said.text).not.toMatch(CONTROL);
  });

  it('no two entries share an id prefix with another section, and each section has entries', () => {
    const sections = new Set(IDS.map((id) => CATALOGUE[id].section));
    expect([...sections].sort()).toEqual(Object.keys(SECTIONS).sort());
  });
});

describe('no entry prints an input, a name or an answer that could leave its line', () => {
  it.each(IDS)('%s, with hostile text in every argument', (id) => {
    const entry = CATALOGUE[id];
    const lines = say(id, entry.example as never).text.split('\n').length;
    fc.assert(
      fc.property(fc.array(hostileText(), { minLength: 1, maxLength: 12 }), (pieces) => {
        let n = 0;
        const args = withStrings(entry.example, () => pieces[n++ % pieces.length]!);
        const { text, problem, fix } = say(id, args as never);
        // Every line break is one the entry wrote; no control character came through.
        expect(text.split('\n')).toHaveLength(lines);
        expect(text).not.toMatch(CONTROL);
        // As the step's one error, it is one command.
        expect(commandsIn(commandLine('error', text)).map((c: { command: string }) => c.command)).toEqual(['error']);
        // In the job summary, every paragraph and item is plain text.
        const summary = failureSummary(new ActionError({ id, text, problem, fix }));
        const bodies = summary
          .split('\n')
          .slice(2)
          .map((line) => line.replace(/^(- |\*\*How to fix:\*\* )/, ''))
          .filter(Boolean);
        expect(bodies.flatMap(markdownProblems)).toEqual([]);
      }),
      RUNS,
    );
  });
});

describe('references a vault refused alike, for the same principal, are said once', () => {
  const principalId = '22222222-3333-4444-8555-666666666666';
  const vault = (name: string): VaultContext => ({
    vault: name,
    vaultUrl: `https://${name}.vault.azure.net/`,
    cloud: 'AzureCloud',
    principalId,
  });
  const rbac = (line: number, name = 'ml-prod-kv') =>
    failedSecret(
      line,
      `secret-${line}`,
      { id: 'vault.forbidden-by-rbac', args: { ...vault(name), secret: `secret-${line}` } },
      { vault: name },
    );
  const ROLE = 'az role assignment create --role "Key Vault Secrets User"';
  const count = (text: string) => text.split(ROLE).length - 1;

  it('50 refused by RBAC in one vault: one line naming the vault, the principal, the first references and the rest, and the fix once', () => {
    const failure = referencesFailed(
      'secret',
      Array.from({ length: 50 }, (_, i) => rbac(i + 1)),
      50,
      [],
    );
    const lines = failure.message.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(
      /^ {2}ml-prod-kv \(50 references: secrets line 1 secret-1, secrets line 2 secret-2, .*secrets line 10 secret-10, and 40 more\): forbidden by Azure RBAC: the runner's managed identity \(principal id 22222222-3333-4444-8555-666666666666\) may not read secrets in ml-prod-kv\. /,
    );
    expect(count(failure.message)).toBe(1);
    // The summary: a row for each, and the fix once.
    const summary = failureSummary(failure);
    expect(summary.split('\n').filter((l) => l.startsWith('| secrets '))).toHaveLength(50);
    expect(count(summary)).toBe(1);
    expect(summary).toContain('- ml-prod-kv, 50 references (secrets line 1 secret-1, ');
  });

  it('two vaults: a line, and a fix, for each', () => {
    const failure = referencesFailed('secret', [rbac(1), rbac(2, 'other-kv'), rbac(3), rbac(4, 'other-kv')], 4, []);
    expect(failure.message.split('\n').slice(1)).toEqual([
      expect.stringMatching(/^ {2}ml-prod-kv \(2 references: secrets line 1 secret-1, secrets line 3 secret-3\): /),
      expect.stringMatching(/^ {2}other-kv \(2 references: secrets line 2 secret-2, secrets line 4 secret-4\): /),
    ]);
    expect(count(failure.message)).toBe(2);
  });

  it('names that do not exist in one vault share the vault\'s "az keyvault secret list", and no single name', () => {
    const missing = [1, 2, 3].map((line) => failedSecret(line, `gone-${line}`, undefined, { vault: 'kv' }));
    const [group] = groupFailures(missing);
    expect(group!.refs).toHaveLength(3);
    expect(group!.said.text).toMatch(
      /^not found: kv \(https:\/\/kv\.vault\.azure\.net\/\) holds no secret of these names\./,
    );
    expect(group!.said.text).not.toMatch(/gone-/);
    // Alone, a reference keeps its own words.
    expect(groupFailures([missing[0]!])[0]!.said.text).toMatch(/^not found: there is no secret "gone-1" in kv/);
  });

  it('a fix for one reference (its secret or version) is never merged', () => {
    const disabled = [1, 2].map((line) =>
      failedSecret(line, `off-${line}`, {
        id: 'vault.secret-disabled',
        args: { ...vault('kv'), secret: `off-${line}` },
      }),
    );
    const failure = referencesFailed('secret', disabled, 2, []);
    expect(failure).toBeInstanceOf(FetchFailure);
    expect(failure.message.split('\n').slice(1)).toEqual([
      expect.stringMatching(/^ {2}secrets line 1: kv\/off-1 \(OFF_1\): disabled: .*-n off-1 --enabled true/),
      expect.stringMatching(/^ {2}secrets line 2: kv\/off-2 \(OFF_2\): disabled: .*-n off-2 --enabled true/),
    ]);
  });

  it(`names at most ${NAMED_PER_GROUP} references, however many share the line`, () => {
    const failure = referencesFailed(
      'secret',
      Array.from({ length: 2000 }, (_, i) => rbac(i + 1)),
      2000,
      [],
    );
    expect(failure.message.length).toBeLessThan(1500);
    expect(failure.message).toMatch(/, and 1990 more\)/);
  });
});

describe('the job summary of any failure', () => {
  it.each<[string, MessageId, RegExp]>([
    ['bad input', 'inputs.problems', /^### ❌ Key Vault secrets: the inputs need a fix; nothing was fetched$/m],
    ['the fork guard', 'guard.fork', /^### ❌ Key Vault secrets: refused by the fork guard; nothing was fetched$/m],
    ['the identity', 'identity.imds-no-system-identity', /^\*\*How to fix:\*\* Enable it: az vm identity assign/m],
    ['an unforeseen error', 'run.unexpected', /^Unexpected failure \\\(TypeError\\\); nothing was exported\.$/m],
  ])('%s: what failed and the fix', (_, id, expected) => {
    const summary = failureSummary(new ActionError(say(id, CATALOGUE[id].example as never)));
    expect(summary).toMatch(expected);
    expect(summary.endsWith('\n')).toBe(true);
  });

  it("bad input's problems are listed one per item", () => {
    const summary = failureSummary(new ActionError(say('inputs.problems', CATALOGUE['inputs.problems'].example)));
    expect(summary.split('\n').filter((l) => l.startsWith('- '))).toEqual([
      expect.stringMatching(/^- secrets line 2: "db\\_password" is not a valid secret name/),
      expect.stringMatching(/^- timeout: "soon" is not a number/),
    ]);
  });
});
