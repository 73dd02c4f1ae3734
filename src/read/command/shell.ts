// How `run` starts its command: exactly as actions/runner starts a `run:` step (src/Runner.Worker/Handlers/
// ScriptHandler.cs and ScriptHandlerHelpers.cs): the same shells and argument templates, the same script file
// extension and fix-ups, the path put into the template with .NET's string.Format, and on Linux and macOS the
// argument string split into argv by .NET's rules (Process.Unix.cs ParseArgumentsIntoList). Pure: no file system.

/** A shell as the `shell` input names it: the program to look up on PATH, and the template for its arguments. */
export interface ShellSpec {
  /** The program's name (or path) as written, looked up on PATH (prepare.ts). */
  program: string;
  /** Fallbacks tried in turn when `program` is not on PATH (the default shell only: bash, then sh). */
  fallbacks: string[];
  /** The arguments, with {0} for the script's path (string.Format syntax: {{ and }} are literal braces). */
  argFormat: string;
  /** The script file's extension (.sh, .ps1, .py, .cmd, or none for a custom shell). */
  extension: string;
  /** The name the runner keys its fix-ups by (cmd, pwsh, powershell, …). */
  kind: string;
}

// The runner's templates (ScriptHandlerHelpers._defaultArguments), keyed case-insensitively as there.
const TEMPLATES: Record<string, string> = {
  cmd: '/D /E:ON /V:OFF /S /C "CALL "{0}""',
  pwsh: `-command ". '{0}'"`,
  powershell: `-command ". '{0}'"`,
  bash: '--noprofile --norc -e -o pipefail {0}',
  sh: '-e {0}',
  python: '{0}',
};
const EXTENSIONS: Record<string, string> = {
  cmd: '.cmd',
  pwsh: '.ps1',
  powershell: '.ps1',
  bash: '.sh',
  sh: '.sh',
  python: '.py',
};

/** The built-in shells `shell` takes by name. */
export const BUILT_IN_SHELLS = Object.keys(TEMPLATES);

const lookup = (table: Record<string, string>, name: string) => table[name.toLowerCase()] ?? '';

/**
 * The shell `run` uses: `text` as the `shell` input has it ('' for the runner's default). Undefined when the
 * runner would refuse it too: neither a built-in nor a template with {0}.
 */
export function shellSpec(text: string, platform: string): ShellSpec | undefined {
  if (text === '') {
    // No shell named: the runner's default, which is not `shell: bash` (no --noprofile, no pipefail).
    return platform === 'win32'
      ? { program: 'pwsh', fallbacks: ['powershell'], argFormat: TEMPLATES.pwsh!, extension: '.ps1', kind: 'pwsh' }
      : { program: 'bash', fallbacks: ['sh'], argFormat: TEMPLATES.sh!, extension: '.sh', kind: 'sh' };
  }
  // ParseShellOptionString: the program up to the first space, the rest its arguments.
  const space = text.indexOf(' ');
  const program = space < 0 ? text : text.slice(0, space);
  const given = space < 0 ? '' : text.slice(space + 1).trimStart();
  const argFormat = given === '' ? lookup(TEMPLATES, program) : given;
  if (program === '' || formatArguments(argFormat, '') === undefined || !hasPlaceholder(argFormat)) return undefined;
  return { program, fallbacks: [], argFormat, extension: lookup(EXTENSIONS, program), kind: program };
}

/** Whether string.Format would put the path somewhere in `format` (a {0} that is not an escaped "{{0}}"). */
function hasPlaceholder(format: string): boolean {
  return format.replace(/\{\{|\}\}/g, '').includes('{0}');
}

/**
 * .NET's string.Format(format, path) for the one argument: "{0}" becomes the path, "{{" and "}}" a brace.
 * Undefined for anything string.Format would throw on (another index, a lone brace) or render otherwise
 * (an alignment or format spec), so such a template is refused, as the runner's step would fail.
 */
export function formatArguments(format: string, path: string): string | undefined {
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c === '{' || c === '}') {
      if (format[i + 1] === c) {
        out += c;
        i++;
      } else if (c === '{' && format.startsWith('{0}', i)) {
        out += path;
        i += 2;
      } else return undefined;
    } else out += c;
  }
  return out;
}

/**
 * The script as the runner writes it (FixUpScriptContents): cmd gets "@echo off" first; PowerShell stops at the
 * first error and exits with the last native command's code. On Windows every line ends in CRLF.
 */
export function scriptText(kind: string, command: string, platform: string): string {
  const newline = platform === 'win32' ? '\r\n' : '\n';
  let text = command;
  if (kind === 'cmd') text = `@echo off${newline}${text}`;
  if (kind === 'pwsh' || kind === 'powershell')
    text = `$ErrorActionPreference = 'stop'${newline}${text}${newline}if ((Test-Path -LiteralPath variable:\\LASTEXITCODE)) { exit $LASTEXITCODE }`;
  return platform === 'win32' ? text.replace(/\r\n/g, '\n').replace(/\n/g, '\r\n') : text;
}

/**
 * The argv a .NET Process on Linux or macOS starts for an argument string: split at spaces and tabs outside
 * double quotes; a quote toggles quoting ("" inside quotes is a literal quote); backslashes are literal unless
 * they precede a quote, where each pair is one backslash and an odd one makes the quote literal.
 */
export function splitArguments(text: string): string[] {
  const args: string[] = [];
  let i = 0;
  const blank = (c: string | undefined) => c === ' ' || c === '\t';
  while (i < text.length) {
    while (blank(text[i])) i++;
    if (i >= text.length) break;
    let arg = '';
    let quoted = false;
    while (i < text.length) {
      let slashes = 0;
      while (text[i] === '\\') {
        slashes++;
        i++;
      }
      if (slashes > 0) {
        if (text[i] !== '"') arg += '\\'.repeat(slashes);
        else {
          arg += '\\'.repeat(Math.floor(slashes / 2));
          if (slashes % 2 === 1) {
            arg += '"';
            i++;
          }
        }
        continue;
      }
      const c = text[i]!;
      if (c === '"') {
        if (quoted && text[i + 1] === '"') {
          arg += '"';
          i++;
        } else quoted = !quoted;
        i++;
        continue;
      }
      if (blank(c) && !quoted) break;
      arg += c;
      i++;
    }
    args.push(arg);
  }
  return args;
}

/** The runner escapes a quote in the script's path before formatting (ScriptHandler: Replace("\"", "\\\"")). */
export const quotedPathForTemplate = (path: string) => path.replace(/"/g, '\\"');
