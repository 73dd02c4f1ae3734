// The adversarial property suite: vault-controlled text, generated, driven through the
// action's escaping and through the bundled action itself, then read back with the stand-in's copy of
// actions/runner's command parser and masker. Invariants: no command is forged, no held value or token
// is visible in the masked log, summary or state, and nothing is exported on failure.
import fc from 'fast-check';
import { AzureLogger } from '@azure/logger';
import { escapeData, plainText } from '../src/runner/commands.js';
import { Redactor, routeSdkLogs } from '../src/azure/sdkLog.js';
import type { ExportItem } from '../src/export/plan.js';
import { describeExport } from '../src/export/publish.js';
import { IdentityRemediation } from '../src/identity/remediation.js';
import { isPlainWord, shellArg } from '../src/util/shell.js';
import { Remediation } from '../src/vault/remediation.js';
import { cell, code, failureSummary, successSummary } from '../src/export/summary.js';
import { untrusted } from '../src/runner/untrusted.js';
import { GITHUB_ISSUER } from '../standin/index.mjs';
import { parseCommandLegacy, parseCommandV2, readAsRunner, readLines } from '../standin/runner.mjs';
import {
  commandsIn,
  hostileText,
  hostileTextAnySize,
  hostileValue,
  markdownProblems,
  tableCells,
} from './helpers/hostile.js';
import { expectMaskedAndNotLeaked, expectNothingExported, maskPiecesOf, useStandin } from './helpers/standin.js';

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

describe('the job summary renders vault text as text', () => {
  const exportItem = (name: string, key: string, secret: string, version: string) =>
    ({
      name,
      value: 'v',
      masks: ['v'],
      via: 'json',
      jsonPath: untrusted(key, 60),
      source: { ref: { vault: { name: 'ml-prod-kv' }, name: secret }, bundle: { version, updatedOn: new Date(0) } },
    }) as unknown as ExportItem;

  it('escapes code spans, links, images, HTML and autolinks in a JSON key (the issue’s case)', () => {
    const md = successSummary(
      [exportItem('CFG_X', 'k`](https://evil.example)`<img src=x>', 'config', 'abc')],
      false,
      [],
    );
    expect(md).not.toContain('](https://');
    expect(md).not.toMatch(/<img/);
    const row = md.split('\n').find((l) => l.startsWith('| `CFG_X`'))!;
    for (const c of tableCells(row).slice(0, 4)) expect(markdownProblems(c)).toEqual([]);
  });

  it('cell and code: no markup from any text', () => {
    fc.assert(
      fc.property(hostileTextAnySize(), (text) => {
        for (const rendered of [cell(text), code(text)]) {
          expect(markdownProblems(rendered)).toEqual([]);
          expect(readLines(rendered).length).toBeLessThanOrEqual(1);
        }
      }),
      RUNS,
    );
  });

  it('success and failure summaries: every row keeps its columns, every cell and list item is plain', () => {
    fc.assert(
      fc.property(hostileText(), hostileText(), hostileText(), hostileText(), (name, key, version, warning) => {
        const md = successSummary([exportItem(name, key, 'config', version)], true, [warning]);
        const row = md.split('\n')[4]!;
        const cells = tableCells(row);
        expect(cells).toHaveLength(7);
        for (const c of cells.slice(0, 4)) expect(markdownProblems(c)).toEqual([]);
        const item = md.split('\n').find((l) => l.startsWith('- '))!;
        expect(markdownProblems(item.slice(2))).toEqual([]);
        const failed = failureSummary(
          [
            {
              input: 'secrets',
              line: 1,
              alias: name,
              vault: 'ml-prod-kv',
              secret: 'config',
              reason: `not found: ${warning}`,
            },
          ],
          1,
        );
        const failedRow = failed.split('\n')[4]!;
        expect(tableCells(failedRow)).toHaveLength(5);
        for (const c of tableCells(failedRow).slice(1)) expect(markdownProblems(c)).toEqual([]);
      }),
      RUNS,
    );
  });
});

