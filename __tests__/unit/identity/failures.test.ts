// Each of Entra's federated-credential mismatch codes gets the specific fix 70021 gets,
// for AKS workload identity and GitHub OIDC; hostile claims never reach a command. And how the action's
// own identity errors are classified.
import fc from 'fast-check';
import { entraRefusal, FEDERATION_MISMATCH, type IdentityContext } from '../../../src/messages/identity.js';
import { classifyIdentityError } from '../../../src/identity/failures.js';
import { checkTokenLength, IdentityAnswerTooLargeError } from '../../../src/azure/identityHttp.js';
import { TokenFileError } from '../../../src/azure/tokenFile.js';
import { hostileText } from '../../helpers/hostile.js';

const CLIENT = '9a7b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d';
const AKS_ISS = 'https://eastus.oic.prod-aks.azure.com/11111111/5a1e0c3d/';
const sources = {
  aks: {
    kind: 'workload-identity',
    tokenFile: '/var/run/secrets/azure/wi/token/azure-identity-token',
    tenantId: 't',
    clientId: CLIENT,
  },
  github: { kind: 'github-oidc', tenantId: 't', clientId: CLIENT },
} as const;
const claims = {
  aks: { iss: AKS_ISS, sub: 'system:serviceaccount:arc-runners:gpu-runner', aud: 'api://AzureADTokenExchange' },
  github: {
    iss: 'https://token.actions.githubusercontent.com',
    sub: 'repo:acme/training:environment:Production',
    aud: 'api://AzureADTokenExchange',
  },
};
const ctx = (host: 'aks' | 'github', more: Partial<IdentityContext['claims']> = {}): IdentityContext => ({
  source: sources[host],
  endpoint: 'e',
  cloud: 'AzureCloud',
  claims: { ...claims[host], ...more },
});

