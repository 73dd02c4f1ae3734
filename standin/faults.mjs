// Scripted faults: each rule is a queue of steps consumed by the requests it matches.
// A step is a status number, { status, retryAfter?, body?, contentType?, headers? }, 'reset', 'hang', { delayMs },
// (retryAfter: seconds, an HTTP date, or a function giving either when the answer is sent: retryAfterHeader),
// { status, drip: { body, intervalMs? } }: the body a byte at a time, one every intervalMs (default
// 1000: a slow drip that never lets an idle timeout fire),
// or { status, stream: { bytes, prefix?, suffix? } }: a body of `bytes` filler bytes (between prefix and suffix),
// written as the client reads it, never held in memory (a 100 MiB "token"),

export class FaultPlan {
  /** @type {{ service: string, match: (req: import('./log.mjs').StandinRequest) => boolean, steps: unknown[] }[]} */
  #rules = [];

  /**
   * @param {'imds'|'vault'|'app-service'|'arc'|'entra'|'github'|'arm'|'acr'|'token-proxy'} service
   * @param {unknown[]} steps
   * @param {string | RegExp | ((r: import('./log.mjs').StandinRequest) => boolean)} [match] a path substring, a regexp on host+path, or a predicate on the request's record
   */
  add(service, steps, match) {
    const test =
      match === undefined
        ? () => true
        : typeof match === 'function'
          ? match
          : match instanceof RegExp
            ? (r) => match.test(r.host + r.path)
            : (r) => (r.host + r.path).includes(match);
    this.#rules.push({ service, match: test, steps: [...steps] });
  }

  /** The next step for this request, if a rule has one left. */
  take(service, request) {
    for (const rule of this.#rules) {
      if (rule.service === service && rule.steps.length > 0 && rule.match(request)) return rule.steps.shift();
    }
    return undefined;
  }

  clear() {
    this.#rules = [];
  }
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The Retry-After header for a value: seconds (0 included), an HTTP date, or a function returning either when
 * the answer is sent (a date a few seconds in the past: PAST_DATE); none for undefined.
 * @param {number | string | (() => number | string) | undefined} value
 */
export function retryAfterHeader(value) {
  const v = typeof value === 'function' ? value() : value;
  return v === undefined ? {} : { 'Retry-After': String(v) };
}

/** A Retry-After that is an HTTP date 5 s before the answer: as a runner whose clock runs ahead sees it. */
export const PAST_DATE = () => new Date(Date.now() - 5000).toUTCString();

/**
 * Applies a fault step to a response. Returns true when the step answered (or dropped) the request.
 * @param {unknown} step
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {(status: number, headers: Record<string,string>) => void} sendError answers in the service's own error format
 */
export async function applyFault(step, req, res, sendError) {
  if (step === undefined) return false;
  if (step === 'reset') {
    // A TCP RST where the socket allows it; a TLS socket is torn down mid-response ("socket hang up", ECONNRESET).
    if ('encrypted' in req.socket) req.socket.destroy();
    else req.socket.resetAndDestroy();
    return true;
  }
  if (step === 'hang') return true; // never answered; the server closes it on stop
  if (typeof step === 'number') {
    sendError(step, {});
    return true;
  }
  if (typeof step === 'object' && step !== null) {
    if ('delayMs' in step) {
      await sleep(step.delayMs);
      return false;
    }
    const headers = { ...retryAfterHeader(step.retryAfter), ...step.headers };
    if (step.drip !== undefined) {
      await dripBody(res, step.status, step.contentType ?? 'application/json', headers, step.drip);
      return true;
    }
    if (step.stream !== undefined) {
      await streamBody(res, step.status, step.contentType ?? 'application/json', headers, step.stream);
      return true;
    }
    if (step.body !== undefined) {
      res.writeHead(step.status, { 'Content-Type': step.contentType ?? 'application/json', ...headers });
      res.end(typeof step.body === 'string' ? step.body : JSON.stringify(step.body));
    } else {
      sendError(step.status, headers);
    }
    return true;
  }
  throw new Error(`unknown fault step ${JSON.stringify(step)}`);
}

/** Writes prefix, `bytes` bytes of filler and suffix, waiting for the client to drain each chunk; stops if it goes away. */
async function streamBody(res, status, contentType, headers, { bytes, prefix = '', suffix = '' }) {
  res.on('error', () => {});
  res.writeHead(status, { 'Content-Type': contentType, ...headers });
  const chunk = Buffer.alloc(64 * 1024, 'A');
  let gone = false;
  const closed = new Promise((resolve) => res.once('close', () => resolve((gone = true))));
  res.write(prefix);
  for (let left = bytes; left > 0 && !gone && !res.destroyed; left -= chunk.length) {
    const ok = res.write(left >= chunk.length ? chunk : chunk.subarray(0, left));
    if (!ok) await Promise.race([new Promise((resolve) => res.once('drain', resolve)), closed]);
  }
  if (!gone && !res.destroyed) res.end(suffix);
}

/** Writes the headers at once, then the body one byte every intervalMs; stops if the client goes away. */
async function dripBody(res, status, contentType, headers, { body, intervalMs = 1000 }) {
  res.on('error', () => {});
  let gone = false;
  res.once('close', () => (gone = true));
  const bytes = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': String(bytes.length), ...headers });
  res.flushHeaders();
  for (let i = 0; i < bytes.length && !gone && !res.destroyed; i++) {
    res.write(bytes.subarray(i, i + 1));
    await sleep(intervalMs);
  }
  if (!gone && !res.destroyed) res.end();
}