/** The command part of a remediation: from "Add it: "/"Add one: " on. */
const commandPart = (message: string) => message.slice(message.search(/Add (it|one): /));
/** A POSIX shell's words for a command line (single and double quotes, backslash), or null if it would do more than run one command. */
function shellWords(line: string): string[] | null {
  const words: string[] = [];
  let word: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return null;
      word = (word ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (c === '\\' && i + 1 < line.length && line[i + 1] !== '\n') {
      word = (word ?? '') + line[i + 1];
      i++;
    } else if (c === ' ') {
      if (word !== null) words.push(word);
      word = null;
    } else if (/[;&|$`"\\(){}!*?~#\n\r\t]/.test(c)) {
      return null;
    } else word = (word ?? '') + c;
  }
  if (word !== null) words.push(word);
  return words;
}

describe('copy-paste commands quote what the action did not write', () => {
  const oidc = (sub: string, iss = GITHUB_ISSUER) =>
    IdentityRemediation.entra(70021, {
      source: { kind: 'github-oidc', tenantId: 't', clientId: '9a7b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d' },
      endpoint: 'e',
      cloud: 'AzureCloud',
      claims: { iss, sub },
    });
  const aks = (sub: string, iss: string) =>
    IdentityRemediation.entra(70021, {
      source: {
        kind: 'workload-identity',
        tokenFile: '/f',
        tenantId: 't',
        clientId: '9a7b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d',
      },
      endpoint: 'e',
      cloud: 'AzureCloud',
      claims: { iss, sub },
    });

  /** Each "az …" command in the text, as the shell would split it. */
  const azCommands = (text: string) =>
    [...text.matchAll(/az (?:ad app|identity) federated-credential create [^()]*?(?=\)|\)\.|$| \(for )/g)].map((m) =>
      m[0].replace(/\)?\.?$/, ''),
    );

  it.each([["fix';touch${IFS}x;'"], ['a"b'], ['x$(id)'], ['main`id`']])(
    'AADSTS70021 with a branch like %j: no runnable command with it, the subject shown escaped',
    (branch) => {
      const sub = `repo:acme/training:ref:refs/heads/${branch}`;
      const message = oidc(sub);
      expect(message).toContain(`The token's subject is ${untrusted(sub, 300)}`);
      expect(commandPart(message)).not.toContain(branch);
      for (const command of azCommands(commandPart(message))) {
        const words = shellWords(command);
        expect(words).not.toBeNull();
        if (words!.includes('--parameters'))
          expect(JSON.parse(words![words!.indexOf('--parameters') + 1]!)).toMatchObject({
            subject: '<subject>',
            issuer: GITHUB_ISSUER,
          });
      }
    },
  );

  it('a plain subject is pasted as is, and the JSON parameter parses', () => {
    const message = oidc('repo:acme/training:environment:prod');
    const [first] = azCommands(commandPart(message));
    const words = shellWords(first!)!;
    expect(JSON.parse(words[words.indexOf('--parameters') + 1]!)).toEqual({
      name: 'github-actions',
      issuer: GITHUB_ISSUER,
      subject: 'repo:acme/training:environment:prod',
      audiences: ['api://AzureADTokenExchange'],
    });
  });

  it('any claims: every printed command is one shell command whose words hold the claim only when it is plain', () => {
    fc.assert(
      fc.property(hostileText(), hostileText(), fc.boolean(), (sub, iss, isAks) => {
        const message = isAks ? aks(sub, iss) : oidc(sub, iss);
        const commands = azCommands(commandPart(message));
        expect(commands.length).toBeGreaterThan(0);
        for (const command of commands) {
          const words = shellWords(command);
          expect(words).not.toBeNull();
          const subject = words![words!.indexOf('--subject') + 1];
          if (subject !== undefined && words!.includes('--subject'))
            expect(subject).toBe(isPlainWord(sub) ? sub : '<subject>');
          const params = words!.includes('--parameters')
            ? (JSON.parse(words![words!.indexOf('--parameters') + 1]!) as unknown)
            : undefined;
          if (params)
            expect(params).toMatchObject({
              subject: isPlainWord(sub) ? sub : '<subject>',
              issuer: isPlainWord(iss) ? iss : '<issuer>',
            });
        }
      }),
      RUNS,
    );
  });

  it('a principal id from the token goes into a command only as a GUID', () => {
    fc.assert(
      fc.property(hostileText(), (oid) => {
        const c = {
          vault: 'ml-prod-kv',
          vaultUrl: 'https://ml-prod-kv.vault.azure.net/',
          secret: 's',
          cloud: 'AzureCloud',
          principalId: oid,
        };
        for (const message of [
          Remediation.forbiddenByRbac(c),
          Remediation.forbiddenByPolicy(c),
          Remediation.forbidden(c, 'Forbidden'),
        ]) {
          for (const m of message.matchAll(/--(?:assignee|object-id) (\S+)/g))
            expect(m[1]).toMatch(/^(<principalId>|[0-9a-f-]{36})$/i);
        }
      }),
      RUNS,
    );
  });

  it('shellArg: one POSIX word that is the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(shellWords(shellArg(text))).toEqual([text]);
      }),
      RUNS,
    );
  });
});

// ---- Runner-level: the bundled action as a step, its vault holding generated text (few runs: each spawns a step) ----

const ctx = useStandin();
const NOT_FORGED = new Set(['add-mask', 'debug', 'group', 'endgroup', 'warning', 'error']);

function expectNoForgedCommand(r: Awaited<ReturnType<typeof ctx.step>>, errors: number) {
  const unexpected = r.commands.filter((c) => !NOT_FORGED.has(c.command) || c.form !== 'v2');
  expect(unexpected.map((c) => c.line.slice(0, 200))).toEqual([]);
  expect(r.commands.filter((c) => c.command === 'error')).toHaveLength(errors);
  expect(r.commandFailures).toEqual([]);
}

