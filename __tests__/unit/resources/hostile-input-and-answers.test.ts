// tokens, storage-keys and acr-login given hostile input and hostile answers: the pure part of each
// case (runner/hostile-arm-error.e2e.test.ts runs the bundled action through the runner stand-in).
import { failureSummary } from '../../../src/read/export/summary.js';
import { failedReference, referencesFailed } from '../../../src/messages/references.js';
import { failedSecret } from '../../helpers/fakes.js';
import { parseStorageKeys, parseTokens, type StorageKeyReference } from '../../../src/inputs/resources.js';
import { ServiceAnswerError } from '../../../src/resources/access.js';
import type { ResourceAccess } from '../../../src/ports.js';
import { classifyAcrFailure, classifyStorageFailure } from '../../../src/resources/failures.js';
import { say, sayFailure } from '../../../src/messages/catalogue.js';
import { fetchResources } from '../../../src/resources/fetch.js';

/** What the step says for a storage key or a registry login that failed so. */
const describeStorageFailure = (...a: Parameters<typeof classifyStorageFailure>) =>
  sayFailure(classifyStorageFailure(...a)).text;
const describeAcrFailure = (...a: Parameters<typeof classifyAcrFailure>) => sayFailure(classifyAcrFailure(...a)).text;

const SUB = '6f1c2d3e-0000-4000-8000-00000000c0de';
const idIn = (rg: string) =>
  `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.Storage/storageAccounts/mldata`;
