// Listening on, and closing, the stand-in's servers: 127.0.0.1 only.

/**
 * Listens on 127.0.0.1 at `port` (0: any free port) and resolves with the port.
 * @param {import('node:net').Server} server @param {number} [port] @returns {Promise<number>}
 */
export const listen = (server, port = 0) =>
  new Promise((resolve, reject) =>
    server
      .once('error', reject)
      .listen(port, '127.0.0.1', () => resolve(/** @type {import('node:net').AddressInfo} */ (server.address()).port)),
  );

/** Drops every connection and stops listening, if it was. @param {import('node:http').Server} server */
export async function close(server) {
  server.closeAllConnections?.();
  if (server.listening) await new Promise((resolve) => server.close(() => resolve(undefined)));
}
