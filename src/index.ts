// The action's entry point (runs.main: dist/index.js). No compile cache: a cache directory that
// outlives the job (tool cache, tmpdir) could be planted by another job on a shared runner, and
// V8 would run the planted code inside this step, next to the token and every value.
const { run } = await import('./main.js');
const { EXIT_FLUSH_TIMEOUT_MS, stdioFlushed } = await import('./runner/stdio.js');
await run();
// Every line written must reach the runner's pipe first: process.exit() discards queued writes, and
// with them ::add-mask:: lines (the masks themselves were flushed before any export; see main.ts).
// The wait is bounded, so a runner that stopped reading cannot hold the step either.
if (!(await stdioFlushed(AbortSignal.timeout(EXIT_FLUSH_TIMEOUT_MS)))) {
  // Stdout did not drain (a runner reading slowly, thousands of masks queued): the ::error:: queued
  // behind them would be lost at exit. The runner reads stderr too; the failure goes there as well.
  const { failureLine } = await import('./runner/commands.js');
  const failure = failureLine();
  if (failure) process.stderr.write(failure);
}
// A hung connection that the deadline abandoned must not keep the step alive.
process.exit();
