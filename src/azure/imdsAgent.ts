// The HTTP agent for IMDS requests. Giving the SDK an agent of our own does two things:
// - the SDK's proxy policy skips requests that carry an agent, so IMDS is never sent through
//   HTTPS_PROXY/HTTP_PROXY, whatever NO_PROXY says (a proxy cannot reach 169.254.169.254);
// - a connect timeout, so a runner that is not an Azure VM fails in seconds, not after TCP's minutes.
import http from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { printsAs } from './vaultAgent.js';

export const IMDS_CONNECT_TIMEOUT_MS = 3000;

export class ImdsUnreachableError extends Error {
  override readonly name = 'ImdsUnreachableError';
  readonly code = 'EIMDSUNREACHABLE';
}

/** IMDS (or whatever listens there) answered, but not with a token: cut short, HTML, or not JSON. */
export class ImdsBadAnswerError extends Error {
  override readonly name = 'ImdsBadAnswerError';
  readonly code = 'EIMDSBADANSWER';
}

/**
 * An agent that also records whether any bytes came back (MSAL reports a body it cannot parse as a network error),
 * and how the last connection failed before it was made (MSAL reports ECONNREFUSED as a bare "network_error", code lost).
 */
export type ImdsAgent = http.Agent & { answered: boolean; connectError?: string };

export function createImdsAgent(connectTimeoutMs = IMDS_CONNECT_TIMEOUT_MS): ImdsAgent {
  const agent: ImdsAgent = printsAs(
    Object.assign(new http.Agent({ keepAlive: false }), { answered: false }),
    '[identity endpoint agent, direct]',
  );
  const create = agent.createConnection.bind(agent);
  agent.createConnection = (
    options: http.ClientRequestArgs,
    callback?: (err: Error | null, socket: Duplex) => void,
  ) => {
    const socket = create(options, callback) as Socket;
    const timer = setTimeout(() => {
      socket.destroy(
        new ImdsUnreachableError(`no TCP connection to ${options.host}:${options.port} within ${connectTimeoutMs} ms`),
      );
    }, connectTimeoutMs);
    let connected = false;
    socket.once('connect', () => {
      connected = true;
      clearTimeout(timer);
    });
    socket.once('error', (error: Error & { code?: unknown }) => {
      if (!connected && typeof error.code === 'string') agent.connectError = error.code;
    });
    socket.once('data', () => (agent.answered = true));
    socket.once('close', () => clearTimeout(timer));
    return socket;
  };
  return agent;
}
