// The ids that find a failed request in the service's own logs: read from the answer (and the request it answered),
// GUIDs only, and named at the end of the failure's message.
import { createHttpHeaders, createPipelineRequest, RestError } from '@azure/core-rest-pipeline';
import { ServiceAnswerError } from '../../../src/resources/access.js';
import { withIdsText } from '../../../src/messages/requestIds.js';
import { factsOf } from '../../../src/util/sdkErrors.js';
import { requireAll } from '../../../src/vault/require.js';
import { secretRef } from '../../helpers/fakes.js';

const SERVER = '5d2a3b8c-1f2e-4d5c-9b8a-7f6e5d4c3b2a';
const CLIENT = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';
const CORRELATION = 'c0ffee00-1f2e-4d5c-9b8a-7f6e5d4c3b2a';

/** A RestError as the SDK throws it for an answer: its request (with the id the pipeline gave it) and the answer. */
function answered(
  status: number,
  headers: Record<string, string>,
  requestHeaders = { 'x-ms-client-request-id': CLIENT },
) {
  const request = createPipelineRequest({
    url: 'https://ml-prod-kv.vault.azure.net/secrets/db-password',
    headers: createHttpHeaders(requestHeaders),
  });
  return new RestError('Caller is not authorized', {
    statusCode: status,
    code: 'Forbidden',
    request,
    response: { request, status, headers: createHttpHeaders(headers) },
  });
}

it("Key Vault's x-ms-request-id, and the x-ms-client-request-id its request went with", () => {
  expect(factsOf(answered(403, { 'x-ms-request-id': SERVER })).ids).toEqual({
    requestId: SERVER,
    clientRequestId: CLIENT,
  });
});

it("ARM's x-ms-correlation-request-id too, and the ids through a wrapping error's cause", () => {
  const inner = answered(403, { 'x-ms-request-id': SERVER, 'x-ms-correlation-request-id': CORRELATION });
  expect(factsOf(new Error('wrapped', { cause: inner })).ids).toEqual({
    requestId: SERVER,
    correlationRequestId: CORRELATION,
    clientRequestId: CLIENT,
  });
});

it('a request no service answered (DNS, a reset) names no id: it is in no log', () => {
  const request = createPipelineRequest({
    url: 'https://ml-prod-kv.vault.azure.net/',
    headers: createHttpHeaders({ 'x-ms-client-request-id': CLIENT }),
  });
  const error = new RestError('getaddrinfo ENOTFOUND', { code: 'ENOTFOUND', request });
  expect(factsOf(error).ids).toEqual({});
  expect(withIdsText('unreachable', factsOf(error).ids)).toBe('unreachable');
});

it.each([
  ['a secret value', 'echoed-value-of-a-secret'],
  ['a line break', `${SERVER}\r\n::error::forged`],
  ['a workflow command', '::add-mask::x'],
  ['a long text', 'a'.repeat(5000)],
])('an id header holding %s is not shown: only GUIDs are', (_, value) => {
  const ids = factsOf(
    answered(
      500,
      { 'x-ms-request-id': value, 'x-ms-correlation-request-id': value },
      { 'x-ms-client-request-id': value },
    ),
  ).ids;
  expect(ids).toEqual({});
});

it("Entra ID's trace id, correlation id and timestamp, from its AADSTS text", () => {
  const text =
    'AADSTS70021: No matching federated identity record found for presented assertion. Trace ID: 4f0a1b2c-3d4e-4f5a-8b6c-7d8e9f0a1b2c Correlation ID: 9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b Timestamp: 2026-12-07 09:15:02Z';
  const ids = factsOf(new Error('ClientAssertionCredential authentication failed.', { cause: new Error(text) })).ids;
  expect(ids).toEqual({
    entraTraceId: '4f0a1b2c-3d4e-4f5a-8b6c-7d8e9f0a1b2c',
    entraCorrelationId: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b',
    entraTimestamp: '2026-12-07 09:15:02Z',
  });
  expect(withIdsText('refused (AADSTS70021): add the credential: az ad app …', ids)).toBe(
    "refused (AADSTS70021): add the credential: az ad app …. For Microsoft Entra ID's sign-in logs: trace id 4f0a1b2c-3d4e-4f5a-8b6c-7d8e9f0a1b2c, correlation id 9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b, timestamp 2026-12-07 09:15:02Z.",
  );
});

it("ARM's and ACR's answers (ServiceAnswerError) carry theirs as a RestError does, and print neither", () => {
  const request = { headers: createHttpHeaders({ 'x-ms-client-request-id': CLIENT }) };
  const response = { headers: createHttpHeaders({ 'x-ms-request-id': SERVER }) };
  const error = new ServiceAnswerError(403, 'AuthorizationFailed', 'no', { request, response });
  expect(factsOf(error).ids).toEqual({ requestId: SERVER, clientRequestId: CLIENT });
  expect(JSON.stringify(error)).not.toContain(SERVER);
});

/** The step's error for these references' failures (vault/require.ts). */
function failureOf(outcomes: Parameters<typeof requireAll>[0]): string {
  try {
    requireAll(
      outcomes,
      { references: [], failed: [], unmatched: [], invalidNames: [] },
      { cloud: 'AzureCloud', timeoutSeconds: 60, ignoreMissing: false },
      undefined,
      () => {},
    );
  } catch (e) {
    return (e as Error).message;
  }
  return '';
}
const forbidden = (server: string) =>
  Object.assign(answered(403, { 'x-ms-request-id': server }), {
    details: { error: { code: 'Forbidden', innererror: { code: 'ForbiddenByRbac' } } },
  });

it("a failed reference's line ends with its request's ids, for Key Vault's log", () => {
  expect(failureOf([{ ref: secretRef('db-password', 'ml-prod-kv'), error: forbidden(SERVER) }])).toMatch(
    new RegExp(
      `forbidden by Azure RBAC: .* -o [a-z]+\\. For the service's logs: x-ms-request-id ${SERVER}, x-ms-client-request-id ${CLIENT}\\.$`,
    ),
  );
});

it('references a vault refused alike still share one line, which names one request of theirs', () => {
  const other = '6e3b4c9d-2a3f-4e6d-8c9b-8a7f6e5d4c3b';
  const message = failureOf([
    { ref: { ...secretRef('db-a', 'ml-prod-kv'), line: 1 }, error: forbidden(SERVER) },
    { ref: { ...secretRef('db-b', 'ml-prod-kv'), line: 2 }, error: forbidden(other) },
  ]);
  expect(message.split('\n').filter((l) => l.startsWith('  '))).toEqual([
    expect.stringMatching(
      new RegExp(
        `^  ml-prod-kv \\(2 references: .*For the service's logs \\(secrets line 1\\): x-ms-request-id ${SERVER}, `,
      ),
    ),
  ]);
  expect(message).not.toContain(other);
});
