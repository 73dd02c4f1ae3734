// A vault whose 401 challenge names another audience than its cloud's Key Vault one, in either form
// the SDK reads (resource=, scope=): the bundled action as a step against the stand-in. No token for
// that audience is asked of any identity endpoint, the vault is sent no token, the step fails with one
// error that names the vault and both audiences, and nothing is exported.
import { GITHUB_ISSUER, GITHUB_SUBJECT } from '../../standin/index.mjs';
import { expectMaskedAndNotLeaked, expectNothingExported, sampleVault, useStandin } from '../helpers/standin.js';

const ctx = useStandin();
const SECRETS = { 'db-password': 'audience-suite-value-1', 'hf-token': 'audience-suite-value-2', 'api-key': 'v-3' };
const INPUTS = { keyvault: 'ml-prod-kv', secrets: 'db-password\nhf-token\napi-key' };
const APP = { clientId: '9a7b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d', objectId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d' };

type Audience = { resource: string } | { scope: string };
const requests = (service: string) => ctx.s.requests().filter((q) => q.service === service);
/** Every audience a token was asked for, of IMDS (resource=) and of Entra (scope=). */
const tokenAudiences = () => [
  ...requests('imds').map((q) => q.query?.resource),
  ...requests('entra').map((q) => q.scope),
];

/** The one error the step must fail with, for a vault that asked for `asked` in a cloud whose Key Vault audience is `expected`. */
const failure = (
  asked: string,
  cloud = 'AzureCloud',
  expected = 'https://vault.azure.net',
  host = 'ml-prod-kv.vault.azure.net',
) =>
  'Could not read 3 of 3 secrets; nothing was exported:\n' +
  `  ml-prod-kv (3 references: secrets line 1 db-password, secrets line 2 hf-token, secrets line 3 api-key): challenge for another audience: ${host} asked for a token for ${asked}, ` +
  `not for Key Vault's "${expected}" (cloud ${cloud}); no token was requested for it, and ml-prod-kv was sent none. ` +
  `Likely causes: the cloud input (${cloud}) is not the vault's cloud; a proxy or stand-in answers for ${host} ` +
  `(check HTTPS_PROXY/NO_PROXY and the runner's DNS); or ${host} is not Key Vault.`;

function expectRefusedOnce(r: Awaited<ReturnType<typeof ctx.step>>, error: string) {
  expect(r.code).toBe(1);
  expect(r.errors).toEqual([error]);
  expect(r.commands.filter((c: { command: string }) => c.command === 'error')).toHaveLength(1);
  // The challenge, and nothing after it: no request carried a token, no other reference was sent.
  expect(requests('vault').map((q) => [q.authorized, q.status])).toEqual([[false, 401]]);
  expectNothingExported(r);
  // No value was read (so none is masked); the run's token was acquired, and appears nowhere.
  expectMaskedAndNotLeaked(r, [], ctx.s.entra.issuedTokens());
  expect(ctx.s.stats.secretsServed).toBe(0);
}

describe('a vault challenge naming another audience', () => {
  it.each<[string, Audience, string]>([
    // A DNS suffix of the vault's host: the SDK's own check lets it through to the credential.
    ['resource=', { resource: 'https://azure.net' }, 'https://azure.net'],
    ['scope=', { scope: 'https://azure.net/.default' }, 'https://azure.net'],
    // Not a suffix: the SDK's check would have thrown its own error, naming a host and blaming nothing.
    ['scope= (another host)', { scope: 'https://evil.example/.default' }, 'https://evil.example'],
  ])(
    'in the %s form is refused with one error naming both audiences; no token is asked for it',
    async (_form, audience, asked) => {
      sampleVault(ctx.s, SECRETS, { challengeAudience: audience });
      ctx.s.entra.addApp(asked); // an audience Entra knows: a request for it would have been answered with a token
      const r = await ctx.step(INPUTS);
      expectRefusedOnce(r, failure(`"${asked}"`));
      expect(tokenAudiences()).toEqual(['https://vault.azure.net']);
      expect(r.summary).toContain('challenge for another audience');
    },
  );

  it('is refused with GitHub OIDC too: Entra is asked for the Key Vault scope alone', async () => {
    ctx.s.entra.addFederatedIdentity({ ...APP, federated: [{ issuer: GITHUB_ISSUER, subject: GITHUB_SUBJECT }] });
    sampleVault(ctx.s, SECRETS, { challengeAudience: { resource: 'https://azure.net' } });
    ctx.s.entra.addApp('https://azure.net');
    const r = await ctx.step(
      { ...INPUTS, 'tenant-id': ctx.s.entra.tenantId, 'client-id': APP.clientId },
      { env: ctx.s.envFor('github-oidc') },
    );
    expectRefusedOnce(r, failure('"https://azure.net"'));
    expect(requests('imds')).toEqual([]);
    expect(tokenAudiences()).toEqual(['https://vault.azure.net/.default']);
  });

  it("in a sovereign cloud, names that cloud's audience; another cloud's Key Vault audience is refused", async () => {
    sampleVault(ctx.s, SECRETS, {
      cloud: 'AzureUSGovernment',
      challengeAudience: { resource: 'https://vault.azure.net' },
    });
    const r = await ctx.step({ ...INPUTS, cloud: 'AzureUSGovernment' });
    expectRefusedOnce(
      r,
      failure(
        '"https://vault.azure.net"',
        'AzureUSGovernment',
        'https://vault.usgovcloudapi.net',
        'ml-prod-kv.vault.usgovcloudapi.net',
      ),
    );
    expect(tokenAudiences()).toEqual(['https://vault.usgovcloudapi.net']);
  });

  it('prints a hostile audience escaped and capped: no command forged, one error', async () => {
    const hostile = `::set-output%20name=PWNED::x##[warning]forged\u0085::error::forged"${'A'.repeat(3000)}`;
    sampleVault(ctx.s, SECRETS, { challengeAudience: { scope: hostile } });
    const r = await ctx.step(INPUTS);
    expect(r.code).toBe(1);
    expect(r.errors).toHaveLength(1);
    expect(r.warnings).toEqual([]);
    expect(r.state).toEqual({});
    expectNothingExported(r);
    const [error] = r.errors as [string];
    expect(error).toContain(
      'asked for a token for ":\\u003aset-output%20name=PWNED::x#\\u0023[warning]forged\\u0085::error::forged\\"AAA',
    );
    expect(error).not.toContain('A'.repeat(200));
    expect(tokenAudiences()).toEqual(['https://vault.azure.net']);
  });

  it('in the scope= form naming the cloud’s own Key Vault scope is answered, as resource= is', async () => {
    sampleVault(ctx.s, SECRETS, { challengeAudience: { scope: 'https://vault.azure.net/.default' } });
    const r = await ctx.step(INPUTS);
    expect(r.errors).toEqual([]);
    expect(r.outputs).toEqual({ DB_PASSWORD: SECRETS['db-password'], HF_TOKEN: SECRETS['hf-token'], API_KEY: 'v-3' });
    expect(tokenAudiences()).toEqual(['https://vault.azure.net']);
    expect(ctx.s.entra.issuedTokens()).toHaveLength(1);
  });
});
