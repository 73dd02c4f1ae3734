// The action's entry point (runs.main: dist/index.js).
import { run } from './main.js';

await run();
// A hung connection that the deadline abandoned must not keep the step alive.
process.exit();
