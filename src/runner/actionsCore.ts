// @actions/core's own command, file-command and summary modules, imported by path. Core's entry point
// also loads its OIDC client (@actions/http-client with undici and tunnel, ~1 MB of JavaScript) at
// import time; only GitHub OIDC needs it (azure/index.ts loads core whole for that). Importing these
// three modules instead takes ~25 ms off every successful run (README "Performance"), and still lets
// @actions/core do the work: add-mask, the file-command heredoc and its delimiter check, the summary.
// The path is pinned by package-lock.json; the runner-level tests exercise every function here.
import { issueCommand } from '../../node_modules/@actions/core/lib/command.js';
import { issueFileCommand, prepareKeyValueMessage } from '../../node_modules/@actions/core/lib/file-command.js';
import { summary } from '../../node_modules/@actions/core/lib/summary.js';

export { summary };

/** core.setSecret */
export const setSecret = (secret: string) => issueCommand('add-mask', {}, secret);

/** core.setOutput, file command only (the caller requires GITHUB_OUTPUT). */
export const setOutput = (name: string, value: string) => issueFileCommand('OUTPUT', prepareKeyValueMessage(name, value));

/** core.exportVariable, file command only (the caller requires GITHUB_ENV). */
export function exportVariable(name: string, value: string): void {
  process.env[name] = value;
  issueFileCommand('ENV', prepareKeyValueMessage(name, value));
}

/** core.saveState, file command only. */
export const saveState = (name: string, value: string) => issueFileCommand('STATE', prepareKeyValueMessage(name, value));
