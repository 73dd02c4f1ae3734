// The runner, as the action sees it: inputs, masks, outputs, env, log, summary.
// The real one is @actions/core; tests give a recording one.

export interface Runner {
  getInput(name: string): string;
  setSecret(value: string): void;
  setOutput(name: string, value: string): void;
  exportVariable(name: string, value: string): void;
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
  setFailed(message: string): void;
  group<T>(title: string, task: () => Promise<T>): Promise<T>;
  /** Runs writes; if any throws, undoes the outputs and env vars they wrote, then rethrows. */
  atomically(writes: () => void): void;
  /** Appends markdown to the job summary. */
  writeSummary(markdown: string): Promise<void>;
}
