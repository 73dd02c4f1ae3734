// The post step's work: remove exactly the files the main step wrote, found through its saved state.
import { createCommandLog } from './commands.js';
import { States } from './constants.js';
import { errorMessage } from './errors.js';
import { removeWritten, type WrittenFiles } from './files.js';
import type { Log } from './runner.js';

export function runPost(log: Log = createCommandLog()): void {
  const state = log.getState(States.WrittenFiles);
  if (state === '') return; // the main step wrote no files
  try {
    const written = JSON.parse(state) as WrittenFiles;
    const removed = removeWritten(written);
    const files = removed.filter((p) => p !== written.dir).length;
    const dir = removed.includes(written.dir) ? 'and their directory' : `; kept ${written.dir}, which holds files this action did not write`;
    log.info(`Removed ${files} secret file${files === 1 ? '' : 's'} ${dir}.`);
  } catch (error) {
    log.warning(`Could not remove the secret files: ${errorMessage(error)}`);
  }
}

