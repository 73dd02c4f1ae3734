// A vault's challenge that names another audience than the cloud's Key Vault one: the vault clients'
// credential refuses it without asking any identity endpoint, and the run reports it once per vault,
// as the vault's, never as the reference's.
import fc from 'fast-check';
import { RunTokenCredential } from '../../../src/azure/runTokenCredential.js';
import { CLOUDS, type CloudName, vaultResource, vaultScope } from '../../../src/inputs/cloud.js';
import type { SecretReference } from '../../../src/inputs/references.js';
import type { AzureAccess } from '../../../src/ports.js';
import { ChallengeAudienceRefused } from '../../../src/vault/challenge.js';
import { createFetcher } from '../../../src/vault/fetch.js';
import { classifyVaultFailure } from '../../../src/vault/failures.js';
import { requireAll } from '../../../src/vault/require.js';
import { sayFailure } from '../../../src/messages/catalogue.js';
import { FetchFailure } from '../../../src/messages/references.js';
import { bundle, FakeClock } from '../../helpers/fakes.js';
import { commandsIn, hostileTextAnySize } from '../../helpers/hostile.js';

const CLOUD_NAMES = Object.keys(CLOUDS) as CloudName[];
const TOKEN = { token: 'the-run-token', expiresOnTimestamp: Date.now() + 3_600_000 };
/** C0 and C1 controls and the Unicode line separators: what could end or start a log line. */
// eslint-disable-next-line no-control-regex -- matching the controls is the point
const LINE_BREAKING = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

const refusal = (credential: RunTokenCredential, scopes: string | string[]) =>
  credential.getToken(scopes).then(
    () => undefined,
    (error: unknown) => error,
  );

describe('the vault clients’ credential', () => {
  it.each(CLOUD_NAMES)(
    'hands over the run’s token for %s’s Key Vault scope, as a string or alone in a list',
    async (cloud) => {
      const credential = new RunTokenCredential(vaultScope(cloud));
      credential.share(TOKEN);
      await expect(credential.getToken(vaultScope(cloud))).resolves.toBe(TOKEN);
      await expect(credential.getToken([vaultScope(cloud)])).resolves.toBe(TOKEN);
    },
  );

  const others: [CloudName, string | string[]][] = [
    ['AzureCloud', 'https://azure.net/.default'], // a DNS suffix of every vault host: the SDK's own check admits it
    ['AzureCloud', 'https://evil.example/.default'],
    ['AzureCloud', 'https://vault.azure.net'], // the audience without /.default is another scope
    ['AzureCloud', 'https://vault.azure.net//.default'], // resource="https://vault.azure.net/"
    ['AzureCloud', 'https://VAULT.azure.net/.default'],
    ['AzureCloud', [vaultScope('AzureCloud'), 'https://azure.net/.default']],
    ['AzureCloud', []],
    ['AzureUSGovernment', vaultScope('AzureCloud')],
    ['AzureChinaCloud', vaultScope('AzureUSGovernment')],
    ['AzureUSGovernment', 'https://usgovcloudapi.net/.default'],
  ];
  it.each(others)('in %s refuses %j with a typed error, before the token is even acquired', async (cloud, scopes) => {
    let asked = 0;
    // The token is never shared: a refusal that waited for it would never come.
    const credential = new RunTokenCredential(vaultScope(cloud), () => asked++);
    const error = await refusal(credential, scopes);
    expect(error).toBeInstanceOf(ChallengeAudienceRefused);
    expect((error as ChallengeAudienceRefused).expected).toBe(vaultResource(cloud));
    expect(asked).toBe(1); // the challenge was answered: the identity SDK's load is not held back for it
  });

  it('names what the vault asked for, quoted, on one line, forging no command, capped', async () => {
    const credential = new RunTokenCredential(vaultScope('AzureCloud'));
    const asked = async (scope: string) => ((await refusal(credential, scope)) as ChallengeAudienceRefused).asked;
    expect(await asked('https://azure.net/.default')).toBe('"https://azure.net"');
    expect(await asked('https://evil.example/read')).toBe('"https://evil.example/read"');
    expect(await asked('a"b')).toBe('"a\\"b"');
    await fc.assert(
      fc.asyncProperty(hostileTextAnySize(), async (scope) => {
        fc.pre(scope !== vaultScope('AzureCloud'));
        const error = (await refusal(credential, scope)) as ChallengeAudienceRefused;
        for (const text of [error.asked, error.message]) {
          expect(text).not.toMatch(LINE_BREAKING);
          expect(text).not.toContain('##[');
          expect(commandsIn(text)).toEqual([]);
        }
        expect(error.asked.length).toBeLessThanOrEqual(Math.ceil((121 * 8) / 3) + 2);
      }),
      { numRuns: 100 },
    );
  });
});

