// The bundled action as a step, its vault holding generated hostile text, read back with the stand-in's
// copy of actions/runner's command parser and masker: no command is forged, no held value or token is
// visible in the masked log, summary or state, and nothing is exported on failure.
import fc from 'fast-check';
import { isPlainWord } from '../../src/util/shell.js';
import { GITHUB_ISSUER } from '../../standin/index.mjs';
import {
  commandPart,
  hostileText,
  hostileTextAnySize,
  hostileValue,
  markdownProblems,
  shellWords,
  tableCells,
} from '../helpers/hostile.js';
import {
  expectMaskedAndNotLeaked,
  expectNothingExported,
  maskPiecesOf,
  sampleVault,
  useStandin,
} from '../helpers/standin.js';

// ---- Runner-level: the bundled action as a step, its vault holding generated text (few runs: each spawns a step) ----

const ctx = useStandin();
const NOT_FORGED = new Set(['add-mask', 'debug', 'group', 'endgroup', 'warning', 'error']);

function expectNoForgedCommand(r: Awaited<ReturnType<typeof ctx.step>>, errors: number) {
  const unexpected = r.commands.filter((c) => !NOT_FORGED.has(c.command) || c.form !== 'v2');
  expect(unexpected.map((c) => c.line.slice(0, 200))).toEqual([]);
  expect(r.commands.filter((c) => c.command === 'error')).toHaveLength(errors);
  expect(r.commandFailures).toEqual([]);
}

/** Each property spawns the action once a run: room for a busy machine, where one run can take seconds. */
const PROPERTY_RUNS_TIMEOUT_MS = 120_000;

describe('the action against a hostile vault (runner-level)', () => {
  it('a JSON key holding a legacy ##[set-output] sets no output', async () => {
    sampleVault(ctx.s, { config: JSON.stringify({ 'k4 ##[set-output name=PWNED;]x': 'json-leaf-value-4' }) });
    const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'config', 'parse-json': 'true' });
    expect(r.code).toBe(0);
    expect(Object.keys(r.outputs)).not.toContain('PWNED');
    expectNoForgedCommand(r, 0);
  });

  it(
    'JSON keys, listed names and content types: no forged command, no value visible, summary plain',
    async () => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(hostileText(6), hostileValue('VAL7q-')), { minLength: 1, maxLength: 4 }),
          hostileText(),
          hostileText(),
          async (leaves, listedName, contentType) => {
            ctx.s.reset();
            run++;
            const json = Object.fromEntries(leaves.map(([k, v], i) => [`${k}${i}`, v]));
            const kv = sampleVault(ctx.s, { config: JSON.stringify(json), 'ok-one': `listed-value-${run}` });
            ctx.s.keyvault.setSecret(kv.host, 'config', { value: JSON.stringify(json), contentType });
            ctx.s.keyvault.setSecret(kv.host, `ok-${listedName}`, `planted-listed-${run}`);
            const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'config\nok-*', 'parse-json': 'true' });
            expectNoForgedCommand(r, r.code === 0 ? 0 : 1);
            const held = [...Object.values(json), `listed-value-${run}`, `planted-listed-${run}`];
            // The runner's masked log shows none of them; nor do the raw output, summary and state.
            for (const value of held)
              for (const piece of maskPiecesOf(value).filter((p) => p.length >= 6)) expect(r.log).not.toContain(piece);
            if (r.code === 0)
              expectMaskedAndNotLeaked(
                r,
                held.filter((v) => Object.values(r.outputs).includes(v)),
                ctx.s.entra.issuedTokens(),
                [...Object.keys(json), `ok-${listedName}`, contentType],
              );
            else expectNothingExported(r);
            expect(Object.keys(r.state).filter((k) => k !== 'written-files')).toEqual([]);
            for (const line of r.summary
              .split('\n')
              .filter(
                (l) =>
                  l.startsWith('| ') && !l.startsWith('| ---') && !l.startsWith('| Alias') && !l.startsWith('| Line'),
              )) {
              // The last column of an export row is the action's own text around a code() span.
              for (const c of tableCells(line).slice(0, 6)) expect(markdownProblems(c)).toEqual([]);
            }
          },
        ),
        { numRuns: 4 },
      );
    },
    PROPERTY_RUNS_TIMEOUT_MS,
  );

  it(
    'error codes and bodies: one error, nothing exported, no forged command',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(400, 403, 404, 409),
          hostileText(),
          hostileTextAnySize(),
          fc.boolean(),
          async (status, errorCode, message, json) => {
            ctx.s.reset();
            sampleVault(ctx.s, 'error-suite-value');
            ctx.s.fault(
              'vault',
              [
                {
                  status,
                  body: json
                    ? { error: { code: errorCode, message, innererror: { code: errorCode } } }
                    : `${errorCode}${message}`,
                  contentType: json ? 'application/json' : 'text/html',
                },
              ],
              '/secrets/db-password',
            );
            const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'db-password' });
            expect(r.code).not.toBe(0);
            expectNothingExported(r);
            expectNoForgedCommand(r, 1);
            expect(r.log).not.toContain('error-suite-value');
          },
        ),
        { numRuns: 3 },
      );
    },
    PROPERTY_RUNS_TIMEOUT_MS,
  );

  it(
    'GitHub OIDC subject claim: AADSTS70021 prints no runnable command holding it',
    async () => {
      await fc.assert(
        fc.asyncProperty(hostileText(8), async (branch) => {
          ctx.s.reset();
          sampleVault(ctx.s, 'oidc-suite-value');
          ctx.s.entra.addFederatedIdentity({
            clientId: '9a7b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d',
            objectId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
            federated: [{ issuer: GITHUB_ISSUER, subject: 'repo:acme/training:ref:refs/heads/main' }],
          });
          const sub = `repo:acme/training:ref:refs/heads/x${branch}`;
          ctx.s.github.setSubject(sub);
          const r = await ctx.step(
            {
              keyvault: 'ml-prod-kv',
              secrets: 'db-password',
              'tenant-id': ctx.s.entra.tenantId,
              'client-id': '9a7b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d',
            },
            { env: ctx.s.envFor('github-oidc') },
          );
          expectNothingExported(r);
          expectNoForgedCommand(r, 1);
          expect(r.errors[0]).toMatch(/AADSTS70021/);
          for (const command of azCommandsIn(commandPart(r.errors[0]!))) expect(shellWords(command)).not.toBeNull();
          if (!isPlainWord(sub)) expect(r.errors[0]).toContain('<subject>');
        }),
        { numRuns: 2 },
      );
    },
    PROPERTY_RUNS_TIMEOUT_MS,
  );
});
function azCommandsIn(text: string) {
  return [...text.matchAll(/az (?:ad app|identity) federated-credential create [^()]*?(?=\)|$| \(for )/g)].map(
    (m) => m[0],
  );
}
