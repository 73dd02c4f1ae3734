// An AKS identity binding's token proxy (AZURE_KUBERNETES_TOKEN_PROXY): the in-cluster endpoint that pods
// with azure.workload.identity/use-identity-binding: "true" send their token exchange to instead of Entra ID.
// A TLS server on 127.0.0.1 with a CA of its own (never the stand-in's, which the action's process trusts
// through NODE_EXTRA_CA_CERTS), completing a handshake only for its SNI name; it takes the client-assertion
// request Entra's token endpoint takes, at the path the SDKs send it to (/<tenant>/oauth2/v2.0/token), and
// passes it on to Entra, so it answers as Entra does. The real proxy checks the service account against the
// cluster's RBAC and presents an assertion of its own; here Entra checks the pod's token itself.
import { writeFileSync } from 'node:fs';
import https from 'node:https';
import { join } from 'node:path';
import tls from 'node:tls';
import { makeAuthority } from './certs.mjs';
import { aadsts, LOGIN_HOSTS } from './entra.mjs';
import { applyFault } from './faults.mjs';

/** The name the proxy's certificate is for, and the only one it completes a handshake for. */
export const TOKEN_PROXY_SNI_NAME = 'identity-binding.standin.invalid';

export class TokenProxy {
  #log;
  #faults;
  #entra;
  #caFile;
  /**
   * Its own CA and certificate, and one for the same name from another CA (what a machine in the middle
   * presents), made when a test first asks: RSA keys take a while, and most suites never use the proxy.
   * @type {{ own: ReturnType<typeof makeAuthority>, foreign: ReturnType<typeof makeAuthority>, contexts: Record<'own' | 'foreign', tls.SecureContext> } | undefined}
   */
  #certificates;
  /** @type {'own' | 'foreign'} */
  #presenting = 'own';
  /** @type {(string | undefined)[]} */
  #handshakes = [];
  #server;
  #port = 0;

  /**
   * @param {{ log: { record: (r: Record<string, unknown>) => unknown }, faults: import('./faults.mjs').FaultPlan,
   *   entra: { handle: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, host: string) => unknown },
   *   dir: string }} deps
   */
  constructor({ log, faults, entra, dir }) {
    this.#log = log;
    this.#faults = faults;
    this.#entra = entra;
    this.#caFile = join(dir, 'identity-binding-ca.pem');
    // No certificate outside SNICallback: a handshake without the SNI name, or with another, fails.
    this.#server = https.createServer(
      {
        SNICallback: (servername, done) => {
          this.#handshakes.push(servername);
          if (servername === TOKEN_PROXY_SNI_NAME) done(null, this.#made().contexts[this.#presenting]);
          else done(new Error(`no certificate for ${servername}`));
        },
      },
      (req, res) => void this.#handle(req, res),
    );
    // A handshake refused for its SNI name is the client's failure, not the server's.
    this.#server.on('tlsClientError', () => {});
  }

  #made() {
    if (!this.#certificates) {
      const own = makeAuthority('AKS identity binding stand-in CA (throwaway)', [TOKEN_PROXY_SNI_NAME]);
      const foreign = makeAuthority('keyvault-secrets-action foreign CA (throwaway)', [TOKEN_PROXY_SNI_NAME]);
      writeFileSync(this.#caFile, own.caPem);
      this.#certificates = {
        own,
        foreign,
        contexts: {
          own: tls.createSecureContext({ cert: own.certPem, key: own.keyPem }),
          foreign: tls.createSecureContext({ cert: foreign.certPem, key: foreign.keyPem }),
        },
      };
    }
    return this.#certificates;
  }

  /** Listens on 127.0.0.1 (any free port). @returns {Promise<number>} */
  listen() {
    return new Promise((resolve, reject) =>
      this.#server.once('error', reject).listen(0, '127.0.0.1', () => {
        this.#port = /** @type {import('node:net').AddressInfo} */ (this.#server.address()).port;
        resolve(this.#port);
      }),
    );
  }

  /** AZURE_KUBERNETES_TOKEN_PROXY: an address, as the webhook sets it (the API server's), not the SNI name. */
  get url() {
    return `https://127.0.0.1:${this.#port}`;
  }

  /** The proxy's own CA, the only one its certificate chains to (PEM). */
  get caPem() {
    return this.#made().own.caPem;
  }

  /** The CA of the certificate presentForeignCertificate() makes it present (PEM). */
  get foreignCaPem() {
    return this.#made().foreign.caPem;
  }

  /**
   * What the workload identity webhook sets in a pod with azure.workload.identity/use-identity-binding: "true",
   * on top of the workload identity variables: the proxy, its SNI name, and its CA as a file (or, caData: inline).
   * @param {{ caData?: boolean, sniName?: string }} [options]
   * @returns {Record<string, string>}
   */
  env({ caData = false, sniName = TOKEN_PROXY_SNI_NAME } = {}) {
    const { own } = this.#made();
    return {
      AZURE_KUBERNETES_TOKEN_PROXY: this.url,
      AZURE_KUBERNETES_SNI_NAME: sniName,
      ...(caData ? { AZURE_KUBERNETES_CA_DATA: own.caPem } : { AZURE_KUBERNETES_CA_FILE: this.#caFile }),
    };
  }

  /** From now on, presents a certificate for its SNI name issued by foreignCaPem's CA, not its own. */
  presentForeignCertificate() {
    this.#presenting = 'foreign';
  }

  /** The SNI name of each handshake begun (undefined: none sent), refused ones included. @returns {readonly (string | undefined)[]} */
  handshakes() {
    return this.#handshakes;
  }

  reset() {
    this.#presenting = 'own';
    this.#handshakes.length = 0;
  }

  async close() {
    this.#server.closeAllConnections?.();
    if (this.#server.listening) await new Promise((resolve) => this.#server.close(() => resolve(undefined)));
  }

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  async #handle(req, res) {
    const url = new URL(req.url ?? '/', this.url);
    const socket = /** @type {import('node:tls').TLSSocket} */ (req.socket);
    const record = {
      service: 'token-proxy',
      host: socket.servername || '',
      path: url.pathname,
      method: req.method,
      status: 0,
      at: Date.now(),
    };
    this.#log.record(record);
    res.on('finish', () => (record.status = res.statusCode));
    const fault = this.#faults.take('token-proxy', record);
    const answered = await applyFault(fault, req, res, (status, headers) => {
      res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(aadsts('temporarily_unavailable', 90033, `standin token proxy fault ${status}`)));
    });
    if (answered) return;
    // Passed on to Entra as it came: Entra's answer is the proxy's.
    await this.#entra.handle(req, res, LOGIN_HOSTS.AzureCloud);
  }
}
