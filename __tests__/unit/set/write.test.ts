import type { SecretWriter } from '../../../src/ports.js';
import type { SetConfig } from '../../../src/set/inputs.js';
import type { LoadedValue } from '../../../src/set/values.js';
import { writeAll } from '../../../src/set/write.js';
import { accessTo, FakeRunner, VirtualClock } from '../../helpers/fakes.js';

/** Key Vault's 409 body, as the SDK hands it over (RestError with details). */
const conflict = (inner: string) =>
  Object.assign(new Error(`Conflict: ${inner}`), {
    name: 'RestError',
    statusCode: 409,
    details: { error: { code: 'Conflict', message: 'conflict', innererror: { code: inner } } },
  });

const set: SetConfig = {
  vault: { name: 'kv', url: 'https://kv.vault.azure.net/' },
  secrets: [],
  encoding: 'utf-8',
  dropTrailingNewline: false,
  tags: {},
  skipUnchanged: false,
  keepVersions: 0,
  onDeleted: 'recover',
  allowPullRequests: false,
};

const loaded: LoadedValue = {
  secret: { name: 'api-token', source: { kind: 'env', variable: 'TOKEN' }, line: 1 },
  value: 'v',
  bytes: 1,
  trailingNewline: false,
  droppedNewline: false,
};

/** A deleted name whose recovery takes `recoveringPuts` more PUTs to finish (Infinity: never within the test). */
function deletedName(clock: VirtualClock, recoveringPuts: number) {
  const puts: number[] = [];
  let recovered = false;
  const writer: SecretWriter = {
    setSecret: () => {
      puts.push(clock.now());
      if (!recovered) return Promise.reject(conflict('ObjectIsDeletedButRecoverable'));
      if (puts.length - 1 <= recoveringPuts) return Promise.reject(conflict('ObjectIsBeingRecovered'));
      return Promise.resolve({ version: 'f'.repeat(32) });
    },
    recoverDeletedSecret: () => {
      recovered = true;
      return Promise.resolve();
    },
    listVersions: () => Promise.reject(new Error('not expected')),
    disableVersion: () => Promise.reject(new Error('not expected')),
    getDeletedSecret: () => Promise.reject(new Error('not expected')),
    purgeDeletedSecret: () => Promise.reject(new Error('not expected')),
  };
  const access = accessTo(() => ({ getSecret: () => Promise.reject(new Error('not expected')), write: writer }));
  return { access, puts };
}

async function writeWithin(timeoutSeconds: number, recoveringPuts: number) {
  const clock = new VirtualClock();
  const start = clock.now();
  const { access, puts } = deletedName(clock, recoveringPuts);
  const ctx = {
    config: { timeoutSeconds } as never,
    deps: { clock, log: new FakeRunner() } as never,
    deadline: clock.deadline(timeoutSeconds * 1000),
  };
  const [outcome] = await writeAll(ctx, access, set, [loaded], () => 'principal-1');
  return { outcome: outcome!, puts: puts.map((t) => t - start), elapsed: clock.now() - start, sleeps: clock.sleeps };
}

describe('on-deleted: recover waits for the recovery within timeout (deadline)', () => {
  it('retries the PUT while Key Vault answers ObjectIsBeingRecovered, then writes', async () => {
    const { outcome, puts, sleeps } = await writeWithin(30, 3);
    expect(outcome).toMatchObject({ version: 'f'.repeat(32), disabled: [] });
    expect(outcome.error).toBeUndefined();
    // The first PUT meets the deleted name; then 3 busy answers, each followed by a growing wait; then the write.
    expect(puts).toEqual([0, 0, 500, 1500, 3500]);
    expect(sleeps).toEqual([500, 1000, 2000]);
  });

  it('stops at the deadline, not after it, and says the name was still being recovered', async () => {
    const { outcome, puts, elapsed } = await writeWithin(10, Infinity);
    expect(outcome.version).toBeUndefined();
    expect(outcome.error).toMatch(
      /"api-token" was still being recovered in kv when the step's timeout \(10 s\) ran out; nothing was written/,
    );
    // No PUT leaves at or past the deadline, and the step ends within the deadline's timer lag of it.
    expect(Math.max(...puts)).toBeLessThan(10_000);
    expect(elapsed).toBeGreaterThanOrEqual(10_000);
    expect(elapsed).toBeLessThanOrEqual(11_000);
  });
});