describe('the action against a hostile vault (runner-level)', () => {
  it('the issue’s JSON key sets no output', async () => {
    ctx.s.addVault('ml-prod-kv', {
      secrets: { config: JSON.stringify({ 'k4 ##[set-output name=PWNED;]x': 'json-leaf-value-4' }) },
    });
    const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'config', 'parse-json': 'true' });
    expect(r.code).toBe(0);
    expect(Object.keys(r.outputs)).not.toContain('PWNED');
    expectNoForgedCommand(r, 0);
  });

  it('JSON keys, listed names and content types: no forged command, no value visible, summary plain', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(hostileText(6), hostileValue('VAL7q-')), { minLength: 1, maxLength: 4 }),
        hostileText(),
        hostileText(),
        async (leaves, listedName, contentType) => {
          ctx.s.reset();
          run++;
          const json = Object.fromEntries(leaves.map(([k, v], i) => [`${k}${i}`, v]));
          const kv = ctx.s.addVault('ml-prod-kv', {
            secrets: { config: JSON.stringify(json), 'ok-one': `listed-value-${run}` },
          });
          ctx.s.setSecret(kv.host, 'config', { value: JSON.stringify(json), contentType });
          ctx.s.setSecret(kv.host, `ok-${listedName}`, `planted-listed-${run}`);
          const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'config\nok-*', 'parse-json': 'true' });
          expectNoForgedCommand(r, r.code === 0 ? 0 : 1);
          const held = [...Object.values(json), `listed-value-${run}`, `planted-listed-${run}`];
          // The runner's masked log shows none of them; nor do the raw output, summary and state.
          for (const value of held)
            for (const piece of maskPiecesOf(value).filter((p) => p.length >= 6)) expect(r.log).not.toContain(piece);
          if (r.code === 0)
            expectMaskedAndNotLeaked(
              r,
              held.filter((v) => Object.values(r.outputs).includes(v)),
              ctx.s.issuedTokens(),
            );
          else expectNothingExported(r);
          expect(Object.keys(r.state).filter((k) => k !== 'written-files')).toEqual([]);
          for (const line of r.summary
            .split('\n')
            .filter(
              (l) =>
                l.startsWith('| ') && !l.startsWith('| ---') && !l.startsWith('| Alias') && !l.startsWith('| Line'),
            )) {
            // The last column of an export row is the action's own text around a code() span.
            for (const c of tableCells(line).slice(0, 6)) expect(markdownProblems(c)).toEqual([]);
          }
        },
      ),
      { numRuns: 4 },
    );
  });

  it('error codes and bodies: one error, nothing exported, no forged command', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(400, 403, 404, 409),
        hostileText(),
        hostileTextAnySize(),
        fc.boolean(),
        async (status, errorCode, message, json) => {
          ctx.s.reset();
          ctx.s.addVault('ml-prod-kv', { secrets: { 'db-password': 'error-suite-value' } });
          ctx.s.fault(
            'vault',
            [
              {
                status,
                body: json
                  ? { error: { code: errorCode, message, innererror: { code: errorCode } } }
                  : `${errorCode}${message}`,
                contentType: json ? 'application/json' : 'text/html',
              },
            ],
            '/secrets/db-password',
          );
          const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'db-password' });
          expect(r.code).not.toBe(0);
          expectNothingExported(r);
          expectNoForgedCommand(r, 1);
          expect(r.log).not.toContain('error-suite-value');
        },
      ),
      { numRuns: 3 },
    );
  });

  it('GitHub OIDC subject claim: AADSTS70021 prints no runnable command holding it', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText(8), async (branch) => {
        ctx.s.reset();
        ctx.s.addVault('ml-prod-kv', { secrets: { 'db-password': 'oidc-suite-value' } });
        ctx.s.addFederatedIdentity({
          clientId: '9a7b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d',
          objectId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
          federated: [{ issuer: GITHUB_ISSUER, subject: 'repo:acme/training:ref:refs/heads/main' }],
        });
        const sub = `repo:acme/training:ref:refs/heads/x${branch}`;
        ctx.s.state.github.subject = sub;
        const r = await ctx.step(
          {
            keyvault: 'ml-prod-kv',
            secrets: 'db-password',
            'tenant-id': ctx.s.state.tenantId,
            'client-id': '9a7b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d',
          },
          { env: ctx.s.envFor('github-oidc') },
        );
        expectNothingExported(r);
        expectNoForgedCommand(r, 1);
        expect(r.errors[0]).toMatch(/AADSTS70021/);
        for (const command of azCommandsIn(commandPart(r.errors[0]!))) expect(shellWords(command)).not.toBeNull();
        if (!isPlainWord(sub)) expect(r.errors[0]).toContain('<subject>');
      }),
      { numRuns: 2 },
    );
  });
});

function azCommandsIn(text: string) {
  return [...text.matchAll(/az (?:ad app|identity) federated-credential create [^()]*?(?=\)|$| \(for )/g)].map(
    (m) => m[0],
  );
}
