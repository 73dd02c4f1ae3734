// run: the one command that gets the values. It starts once every mask is in the runner's pipe and this
// step's own lines are out, writes straight to the runner's pipes (live, in its own order, masked by the
// runner), and its exit status is the step's. A cancellation is passed on to it, and the step ends when it
// does. The files the step wrote for it are removed as soon as it ends.
import type { ChildProcess, StdioOptions } from 'node:child_process';
import { constants } from 'node:os';
import { States } from '../../constants.js';
import type { RunContext } from '../../context.js';
import type { Exporter } from '../../ports.js';
import { forwardCancellation, settle } from '../../runner/rollback.js';
import { deadlineWithGrace, EXIT_GRACE_MS, stdioFlushed } from '../../runner/stdio.js';
import { say } from '../../messages/catalogue.js';
import { untrusted } from '../../policy/untrusted.js';
import { ActionError, type UserMessage } from '../../util/errors.js';
import type { Delivered } from '../export/deliver.js';
import { removeWritten } from '../export/files.js';
import { commandEnv } from './env.js';
import type { PreparedCommand } from './prepare.js';
import { formatArguments, quotedPathForTemplate, splitArguments } from './shell.js';

/** The command failed, or was cancelled: the step's one error, and the exit code the step ends with. */
export class CommandFailed extends ActionError {
  constructor(
    said: UserMessage,
    readonly exitCode: number,
  ) {
    super(said);
  }
}

interface Ended {
  /** The exit code; 128 + the signal's number when a signal ended it, as a shell reports it. */
  status: number;
  signal?: NodeJS.Signals;
  /** The first cancellation signal passed on to it, if one was. */
  cancelledBy?: NodeJS.Signals;
  /** Why it could not start (an error code), if it could not. */
  notStarted?: string;
}

const signalNumber = (signal: NodeJS.Signals) => constants.signals[signal] ?? 0;

/**
 * Runs the command with the values; throws CommandFailed unless it exits with 0. Its environment is this step's,
 * less what is only the action's (env.ts). `timeout`'s deadline bounds only the wait for this step's own lines.
 */
export async function runCommand(
  ctx: RunContext,
  prepared: PreparedCommand,
  delivered: Delivered,
  out: Exporter,
): Promise<void> {
  const { log, env: stepEnv, platform } = ctx.deps;
  const { exportEnv } = ctx.config;
  const env = commandEnv(stepEnv, delivered.exported, platform);
  log.info(`shell: ${prepared.program} ${prepared.spec.argFormat}`);
  // The command writes to the runner's pipe itself: every line of this step goes first, in its order.
  await stdioFlushed(deadlineWithGrace(ctx.deadline, EXIT_GRACE_MS));
  // With export-env the values went to later steps too: a failure or a cancellation still takes them back.
  if (!exportEnv) settle();
  let ended: Ended;
  try {
    ended = await start(prepared, delivered.scriptPath!, env, platform);
  } finally {
    removeFiles(delivered, exportEnv, ctx.deps.log, out);
  }
  const { status, signal, cancelledBy, notStarted } = ended;
  if (notStarted !== undefined)
    throw new CommandFailed(say('command.not-started', { program: prepared.program, code: notStarted }), 1);
  if (cancelledBy)
    throw new CommandFailed(
      say('command.cancelled', { by: cancelledBy, signal, status }),
      status !== 0 ? status : 128 + signalNumber(cancelledBy),
    );
  if (status !== 0) throw new CommandFailed(say('command.failed', { signal, status }), status);
}

/**
 * Starts the shell as the runner would, in a process group of its own on Linux and macOS, so that a
 * cancellation reaches the command and everything it started (as Ctrl+C in a terminal does), not the
 * shell alone. On Windows the runner's CTRL_C and CTRL_BREAK go to every process on the console, the
 * command's included, so nothing is passed on there: this step only waits.
 */
function start(
  prepared: PreparedCommand,
  scriptPath: string,
  env: Record<string, string>,
  platform: string,
): Promise<Ended> {
  // Loaded here, not on every run's path.
  const { spawn } = process.getBuiltinModule('node:child_process');
  // formatArguments accepted this template when the shell was prepared.
  const args = formatArguments(prepared.spec.argFormat, quotedPathForTemplate(scriptPath))!;
  return new Promise((resolve) => {
    const cancels: NodeJS.Signals[] = [];
    let child: ChildProcess;
    const stdio: StdioOptions = ['ignore', 'inherit', 'inherit'];
    const options = { cwd: prepared.cwd, env, stdio };
    try {
      child =
        platform === 'win32'
          ? // The runner's own command line: the program quoted, its arguments as the template made them.
            spawn(prepared.program, [args], {
              ...options,
              windowsVerbatimArguments: true,
              argv0: `"${prepared.program}"`,
            })
          : spawn(prepared.program, splitArguments(args), { ...options, detached: true });
    } catch (error) {
      resolve({ status: 1, notStarted: codeOf(error) });
      return;
    }
    let settled = false;
    const restore = forwardCancellation((signal) => {
      cancels.push(signal);
      if (platform === 'win32' || child.pid === undefined) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        // the group has ended already
      }
    });
    const end = (result: Ended) => {
      if (settled) return;
      settled = true;
      restore();
      resolve(cancels[0] ? { ...result, cancelledBy: cancels[0] } : result);
    };
    child.once('error', (error) => end({ status: 1, notStarted: codeOf(error) }));
    child.once('exit', (code, signal) =>
      end(signal ? { status: 128 + signalNumber(signal), signal } : { status: code ?? 1 }),
    );
  });
}

const codeOf = (error: unknown) => {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]{0,31}$/.test(code) ? code : 'an error';
};

/**
 * The files the step wrote for the command, removed once it ended: all of them, unless export-env gave their
 * paths to later steps too (then only the script, and the post step removes the rest). When all are gone, the
 * saved state is cleared, so the post step finds nothing to do; otherwise it tries again.
 */
function removeFiles(delivered: Delivered, exportEnv: boolean, log: RunContext['deps']['log'], out: Exporter): void {
  const written = delivered.files;
  if (!written) return;
  const files = exportEnv ? written.files.filter((f) => f === delivered.scriptPath) : written.files;
  const result = removeWritten({ dir: written.dir, files });
  for (const { file, code } of result.failed)
    log.warning(`Could not remove ${untrusted(file)} (${code}) when the command ended; the post step tries again.`);
  if (exportEnv) {
    // The post step is left the files later steps read, and says so: the script is no secret file.
    const rest = written.files.filter((f) => f !== delivered.scriptPath);
    if (result.failed.length === 0)
      out.saveState(States.WrittenFiles, result.dirRemoved ? '' : JSON.stringify({ dir: written.dir, files: rest }));
    return;
  }
  if (result.failed.length === 0 && result.replaced.length === 0 && result.dirRemoved) {
    out.saveState(States.WrittenFiles, '');
    const n = result.removed.length;
    log.info(`Removed the ${n} file${n === 1 ? '' : 's'} written for the command, and their directory.`);
  }
}
