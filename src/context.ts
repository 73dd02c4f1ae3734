// The run context: one object per run, handed to every stage in place of a long list of parameters. It holds the
// ports, and fills in as the story goes: the inputs and the deadline once they are read, every value the run holds
// (for the failure path's masks), the warnings (for the job summary), and the exporter once a stage starts its load.
import { type Config, parseInputs } from './inputs/config.js';
import type { Dependencies, Exporter } from './ports.js';
import { deadlineIn } from './util/abort.js';

/** A run whose inputs are not read yet: the ports, and what the failure path needs. */
export interface Run {
  /** The ports the run uses (ports.ts): the runner, Azure, GitHub, the clock, the machine. */
  readonly deps: Dependencies;
  /** The token and every value this run holds: masked before any failure detail is printed. */
  readonly held: string[];
  readonly hold: (value: string) => void;
  /** Every warning so far, for the job summary. */
  readonly warnings: string[];
  /** Logs a warning now and keeps it for the job summary. */
  readonly warn: (message: string) => void;
  /** The exporter, loaded at most once: a stage starts the load where it overlaps a network wait. */
  readonly exporter: {
    load(): Promise<Exporter>;
    /** The load, once started; undefined before (then nothing was exported and nothing needs the exporter). */
    readonly started: Promise<Exporter> | undefined;
  };
  /** The step's deadline, from when the inputs were read; undefined until then. */
  deadline?: AbortSignal;
}

/** A run whose inputs are read: what every stage is handed. */
export interface RunContext extends Run {
  readonly config: Config;
  readonly deadline: AbortSignal;
}

export function newRun(deps: Dependencies): Run {
  const held: string[] = [];
  const warnings: string[] = [];
  let started: Promise<Exporter> | undefined;
  return {
    deps,
    held,
    hold: (value) => void held.push(value),
    warnings,
    warn: (message) => {
      warnings.push(message);
      deps.log.warning(message);
    },
    exporter: {
      load: () => {
        if (!started) {
          started = deps.exporter();
          void started.catch(() => {}); // awaited by the export, or by the failure path
        }
        return started;
      },
      get started() {
        return started;
      },
    },
  };
}

/**
 * The inputs stage: every input read and checked (one error listing every problem, before any network call), and the
 * step's deadline started. Every wait from here on, the fork guard's lookup and the entry point's last flush
 * included, ends by the deadline (and is cut to the time left).
 */
export function readInputs(run: Run): RunContext {
  const config = parseInputs((name) => run.deps.log.getInput(name));
  const deadline = deadlineIn(config.timeoutSeconds * 1000, run.deps.clock);
  return Object.assign(run, { config, deadline });
}
