// The SDK's own logging (AZURE_LOG_LEVEL) is useful when a user debugs a vault, but its request
// dumps can include a proxy agent's raw socket buffers, and with them "Authorization: Bearer …",
// and the agent's proxy URL with its user and password (the action's agents serialize as a short
// description instead: vaultAgent.ts). Every SDK log line passes through here: tokens, credentials
// in URLs and Basic/Proxy-Authorization headers, and known values are redacted first.
import { format } from 'node:util';
import { AzureLogger } from '@azure/logger';
import { plainText } from '../runner/commands.js';

// Only where a run of token characters starts: from inside a run, every "eyJ" of "eyJeyJeyJ…" rescanned
// the rest of it (quadratic). A token glued to other token characters is still redacted as a known value.
const JWT = /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
const BEARER = /(Bearer|PoP)\s+[A-Za-z0-9._~+/=-]+/gi;
// "Basic <credentials>", but not the "Basic realm=…" of a challenge (Arc names its key file there).
const BASIC = /\b(Basic)\s+(?!realm\b)[A-Za-z0-9._~+/-]+=*/gi;
// The user info of any URL: scheme://user:password@ and scheme://token@ (bounded, so one pass stays linear).
const USERINFO = /\b([a-z][a-z0-9+.-]{0,31}:\/\/)[^\s/?#@"'<>]{1,1024}@/gi;
// A Proxy-Authorization header's value, however it is quoted: "Proxy-Authorization": "…", Proxy-Authorization: …
const PROXY_AUTHORIZATION = /(proxy-authorization["']?\s*[:=]\s*["']?)[^"'\r\n]+/gi;
const MAX_LINE = 4000;

export class Redactor {
  #known = new Set<string>();
  #later: (() => readonly string[])[] = [];
  add(value: string): void {
    if (value.length >= 4) this.#known.add(value);
  }
  /**
   * Values to redact, worked out only if a log line is ever redacted: the SDK logs nothing unless
   * AZURE_LOG_LEVEL is set, and working out each value's mask pieces as it arrived cost every run.
   */
  addLater(values: () => readonly string[]): void {
    this.#later.push(values);
  }
  redact(text: string): string {
    if (this.#later.length > 0) {
      for (const values of this.#later.splice(0)) for (const value of values()) this.add(value);
    }
    let out = text
      .replace(JWT, '[REDACTED TOKEN]')
      .replace(BEARER, '$1 [REDACTED]')
      .replace(PROXY_AUTHORIZATION, '$1[REDACTED]')
      .replace(BASIC, '$1 [REDACTED]')
      .replace(USERINFO, '$1[REDACTED]@');
    for (const value of this.#known) out = out.split(value).join('[REDACTED]');
    return out;
  }
}

/** Sends every SDK log line, redacted, defused and shortened, to `write`. */
export function routeSdkLogs(redactor: Redactor, write: (line: string) => void): void {
  AzureLogger.log = (...args: unknown[]) => {
    // Redacted, and never a workflow command: an error body the SDK logs could hold "\n::set-output …".
    // Defused after shortening, so a cut cannot undo an escape.
    const line = redactor.redact(format(...args));
    write(
      plainText(
        line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}… (${line.length - MAX_LINE} more characters)` : line,
      ),
    );
  };
}
