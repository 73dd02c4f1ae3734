// Property: escaping forms no workflow command, whatever the vault holds, read back with the stand-in's
// copy of actions/runner's command parser (itself checked against the runner's reading of stdout).
import fc from 'fast-check';
import { AzureLogger } from '@azure/logger';
import { escapeData, plainText } from '../../../src/runner/commands.js';
import { Redactor, routeSdkLogs } from '../../../src/azure/sdkLog.js';
import type { ExportItem } from '../../../src/read/export/plan.js';
import { describeExport } from '../../../src/read/export/publish.js';
import { untrusted } from '../../../src/policy/untrusted.js';
import { parseCommandLegacy, parseCommandV2, readAsRunner, readLines } from '../../../standin/runner.mjs';
import { commandsIn, hostileText, hostileTextAnySize } from '../../helpers/hostile.js';

const RUNS = { numRuns: 300 };

describe('the stand-in reads stdout as actions/runner does', () => {
  it.each([
    ['::set-output name=x::y', 'set-output', { name: 'x' }, 'y'],
    ['  \t::warning::w', 'warning', {}, 'w'],
    ['\u0085::error::NEL is .NET whitespace', 'error', {}, 'NEL is .NET whitespace'],
    ['::SET-OUTPUT NAME=x::y', 'set-output', { name: 'x' }, 'y'],
    ['k4 ##[set-output name=PWNED;]x', 'set-output', { name: 'PWNED' }, 'x'],
    ['>>>   ##[do-something k1=v1;]msg'.replace('do-something', 'debug'), 'debug', { k1: 'v1' }, 'msg'],
    ['##[debug k1=%3B=%0D=%0A=%5D;]%3B-%0D-%0A-%5D', 'debug', { k1: ';=\r=\n=]' }, ';-\r-\n-]'],
    ['::debug k1=;=%2C=%0D=%0A=]=%3A,::;-%0D-%0A-]-:-,', 'debug', { k1: ';=,=\r=\n=]=:' }, ';-\r-\n-]-:-,'],
  ])('%j', (line, command, properties, data) => {
    expect(commandsIn(line)).toEqual([expect.objectContaining({ command, properties, data })]);
  });

  it('reads "::" only at the start, an unregistered name as no command, and a line only up to \\r', () => {
    expect(commandsIn('x ::set-output name=x::y')).toEqual([]);
    expect(commandsIn('::set-outputs name=x::y')).toEqual([]);
    expect(commandsIn('text\r::set-output name=x::y').map((c) => c.command)).toEqual(['set-output']);
    expect(readLines('a\rb\r\nc\nd')).toEqual(['a', 'b', 'c', 'd']);
  });

  it('finds "::" and "##[" across characters ICU ignores, as the runner’s culture-sensitive StartsWith/IndexOf do', () => {
    // The match succeeds, but the command name is read from a fixed offset: these forge nothing.
    expect(parseCommandV2(':\u200b:set-output name=x::y')).toBeNull();
    expect(parseCommandLegacy('#\u200b#[set-output name=x;]y')).toBeNull();
    expect(parseCommandLegacy('##[\\set-output name=x;]y')).toBeNull();
  });

  it('pauses commands at stop-commands until the token, masks it, and masks each line only with masks registered before it', () => {
    const m = readAsRunner(
      [
        'before s3cr3t-value',
        '::add-mask::s3cr3t-value',
        'after s3cr3t-value',
        '::stop-commands::pause-token-1',
        '::set-output name=x::y',
        '::pause-token-1::',
        '::warning::w',
      ].map((l) => ['stdout', l]),
    );
    expect(m.commands.map((c) => c.command)).toEqual(['add-mask', 'stop-commands', 'resume-commands', 'warning']);
    expect(m.log).toEqual([
      'before s3cr3t-value',
      'after ***',
      '::stop-commands::***',
      '::set-output name=x::y',
      '::***::',
      '##[warning]w',
    ]);
  });

  it('registers a multi-line mask whole and each trimmed line, and merges overlapping matches', () => {
    const m = readAsRunner([
      ['stdout', `::add-mask::${escapeData('line-one \n  line-two')}`],
      ['stdout', 'line-one and line-two'],
      ['stdout', '::add-mask::abcd'],
      ['stdout', '::add-mask::cdef'],
      ['stdout', 'xabcdefx'],
    ]);
    expect([...m.masks]).toEqual(['line-one \n  line-two', 'line-one', 'line-two', 'abcd', 'cdef']);
    expect(m.log).toEqual(['*** and ***', 'x***x']);
  });
});

describe('escaping forms no command, whatever the vault holds', () => {
  it('plainText: a log line (info, SDK log) is never read as a command', () => {
    fc.assert(
      fc.property(hostileTextAnySize(), (text) => {
        expect(commandsIn(plainText(text))).toEqual([]);
        expect(commandsIn(plainText(text), 'stderr')).toEqual([]);
      }),
      RUNS,
    );
  });

  it('untrusted: vault text is no command wherever a line puts it, even with no plainText around it', () => {
    fc.assert(
      fc.property(hostileTextAnySize(), fc.constantFrom('', ' ', '\u3000', 'x ', 'a → '), (text, before) => {
        const shown = untrusted(text);
        expect(readLines(shown)).toHaveLength(shown === '' ? 0 : 1);
        expect(commandsIn(`${before}${shown}`)).toEqual([]);
        expect(commandsIn(`${before}${shown} ${untrusted(text, 60)}`)).toEqual([]);
      }),
      RUNS,
    );
  });

  it('the export line for a JSON key, a listed name or a version forms no command (a key such as "k4 ##[set-output name=PWNED;]x")', () => {
    const item = (key: string, name: string, version: string) =>
      ({
        name: 'CFG_K4',
        value: 'v',
        masks: ['v'],
        via: 'json',
        jsonPath: untrusted(key, 60),
        source: { ref: { vault: { name: 'ml-prod-kv' }, name: untrusted(name) }, bundle: { version } },
      }) as unknown as ExportItem;
    expect(
      commandsIn(plainText(describeExport(item('k4 ##[set-output name=PWNED;]x', 'config', '0123456789abcdef')))),
    ).toEqual([]);
    fc.assert(
      fc.property(hostileText(), hostileText(), hostileText(), (key, name, version) => {
        expect(commandsIn(plainText(describeExport(item(key, name, version))))).toEqual([]);
      }),
      RUNS,
    );
  });

  it('annotations carry the whole message as one command, and the runner does not read "##[" inside it', () => {
    fc.assert(
      fc.property(
        hostileTextAnySize(),
        fc.constantFrom('error', 'warning', 'debug', 'group', 'add-mask'),
        (text, name) => {
          const commands = commandsIn(`::${name}::${escapeData(text)}`);
          expect(commands).toHaveLength(1);
          expect(commands[0]).toMatchObject({ command: name, data: text, form: 'v2' });
        },
      ),
      RUNS,
    );
  });

  it('SDK log lines, redacted and cut, form no command', () => {
    const lines: string[] = [];
    const saved = AzureLogger.log;
    routeSdkLogs(new Redactor(), (line) => lines.push(line));
    try {
      fc.assert(
        fc.property(hostileTextAnySize(), hostileText(), (a, b) => {
          lines.length = 0;
          AzureLogger.log(a, b);
          for (const line of lines) expect(commandsIn(`${line}\n`, 'stderr')).toEqual([]);
        }),
        { numRuns: 200 },
      );
    } finally {
      AzureLogger.log = saved;
    }
  });
});
