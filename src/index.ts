// The action's entry point (runs.main: dist/index.js). No compile cache: a cache directory that
// outlives the job (tool cache, tmpdir) could be planted by another job on a shared runner, and
// V8 would run the planted code inside this step, next to the token and every value.
const { run } = await import('./main.js');
await run();
// A hung connection that the deadline abandoned must not keep the step alive.
process.exit();
