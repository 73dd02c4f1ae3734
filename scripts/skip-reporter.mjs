// A jest reporter that lists every skipped test, with its title (which says why it skipped: "(skipped:
// …)"), after the summary of every run. Jest's default reporter shows skipped tests only with
// --verbose, and drops the console output of a file whose tests all skipped, so without this a plain
// `npm test` would say "3 skipped" and never why.
import { relative } from 'node:path';

export default class SkipReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    const skipped = results.testResults.flatMap((file) =>
      file.testResults
        .filter((t) => t.status === 'pending')
        .map((t) => `  ${relative(this.rootDir, file.testFilePath)} › ${t.fullName}`),
    );
    if (skipped.length === 0) return;
    process.stderr.write(`Skipped (${skipped.length}):\n${skipped.join('\n')}\n`);
  }
}
