// Bad input, refused as one error that lists every problem (each in its input's own words, written where
// the rule is: inputs/references.ts, inputs/resources.ts, inputs/config.ts).
import { entry } from './entry.js';

export const INPUT_MESSAGES = {
  'inputs.problems': entry({
    section: 'inputs',
    when: 'any input has a problem: every problem at once, each with its line or input name, before any network call',
    problem: (a: { lines: string[] }) =>
      `The inputs have ${a.lines.length === 1 ? 'a problem' : `${a.lines.length} problems`}; nothing was fetched:\n${a.lines.join('\n')}`,
    fix: () => '',
    example: {
      lines: [
        '  secrets line 2: "db_password" is not a valid secret name: Key Vault names use 1–127 letters, digits and dashes',
        '  timeout: "soon" is not a number greater than 0 and at most 21600',
      ],
    },
  }),
  'inputs.names-need-fix': entry({
    section: 'inputs',
    when: "a wildcard's matches or a JSON secret's keys bring in names that break a rule (protected, duplicate, not a name)",
    problem: (a: { lines: string[] }) =>
      `Nothing was exported; ${a.lines.length === 1 ? 'one name needs' : `${a.lines.length} names need`} a fix:\n${a.lines.join('\n')}`,
    fix: () => '',
    example: {
      lines: [
        '  secrets line 3: "app-path", matched by app-*, exports APP_PATH, already exported by "APP_PATH=path" on line 1; give one of them another alias',
      ],
    },
  }),
};