const VAULT = { name: 'ml-prod-kv', url: 'https://ml-prod-kv.vault.azure.net/' };
const OTHER = { name: 'shared-kv', url: 'https://shared-kv.vault.azure.net/' };
const ref = (name: string, line: number, vault = VAULT): SecretReference => ({
  input: 'secrets',
  line,
  text: name,
  alias: name.toUpperCase().replaceAll('-', '_'),
  name,
  vault,
});
const refused = () => new ChallengeAudienceRefused(['https://azure.net/.default'], vaultScope('AzureCloud'));
const context = { vault: VAULT.name, vaultUrl: VAULT.url, secret: 'db-password', cloud: 'AzureCloud' };
const describeVaultFailure = (...a: Parameters<typeof classifyVaultFailure>) =>
  sayFailure(classifyVaultFailure(...a)).text;
const noExpansion = { references: [], failed: [], unmatched: [], invalidNames: [] };
const config = { cloud: 'AzureCloud' as const, timeoutSeconds: 60, ignoreMissing: false };

describe('the failure', () => {
  it('is the vault’s: what it asked for, the audience expected in this cloud, and the likely causes', () => {
    const message = describeVaultFailure(refused(), context, 60);
    expect(message).toBe(
      'challenge for another audience: ml-prod-kv.vault.azure.net asked for a token for "https://azure.net", ' +
        `not for Key Vault's "https://vault.azure.net" (cloud AzureCloud); no token was requested for it, and ml-prod-kv was sent none. ` +
        "Likely causes: the cloud input (AzureCloud) is not the vault's cloud; a proxy or stand-in answers for ml-prod-kv.vault.azure.net " +
        "(check HTTPS_PROXY/NO_PROXY and the runner's DNS); or ml-prod-kv.vault.azure.net is not Key Vault.",
    );
    expect(message).not.toMatch(/not found|forbidden|Check the reference|db-password/i);
    // Wrapped by the SDK or not, it is recognised the same.
    expect(describeVaultFailure(new Error('pipeline', { cause: refused() }), context, 60)).toBe(message);
    expect(describeVaultFailure(refused(), { ...context, listing: true, secret: 'app-*' }, 60)).toBe(message);
  });

  it('is one line per vault, however many of its references (named or wildcards) it cost; other failures keep theirs', () => {
    const notFound = Object.assign(new Error('not found'), {
      statusCode: 404,
      details: { error: { code: 'SecretNotFound' } },
    });
    const outcomes = [
      { ref: ref('a', 1), error: refused() },
      { ref: ref('missing', 2, OTHER), error: notFound },
      { ref: ref('b', 3), error: refused() },
      { ref: ref('c', 4), error: refused() },
      { ref: ref('d', 5), error: refused() },
      { ref: ref('ok', 6, OTHER), bundle: bundle('v') },
    ];
    const wildcard = { input: 'secrets', line: 7, text: 'app-*', prefix: 'app-', namespace: 'APP_', vault: VAULT };
    let failure: unknown;
    try {
      requireAll(outcomes, { ...noExpansion, failed: [{ wildcard, error: refused() }] }, config, undefined, () => {});
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(FetchFailure);
    const lines = (failure as FetchFailure).message.split('\n');
    expect(lines).toEqual([
      'Could not read 6 of 7 secrets; nothing was exported:',
      `  ml-prod-kv (5 references: secrets line 1 a, secrets line 3 b, secrets line 4 c, secrets line 5 d, secrets line 7 app-*): ${describeVaultFailure(refused(), context, 60)}`,
      expect.stringMatching(/^ {2}secrets line 2: shared-kv\/missing \(MISSING\): not found: /),
    ]);
    // The job summary still has a row for each reference.
    expect((failure as FetchFailure).failures).toHaveLength(6);
  });
});

describe('the fetcher', () => {
  it('sends nothing more to a vault whose first request met a challenge for another audience', async () => {
    const sent: string[] = [];
    const access: AzureAccess = {
      identityEndpoint: 'http://imds',
      federatedClaims: () => undefined,
      waitingFor: () => '',
      acquireToken: () => Promise.resolve(TOKEN),
      shareToken: () => {},
      vault: (url) => ({
        listSecrets: () => Promise.resolve([]),
        getSecret: (name) => {
          sent.push(`${url} ${name}`);
          return url === VAULT.url ? Promise.reject(refused()) : Promise.resolve(bundle(`value of ${name}`));
        },
      }),
    };
    const fetcher = createFetcher(access, {
      concurrency: 8,
      signal: new AbortController().signal,
      clock: new FakeClock(),
    });
    const outcomes = await fetcher.fetchAll([ref('a', 1), ref('b', 2), ref('c', 3), ref('x', 4, OTHER)]);
    expect(sent).toEqual([`${VAULT.url} a`, `${OTHER.url} x`]);
    expect(outcomes.map((o) => (o.error ? (o.error as Error).name : o.bundle?.value))).toEqual([
      'ChallengeAudienceRefused',
      'ChallengeAudienceRefused',
      'ChallengeAudienceRefused',
      'value of x',
    ]);
  });
});
