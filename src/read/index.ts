// The action's entry point (runs.main: dist/index.js). No compile cache: a cache directory that
// outlives the job (tool cache, tmpdir) could be planted by another job on a shared runner, and
// V8 would run the planted code inside this step, next to the token and every value.
import { EOL } from 'node:os';
// First of all: from here on, a cancellation or a failed exit takes back whatever the export wrote.
const { keepExportOnlyOnSuccess } = await import('../runner/rollback.js');
keepExportOnlyOnSuccess();
const { run } = await import('./main.js');
const { deadlineWithGrace, EXIT_GRACE_MS, stdioFlushed } = await import('../runner/stdio.js');
const deadline = await run();
// Every line written must reach the runner's pipe first: process.exit() discards queued writes. The wait
// ends by the run's own deadline (or a moment after the run, if that is later), so `timeout` bounds the
// whole step. Nothing queued at that point can leak when dropped: every mask of an exported value reached
// the pipe before the export (deliver.ts), and a mask queued for a value not exported is followed only by
// lines that are dropped with it.
if (!(await stdioFlushed(deadlineWithGrace(deadline, EXIT_GRACE_MS)))) {
  // Stdout did not drain (a runner reading slowly, thousands of masks queued): an ::error:: still queued
  // behind them would be lost at exit, so it goes to stderr, which the runner reads too; one already in
  // the pipe is not repeated.
  const { failureNotHandedOver } = await import('../runner/commands.js');
  process.stderr.write(
    failureNotHandedOver() ??
      `The runner had not read the end of this step's log by the deadline (timeout); the rest of it was dropped.${EOL}`,
  );
}
// A hung connection that the deadline abandoned must not keep the step alive.
process.exit();
