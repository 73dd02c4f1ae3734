/* eslint-disable @typescript-eslint/require-await -- the fakes implement async interfaces (ReadCapped, Clock.sleep, acquireToken, azureHost); async keeps a thrown error a rejection, as in the real ones */
// IMDS on a VM that has just booted. Whether the machine says it is an Azure VM (the DMI
// chassis asset tag, no network call), and the identity stage's decision to wait for an unreachable IMDS.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireTokenWithRetries } from '../../../src/identity/acquire.js';
import {
  AZURE_CHASSIS_ASSET_TAG,
  DMI_CHASSIS_ASSET_TAG_FILE,
  DMI_READ_MAX_BYTES,
  isAzureVm,
  type ReadCapped,
} from '../../../src/identity/azureHost.js';
import { type ImdsBoot, imdsBoot, unreachableWaitReason } from '../../../src/identity/imdsBoot.js';
import { WAIT_REASONS } from '../../../src/messages/identity.js';
import type { IdentitySource } from '../../../src/ports.js';
import type { IdentityAccess } from '../../../src/ports.js';
import { run } from '../../../src/read/main.js';
import type { Clock } from '../../../src/util/clock.js';
import { readCapped } from '../../../src/util/smallFile.js';
import { deps, fakeAzure, FakeClock, FakeRunner, jwt } from '../../helpers/fakes.js';

/** A clock whose sleeps end only when aborted: the detection's bound never fires. */
const stillClock: Pick<Clock, 'sleep'> = {
  sleep: (_ms, signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
};
const answers = (text: string): ReadCapped & { calls: [string, number][] } => {
  const calls: [string, number][] = [];
  return Object.assign(
    async (path: string, maxBytes: number) => (calls.push([path, maxBytes]), text.slice(0, maxBytes + 1)),
    { calls },
  );
};
const missing: ReadCapped = async () => {
  throw Object.assign(new Error(`ENOENT: no such file or directory, open '${DMI_CHASSIS_ASSET_TAG_FILE}'`), {
    code: 'ENOENT',
  });
};

describe('isAzureVm: the DMI chassis asset tag, compared whole', () => {
  it.each([
    ['the tag and a newline (as sysfs gives it)', true, `${AZURE_CHASSIS_ASSET_TAG}\n`],
    ['the tag alone', true, AZURE_CHASSIS_ASSET_TAG],
    ['the first four groups only (a prefix)', false, '7783-7084-3265-9085\n'],
    ['the tag with a group missing', false, '7783-7084-3265-9085-8269-3286\n'],
    ['the tag followed by more', false, `${AZURE_CHASSIS_ASSET_TAG}-00\n`],
    ["another machine's tag", false, 'No Asset Tag\n'],
    ['empty', false, ''],
    ['the tag padded past the read cap (a huge file)', false, `${AZURE_CHASSIS_ASSET_TAG}${' '.repeat(10_000)}`],
  ])('%s → %s', async (_, expected, text) => {
    const read = answers(text);
    await expect(isAzureVm(read, 'linux', stillClock)).resolves.toBe(expected);
    expect(read.calls).toEqual([[DMI_CHASSIS_ASSET_TAG_FILE, DMI_READ_MAX_BYTES]]);
  });

  it('a missing or unreadable file is no sign', async () => {
    await expect(isAzureVm(missing, 'linux', stillClock)).resolves.toBe(false);
    await expect(
      isAzureVm(
        () => {
          throw new Error('EACCES');
        },
        'linux',
        stillClock,
      ),
    ).resolves.toBe(false);
  });

  it('a read that never ends is no sign once the bound passes', async () => {
    await expect(isAzureVm(() => new Promise<string>(() => {}), 'linux', new FakeClock())).resolves.toBe(false);
  });

  it.each(['win32', 'darwin'])('%s: never read (on Windows the tag is only in WMI); no sign', async (platform) => {
    const read = answers(AZURE_CHASSIS_ASSET_TAG);
    await expect(isAzureVm(read, platform, stillClock)).resolves.toBe(false);
    expect(read.calls).toEqual([]);
  });

  describe('with the real capped reader', () => {
    let dir: string;
    beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'dmi-'))));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const fileReader =
      (file: string): ReadCapped =>
      (path, maxBytes) =>
        path === DMI_CHASSIS_ASSET_TAG_FILE ? readCapped(file, maxBytes) : Promise.reject(new Error(path));

    it('reads the tag file', async () => {
      writeFileSync(join(dir, 'tag'), `${AZURE_CHASSIS_ASSET_TAG}\n`);
      await expect(isAzureVm(fileReader(join(dir, 'tag')), 'linux', stillClock)).resolves.toBe(true);
    });

    it('reads no more than one byte past the cap of a huge file, which is no sign', async () => {
      writeFileSync(join(dir, 'huge'), `${AZURE_CHASSIS_ASSET_TAG}\n`.padEnd(4 * 1024 * 1024, ' '));
      await expect(readCapped(join(dir, 'huge'), DMI_READ_MAX_BYTES)).resolves.toHaveLength(DMI_READ_MAX_BYTES + 1);
      await expect(isAzureVm(fileReader(join(dir, 'huge')), 'linux', stillClock)).resolves.toBe(false);
    });

    it('a missing file is no sign', async () => {
      await expect(isAzureVm(fileReader(join(dir, 'absent')), 'linux', stillClock)).resolves.toBe(false);
    });
  });
});

