// The values the set step writes: read from an environment variable or a file as they are, or generated, and each
// masked (every line of it) the moment it is read, before anything else is printed. Every value is read and checked
// before the first request, so a bad line costs no write.
import { randomInt } from 'node:crypto';
import { resolve } from 'node:path';
import type { RunContext } from '../context.js';
import type { InputProblem } from '../inputs/references.js';
import { maskPieces } from '../policy/masking.js';
import { KeyVaultLimits, SetInputs } from '../constants.js';
import { openNonBlocking, readUpTo } from '../util/smallFile.js';
import { errorMessage } from '../util/errors.js';
import { ALPHABETS, refuseSetInputs, type SecretToWrite, type SetConfig, type ValueSource } from './inputs.js';

export interface LoadedValue {
  secret: SecretToWrite;
  /** What is sent: the text as read (UTF-8), or its bytes in base64. */
  value: string;
  /** Bytes of the value as sent. */
  bytes: number;
  /** The value as read ended with a newline (kept unless trailing-newline: drop). */
  trailingNewline: boolean;
  droppedNewline: boolean;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** A value's size as Key Vault counts it (the UTF-8 bytes sent). */
export const byteLength = (value: string) => Buffer.byteLength(value, 'utf8');

/** Random characters from the alphabet, each drawn uniformly by the operating system's cryptographic generator. */
export function generate(length: number, alphabet: string): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

type Raw = { ok: true; bytes?: Buffer; text?: string } | { ok: false; message: string };

async function readSource(source: ValueSource, env: Record<string, string | undefined>): Promise<Raw> {
  switch (source.kind) {
    case 'generate':
      return { ok: true, text: generate(source.length, ALPHABETS[source.alphabet]) };
    case 'env': {
      const text = env[source.variable];
      if (text === undefined || text === '')
        return {
          ok: false,
          message: `the environment variable ${source.variable} is not set or empty (a secret GitHub withholds, such as on a fork's pull request, is empty)`,
        };
      // Node decodes the environment as UTF-8 and replaces what is not: such a value was not UTF-8.
      if (text.includes('\uFFFD'))
        return { ok: false, message: `${source.variable} is not UTF-8; write it from a file with encoding: base64` };
      return { ok: true, text };
    }
    case 'file': {
      const path = resolve(env.GITHUB_WORKSPACE ?? process.cwd(), source.path);
      try {
        const handle = await openNonBlocking(path);
        try {
          return { ok: true, bytes: await readUpTo(handle, KeyVaultLimits.ValueBytes) };
        } finally {
          await handle.close().catch(() => {});
        }
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        return {
          ok: false,
          message: `cannot read ${source.path} (${typeof code === 'string' ? code : errorMessage(error).slice(0, 80)})`,
        };
      }
    }
  }
}

/**
 * Every value, read, masked at once and checked: bytes exact, at most Key Vault's 25 KB as sent, UTF-8 unless base64
 * is asked for. One error lists every line that fails; none of them repeats a value.
 */
export async function loadValues(ctx: Pick<RunContext, 'deps' | 'hold'>, set: SetConfig): Promise<LoadedValue[]> {
  const { log, env } = ctx.deps;
  const problems: InputProblem[] = [];
  const loaded: LoadedValue[] = [];
  const mask = (value: string) => {
    for (const piece of maskPieces(value)) log.setSecret(piece);
    ctx.hold(value);
  };
  for (const secret of set.secrets) {
    const raw = await readSource(secret.source, env);
    const problem = (message: string) =>
      problems.push({ input: SetInputs.Secrets, message: `line ${secret.line} (${secret.name}): ${message}` });
    if (!raw.ok) {
      problem(raw.message);
      continue;
    }
    let text: string;
    if (raw.text !== undefined) {
      mask(raw.text);
      text = set.encoding === 'base64' ? Buffer.from(raw.text, 'utf8').toString('base64') : raw.text;
    } else {
      const bytes = raw.bytes!;
      if (bytes.length > KeyVaultLimits.ValueBytes) {
        problem(`the file is larger than Key Vault's limit of ${KeyVaultLimits.ValueBytes} bytes`);
        continue;
      }
      if (set.encoding === 'base64') text = bytes.toString('base64');
      else {
        try {
          text = UTF8.decode(bytes);
        } catch {
          problem(
            'the file is not UTF-8; write it with encoding: base64 and a content type that says so (application/octet-stream;base64)',
          );
          continue;
        }
      }
      // Masked as read, the binary's UTF-8 reading too (what a later `cat` prints).
      mask(text);
      if (set.encoding === 'base64') mask(bytes.toString('utf8'));
    }
    if (set.encoding === 'base64') mask(text);
    const trailingNewline = set.encoding === 'utf-8' && text.endsWith('\n');
    const droppedNewline = trailingNewline && set.dropTrailingNewline;
    if (droppedNewline) text = text.slice(0, text.endsWith('\r\n') ? -2 : -1);
    const bytes = byteLength(text);
    if (bytes > KeyVaultLimits.ValueBytes) {
      problem(`${bytes} bytes as sent, more than Key Vault's limit of ${KeyVaultLimits.ValueBytes}`);
      continue;
    }
    loaded.push({ secret, value: text, bytes, trailingNewline, droppedNewline });
  }
  if (problems.length > 0) refuseSetInputs(problems);
  return loaded;
}
