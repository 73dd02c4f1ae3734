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
    log.info(`Removed ${removed.filter((p) => p !== written.dir).length} secret file${written.files.length === 1 ? '' : 's'} and ${removed.includes(written.dir) ? 'their directory' : 'kept the directory (not empty)'}.`);
  } catch (error) {
    log.warning(`Could not remove the secret files: ${errorMessage(error)}`);
  }
}

