// The post step's work: remove exactly the files the main step wrote, found through its saved state,
// and only after checking that the state names what this action creates (see checkWritten).
import { rmSync } from 'node:fs';
import { createCommandLog } from './commands.js';
import { States } from './constants.js';
import { checkWritten, removeWritten } from './files.js';
import type { Log } from './runner.js';

export function runPost(log: Log = createCommandLog(), runnerTemp = process.env.RUNNER_TEMP): void {
  removeDockerConfig(log, runnerTemp);
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

/** acr-login's Docker config (issue 15): checked and removed exactly as the secret files are. */
function removeDockerConfig(log: Log, runnerTemp: string | undefined): void {
  const state = log.getState(States.DockerConfig);
  if (state === '') return;
  const checked = checkWritten(state, runnerTemp);
  if ('problem' in checked) {
    log.warning(`Ignored the saved Docker config location and removed nothing: ${checked.problem}.`);
    return;
  }
  // Later steps' docker and buildx write there too (buildx/, contexts/): the whole directory is the job's,
  // created by this action (checked: directly under RUNNER_TEMP, its prefix, not a symlink). rm never follows links inside.
  rmSync(checked.written.dir, { recursive: true, force: true });
  log.info(`Removed the job's Docker config (${checked.written.dir}).`);
}
