// What every stand-in service records of its caller, as Azure's logs keep it: the User-Agent (Key Vault's audit
// log: ClientInfo) and the x-ms-client-request-id (its CorrelationId), or null when the request had none.
/**
 * @template {object} T
 * @param {import('node:http').IncomingMessage} req
 * @param {T} record
 * @returns {T & { userAgent: string | null, clientRequestId: string | null }}
 */
export function withCaller(req, record) {
  const one = (name) => {
    const value = req.headers[name];
    return Array.isArray(value) ? value.join(', ') : (value ?? null);
  };
  return Object.assign(record, { userAgent: one('user-agent'), clientRequestId: one('x-ms-client-request-id') });
}
