// Bad input, refused as one error that lists every problem: before any request (the inputs), or once a
// wildcard's matches or a JSON secret's keys are known (the names they bring in).
import { say } from '../messages/catalogue.js';
import { ActionError } from '../util/errors.js';
import { formatProblem, type InputProblem } from './references.js';

const listed = (problems: readonly InputProblem[]) => problems.map((p) => `  ${formatProblem(p)}`);

export function refuseInputs(problems: readonly InputProblem[]): never {
  throw new ActionError(say('inputs.problems', { lines: listed(problems) }));
}

export function refuseProblems(problems: readonly InputProblem[]): void {
  if (problems.length === 0) return;
  throw new ActionError(say('inputs.names-need-fix', { lines: listed(problems) }));
}