const IMDS: IdentitySource = { kind: 'imds', identity: { kind: 'system' } };

describe('unreachableWaitReason: wait only where the runner is known to be an Azure VM', () => {
  const yes = async () => true;
  const no = async () => false;
  it.each<[string, IdentitySource, ImdsBoot, string | undefined]>([
    ['auth: imds', IMDS, { auth: 'imds' }, WAIT_REASONS.named],
    [
      'auth: imds (the machine is not asked)',
      IMDS,
      { auth: 'imds', azureHost: () => Promise.reject(new Error('not asked')) },
      WAIT_REASONS.named,
    ],
    ['auto on an Azure VM', IMDS, { auth: 'auto', azureHost: yes }, WAIT_REASONS.chassis],
    ['auto, no sign of Azure', IMDS, { auth: 'auto', azureHost: no }, undefined],
    ['auto, nothing to ask', IMDS, { auth: 'auto' }, undefined],
    ['auto, the question fails', IMDS, { auth: 'auto', azureHost: () => Promise.reject(new Error('EIO')) }, undefined],
    ['no auth given (the old callers)', IMDS, { azureHost: yes }, undefined],
    [
      'Container Apps',
      { kind: 'app-service', endpoint: 'http://localhost:42356/msi/token', identity: { kind: 'system' } },
      { auth: 'app-service', azureHost: yes },
      undefined,
    ],
    [
      'Arc',
      { kind: 'arc', endpoint: 'http://localhost:40342/metadata/identity/oauth2/token' },
      { auth: 'auto', azureHost: yes },
      undefined,
    ],
  ])('%s', async (_, source, boot, reason) => {
    await expect(unreachableWaitReason(source, boot)).resolves.toBe(reason);
  });

  it('imdsBoot asks the machine once and tells once, however many tokens wait', async () => {
    let asked = 0;
    const told: string[] = [];
    const boot = imdsBoot(
      'auto',
      async () => (asked++, true),
      (m) => told.push(m),
    );
    await Promise.all([boot.azureHost!(), boot.azureHost!()]);
    boot.notice!('a');
    boot.notice!('b');
    expect([asked, told]).toEqual([1, ['a']]);
  });
});

const refused = () => Object.assign(new Error('connect ECONNREFUSED 169.254.169.254:80'), { code: 'ECONNREFUSED' });
/** An IMDS that refuses `times` connections (forever: Infinity), then issues a token; counts its attempts. */
function booting(times: number, error: () => Error = refused): IdentityAccess & { attempts: number } {
  const access = {
    attempts: 0,
    identityEndpoint: 'http://169.254.169.254',
    federatedClaims: () => undefined,
    shareToken: () => {},
    acquireToken: async () => {
      if (++access.attempts <= times) throw error();
      return { token: 'the-token', expiresOnTimestamp: 0 };
    },
  };
  return access;
}
const config = { cloud: 'AzureCloud', timeoutSeconds: 60, expected: {} } as const;

