// The set step's entry point (set/action.yml: runs.main ../dist/set/index.js). No compile cache, as for the read step.
const { run } = await import('./main.js');
const { deadlineWithGrace, EXIT_GRACE_MS, stdioFlushed } = await import('../runner/stdio.js');
const deadline = await run();
// Every line written must reach the runner's pipe before exit, within the step's deadline.
await stdioFlushed(deadlineWithGrace(deadline, EXIT_GRACE_MS));
// A hung connection that the deadline abandoned must not keep the step alive.
process.exit();
