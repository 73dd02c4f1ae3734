// The post step's work: remove exactly the files the main step wrote, found through its saved state,
// and only after checking that the state names what this action creates (see checkWritten).
import { rmSync } from 'node:fs';
import { basename } from 'node:path';
import { createCommandLog } from '../../runner/commands.js';
import { States } from '../../constants.js';
import { DOCKER_DIR_PREFIX } from './dockerConfig.js';
import { checkWritten, type RemoveFs, removeWritten } from './files.js';
import type { Log } from '../../ports.js';
import { untrusted } from '../../policy/untrusted.js';

export function runPost(log: Log = createCommandLog(), runnerTemp = process.env.RUNNER_TEMP, fs?: RemoveFs): void {
  removeDockerConfig(log, runnerTemp);
  const state = log.getState(States.WrittenFiles);
  if (state === '') return; // the main step wrote no files
  const checked = checkWritten(state, runnerTemp);
  if ('problem' in checked) {
    log.warning(`Ignored the saved list of secret files and removed nothing: ${checked.problem}.`);
    return;
  }
  const { written } = checked;
  const result = removeWritten(written, fs);
  for (const { file, code } of result.failed) {
    log.warning(
      `Could not remove the secret file ${untrusted(file)} (${code}): it still holds the secret. Delete it, or clean RUNNER_TEMP, before another job uses this runner.`,
    );
  }
  for (const file of result.replaced)
    log.warning(`Left ${untrusted(file)} alone: it is no longer the regular file this action wrote.`);
  const files = result.removed.length;
  const total = written.files.length;
  const removed =
    files === total
      ? `Removed ${files} secret file${files === 1 ? '' : 's'}`
      : `Removed ${files} of ${total} secret files`;
  if (result.dirRemoved) {
    log.info(`${removed} and their directory.`);
    return;
  }
  const others = result.others.map((name) => untrusted(basename(name), 60));
  const why =
    others.length > 0
      ? `which holds files this action did not write (${others.slice(0, 5).join(', ')}${others.length > 5 ? `, and ${others.length - 5} more` : ''})`
      : result.failed.length > 0
        ? `since ${result.failed.length === 1 ? 'one of its files' : `${result.failed.length} of its files`} could not be removed`
        : `which could not be removed (${result.dirCode ?? 'unknown error'})`;
  const line = `${removed}; kept ${untrusted(written.dir)}, ${why}.`;
  if (others.length > 0 && result.failed.length === 0) log.info(line);
  else log.warning(line);
}

/** acr-login's Docker config: checked and removed exactly as the secret files are. */
function removeDockerConfig(log: Log, runnerTemp: string | undefined): void {
  const state = log.getState(States.DockerConfig);
  if (state === '') return;
  const checked = checkWritten(state, runnerTemp);
  // The whole directory goes: it must be one acr-login creates (not, say, the secret files' directory).
  const problem =
    'problem' in checked
      ? checked.problem
      : basename(checked.written.dir).startsWith(DOCKER_DIR_PREFIX)
        ? undefined
        : 'the saved directory is not a Docker config this action creates';
  if (problem !== undefined || 'problem' in checked) {
    log.warning(`Ignored the saved Docker config location and removed nothing: ${problem}.`);
    return;
  }
  // Later steps' docker and buildx write there too (buildx/, contexts/): the whole directory is the job's,
  // created by this action (checked: directly under RUNNER_TEMP, its prefix, not a symlink). rm never follows links inside.
  const dir = untrusted(checked.written.dir);
  try {
    rmSync(checked.written.dir, { recursive: true, force: true });
  } catch (error) {
    const code = (error as { code?: unknown } | undefined)?.code;
    log.warning(
      `Could not remove the job's Docker config ${dir} (${typeof code === 'string' ? code : 'unknown error'}): it still holds a registry login. ` +
        `Delete it, or clean RUNNER_TEMP, before another job uses this runner.`,
    );
    return;
  }
  log.info(`Removed the job's Docker config (${dir}).`);
}
