// npm run bench -- --fleet K[,K…]: K action processes start at once (a fleet at cron time) against one
// stand-in vault that admits `rate` requests a second and answers the rest 429 with Key Vault's body and
// no Retry-After. Prints, per fleet size: the makespan against the ideal K·S/rate and against the same
// fleet with no rate limit (what the CPU allows), the share of requests answered 429, the failures,
// and each process's IMDS requests (counted by a small forwarder in front of IMDS, one per process).
//   node scripts/bench.mjs --fleet 10,20,40 [--secrets 50] [--rate 150] [--limiter sliding|bucket|fixed] [--runs 2] [--concurrency 32] [--vault-latency 20] [--retry-after none,0,past] [--entry dist/index.js] [--timeline]
// --retry-after: what the vault's 429s carry, one row per value: none (Key Vault's usual answer), 0, or past (an
//   HTTP date 5 s before the answer, as a runner whose clock runs ahead sees it). A hostile value must not
//   change the fleet: each row also prints the 429s per run per second.
// --timeline: after each limited run, the vault's answers per 250 ms (admitted, 429) and when processes ended.
import http from 'node:http';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PAST_DATE, startStandin } from '../standin/index.mjs';
import { runAction } from '../standin/runner.mjs';

/** A forwarder to IMDS that counts the requests one process makes. */
async function countingImds(target) {
  let requests = 0;
  const server = http.createServer((req, res) => {
    requests++;
    const upstream = http.request(
      new URL(req.url ?? '/', target),
      { method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    get requests() {
      return requests;
    },
    close: () => new Promise((done) => (server.closeAllConnections(), server.close(done))),
  };
}

/** K processes at once, each reading the same S secrets; `rate` undefined: no limit. */
/** What the vault's 429s carry as Retry-After, by --retry-after value. */
const RETRY_AFTER = { none: undefined, 0: 0, past: PAST_DATE };

async function fleetOnce(standin, { k, names, rate, limiter, concurrency, latency, entry, retryAfter }) {
  standin.reset();
  standin.keyvault.setLatency(latency);
  standin.keyvault.addVault('fleet-kv', { secrets: Object.fromEntries(names.map((n, i) => [n, `fleet-value-${i}`])) });
  if (rate) standin.keyvault.limitRate(rate, RETRY_AFTER[retryAfter ?? 'none'], { kind: limiter });
  const counters = await Promise.all(Array.from({ length: k }, () => countingImds(standin.imdsUrl)));
  const started = process.hrtime.bigint();
  const results = await Promise.all(
    counters.map((imds) =>
      runAction({
        ...(entry ? { entry } : {}),
        timeoutMs: 300_000,
        inputs: { keyvault: 'fleet-kv', secrets: names.join('\n'), concurrency: String(concurrency), timeout: '240' },
        env: { ...standin.env(), AZURE_POD_IDENTITY_AUTHORITY_HOST: imds.url },
      }),
    ),
  );
  const makespanMs = Number(process.hrtime.bigint() - started) / 1e6;
  const startedAt = Math.min(...results.map((r) => r.startedAt));
  const answers = standin
    .requests()
    .filter((q) => q.endedAt > 0 && q.authorized)
    .map((q) => ({ at: q.endedAt - startedAt, status: q.status }));
  const ends = results.map((r) => r.startedAt + r.durationMs - startedAt);
  const refusedAt = answers.filter((a) => a.status === 429).map((a) => a.at);
  const failures = results.filter((r) => r.code !== 0 || Object.keys(r.outputs).length !== names.length);
  const summaryCounts = results.map((r) => Number(/throttled (\d+) request/.exec(r.summary)?.[1] ?? 0));
  const out = {
    makespanMs,
    requests: standin.stats.vaultRequests,
    throttled: standin.stats.throttled,
    failures: failures.length,
    failureText: failures.slice(0, 2).map((r) => r.errors.join(' ') || `exit ${r.code}`),
    imds: counters.map((c) => c.requests),
    summaryThrottled: summaryCounts.reduce((a, b) => a + b, 0),
    slowestMs: Math.max(...results.map((r) => r.durationMs)),
    answers,
    ends,
    // 429s per run per second, over the span from the first 429 to the last.
    refusedPerRunSecond:
      refusedAt.length > 1
        ? refusedAt.length / k / Math.max(0.25, (Math.max(...refusedAt) - Math.min(...refusedAt)) / 1000)
        : 0,
  };
  for (const r of results) r.cleanup();
  await Promise.all(counters.map((c) => c.close()));
  return out;
}

/** Per 250 ms from the first process's start: answers admitted and 429 (a bar of the admitted share of rate/4), processes ended. */
function printTimeline({ answers, ends }, rate) {
  const step = 250;
  const slots = Math.ceil(Math.max(...ends, ...answers.map((a) => a.at)) / step) + 1;
  const rows = Array.from({ length: slots }, () => ({ ok: 0, refused: 0, ended: 0 }));
  for (const a of answers) rows[Math.floor(a.at / step)][a.status === 429 ? 'refused' : 'ok']++;
  for (const e of ends) rows[Math.floor(e / step)].ended++;
  const full = (rate * step) / 1000;
  console.log(
    `\n  t (s)   admitted  429   ended  (bar: admitted, # = ${(full / 20).toFixed(1)} requests; full = ${full})`,
  );
  let done = 0;
  rows.forEach((r, i) => {
    done += r.ended;
    console.log(
      `  ${((i * step) / 1000).toFixed(2).padStart(5)}  ${String(r.ok).padStart(8)} ${String(r.refused).padStart(4)}   ${String(r.ended ? `+${r.ended}=${done}` : '').padStart(6)}  ${'#'.repeat(Math.round((r.ok / full) * 20))}`,
    );
  });
  console.log('');
}

export async function fleetBench(argv) {
  const { values: args } = parseArgs({
    args: argv,
    strict: false,
    options: {
      fleet: { type: 'string', default: '10,20,40' },
      secrets: { type: 'string', default: '50' },
      rate: { type: 'string', default: '150' },
      limiter: { type: 'string', default: 'sliding' },
      runs: { type: 'string', default: '2' },
      concurrency: { type: 'string', default: '32' },
      'vault-latency': { type: 'string', default: '20' },
      entry: { type: 'string' },
      'no-baseline': { type: 'boolean', default: false },
      'retry-after': { type: 'string', default: 'none' },
      timeline: { type: 'boolean', default: false },
    },
  });
  const sizes = String(args.fleet).split(',').map(Number);
  const retryAfters = String(args['retry-after']).split(',');
  for (const v of retryAfters) if (!(v in RETRY_AFTER)) throw new Error(`--retry-after: none, 0 or past, not ${v}`);
  const s = Number(args.secrets);
  const rate = Number(args.rate);
  const runs = Number(args.runs);
  const options = {
    names: Array.from({ length: s }, (_, i) => `fleet-${String(i).padStart(3, '0')}`),
    limiter: String(args.limiter),
    concurrency: Number(args.concurrency),
    latency: Number(args['vault-latency']),
    entry: args.entry ? resolve(String(args.entry)) : undefined,
  };
  const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;

  const standin = await startStandin();
  try {
    console.log(
      `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}; Node ${process.version}. Entry: ${options.entry ?? 'dist/index.js'}.`,
    );
    console.log(
      `Fleet: K processes started at once, each reading ${s} secrets at concurrency ${options.concurrency}; the vault admits ${rate} requests/s`,
    );
    console.log(
      `(${{ sliding: 'any 1 s window', bucket: `a token bucket of ${rate} refilled at ${rate}/s`, fixed: 'each 1 s window from the first request' }[options.limiter] ?? options.limiter}; ` +
        `challenges count too; 429s do not, as Key Vault documents) and answers the rest 429 Throttled, with the row's Retry-After.`,
    );
    console.log(
      `Ideal = K·S/rate. "No limit" = the same fleet with no rate limit, same run: what 2 cores allow. Ratios are to max(ideal, no limit).\n`,
    );
    console.log(
      '| K | Retry-After | run | makespan | ideal K·S/rate | no limit | ratio | requests | answered 429 | 429s per run per s | failures | IMDS per process | throttled (summaries) |',
    );
    console.log('|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|');
    const rows = [];
    for (const k of sizes) {
      const ideal = ((k * s) / rate) * 1000;
      const free = args['no-baseline'] ? undefined : await fleetOnce(standin, { ...options, k, rate: undefined });
      for (const retryAfter of retryAfters) {
        for (let run = 1; run <= runs; run++) {
          const r = await fleetOnce(standin, { ...options, k, rate, retryAfter });
          const floor = Math.max(ideal, free?.makespanMs ?? 0);
          const imds = [...new Set(r.imds)].sort().join(', ');
          console.log(
            `| ${k} | ${retryAfter} | ${run} | ${fmt(r.makespanMs)} | ${fmt(ideal)} | ${free ? fmt(free.makespanMs) : '–'} | ${(r.makespanMs / floor).toFixed(2)}× (${(r.makespanMs / ideal).toFixed(2)}× ideal) | ${r.requests} | ` +
              `${((r.throttled / r.requests) * 100).toFixed(1)} % | ${r.refusedPerRunSecond.toFixed(1)} | ${r.failures}${r.failures ? ` (${r.failureText.join(' | ').slice(0, 200)})` : ''} | ${r.imds.every((n) => n === 1) ? 'all 1' : imds} | ${r.summaryThrottled} |`,
          );
          if (args.timeline) printTimeline(r, rate);
          rows.push({ k, retryAfter, run, ...r, ideal, free: free?.makespanMs });
        }
      }
    }
    return rows;
  } finally {
    await standin.stop();
  }
}
