// A fleet sharing one vault: a run opens with a few requests in flight and grows, and after a
// burst of 429s it comes back with one probe and then paces its requests in time (fake clock, no waits).
import type { SecretBundle } from '../../../src/ports.js';
import { createFetcher } from '../../../src/vault/fetch.js';
import {
  grownRate,
  OPENING_SLOTS,
  pacedGapMs,
  THROTTLED_RATE_FLOOR,
  throttledRate,
  UNPACED_RATE,
} from '../../../src/util/backoff.js';
import type { Clock } from '../../../src/util/clock.js';
import { accessTo, bundle, secretRef, VirtualClock } from '../../helpers/fakes.js';

const ref = (name: string) => secretRef(name, 'kv-one');

const tick = async () => {
  for (let i = 0; i < 3; i++) await Promise.resolve(); // a round trip of no (virtual) time
};

/** getSecret answered by `answer` one tick later; each start and end logged with the fake clock's time. */
function loggedAccess(clock: Clock, answer: (name: string) => SecretBundle) {
  const log: { what: 'start' | 'end'; name: string; at: number; inFlight: number }[] = [];
  let inFlight = 0;
  const access = accessTo(() => ({
    getSecret: async (name) => {
      log.push({ what: 'start', name, at: clock.now(), inFlight: ++inFlight });
      try {
        await tick();
        return answer(name);
      } finally {
        log.push({ what: 'end', name, at: clock.now(), inFlight: --inFlight });
      }
    },
  }));
  return { access, log };
}

const refs = (n: number) => Array.from({ length: n }, (_, i) => ref(`s${i}`));

it(`opens with ${OPENING_SLOTS} requests in flight, not concurrency, and grows one per success up to it`, async () => {
  const clock = new VirtualClock();
  const w = loggedAccess(clock, (name) => bundle(name));
  const outcomes = await createFetcher(w.access, {
    concurrency: 32,
    signal: new AbortController().signal,
    clock,
  }).fetchAll(refs(400));
  expect(outcomes.every((o) => o.bundle)).toBe(true);
  // After the first request (the challenge, whose success adds a slot), the first wave is OPENING_SLOTS + 1
  // (the old opening: 32), and it grows to 32.
  const firstWave = w.log.slice(2).findIndex((e) => e.what === 'end');
  expect(firstWave).toBe(OPENING_SLOTS + 1);
  // Slow start from OPENING_SLOTS reaches the limit (answers here come back a microtask apart, so a few slots are always
  // between an answer and the next request) and never passes it.
  expect(Math.max(...w.log.map((e) => e.inFlight))).toBeGreaterThanOrEqual(28);
  expect(Math.max(...w.log.map((e) => e.inFlight))).toBeLessThanOrEqual(32);
  expect(clock.sleeps).toEqual([]); // a lone job is never paced
});

it('after a burst of 429s, sends one probe when the pause ends, then paces the rest in time', async () => {
  const clock = new VirtualClock();
  let refuse = OPENING_SLOTS + 1; // the first wave after the challenge is refused
  let calls = 0;
  const w = loggedAccess(clock, (name) => {
    if (calls++ > 0 && refuse-- > 0) throw Object.assign(new Error('Throttled'), { statusCode: 429 });
    return bundle(name);
  });
  const fetcher = createFetcher(w.access, { concurrency: 32, signal: new AbortController().signal, clock });
  const outcomes = await fetcher.fetchAll(refs(80));
  expect(outcomes.every((o) => o.bundle)).toBe(true);
  expect(fetcher.throttled).toBe(OPENING_SLOTS + 1);
  const starts = w.log.filter((e) => e.what === 'start');
  // The challenge and the wave went out at the same (fake) time; the next one is the probe, alone.
  const afterPause = starts.slice(OPENING_SLOTS + 2);
  expect(afterPause[0]!.at).toBeGreaterThan(starts[0]!.at);
  const probeEnd = w.log.findIndex(
    (e) => e.what === 'end' && e.name === afterPause[0]!.name && e.at >= afterPause[0]!.at,
  );
  expect(w.log.indexOf(afterPause[1]!)).toBeGreaterThan(probeEnd);
  // Then paced: the next request waits its turn (THROTTLED_RATE_FLOOR a second after a second with only the
  // challenge's success, speeding up as it goes), rather than half the slots at once; no two
  // leave at the same moment.
  const gaps = afterPause.slice(1, 40).map((s, i) => s.at - afterPause[i]!.at);
  expect(gaps[0]).toBeGreaterThanOrEqual(1000 / THROTTLED_RATE_FLOOR / 4);
  expect(gaps[0]).toBeLessThanOrEqual(1000 / THROTTLED_RATE_FLOOR);
  expect(gaps.every((g) => g > 0)).toBe(true);
  expect(gaps.at(-1)!).toBeLessThan(gaps[0]! / 4);
});

