// The scale case: 1,000 secrets through a real pipe that the runner reads slowly, with debug logging
// on. Every exported value must have its masks registered by the time the runner has read the step's
// stdout: a mask lost in an unflushed pipe is a value in clear in every later step's log.
import { randomBytes } from 'node:crypto';
import { expectMaskedAndNotLeaked, maskPiecesOf, sampleVault, useStandin } from '../helpers/standin.js';

const ctx = useStandin();
const COUNT = 1000;

it(`${COUNT} secrets through a slowly read pipe: every exported value's masks reach the runner`, async () => {
  const values: Record<string, string> = {};
  for (let i = 0; i < COUNT; i++) {
    // 600 characters: what a connection string or a certificate's key line weighs.
    const random = randomBytes(450).toString('base64url');
    // Every tenth a multi-line value (a kubeconfig-like block), the rest single tokens.
    values[`s-${i}`] =
      i % 10 === 0 ? `apiVersion: v1\nusers:\n- name: u${i}\n  user:\n    token: kt-${random}\n` : `v${i}-${random}`;
  }
  sampleVault(ctx.s, values);

  const r = await ctx.step(
    { keyvault: 'ml-prod-kv', secrets: Object.keys(values).join('\n'), 'export-env': 'true' },
    { readPauseMs: 20, timeoutMs: 90_000 },
  );

  expect(r.errors).toEqual([]);
  expect(r.code).toBe(0);
  const exported = Object.values(r.outputs);
  expect(exported).toHaveLength(COUNT);
  expect(Object.keys(r.env)).toHaveLength(COUNT);
  const missing = exported.flatMap(maskPiecesOf).filter((piece) => !r.masks.includes(piece));
  expect(missing.length).toBe(0);
  // At least one mask per exported value (the runner's view, parsed from the step's stdout).
  expect(r.masks.length).toBeGreaterThanOrEqual(COUNT);
  expectMaskedAndNotLeaked(r, exported, ctx.s.entra.issuedTokens());
  // The step's last line reached the runner too.
  expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('::endgroup::');
}, 120_000);

it('a runner too slow to read the masks within timeout still gets the one error, and nothing is exported', async () => {
  // 250 values of 2,400 characters: the same 600 KB of masks as 1,000 of 600, in a quarter of the requests,
  // so the reads end well inside the timeout on a busy machine too, and the masks are what the step waits for.
  const values: Record<string, string> = {};
  for (let i = 0; i < COUNT / 4; i++) values[`s-${i}`] = `v${i}-${randomBytes(1800).toString('base64url')}`;
  sampleVault(ctx.s, values);

  const r = await ctx.step(
    { keyvault: 'ml-prod-kv', secrets: Object.keys(values).join('\n'), timeout: '6' },
    { readPauseMs: 1500, timeoutMs: 60_000 },
  );

  expect(r.code).not.toBe(0);
  expect(r.errors).toHaveLength(1);
  expect(r.errors[0]).toMatch(/did not read this step's log within timeout \(6 s\).*nothing was exported/);
  expect(r.outputs).toEqual({});
  expect(r.env).toEqual({});
  expectMaskedAndNotLeaked(r, [], ctx.s.entra.issuedTokens());
}, 90_000);
