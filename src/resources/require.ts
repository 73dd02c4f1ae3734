// The resources stage's verdict: every credential tokens, storage-keys and acr-login named, or
// one error naming each that failed (its input and line) with its fix; the failures join the summary's table.
import { FetchFailure } from '../vault/require.js';
import type { ResourceCredential, ResourceOutcome } from './fetch.js';

export function requireResources(outcome: ResourceOutcome): ResourceCredential[] {
  const { failures, credentials, details } = outcome;
  if (failures.length === 0) return credentials;
  const total = failures.length + credentials.length;
  const sorted = [...failures].sort((a, b) => a.input.localeCompare(b.input) || a.line - b.line);
  const lines = sorted.map((f) => `  ${f.input} line ${f.line}: ${f.target} (${f.alias}): ${f.reason}`);
  const table = sorted.map((f) => ({
    input: f.input,
    line: f.line,
    alias: f.alias,
    vault: f.target,
    secret: '–',
    reason: f.reason,
  }));
  throw new FetchFailure(
    `Could not get ${failures.length} of ${total} credentials; nothing was exported:\n${lines.join('\n')}`,
    table,
    total,
    details.join('\n'),
  );
}
