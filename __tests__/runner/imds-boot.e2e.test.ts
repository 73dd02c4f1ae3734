// Through the runner stand-in: IMDS refusing connections (nothing listens: ECONNREFUSED)
// as on a VM that has just booted. Waited for where the runner is known to be an Azure VM (auth: imds, or
// the DMI chassis asset tag, preloaded here so the tests hold on any machine, a GitHub-hosted Azure VM too).
import { join } from 'node:path';
import { ROOT } from '../../standin/runner.mjs';
import {
  expectMaskedAndNotLeaked,
  expectNothingExported,
  sampleInputs,
  sampleVault,
  useStandin,
} from '../helpers/standin.js';

const ctx = useStandin();
const VALUE = 'imds-boot-secret-value';
const fixture = (name: string) => `--require ${join(ROOT, '__tests__', 'fixtures', name)}`;
/** This machine's chassis asset tag reads as Azure's / there is none. */
const AZURE_VM = { NODE_OPTIONS: fixture('dmi-azure.cjs') };
const NOT_AZURE = { NODE_OPTIONS: fixture('dmi-none.cjs') };
const imdsRequests = () => ctx.s.requests().filter((q: { service: string }) => q.service === 'imds');
const WAITING =
  /IMDS \(http:\/\/127\.0\.0\.1:\d+\) refused the connection \(ECONNREFUSED\); (.*), which may have just booted: retrying until the (\d+) s timeout\./;

describe('IMDS refusing connections right after boot', () => {
  beforeEach(() => sampleVault(ctx.s, VALUE));

  it('auth: imds, IMDS refusing for 2 s: waits, says why, and succeeds with one token', async () => {
    await ctx.s.imds.refuse(2000);
    const r = await ctx.step(sampleInputs({ auth: 'imds' }), { env: NOT_AZURE });
    expect(r.errors).toEqual([]);
    expect(r.warnings ?? []).toEqual([]);
    expect(r.outputs).toEqual({ DB_PASSWORD: VALUE });
    expect(WAITING.exec(r.log)?.slice(1)).toEqual(['auth: imds says this runner is an Azure VM', '60']);
    expect(imdsRequests()).toHaveLength(1); // the refused attempts never reached it; one token issued
    expect(ctx.s.entra.issuedTokens()).toHaveLength(1);
    expect(r.durationMs).toBeGreaterThanOrEqual(1500);
    expectMaskedAndNotLeaked(r, [VALUE], ctx.s.entra.issuedTokens());
  });

  it('auto with no sign of Azure: fails at once with the unreachable message, well before the timeout', async () => {
    await ctx.s.imds.refuse(2000);
    const r = await ctx.step(sampleInputs({ timeout: '20' }), { env: NOT_AZURE });
    expect(r.errors).toEqual([
      expect.stringMatching(
        /cannot be reached \(ECONNREFUSED\)\. This runner is not an Azure VM.*On an Azure VM that has just started, set auth: imds: the action then waits for IMDS until the timeout\.$/,
      ),
    ]);
    expect(r.log).not.toMatch(WAITING);
    expect(r.durationMs).toBeLessThan(5000);
    expectNothingExported(r);
  });

  // On Windows the tag is only in WMI, which the action does not start PowerShell to read: auto fails fast there.
  it(`auto on a machine whose chassis asset tag is Azure's: ${process.platform === 'win32' ? 'fails fast on Windows (no detection there)' : 'waits and succeeds'}`, async () => {
    await ctx.s.imds.refuse(2000);
    const r = await ctx.step(sampleInputs(), { env: AZURE_VM });
    const onWindows = process.platform === 'win32';
    expect(r.errors.join('\n')).toMatch(onWindows ? /^[^\n]*cannot be reached \(ECONNREFUSED\)[^\n]*$/ : /^$/);
    if (onWindows) return;
    expect(r.outputs).toEqual({ DB_PASSWORD: VALUE });
    expect(WAITING.exec(r.log)?.[1]).toBe('this machine is an Azure VM (chassis asset tag)');
    expect(ctx.s.entra.issuedTokens()).toHaveLength(1);
    expectMaskedAndNotLeaked(r, [VALUE], ctx.s.entra.issuedTokens());
  });

  it('auth: imds, IMDS refusing until the deadline (timeout: 4): one clear error naming the attempts and the fix', async () => {
    await ctx.s.imds.refuse();
    const r = await ctx.step(sampleInputs({ auth: 'imds', timeout: '4' }), { env: NOT_AZURE, timeoutMs: 20_000 });
    expect(r.errors).toEqual([
      expect.stringMatching(
        /^IMDS \(http:\/\/127\.0\.0\.1:\d+\) was still unreachable after \d attempts within the 4 s timeout \(last: ECONNREFUSED\); the action waited because auth: imds says this runner is an Azure VM\. On a VM that has just booted, raise timeout/,
      ),
    ]);
    const attempts = Number(/after (\d) attempts/.exec(r.errors[0]!)?.[1]);
    expect(attempts).toBeGreaterThanOrEqual(3); // about 0, 0.5, 1.5, 3.5 s: a handful, not a storm
    expect(attempts).toBeLessThanOrEqual(5);
    expect(r.durationMs).toBeGreaterThanOrEqual(3500);
    expect(r.durationMs).toBeLessThan(9000);
    expect(imdsRequests()).toEqual([]);
    expectNothingExported(r);
  });
});
