// Export planning: which outputs, env vars and files each fetched secret becomes.
import { planExports } from '../../../../src/read/export/plan.js';
import { fetchedSecret } from '../../../helpers/fakes.js';

const fetched = fetchedSecret;

describe('planExports', () => {
  it('names files after the secret, and a second one of the same name after its alias', () => {
    const { items, problems } = planExports(
      [
        fetched('cert', 'a', { input: 'files' }),
        fetched('cert', 'b', {
          input: 'files',
          alias: 'OTHER',
          vault: { name: 'kv2', url: 'https://kv2.vault.azure.net/' },
        }),
      ],
      false,
    );
    expect(problems).toEqual([]);
    expect(items.map((i) => i.fileName)).toEqual(['cert', 'OTHER']);
  });

  it('refuses a JSON leaf that lands on a protected name or another alias', () => {
    const { problems } = planExports(
      [fetched('runner', '{"temp":"/x-value"}'), fetched('db', 'x'), fetched('d', '{"b":"dup-value"}', { alias: 'D' })],
      true,
    );
    expect(problems.map((p) => p.message)).toEqual([expect.stringMatching(/RUNNER_TEMP, a protected name/)]);
    const dup = planExports([fetched('db-host', 'plain-value'), fetched('db', '{"host":"json-value"}')], true);
    expect(dup.problems.map((p) => p.message)).toEqual([expect.stringMatching(/DB_HOST, already exported/)]);
  });
});