it('a vault that throttles for good sees one probe per pause, not a window of requests', async () => {
  const clock = new VirtualClock();
  const controller = new AbortController();
  let calls = 0;
  const w = loggedAccess(clock, () => {
    if (calls++ === 0) return bundle('first');
    if (clock.now() > 1_000_000 + 20_000) controller.abort(new DOMException('deadline', 'TimeoutError'));
    throw Object.assign(new Error('Throttled'), { statusCode: 429 });
  });
  const outcomes = await createFetcher(w.access, { concurrency: 32, signal: controller.signal, clock }).fetchAll(
    refs(40),
  );
  expect(outcomes.filter((o) => o.error)).toHaveLength(39);
  const starts = w.log.filter((e) => e.what === 'start');
  // 20 s of fake time: the opening wave, then about one request a second (pauses grow to 1–2 s).
  expect(starts.length).toBeLessThan(OPENING_SLOTS + 1 + 25);
});

it.each([
  [0, 10],
  [10, 10],
  [20, 17],
  [150, 127.5],
])('after a burst in an unpaced run, %i successes in the last second set the pace to %f a second', (admitted, rate) => {
  expect(throttledRate(admitted)).toBeCloseTo(rate);
  expect(throttledRate(admitted, Number.POSITIVE_INFINITY)).toBeCloseTo(rate);
});

it.each([
  [0, 40, 10],
  [0, 12, 6],
  [0, 6, 3],
  [0, 1.5, 1],
  [100, 3, 85],
])(
  'after a burst, %i successes in the last second and a pace of %f a second set the pace to %f: repeated bursts halve it to 1 a second',
  (admitted, pacedAt, rate) => {
    expect(throttledRate(admitted, pacedAt)).toBeCloseTo(rate);
  },
);

it('a run with no history that keeps meeting a full vault comes down to 1 a second (a fleet does not add up to K × the floor)', () => {
  let rate = throttledRate(0);
  const seen = [rate];
  for (let i = 0; i < 6; i++) seen.push((rate = throttledRate(0, rate)));
  expect(seen).toEqual([THROTTLED_RATE_FLOOR, 5, 2.5, 1.25, 1, 1, 1]);
});

it('the pace doubles every 300 ms without a 429 and stops at the unpaced rate', () => {
  expect(grownRate(10, 0)).toBe(10);
  expect(grownRate(10, 300)).toBeCloseTo(20);
  expect(grownRate(10, 600)).toBeCloseTo(40);
  expect(grownRate(10, -5)).toBe(10);
  expect(grownRate(UNPACED_RATE / 2, 300)).toBe(Number.POSITIVE_INFINITY);
});

it('the gap after a paced request is the time over which the growing pace adds up to one request', () => {
  expect(pacedGapMs(Number.POSITIVE_INFINITY)).toBe(0);
  expect(pacedGapMs(1)).toBeCloseTo(518, 0); // not 1000: the pace grows while it waits
  expect(pacedGapMs(100)).toBeCloseTo(9.9, 1); // about 1000/rate once the rate is high
  // The integral of grownRate over the gap is one request.
  for (const rate of [0.5, 1, 7, 40, 300]) {
    const gap = pacedGapMs(rate);
    let sum = 0;
    for (let t = 0; t < gap; t += gap / 10_000) sum += (grownRate(rate, t) * (gap / 10_000)) / 1000;
    expect(sum).toBeCloseTo(1, 2);
  }
});