const deps = { cloud: 'AzureCloud' as const, timeoutSeconds: 30, signal: new AbortController().signal };
/** What a runner shows for a line: a workflow command, or a line the log viewer styles, starts it. */
const forgesALine = (text: string) =>
  text
    .split(/\r\n|\r|\n/)
    .slice(1)
    .some((l) => /^\s*(::|##\[)/.test(l)) || text.includes('##[');

describe('storage-keys: a resource group ARM cannot have', () => {
  // "..", "." or a name ending in ".", if accepted, lets the URL parser resolve ".." (…/resourceGroups/../providers → …/providers)
  // so ARM would be asked about another path, after a token request. Azure: a resource group name cannot end in a period.
  it.each(['..', '.', 'ml-rg.'])('refuses %j before any request', (rg) => {
    const { storageKeys, problems } = parseStorageKeys(`K=${idIn(rg)}`);
    expect(storageKeys).toEqual([]);
    expect(problems.map((p) => [p.input, p.line])).toEqual([['storage-keys', 1]]);
    expect(problems[0]!.message).toMatch(/is not a resource group name.*cannot end with "\."/);
  });

  it('still takes periods and parentheses inside a name', () => {
    expect(parseStorageKeys(`${idIn('ml.rg(prod)')}\n${idIn('a')}`).problems).toEqual([]);
  });
});

describe('tokens: a resource longer than any resource URI', () => {
  // A 100 KB api:// resource would go to the identity endpoint (which answers 431) and come back twice in a 200 KB ::error::.
  it('is refused at parse time, without echoing it whole', () => {
    const { tokens, problems } = parseTokens(`A=api://${'a'.repeat(100_000)}`, 'AzureCloud');
    expect(tokens).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/100006 characters.*at most 1024/);
    expect(problems[0]!.message.length).toBeLessThan(400);
  });
});

describe('the printed role assignment command', () => {
  // A resource group may hold "(" and ")": pasted unquoted into bash, --scope …/ml(rg)/… is a syntax error.
  it('quotes a scope that is not one plain shell word', () => {
    const command = say('resources.storage-forbidden', {
      accountId: idIn('ml(rg)'),
      principalId: '5e7a11ce-0000-4000-8000-00000000000a',
    }).text;
    expect(command).toContain(`--scope '${idIn('ml(rg)')}'`);
    expect(say('resources.storage-forbidden', { accountId: idIn('ml-rg') }).text).toContain(`--scope ${idIn('ml-rg')}`);
  });
});

describe('ARM and ACR error bodies', () => {
  const ref = parseStorageKeys(idIn('ml-rg')).storageKeys[0] as StorageKeyReference;
  const hostile = '\n##[error]FORGED\n::warning::FORGED';
  // The code of {"error":{"code"}} (and ACR's errors[0].code) goes into the ::error:: and, through the
  // error's message, into the debug line: raw, "%0A##[error]FORGED" would put a line of the attacker's into the log.
  it('escape the code and the message in the reason and in the error (the debug detail)', () => {
    const arm = new ServiceAnswerError(409, `Conflict${hostile}`, `m${hostile}`);
    const acr = new ServiceAnswerError(418, `TEAPOT${hostile}`, 'x');
    for (const text of [
      describeStorageFailure(arm, ref, undefined, deps),
      describeAcrFailure(acr, 'myregistry.azurecr.io', undefined, deps),
      arm.message,
      acr.message,
    ]) {
      expect(forgesALine(text)).toBe(false);
      expect(text).toContain('FORGED');
    }
  });

  it('keep matching a plain code', () => {
    expect(
      describeStorageFailure(new ServiceAnswerError(403, 'AuthorizationFailed', 'no'), ref, undefined, deps),
    ).toMatch(/^AuthorizationFailed: /);
  });
});

describe('a listKeys answer', () => {
  // Taken as a credential, an empty "value" for key1 would be exported as an empty MLDATA_KEY, and the step succeed.
  it('with an empty key is a missing key, not an empty credential', async () => {
    const access: ResourceAccess = {
      listStorageKeys: () =>
        Promise.resolve([
          { keyName: 'key1', value: '' },
          { keyName: 'key2', value: 'k2-value-not-empty' },
        ]),
      storageAccount: () => Promise.resolve({}),
      acrRefreshToken: () => Promise.reject(new Error('unused')),
    };
    const refs = { tokens: [], acr: [], storageKeys: parseStorageKeys(idIn('ml-rg')).storageKeys };
    const outcome = await fetchResources(refs, {
      ...deps,
      token: () =>
        Promise.resolve({ token: 'eyJhbGciOiJub25lIn0.e30.sig', expiresOnTimestamp: Date.now() + 3_600_000 }),
      access: () => Promise.resolve(access),
      hold: () => {},
    });
    expect(outcome.credentials).toEqual([]);
    expect(outcome.failures).toHaveLength(1);
    expect(outcome.failures[0]!.said.text).toMatch(/^key1 missing/);
  });
});

describe('a token whose expiry is no time', () => {
  // IMDS answering expires_on "99999999999999999999": the token came back, then toISOString threw at export,
  // and the step said only "Unexpected failure (RangeError)".
  it('fails its reference with a clear reason instead of throwing at export', async () => {
    const refs = { storageKeys: [], acr: [], tokens: parseTokens('A=management', 'AzureCloud').tokens };
    const outcome = await fetchResources(refs, {
      ...deps,
      token: () => Promise.resolve({ token: 'eyJhbGciOiJub25lIn0.e30.sig', expiresOnTimestamp: 1e23 }),
      access: () => Promise.reject(new Error('unused')),
      hold: () => {},
    });
    expect(outcome.credentials).toEqual([]);
    expect(outcome.failures).toHaveLength(1);
    expect(outcome.failures[0]!.said.text).toMatch(
      /^no token for https:\/\/management\.azure\.com: the identity endpoint answered with an expiry that is no time \(1e\+23 ms\)/,
    );
  });
});

describe('the job summary when a credential fails', () => {
  // It said "Key Vault secrets: 1 of 3 could not be read" for a token, and the reason column read "no token for api".
  it('calls them credentials, in a table of their own, and keeps a URI whole in the short reason', () => {
    const failure = failedReference({
      input: 'tokens',
      line: 1,
      alias: 'X',
      where: 'api://unknown-app',
      what: 'api://unknown-app',
      failure: {
        id: 'resources.no-token',
        args: { resource: 'api://unknown-app', reason: 'Microsoft Entra ID knows no resource' },
      },
    });
    const summary = failureSummary(referencesFailed('credential', [failure], 3, []));
    expect(summary).toMatch(
      /^### ❌ Credentials from the same identity: 1 of 3 could not be read; nothing was exported/,
    );
    // Its own columns: what the credential is for, no secret column holding a dash.
    expect(summary).toContain('| Line | Alias | For | Reason |');
    expect(summary).toContain('| tokens 1 | `X` | api\\://unknown-app | no token for api\\://unknown-app |');
    const secret = failedSecret(1, 's', {
      id: 'vault.unauthorized',
      args: { vault: 'kv', vaultUrl: 'https://kv.vault.azure.net/', cloud: 'AzureCloud' },
    });
    expect(failureSummary(referencesFailed('secret', [secret], 1, []))).toMatch(
      /^### ❌ Key Vault secrets: 1 of 1 could not be read[^]*\| unauthorized \|/,
    );
  });
});

describe('ARM and ACR answers that are not refusals', () => {
  const ref = parseStorageKeys(idIn('ml-rg')).storageKeys[0] as StorageKeyReference;
  const tooLarge = Object.assign(new Error('identity answer: not read'), { code: 'EIDENTITYTOOLARGE' });
  // Before: 429/5xx said "Check the resource id and the identity's role assignments"; a 200 without keys or
  // refresh_token said "refused" / "does not exist"; a body past the cap said "cannot reach … (EIDENTITYTOOLARGE)".
  it.each([
    [
      'ARM 429',
      () => describeStorageFailure(new ServiceAnswerError(429, 'TooManyRequests', 'slow down'), ref, undefined, deps),
      /^Azure Resource Manager answered HTTP 429 \(TooManyRequests: slow down\): it is throttling or unavailable/,
    ],
    [
      'ARM 500',
      () => describeStorageFailure(new ServiceAnswerError(500, 'InternalServerError', undefined), ref, undefined, deps),
      /HTTP 500 \(InternalServerError\): it is throttling or unavailable/,
    ],
    [
      'ARM 200 without keys',
      () =>
        describeStorageFailure(
          new ServiceAnswerError(200, undefined, 'the answer holds no keys'),
          ref,
          undefined,
          deps,
        ),
      /^management\.azure\.com answered its listKeys with 200 but not as the service does \(the answer holds no keys\)/,
    ],
    [
      'ARM past the cap',
      () => describeStorageFailure(tooLarge, ref, undefined, deps),
      /^management\.azure\.com answered its listKeys with more than 256 KiB/,
    ],
    [
      'ACR 200 without refresh_token',
      () =>
        describeAcrFailure(
          new ServiceAnswerError(200, undefined, 'the answer holds no refresh_token'),
          'myregistry.azurecr.io',
          undefined,
          deps,
        ),
      /^myregistry\.azurecr\.io answered its token exchange with 200 but not as the service does/,
    ],
    [
      'ACR past the cap',
      () => describeAcrFailure(tooLarge, 'myregistry.azurecr.io', undefined, deps),
      /^myregistry\.azurecr\.io answered its token exchange with more than 256 KiB/,
    ],
  ])('%s says what happened', (_, describe, expected) => {
    expect(describe()).toMatch(expected);
  });
});

describe('tokens: a resource written as an MSAL scope', () => {
  // Kept, "api://APP/.default" would become the scope "api://APP/.default/.default": a token for no resource.
  it('drops a trailing /.default, as for an https resource', () => {
    const { tokens, problems } = parseTokens(
      'A=api://9a7b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d/.default\nB=https://management.azure.com/.default/',
      'AzureCloud',
    );
    expect(problems).toEqual([]);
    expect(tokens.map((t) => t.resource)).toEqual([
      'api://9a7b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d',
      'https://management.azure.com',
    ]);
  });
});

describe('ARM refusing the storage API version', () => {
  const ref = parseStorageKeys(idIn('ml-rg')).storageKeys[0] as StorageKeyReference;
  // ARM's two answers for a version a resource provider does not serve (azure-cli's logs of them: 400, with the
  // versions it does serve in the message).
  it.each([
    [
      'InvalidApiVersionParameter',
      "The api-version '2023-05-01' is invalid. The supported versions are '2022-09-01,2021-04-01'.",
    ],
    [
      'NoRegisteredProviderFound',
      "No registered resource provider found for location 'usgovvirginia' and API version '2023-05-01' for type 'storageAccounts'.",
    ],
  ])('%s: names the version this action sends and the cloud', (code, message) => {
    const gov = { ...deps, cloud: 'AzureUSGovernment' as const };
    const text = describeStorageFailure(new ServiceAnswerError(400, code, message), ref, undefined, gov);
    expect(text).toMatch(
      new RegExp(
        `^API version not served: Azure Resource Manager in AzureUSGovernment refused Microsoft\\.Storage API version 2023-05-01, the one this action sends there \\(${code}: `,
      ),
    );
    expect(forgesALine(text)).toBe(false);
  });
});

describe('a proxy that wants credentials (407, no service body)', () => {
  const ref = parseStorageKeys(idIn('ml-rg')).storageKeys[0] as StorageKeyReference;
  // One list of the statuses a proxy answers with (util/sdkErrors.ts), the vault's and these alike.
  it('is named as the proxy answering, for ARM and for a registry', () => {
    const error = new ServiceAnswerError(407, undefined, undefined);
    expect(describeStorageFailure(error, ref, undefined, deps)).toMatch(
      /^cannot reach management\.azure\.com \(the proxy answered 407\)/,
    );
    expect(describeAcrFailure(error, 'myregistry.azurecr.io', undefined, deps)).toMatch(
      /^not found: the registry myregistry\.azurecr\.io does not exist or cannot be reached \(the proxy answered 407\)/,
    );
  });
});
