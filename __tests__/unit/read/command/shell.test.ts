// run starts its command as actions/runner starts a run: step: the same shells, templates, script fix-ups, and
// the argument string split into argv by .NET's rules on Linux and macOS.
import fc from 'fast-check';
import { formatArguments, scriptText, shellSpec, splitArguments } from '../../../../src/read/command/shell.js';

describe('shellSpec: the shell input, as the runner reads it', () => {
  it('unset: bash -e {0} (sh without bash) on Linux and macOS, pwsh (powershell without it) on Windows', () => {
    expect(shellSpec('', 'linux')).toEqual({
      program: 'bash',
      fallbacks: ['sh'],
      argFormat: '-e {0}',
      extension: '.sh',
      kind: 'sh',
    });
    expect(shellSpec('', 'darwin')?.argFormat).toBe('-e {0}');
    expect(shellSpec('', 'win32')).toEqual({
      program: 'pwsh',
      fallbacks: ['powershell'],
      argFormat: `-command ". '{0}'"`,
      extension: '.ps1',
      kind: 'pwsh',
    });
  });

  it.each([
    ['bash', 'bash', '--noprofile --norc -e -o pipefail {0}', '.sh'],
    ['sh', 'sh', '-e {0}', '.sh'],
    ['pwsh', 'pwsh', `-command ". '{0}'"`, '.ps1'],
    ['powershell', 'powershell', `-command ". '{0}'"`, '.ps1'],
    ['python', 'python', '{0}', '.py'],
    ['cmd', 'cmd', '/D /E:ON /V:OFF /S /C "CALL "{0}""', '.cmd'],
    ['Bash', 'Bash', '--noprofile --norc -e -o pipefail {0}', '.sh'],
    ['perl {0}', 'perl', '{0}', ''],
    ['bash -x {0}', 'bash', '-x {0}', '.sh'],
    ['/opt/conda/bin/python -u {0}', '/opt/conda/bin/python', '-u {0}', ''],
  ])('%s: %s with %s, script *%s', (text, program, argFormat, extension) => {
    expect(shellSpec(text, 'linux')).toMatchObject({ program, argFormat, extension, fallbacks: [] });
  });

  it.each(['perl', '/bin/bash', 'bash -x', 'perl {1}', 'perl {', 'perl {0:x}', 'perl {{0}}'])(
    '%s is refused, as the runner refuses it (not a built-in, no usable {0})',
    (text) => expect(shellSpec(text, 'linux')).toBeUndefined(),
  );
});

describe('formatArguments: string.Format with the script path', () => {
  it('puts the path for each {0}, and a brace for {{ and }}', () => {
    expect(formatArguments('-e {0}', '/t/run.sh')).toBe('-e /t/run.sh');
    expect(formatArguments('{{x}} {0} {0}', 'p')).toBe('{x} p p');
    expect(formatArguments('a } b', 'p')).toBeUndefined();
  });
});

describe('splitArguments: the argv .NET starts on Linux and macOS', () => {
  it.each([
    ['-e /t/run.sh', ['-e', '/t/run.sh']],
    [`-command ". '/t/run.ps1'"`, ['-command', ". '/t/run.ps1'"]],
    ['"abc" d e', ['abc', 'd', 'e']],
    ['a\\\\b d"e f"g h', ['a\\\\b', 'de fg', 'h']],
    ['a\\\\\\"b c d', ['a\\"b', 'c', 'd']],
    ['a\\\\\\\\"b c" d e', ['a\\\\b c', 'd', 'e']],
    ['a"b"" c d', ['ab" c d']],
    ['  spaced\tout  ', ['spaced', 'out']],
    ['"" x', ['', 'x']],
  ])('%s', (text, argv) => expect(splitArguments(text)).toEqual(argv));

  it('words without quotes, backslashes or blanks come back as they were joined', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[^\s"\\]+$/), { maxLength: 8 }), (words) => {
        expect(splitArguments(words.join(' '))).toEqual(words);
      }),
    );
  });
});

describe('scriptText: the fix-ups the runner makes', () => {
  it('PowerShell stops at the first error and exits with the last native exit code; cmd echoes nothing', () => {
    expect(scriptText('pwsh', 'python train.py', 'linux')).toBe(
      "$ErrorActionPreference = 'stop'\npython train.py\nif ((Test-Path -LiteralPath variable:\\LASTEXITCODE)) { exit $LASTEXITCODE }",
    );
    expect(scriptText('cmd', 'train.exe', 'win32')).toBe('@echo off\r\ntrain.exe');
    expect(scriptText('sh', 'a\nb', 'linux')).toBe('a\nb');
  });

  it('on Windows every line ends in CRLF, whichever ending it had', () => {
    expect(scriptText('bash', 'a\nb\r\nc', 'win32')).toBe('a\r\nb\r\nc');
  });
});
