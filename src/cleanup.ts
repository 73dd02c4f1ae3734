// The post step's work: remove exactly the files the main step wrote, found through its saved state,
// and only after checking that the state names what this action creates (see checkWritten).
import { createCommandLog } from './commands.js';
import { States } from './constants.js';
import { checkWritten, removeWritten } from './files.js';
import type { Log } from './runner.js';

export function runPost(log: Log = createCommandLog(), runnerTemp = process.env.RUNNER_TEMP): void {
  const state = log.getState(States.WrittenFiles);
  if (state === '') return; // the main step wrote no files
  const checked = checkWritten(state, runnerTemp);
  if ('problem' in checked) {
    log.warning(`Ignored the saved list of secret files and removed nothing: ${checked.problem}.`);
    return;
  }
  const { written } = checked;
  const removed = removeWritten(written);
  const files = removed.filter((p) => p !== written.dir).length;
  const dir = removed.includes(written.dir) ? 'and their directory' : `; kept ${written.dir}, which holds files this action did not write`;
  log.info(`Removed ${files} secret file${files === 1 ? '' : 's'} ${dir}.`);
}
