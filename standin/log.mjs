// What the stand-in's services saw: every request each answered, in order, and a few counters.
// Services record through these methods; tests read them through the stand-in's requests() and stats.

/**
 * @typedef {{ service: 'imds'|'vault'|'acr'|'arm'|'entra'|'github'|'app-service'|'arc'|'token-proxy', host: string, path: string, status: number, method?: string,
 *   query?: Record<string, string>, search?: string, apiVersion?: string | null, authorized?: boolean, at?: number, endedAt?: number,
 *   identity?: string, caller?: string, clientId?: string | null, scope?: string | null, resource?: string, challenge?: boolean,
 *   userAgent?: string | null, clientRequestId?: string | null, requestId?: string, seq?: number }} StandinRequest
 *   One request a stand-in service answered (each service fills the fields it knows; record() its caller's, as
 *   Azure's logs keep them: the User-Agent, Key Vault's ClientInfo, and the x-ms-client-request-id, its CorrelationId).
 */

function freshStats() {
  return {
    imdsRequests: 0,
    vaultRequests: 0,
    challenges: 0,
    inFlight: 0,
    maxInFlight: 0,
    connects: 0,
    throttled: 0,
    listPages: 0,
    secretsServed: 0,
    /** Date.now() of the first request to IMDS or Key Vault (0: none yet). */
    firstRequestAt: 0,
  };
}

/** @typedef {ReturnType<typeof freshStats> & Record<string, number>} StandinStats */

export class RequestLog {
  /** @type {StandinRequest[]} */
  #requests = [];
  /** @type {StandinStats} */
  #stats = freshStats();
  /** Tunnels the proxy opened, in order. @type {{ host: string, seq: number }[]} */
  #tunnels = [];
  /** One count shared by requests and tunnels: which arrived first, with no clock to tie. */
  #seq = 0;

  /**
   * Logs a request as it arrives, with its caller's User-Agent and x-ms-client-request-id (null: none); the service
   * fills in the rest of the record (its status once answered).
   * @template {StandinRequest} R @param {R} record @param {import('node:http').IncomingMessage} req @returns {R}
   */
  record(record, req) {
    const header = (name) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value.join(', ') : (value ?? null);
    };
    Object.assign(record, {
      userAgent: header('user-agent'),
      clientRequestId: header('x-ms-client-request-id'),
      seq: ++this.#seq,
    });
    this.#requests.push(record);
    return record;
  }

  /**
   * Notes a CONNECT the proxy tunnels, numbered with the requests: the first bytes a client sends towards a
   * host, before its TLS handshake and request (which a loaded machine can delay).
   * @param {string} host
   */
  tunnel(host) {
    this.#tunnels.push({ host, seq: ++this.#seq });
  }

  /** Every tunnel opened, in order. */
  tunnels() {
    return [...this.#tunnels];
  }

  /** Adds one to a counter (one a service keeps only when it counts: from 0). @param {string} counter */
  count(counter) {
    this.#stats[counter] = (this.#stats[counter] ?? 0) + 1;
  }

  /** Notes the first request to IMDS or Key Vault (the benchmark's time to first request). */
  markFirstRequest() {
    this.#stats.firstRequestAt ||= Date.now();
  }

  /** One more request in flight; returns what to call, once or more, when it has been answered. */
  enterFlight() {
    this.#stats.inFlight++;
    this.#stats.maxInFlight = Math.max(this.#stats.maxInFlight, this.#stats.inFlight);
    let left = false;
    return () => {
      if (!left) {
        left = true;
        this.#stats.inFlight--;
      }
    };
  }

  /**
   * Every request answered, in order; only `service`'s when given.
   * @param {StandinRequest['service']} [service]
   * @returns {StandinRequest[]}
   */
  requests(service) {
    return service ? this.#requests.filter((q) => q.service === service) : [...this.#requests];
  }

  /** The counters as they are now. @returns {StandinStats} */
  stats() {
    return { ...this.#stats };
  }

  reset() {
    this.#requests = [];
    this.#tunnels = [];
    this.#stats = freshStats();
  }
}
