// tokens, storage-keys and acr-login given hostile answers, run as the runner runs it: dist/index.js through the
// runner stand-in, RUNNER_DEBUG=1 and AZURE_LOG_LEVEL=verbose, against the stand-in's ARM.
import { expectMaskedAndNotLeaked, expectNothingExported, sampleVault, useStandin } from '../helpers/standin.js';

const ctx = useStandin();

describe('an ARM error body with a hostile code', () => {
  it('puts no line of its own in the log (neither through the ::error:: nor through the debug detail); nothing is exported', async () => {
    sampleVault(ctx.s, 'arm-error-suite-secret');
    const a = ctx.s.arm.addStorageAccount({ name: 'mldata' });
    const body = {
      error: {
        code: 'Conflict\n##[error]FORGED code\n::warning::FORGED code',
        message: 'busy\n##[warning]FORGED message',
      },
    };
    ctx.s.fault('arm', [{ status: 409, body }], (q: { path: string }) => q.path.endsWith('/listKeys'));
    const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'db-password', 'storage-keys': a.id });
    expect(r.errors).toEqual([
      expect.stringMatching(
        /storage-keys line 1: mldata#key1 \(MLDATA_KEY\): refused by Azure Resource Manager: HTTP 409 \(Conflict\\u000a#\\u0023\[error\]FORGED code/,
      ),
    ]);
    // The log as the runner shows it: no line is the attacker's command or styled line (unescaped, "##[error]FORGED code" would follow the debug line).
    expect(r.log.split('\n').filter((l) => /^\s*(::\w+::|##\[\w+\])FORGED/.test(l))).toEqual([]);
    expect(r.commands.filter((c) => c.command === 'warning')).toEqual([]);
    expectNothingExported(r);
    expectMaskedAndNotLeaked(r, ['arm-error-suite-secret'], ctx.s.entra.issuedTokens());
  });
});
