// The network waits of tokens, storage-keys and acr-login, each stalled in the stand-in (ARM's listKeys and the account GET, ACR's
// /oauth2/exchange), and a slow-drip ARM answer: the step ends within timeout + 5 s with one clear
// error naming the wait, and nothing is exported.
import { expectNothingExported, sampleVault, useStandin } from '../helpers/standin.js';

const ctx = useStandin();
type Request = { host: string; path: string; method?: string };
/** The runner stand-in's own limit, so a step that never ends fails here instead of hanging the suite. */
const RUN_LIMIT = { timeoutMs: 25_000 };
const TIMEOUT = 4;

function expectEndsAtDeadline(r: { durationMs: number; errors: string[] }, message: RegExp) {
  expect(r.errors).toEqual([expect.stringMatching(message)]);
  expect(r.durationMs).toBeLessThan(TIMEOUT * 1000 + 5000);
}

describe('ARM (storage-keys)', () => {
  it.each([
    ['listKeys (POST)', (q: Request) => q.path.endsWith('/listKeys'), 'hang'],
    ['the account GET', (q: Request) => q.method === 'GET', 'hang'],
    [
      'listKeys, one byte a second',
      (q: Request) => q.path.endsWith('/listKeys'),
      { status: 200, drip: { body: { keys: [{ keyName: 'key1', value: 'x'.repeat(64), permissions: 'FULL' }] } } },
    ],
  ])('a stalled answer to %s ends the step at the deadline, naming the wait', async (_, match, step) => {
    sampleVault(ctx.s, 'resource-deadline-secret');
    const account = ctx.s.arm.addStorageAccount({ name: 'mldata' });
    ctx.s.fault('arm', [step, step, step, step], match);
    const r = await ctx.step(
      { keyvault: 'ml-prod-kv', secrets: 'db-password', 'storage-keys': account.id, timeout: String(TIMEOUT) },
      RUN_LIMIT,
    );
    expectEndsAtDeadline(
      r,
      /storage-keys line 1: mldata#key1 \(MLDATA_KEY\): timed out: Azure Resource Manager \(listKeys, or the GET of the account's properties, for mldata\) did not answer within the step's 4 s timeout/,
    );
    expectNothingExported(r);
  });
});

describe('ACR (acr-login)', () => {
  it('a stalled /oauth2/exchange ends the step at the deadline, naming the wait', async () => {
    ctx.s.acr.addRegistry('myregistry');
    ctx.s.fault('acr', ['hang', 'hang', 'hang', 'hang'], '/oauth2/exchange');
    const r = await ctx.step({ 'acr-login': 'myregistry', timeout: String(TIMEOUT) }, RUN_LIMIT);
    expectEndsAtDeadline(
      r,
      /acr-login line 1: myregistry.*timed out: myregistry\.azurecr\.io's token exchange did not answer within the step's 4 s timeout/,
    );
    expectNothingExported(r);
  });

  it('a 429 whose Retry-After is far past the deadline ends the step at the deadline, named as throttling', async () => {
    ctx.s.acr.addRegistry('myregistry');
    ctx.s.fault('acr', Array(4).fill({ status: 429, retryAfter: '99999999999' }), '/oauth2/exchange');
    const r = await ctx.step({ 'acr-login': 'myregistry', timeout: String(TIMEOUT) }, RUN_LIMIT);
    expectEndsAtDeadline(
      r,
      /acr-login line 1: myregistry.*throttled: myregistry\.azurecr\.io answered its token exchange with HTTP 429/,
    );
    expect(r.durationMs).toBeGreaterThanOrEqual(TIMEOUT * 1000);
    expectNothingExported(r);
  });
});