describe.each(['aks', 'github'] as const)('%s', (host) => {
  const c = claims[host];
  const identityCommand = `az identity federated-credential create --name ${host === 'aks' ? 'actions-runner' : 'github-actions'} --identity-name <identity-name> --resource-group <resource-group> --issuer ${c.iss} --subject ${c.sub} --audiences api://AzureADTokenExchange`;
  const appCommand = `az ad app federated-credential create --id ${CLIENT} --parameters '{"name":"${host === 'aks' ? 'actions-runner' : 'github-actions'}","issuer":"${c.iss}","subject":"${c.sub}","audiences":["api://AzureADTokenExchange"]}'`;

  it.each([
    [700211, /with the issuer of .*\(AADSTS700211\)\. The token's issuer is /],
    [700213, /with the subject of .*\(AADSTS700213\)\. The token's issuer is /],
    [7002137, /with the subject of .*\(AADSTS7002137\)/],
    [
      7002138,
      /matches the subject of .* only when case is ignored, and Microsoft Entra ID compares subjects case-sensitively \(AADSTS7002138\)/,
    ],
    [700212, /with the audience of .*\(AADSTS700212\)\. .* and its audience api:\/\/AzureADTokenExchange\./],
    [7002121, /with the audience of .*\(AADSTS7002121\)/],
  ])('AADSTS%i: the cause, the presented claims and both create commands', (code, cause) => {
    const text = entraRefusal(code, ctx(host)).text;
    expect(text).toMatch(cause);
    expect(text).toContain(`The token's issuer is ${c.iss}, its subject ${c.sub}`);
    expect(text).toContain(identityCommand);
    expect(text).toContain(appCommand);
    expect(FEDERATION_MISMATCH[code]).toBeDefined();
  });

  it.each([700211, 700213, 7002138, 700212])(
    'AADSTS%i with a hostile subject: shown escaped, a placeholder in every command',
    (code) => {
      const text = entraRefusal(code, ctx(host, { sub: "repo:x/y:ref:refs/heads/fix';touch${IFS}x;'" })).text;
      expect(text).toContain('--subject <subject>');
      expect(text).toContain('"subject":"<subject>"');
      expect(text).toMatch(/not safe to paste into a shell/);
      expect(text.slice(text.indexOf('Add it:'))).not.toContain('touch'); // only the prose shows it
    },
  );

  it('an audience the webhook or GitHub did not use goes into the command as presented (when plain)', () => {
    const text = entraRefusal(700212, ctx(host, { aud: 'api://AKSIdentityBinding' })).text;
    expect(text).toContain('--audiences api://AKSIdentityBinding');
    expect(text).toContain('"audiences":["api://AKSIdentityBinding"]');
  });
});
it('Entra answers are classified by their code, 7-digit ones included', () => {
  for (const code of [700211, 700212, 700213, 7002137, 7002138]) {
    const error = new Error(
      `invalid_client: AADSTS${code}: No matching federated identity record found for presented assertion subject 'x'. Trace ID: 1`,
    );
    expect(classifyIdentityError(error, 0)).toEqual({ kind: 'entra', code });
  }
});

// Entra's bodies as it sends them: 401 invalid_client for the specific codes (trace lines after a space), 400
// invalid_request for the older generic AADSTS70021 (after "\r\n"); a subject that itself holds "AADSTS…" does
// not change the code, which leads the description.
it.each<[number, number, string, string]>([
  [
    401,
    700213,
    'invalid_client',
    "presented assertion subject 'repo:acme@5544123/training@821093847:ref:refs/heads/main'. Check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://learn.microsoft.com/entra/workload-id/workload-identity-federation Trace ID: 1 Correlation ID: 2 Timestamp: 2026-12-07 10:00:00Z",
  ],
  [
    401,
    7002138,
    'invalid_client',
    "presented assertion subject 'repo:Acme/training:ref:refs/heads/main'. The subject matches with case-insensitive comparison, but not with case-sensitive comparison. Trace ID: 1",
  ],
  [
    401,
    700213,
    'invalid_client',
    "presented assertion subject 'repo:acme/training:ref:refs/tags/AADSTS90002'. Trace ID: 1",
  ],
  [
    400,
    70021,
    'invalid_request',
    "presented assertion. Assertion Issuer: 'https://token.actions.githubusercontent.com'. Assertion Subject: 'repo:acme/training:ref:refs/heads/AADSTS500011'. Assertion Audience: 'api://AzureADTokenExchange'.\r\nTrace ID: 1\r\nCorrelation ID: 2",
  ],
])('HTTP %i, AADSTS%i (%s): classified by the code the description leads with', (status, code, error, rest) => {
  const thrown = Object.assign(
    new Error(`${error}: AADSTS${code}: No matching federated identity record found for ${rest}`),
    { status },
  );
  expect(classifyIdentityError(thrown, 0)).toEqual({ kind: 'entra', code });
});

it('any subject Entra echoes leaves the code it leads with (no "AADSTS500011", "Failed to get ID Token" in a subject decides)', () => {
  const echoed = fc.oneof(
    hostileText(),
    fc.constantFrom(
      'AADSTS500011',
      'invalid_resource',
      'Failed to get ID Token',
      'ACTIONS_ID_TOKEN_REQUEST_URL',
      'Multiple user assigned identities exist',
      'unable_to_read_secret_file',
      'AADSTS90033',
    ),
  );
  fc.assert(
    fc.property(echoed, fc.constantFrom(400, 401), fc.constantFrom(70021, 700213, 7002138), (sub, status, code) => {
      const thrown = Object.assign(
        new Error(
          `invalid_client: AADSTS${code}: No matching federated identity record found for presented assertion subject '${sub}'.`,
        ),
        { status },
      );
      expect(classifyIdentityError(thrown, 0)).toEqual({ kind: 'entra', code });
    }),
    { numRuns: 200 },
  );
});

it.each([429, 503])(
  'an Entra answer %s naming a code (AADSTS90033, "a transient error") is passing, never a refusal',
  (status) => {
    const error = Object.assign(
      new Error('temporarily_unavailable: AADSTS90033: A transient error has occurred. Please try again.'),
      { status },
    );
    expect(classifyIdentityError(error, 0)).toEqual({ kind: 'retryable', status: `HTTP ${status}` });
    // The same code on a refusal's status is still Entra's word.
    expect(classifyIdentityError(Object.assign(error, { status: 400 }), 0)).toEqual({ kind: 'entra', code: 90033 });
  },
);

describe('classifyIdentityError: the action’s own identity errors', () => {
  it('a token file problem and an oversized answer, also as the cause of an SDK error', () => {
    expect(classifyIdentityError(new TokenFileError('/t', 'is empty'), 0)).toEqual({
      kind: 'token-file',
      file: '/t',
      problem: 'is empty',
    });
    const wrapped = new Error('ManagedIdentityCredential: network_error', {
      cause: new IdentityAnswerTooLargeError('h answered with more than 64 KiB'),
    });
    expect(classifyIdentityError(wrapped, 0)).toEqual({ kind: 'too-large', what: 'h answered with more than 64 KiB' });
  });

  it('a token longer than the cap', () => {
    expect(() => checkTokenLength('x'.repeat(33 * 1024), 'IMDS')).toThrow(
      'IMDS issued a token of 33 KiB, more than the 32 KiB an access token can be',
    );
    expect(() => checkTokenLength('x'.repeat(4096), 'IMDS')).not.toThrow();
  });
});
