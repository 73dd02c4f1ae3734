// The job summary: what was exported and from where. Never a value.
import { type FetchedSecret, shortVersion } from './publish.js';

const cell = (text: string) => text.replaceAll('|', '\\|').replace(/[\r\n]+/g, ' ');

export function summaryTable(secrets: readonly FetchedSecret[], exportEnv: boolean): string {
  const rows = secrets.map(({ ref, bundle }) =>
    `| \`${ref.alias}\` | ${cell(ref.vault.name)} | ${cell(ref.name)} | \`${shortVersion(bundle.version)}\` | ${exportEnv ? 'output, env' : 'output'} |`,
  );
  return [
    `### Key Vault secrets`,
    '',
    `| Alias | Vault | Secret | Version | Exported as |`,
    `| --- | --- | --- | --- | --- |`,
    ...rows,
    '',
  ].join('\n');
}
