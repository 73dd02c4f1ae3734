// An HTTP CONNECT proxy that tunnels Key Vault, Entra sign-in and GitHub API hostnames to the local TLS server and refuses everything else,
// so the client keeps real vault URLs (and challenge verification) while nothing leaves the machine.
import http from 'node:http';
import net from 'node:net';
import { ACR_SUFFIXES, ARM_HOSTNAMES, GITHUB_API_HOSTNAME, LOGIN_HOSTNAMES, VAULT_SUFFIXES } from './certs.mjs';

const REGISTRY_HOST = new RegExp(`^[0-9a-z]{5,50}\\.(${ACR_SUFFIXES.map((s) => s.replaceAll('.', '\\.')).join('|')})$`);
const VAULT_HOST = new RegExp(`^[0-9a-z-]{3,24}\\.(${VAULT_SUFFIXES.map((s) => s.replaceAll('.', '\\.')).join('|')})$`);

/**
 * @param {import('./index.mjs').StandinState} state
 * @param {() => number} vaultPort
 */
export function createProxy(state, vaultPort) {
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    state.refused.push(`${req.method} ${req.url}`);
    res.writeHead(403, { 'Content-Type': 'text/plain' });
    res.end('standin proxy: only CONNECT to Key Vault hosts is allowed\n');
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('connect', (req, client, head) => {
    const [hostname, port = '443'] = (req.url ?? '').split(':');
    const host = (hostname ?? '').toLowerCase();
    state.stats.connects++;
    // A client that goes away (the action exiting on an identity failure) while its refusal is written: not the proxy's failure.
    client.on('error', () => {});
    const login = LOGIN_HOSTNAMES.includes(host) || ARM_HOSTNAMES.includes(host) || host === GITHUB_API_HOSTNAME;
    const registry = REGISTRY_HOST.test(host);
    if ((!VAULT_HOST.test(host) && !login && !registry) || port !== '443') {
      state.refused.push(`CONNECT ${req.url}`);
      client.end(
        'HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nstandin proxy: host refused\n',
      );
      return;
    }
    if (!login && !state.vaults.has(host) && !state.registries.has(host)) {
      // What a corporate proxy answers when the name does not resolve (502 by default; tests vary it).
      state.unknownVaultHosts.push(host);
      const status = state.unknownVaultAnswer;
      if (status === 'close') client.destroy();
      else
        client.end(
          `HTTP/1.1 ${status} Proxy Error\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nstandin proxy: DNS lookup failed for ${host}\n`,
        );
      return;
    }
    const upstream = net.connect(vaultPort(), '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  return {
    server,
    destroyAll: () => {
      for (const s of sockets) s.destroy();
    },
  };
}
