// The action's entry point (runs.main: dist/index.js).
import { enableCompileCache } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// V8's code cache for the bundle. A self-hosted runner runs this action again and again, and its
// tool cache outlives jobs; Node keys entries by content and version, so an upgrade just adds new ones.
enableCompileCache?.(join(process.env.RUNNER_TOOL_CACHE || tmpdir(), 'keyvault-secrets-action', 'compile-cache'));

const { run } = await import('./main.js');
await run();
// A hung connection that the deadline abandoned must not keep the step alive.
process.exit();
