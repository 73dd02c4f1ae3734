// Bad input, refused as one error that lists every problem: before any request (the inputs), or once a
// wildcard's matches or a JSON secret's keys are known (the names they bring in).
import { ActionError } from '../util/errors.js';
import { formatProblem, type InputProblem } from './references.js';

const listed = (problems: readonly InputProblem[]) => problems.map((p) => `  ${formatProblem(p)}`).join('\n');

export function refuseInputs(problems: readonly InputProblem[]): never {
  const count = problems.length === 1 ? 'a problem' : `${problems.length} problems`;
  throw new ActionError(`The inputs have ${count}; nothing was fetched:\n${listed(problems)}`);
}

export function refuseProblems(problems: readonly InputProblem[]): void {
  if (problems.length === 0) return;
  const need = problems.length === 1 ? 'one name needs' : `${problems.length} names need`;
  throw new ActionError(`Nothing was exported; ${need} a fix:\n${listed(problems)}`);
}