describe('acquireTokenWithRetries: an unreachable IMDS on a VM that has just booted', () => {
  it.each<[string, ImdsBoot['auth'], boolean | undefined, string]>([
    ['auth: imds', 'imds', undefined, 'auth: imds says this runner is an Azure VM'],
    ["auto, and the chassis asset tag is Azure's", 'auto', true, 'this machine is an Azure VM (chassis asset tag)'],
  ])('%s: waits with jittered backoff, says why once, and gets the token', async (_, auth, azureVm, reason) => {
    const access = booting(3);
    const clock = new FakeClock();
    const told: string[] = [];
    const token = await acquireTokenWithRetries(
      { config, deps: { clock, platform: 'linux' }, deadline: new AbortController().signal },
      {
        access,
        source: IMDS,
        boot: imdsBoot(auth!, azureVm === undefined ? undefined : async () => azureVm, (m) => told.push(m)),
      },
    );
    expect(token.token).toBe('the-token');
    expect(access.attempts).toBe(4);
    expect(clock.sleeps).toEqual([500, 1000, 2000]); // random() = 0.5: the middle of ±25 %
    expect(told).toEqual([
      `IMDS (http://169.254.169.254) refused the connection (ECONNREFUSED); ${reason}, which may have just booted: retrying until the 60 s timeout.`,
    ]);
  });

  it("jitter: the waits spread ±25 % with the clock's randomness, and stop growing at 4 s", async () => {
    const access = booting(7);
    const clock = Object.assign(new FakeClock(), { random: () => 0 });
    await acquireTokenWithRetries(
      { config, deps: { clock, platform: 'linux' }, deadline: new AbortController().signal },
      {
        access,
        source: IMDS,
        boot: {
          auth: 'imds',
        },
      },
    );
    expect(clock.sleeps).toEqual([375, 750, 1500, 3000, 3000, 3000, 3000]);
  });

  it('a connect timeout (no TCP connection within 3 s) is waited out the same way', async () => {
    const access = booting(1, () =>
      Object.assign(new Error('no TCP connection'), { name: 'ImdsUnreachableError', code: 'EIMDSUNREACHABLE' }),
    );
    const told: string[] = [];
    await acquireTokenWithRetries(
      { config, deps: { clock: new FakeClock(), platform: 'linux' }, deadline: new AbortController().signal },
      { access, source: IMDS, boot: { auth: 'imds', notice: (m) => told.push(m) } },
    );
    expect(access.attempts).toBe(2);
    expect(told[0]).toMatch(/^IMDS \(http:\/\/169\.254\.169\.254\) accepted no connection within 3 s; auth: imds/);
  });

  it.each<[string, ImdsBoot]>([
    ['auto, no sign of Azure', { auth: 'auto', azureHost: async () => false }],
    ['auto, nothing to ask', { auth: 'auto' }],
  ])('%s: fails at once with the unreachable message', async (_, boot) => {
    const access = booting(Infinity);
    const clock = new FakeClock();
    await expect(
      acquireTokenWithRetries(
        { config, deps: { clock, platform: 'linux' }, deadline: new AbortController().signal },
        { access, source: IMDS, boot: boot },
      ),
    ).rejects.toThrow(
      /cannot be reached \(ECONNREFUSED\)\. This runner is not an Azure VM or scale set instance.*On an Azure VM that has just started, set auth: imds: the action then waits for IMDS until the timeout\.$/,
    );
    expect(access.attempts).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  it.each([
    [
      'imds',
      /the action waited because auth: imds says this runner is an Azure VM\. On a VM that has just booted, raise timeout.*, and that this runner is an Azure VM at all: elsewhere, auth: imds is the wrong source\.$/,
    ],
    [
      'auto',
      /the action waited because this machine is an Azure VM \(chassis asset tag\)\. On a VM that has just booted, raise timeout.*in NO_PROXY\)\.$/,
    ],
  ] as const)('auth: %s, refusing until the deadline: one error naming the attempts and the fix', async (auth, fix) => {
    const access = booting(Infinity);
    const deadline = new AbortController();
    // Virtual time: the deadline (timeout: 4) fires during the wait that would pass 4 s.
    const clock: Clock & { sleeps: number[] } = {
      sleeps: [],
      now: () => 0,
      random: () => 0.5,
      sleep: async (ms, signal) => {
        const spent = clock.sleeps.reduce((a, b) => a + b, 0);
        if (spent + ms > 4000) {
          deadline.abort();
          throw signal.reason;
        }
        clock.sleeps.push(ms);
      },
    };
    const error = await acquireTokenWithRetries(
      {
        config: { ...config, timeoutSeconds: 4 },
        deps: { clock, platform: 'linux' },
        deadline: deadline.signal,
      },
      { access, source: IMDS, boot: { auth, azureHost: async () => true } },
    ).then(
      () => new Error('no error'),
      (e: Error) => e,
    );
    expect(error.message).toMatch(
      /^IMDS \(http:\/\/169\.254\.169\.254\) was still unreachable after 4 attempts within the 4 s timeout \(last: ECONNREFUSED\); /,
    );
    expect(error.message).toMatch(fix);
    expect(clock.sleeps).toEqual([500, 1000, 2000]);
    expect(access.attempts).toBe(4);
  });

  it('IMDS up but busy after refusing: the deadline message is the busy one', async () => {
    let n = 0;
    const access = {
      ...booting(0),
      acquireToken: async () => {
        throw ++n <= 2 ? refused() : Object.assign(new Error('busy'), { statusCode: 503 });
      },
    };
    const deadline = new AbortController();
    const clock = Object.assign(new FakeClock(), {
      sleep: async () => {
        if (n >= 3) deadline.abort();
        if (deadline.signal.aborted) throw new Error('aborted');
      },
    });
    await expect(
      acquireTokenWithRetries(
        { config, deps: { clock, platform: 'linux' }, deadline: deadline.signal },
        { access, source: IMDS, boot: { auth: 'imds' } },
      ),
    ).rejects.toThrow(/kept failing \(last: HTTP 503\) until the 60 s deadline/);
  });
});

describe("run: the story wires the machine's answer in", () => {
  const token = (refusals: number) => {
    let attempts = 0;
    return async () => {
      if (++attempts <= refusals) throw refused();
      return { token: jwt({ oid: 'x' }), expiresOnTimestamp: 0 };
    };
  };

  it('auto on an Azure VM: waits for IMDS, logs why, exports', async () => {
    const runner = new FakeRunner({ keyvault: 'ml-prod-kv', secrets: 'a' });
    let asked = 0;
    await run(
      deps(runner, fakeAzure({ secrets: { a: 'v' }, token: token(2) }), { azureHost: async () => (asked++, true) }),
    );
    expect(runner.failed).toBeUndefined();
    expect(asked).toBe(1);
    expect(runner.of('info')).toContainEqual([
      'info',
      expect.stringMatching(
        /^IMDS \(http:\/\/169\.254\.169\.254\) refused the connection \(ECONNREFUSED\); this machine is an Azure VM \(chassis asset tag\)/,
      ),
    ]);
    expect(runner.of('output')).toEqual([['output', 'A', 'v']]);
  });

  it('the machine is not asked when IMDS answers (nothing on the success path)', async () => {
    const runner = new FakeRunner({ keyvault: 'ml-prod-kv', secrets: 'a' });
    await run(
      deps(runner, fakeAzure({ secrets: { a: 'v' } }), {
        azureHost: () => Promise.reject(new Error('not to be asked')),
      }),
    );
    expect(runner.failed).toBeUndefined();
  });

  it('auto, no sign of Azure: fails at once', async () => {
    const runner = new FakeRunner({ keyvault: 'ml-prod-kv', secrets: 'a' });
    await run(deps(runner, fakeAzure({ token: token(1) }), { azureHost: async () => false }));
    expect(runner.failed).toMatch(/cannot be reached \(ECONNREFUSED\)\. This runner is not an Azure VM/);
  });
});
