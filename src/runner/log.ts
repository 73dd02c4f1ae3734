// The runner, as the action sees it, in two parts:
// - Log: inputs, log lines, annotations and failure. Needed on every path, so it loads nothing heavy.
// - Exporter: masks, outputs, env vars and the summary, backed by @actions/core and loaded only
//   once there is something to export (see docs/performance.md).

export interface Log {
  getInput(name: string): string;
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
  setFailed(message: string): void;
  /**
   * Registers a mask now (::add-mask::, escaped as @actions/core escapes it), before the exporter
   * loads: for credentials the action reads to get its token (a federated token, IDENTITY_HEADER).
   */
  setSecret(value: string): void;
  group<T>(title: string, task: () => Promise<T>): Promise<T>;
  /** State the main step left, in the post step. */
  getState(name: string): string;
}

export interface Exporter {
  setSecret(value: string): void;
  /** Resolves true once every mask set so far has reached the runner (its pipe); false if `signal` aborts first. */
  masksDelivered(signal: AbortSignal): Promise<boolean>;
  setOutput(name: string, value: string): void;
  exportVariable(name: string, value: string): void;
  /**
   * Runs the export's writes as one: if any throws, takes back everything they wrote (outputs, env vars, state,
   * and what they passed to onRollback), then rethrows. Until the step exits, a later failure or a cancellation
   * takes it all back too (rollback.ts).
   */
  atomically<T>(writes: () => T): T;
  /** Inside atomically: how to take back something written beside the file commands (a directory of secret files); returns whether all of it is gone. */
  onRollback(undo: () => boolean): void;
  /** Appends markdown to the job summary. */
  writeSummary(markdown: string): Promise<void>;
  /** Leaves state for the post step. */
  saveState(name: string, value: string): void;
  /** Where the step may write files (RUNNER_TEMP). */
  tempDir(): string;
}
