// An HTTP CONNECT proxy that tunnels Key Vault, Entra sign-in, ARM, registry and GitHub API hostnames to
// the local TLS server and refuses everything else, so the client keeps real vault URLs (and challenge
// verification) while nothing leaves the machine.
import http from 'node:http';
import net from 'node:net';
import { ACR_SUFFIXES, ARM_HOSTNAMES, GITHUB_API_HOSTNAME, LOGIN_HOSTNAMES, VAULT_SUFFIXES } from './certs.mjs';
import { close, listen } from './listen.mjs';

const REGISTRY_HOST = new RegExp(`^[0-9a-z]{5,50}\\.(${ACR_SUFFIXES.map((s) => s.replaceAll('.', '\\.')).join('|')})$`);
const VAULT_HOST = new RegExp(`^[0-9a-z-]{3,24}\\.(${VAULT_SUFFIXES.map((s) => s.replaceAll('.', '\\.')).join('|')})$`);

export class ConnectProxy {
  #log;
  #knows;
  #tlsPort;
  /** What the proxy refused to tunnel (anything that is not the stand-in). @type {string[]} */
  #refused = [];
  /** Vault hosts asked for that the stand-in does not have. @type {string[]} */
  #unknownVaultHosts = [];
  /** @type {number | 'close'} How it answers CONNECT to a vault host the stand-in does not have. */
  #unknownAnswer = 502;
  #sockets = new Set();
  #server = http.createServer((req, res) => {
    this.#refused.push(`${req.method} ${req.url}`);
    res.writeHead(403, { 'Content-Type': 'text/plain' });
    res.end('standin proxy: only CONNECT to Key Vault hosts is allowed\n');
  });

  /**
   * @param {{ log: import('./log.mjs').RequestLog, knows: (host: string) => boolean, tlsPort: () => number }} deps
   * knows: whether the stand-in has this vault or registry host; tlsPort: where the TLS server listens.
   */
  constructor({ log, knows, tlsPort }) {
    this.#log = log;
    this.#knows = knows;
    this.#tlsPort = tlsPort;
    this.#server.on('connection', (socket) => this.#track(socket));
    this.#server.on('connect', (req, client, head) => this.#connect(req, client, head));
  }

  /** Hosts the proxy refused to tunnel to (anything that is not the stand-in). @returns {readonly string[]} */
  refusedHosts() {
    return [...this.#refused];
  }

  /** Vault hosts a client asked the proxy for that the stand-in does not have. @returns {readonly string[]} */
  unknownVaultHosts() {
    return [...this.#unknownVaultHosts];
  }

  /**
   * How the proxy answers CONNECT to a vault host the stand-in does not have, until reset(): a status
   * (502 by default, what a corporate proxy answers when the name does not resolve), or 'close'.
   * @param {number | 'close'} answer
   */
  answerUnknownVaults(answer) {
    this.#unknownAnswer = answer;
  }

  reset() {
    this.#refused = [];
    this.#unknownVaultHosts = [];
    this.#unknownAnswer = 502;
  }

  /** Listens on 127.0.0.1 (at `port`, or any free port); resolves with the port. @param {number} [port] */
  listen(port) {
    return listen(this.#server, port);
  }

  /** Drops every connection and tunnel, and stops listening. */
  async close() {
    for (const s of this.#sockets) s.destroy();
    await close(this.#server);
  }

  #track(socket) {
    this.#sockets.add(socket);
    socket.on('close', () => this.#sockets.delete(socket));
  }

  /** @param {import('node:http').IncomingMessage} req @param {import('node:stream').Duplex} client @param {Buffer} head */
  #connect(req, client, head) {
    const [hostname, port = '443'] = (req.url ?? '').split(':');
    const host = (hostname ?? '').toLowerCase();
    this.#log.count('connects');
    // A client that goes away (the action exiting on an identity failure) while its refusal is written: not the proxy's failure.
    client.on('error', () => {});
    const login = LOGIN_HOSTNAMES.includes(host) || ARM_HOSTNAMES.includes(host) || host === GITHUB_API_HOSTNAME;
    const registry = REGISTRY_HOST.test(host);
    if ((!VAULT_HOST.test(host) && !login && !registry) || port !== '443') {
      this.#refused.push(`CONNECT ${req.url}`);
      client.end(
        'HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nstandin proxy: host refused\n',
      );
      return;
    }
    if (!login && !this.#knows(host)) {
      // What a corporate proxy answers when the name does not resolve (502 by default; tests vary it).
      this.#unknownVaultHosts.push(host);
      const status = this.#unknownAnswer;
      if (status === 'close') client.destroy();
      else
        client.end(
          `HTTP/1.1 ${status} Proxy Error\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nstandin proxy: DNS lookup failed for ${host}\n`,
        );
      return;
    }
    this.#log.tunnel(host);
    const upstream = net.connect(this.#tlsPort(), '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    this.#track(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  }
}
