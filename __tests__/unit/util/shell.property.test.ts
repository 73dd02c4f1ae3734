// Property: the copy-paste commands in a failure quote whatever the action did not write, so a shell
// runs one command with the words shown.
import fc from 'fast-check';
import { entraRefusal } from '../../../src/messages/identity.js';
import { say } from '../../../src/messages/catalogue.js';
import { isPlainWord, shellArg } from '../../../src/util/shell.js';
import { untrusted } from '../../../src/policy/untrusted.js';
import { GITHUB_ISSUER } from '../../../standin/index.mjs';
import { commandPart, hostileText, shellWords } from '../../helpers/hostile.js';

const RUNS = { numRuns: 300 };

describe('copy-paste commands quote what the action did not write', () => {
  const oidc = (sub: string, iss = GITHUB_ISSUER) =>
    entraRefusal(70021, {
      source: { kind: 'github-oidc', tenantId: 't', clientId: '9a7b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d' },
      endpoint: 'e',
      cloud: 'AzureCloud',
      claims: { iss, sub },
    }).text;
  const aks = (sub: string, iss: string) =>
    entraRefusal(70021, {
      source: {
        kind: 'workload-identity',
        tokenFile: '/f',
        tenantId: 't',
        clientId: '9a7b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d',
      },
      endpoint: 'e',
      cloud: 'AzureCloud',
      claims: { iss, sub },
    }).text;

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
          say('vault.forbidden-by-rbac', c).text,
          say('vault.forbidden-by-policy', c).text,
          say('vault.forbidden', { ...c, code: 'Forbidden' }).text,
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
