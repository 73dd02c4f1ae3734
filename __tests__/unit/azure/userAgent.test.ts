// The User-Agent every Azure request carries, built from the environment (hostile: a workflow can set it), and the
// client request id the SDK's pipeline gives each request.
import { readFileSync } from 'node:fs';
import {
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest,
  type HttpClient,
  type PipelineRequest,
} from '@azure/core-rest-pipeline';
import { HttpClient as ToolkitHttpClient } from '@actions/http-client';
import fc from 'fast-check';
import {
  ACTION_VERSION,
  MAX_USER_AGENT_PREFIX,
  userAgentOptions,
  userAgentPrefix,
} from '../../../src/azure/userAgent.js';

const RUN = {
  GITHUB_RUN_ID: '16892745310',
  GITHUB_RUN_ATTEMPT: '2',
  GITHUB_REPOSITORY: 'acme/training',
  ACTIONS_ORCHESTRATION_ID: '89c72d20-71e7-4948-8eb8-0d8f0e417443.train.__default',
};
const SAFE = /^[A-Za-z0-9._/ -]+$/;

it("names the action's version and the run: run id, attempt, repository and orchestration id", () => {
  expect(userAgentPrefix(RUN)).toBe(
    `keyvault-secrets-action/${ACTION_VERSION} run_id/16892745310 attempt/2 repository/acme/training ` +
      'actions_orchestration_id/89c72d20-71e7-4948-8eb8-0d8f0e417443.train.__default',
  );
});

it('is the action and its version alone outside a workflow run', () => {
  expect(userAgentPrefix({})).toBe(`keyvault-secrets-action/${ACTION_VERSION}`);
});

it("ACTION_VERSION is package.json's (npm version bumps only package.json: a release that forgot this fails here)", () => {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  expect(ACTION_VERSION).toBe(pkg.version);
});

it('writes the orchestration id as @actions/http-client does, so one search finds both', () => {
  const id = ' 89c72d20-71e7-4948-8eb8-0d8f0e417443.train (linux, "x64")/ü ';
  // Its private method, the one place the toolkit writes the id (@actions/http-client lib/index.js).
  const toolkit = new ToolkitHttpClient('x') as unknown as { _getUserAgentWithOrchestrationId(ua: string): string };
  const saved = process.env.ACTIONS_ORCHESTRATION_ID;
  process.env.ACTIONS_ORCHESTRATION_ID = id.trim();
  try {
    const token = toolkit._getUserAgentWithOrchestrationId('x').split(' ')[1];
    expect(userAgentPrefix({ ACTIONS_ORCHESTRATION_ID: id }).split(' ')[1]).toBe(token);
  } finally {
    if (saved === undefined) delete process.env.ACTIONS_ORCHESTRATION_ID;
    else process.env.ACTIONS_ORCHESTRATION_ID = saved;
  }
});

it.each([
  ['GITHUB_RUN_ID', '123\r\nX-Injected: 1'],
  ['GITHUB_RUN_ID', '12a'],
  ['GITHUB_RUN_ID', '1'.repeat(21)],
  ['GITHUB_RUN_ATTEMPT', '1 (retry)'],
  ['GITHUB_RUN_ATTEMPT', ''],
  ['GITHUB_REPOSITORY', 'acme/training\nrun_id/1'],
  ['GITHUB_REPOSITORY', 'acme/training/extra'],
  ['GITHUB_REPOSITORY', 'acme/trai"ning'],
  ['GITHUB_REPOSITORY', 'acme'],
])('leaves out %s=%j, which is not in the shape the runner gives it', (name, value) => {
  const prefix = userAgentPrefix({ ...RUN, [name]: value });
  const label = { GITHUB_RUN_ID: 'run_id/', GITHUB_RUN_ATTEMPT: 'attempt/', GITHUB_REPOSITORY: 'repository/' }[name]!;
  expect(prefix).not.toContain(label);
  expect(prefix).toMatch(SAFE);
  // The other parts stay.
  expect(prefix).toContain('actions_orchestration_id/');
});

it('an orchestration id of nothing but spaces is left out; a long one is cut to 128 characters', () => {
  expect(userAgentPrefix({ ACTIONS_ORCHESTRATION_ID: '   ' })).toBe(`keyvault-secrets-action/${ACTION_VERSION}`);
  const long = userAgentPrefix({ ACTIONS_ORCHESTRATION_ID: 'a'.repeat(5000) });
  expect(long).toBe(`keyvault-secrets-action/${ACTION_VERSION} actions_orchestration_id/${'a'.repeat(128)}`);
});

it('whatever the environment holds: only header-safe characters, within the cap, the action and version first', () => {
  const value = fc.oneof(
    fc.string({ maxLength: 150 }),
    fc.string({ unit: 'binary', maxLength: 150 }),
    // Near-valid values, long ones too: what the cap has to cut.
    fc.stringMatching(/^[0-9A-Za-z._/-]{1,160}$/),
    fc.constant(undefined),
  );
  fc.assert(
    fc.property(
      fc.record({
        GITHUB_RUN_ID: value,
        GITHUB_RUN_ATTEMPT: value,
        GITHUB_REPOSITORY: value,
        ACTIONS_ORCHESTRATION_ID: value,
      }),
      (env) => {
        const prefix = userAgentPrefix(env);
        expect(prefix).toMatch(SAFE);
        expect(prefix.length).toBeLessThanOrEqual(MAX_USER_AGENT_PREFIX);
        expect(prefix.startsWith(`keyvault-secrets-action/${ACTION_VERSION}`)).toBe(true);
        // Every part is one label/value word: no empty part, no doubled space.
        for (const part of prefix.split(' ')) expect(part).toMatch(/^[a-z_-]+\/\S+$/);
      },
    ),
  );
});

describe("the SDK's pipeline, as every Azure client the action builds is given it", () => {
  /** The headers of each request the pipeline sends. */
  const capture = () => {
    const sent: PipelineRequest[] = [];
    const client: HttpClient = {
      sendRequest: (request) => {
        sent.push(request);
        return Promise.resolve({ request, status: 200, headers: createHttpHeaders() });
      },
    };
    return { sent, client };
  };

  it("heads the User-Agent with the prefix, before the SDK's own parts", async () => {
    const { sent, client } = capture();
    const pipeline = createPipelineFromOptions({ userAgentOptions: userAgentOptions() });
    await pipeline.sendRequest(client, createPipelineRequest({ url: 'https://kv.vault.azure.net/secrets/a' }));
    expect(sent[0]!.headers.get('user-agent')).toMatch(
      new RegExp(`^${userAgentOptions().userAgentPrefix} core-rest-pipeline/\\S+ Node/`),
    );
  });

  it('gives each request its own x-ms-client-request-id (a GUID), and keeps one a caller set (MSAL on IMDS)', async () => {
    const { sent, client } = capture();
    const pipeline = createPipelineFromOptions({});
    for (let i = 0; i < 3; i++)
      await pipeline.sendRequest(client, createPipelineRequest({ url: 'https://kv.vault.azure.net/secrets/a' }));
    const preset = createPipelineRequest({
      url: 'http://169.254.169.254/metadata/identity/oauth2/token',
      headers: createHttpHeaders({ 'x-ms-client-request-id': 'msal-correlation-id' }),
    });
    await pipeline.sendRequest(client, preset);
    const ids = sent.map((r) => r.headers.get('x-ms-client-request-id'));
    for (const id of ids.slice(0, 3))
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids.slice(0, 3)).size).toBe(3);
    expect(ids[3]).toBe('msal-correlation-id');
  });
});
