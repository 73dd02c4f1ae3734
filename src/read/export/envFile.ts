// The env-file: every value as NAME=value, one a line, in the format `docker run --env-file` reads
// (docker/cli pkg/kvfile: a line is split at its first "=", the name and the value taken as they are, with no
// quotes, escapes or interpolation). A value is written only if Docker reads back exactly it: so no line
// break (a line is one variable, and the scanner drops a "\r" before "\n"), no NUL (no environment variable
// holds one), no unpaired surrogate (the file must be valid UTF-8), and no line longer than the scanner's
// 64 KiB token; a name only if it is a portable one, which Docker can never misread (no space, "=" or "#").
import { Inputs } from '../../constants.js';
import type { InputProblem } from '../../inputs/references.js';
import type { ExportItem } from './plan.js';

/** bufio.MaxScanTokenSize: a longer line fails Docker's scanner ("token too long"). */
export const DOCKER_LINE_LIMIT = 64 * 1024;
/** The name the env-file has in the step's directory: a "." no secret's or alias's file name holds. */
export const ENV_FILE_NAME = 'values.env';
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Half of a surrogate pair without the other: UTF-8 has no encoding for it (Buffer writes U+FFFD instead). */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u; // with the u flag, only a surrogate that is not half of a pair

export interface EnvFilePlan {
  /** The file's text: one NAME=value line per value, in export order. */
  text: string;
  /** How many variables it holds. */
  count: number;
  problems: InputProblem[];
}

/**
 * The env-file for these exports. A file export is left out (its value is a path on this machine: mount the
 * file instead), and so is anything that is not a value the workflow named (DOCKER_CONFIG).
 */
export function planEnvFile(items: readonly ExportItem[]): EnvFilePlan {
  const lines: string[] = [];
  const problems: InputProblem[] = [];
  const refuse = (item: ExportItem, why: string) =>
    problems.push({
      input: item.source.ref.input,
      line: item.source.ref.line,
      message: `${item.name}: ${why} (${Inputs.EnvFile})`,
    });
  for (const item of items) {
    if (item.via === 'file') continue;
    const { value } = item;
    if (!NAME.test(item.name)) {
      refuse(item, `not a name Docker's env-file reads as written; give it an alias of letters, digits and _`);
      continue;
    }
    if (/[\r\n]/.test(value)) {
      refuse(
        item,
        `its value has more than one line, which an env-file cannot hold (each line is one variable); ` +
          `read it as a file instead: files: ${item.name}=${item.source.ref.name || item.source.ref.text}`,
      );
      continue;
    }
    if (value.includes('\0')) {
      refuse(item, `its value holds a NUL character, which no environment variable can`);
      continue;
    }
    if (LONE_SURROGATE.test(value)) {
      refuse(item, `its value is not valid Unicode (an unpaired surrogate), which Docker refuses in an env-file`);
      continue;
    }
    const line = `${item.name}=${value}`;
    if (Buffer.byteLength(line, 'utf8') >= DOCKER_LINE_LIMIT) {
      refuse(
        item,
        `its value is ${Math.ceil(Buffer.byteLength(value, 'utf8') / 1024)} KiB, more than a line of Docker's env-file holds (64 KiB); read it as a file instead (files: ${item.name}=…)`,
      );
      continue;
    }
    lines.push(line);
  }
  return { text: lines.map((l) => `${l}\n`).join(''), count: lines.length, problems };
}

/** The env-file's path as an export: named by the env-file input, and no secret itself. */
export function envFileItem(name: string, path: string): ExportItem {
  return {
    name,
    value: path,
    masks: [],
    via: 'value',
    source: {
      ref: { input: Inputs.EnvFile, line: 1, text: name, alias: name, vault: { name: '', url: '' }, name: '' },
      bundle: { value: '', version: '', enabled: true },
    },
  };
}
