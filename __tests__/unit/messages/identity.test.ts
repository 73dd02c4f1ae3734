// Every Arc fix the action prints fits the runner's OS. Pure: the platform is a parameter.
import { say } from '../../../src/messages/catalogue.js';
import { identityNotFound, identityUnreachable, type IdentityContext } from '../../../src/messages/identity.js';
import { arcVariablesMissing, resolveIdentitySource } from '../../../src/identity/source.js';

const arc = (platform: string): IdentityContext => ({
  source: { kind: 'arc' },
  endpoint: 'http://localhost:40342/metadata/identity/oauth2/token',
  cloud: 'AzureCloud',
  platform,
});

describe('Arc fixes per platform', () => {
  it('the key file: Linux names /var/opt/azcmagent/tokens and the himds group', () => {
    const text = say('identity.arc-key-unreadable', { platform: 'linux' }).text;
    expect(text).toContain('/var/opt/azcmagent/tokens');
    expect(text).toContain('sudo usermod -aG himds <runner-user>');
    expect(say('identity.arc-key-unreadable', {}).text).toBe(text);
  });

  it('the key file: Windows names %ProgramData%\\AzureConnectedMachineAgent\\Tokens and the Hybrid agent extension applications group', () => {
    const text = say('identity.arc-key-unreadable', { platform: 'win32' }).text;
    expect(text).toContain('%ProgramData%\\AzureConnectedMachineAgent\\Tokens');
    expect(text).toContain('net localgroup "Hybrid agent extension applications" <runner-user> /add');
    expect(text).toContain('Add-LocalGroupMember -Group "Hybrid agent extension applications" -Member <runner-user>');
    expect(text).toContain('Restart-Service "actions.runner.*"');
    expect(text).not.toMatch(/sudo|usermod|\/var\/opt|systemctl|svc\.sh/);
  });

  it.each([
    ['unreachable', (c: IdentityContext) => identityUnreachable(c, 'ECONNREFUSED').text],
    ['identity not found', (c: IdentityContext) => identityNotFound(c).text],
  ])('%s: systemctl on Linux, Get-Service on Windows', (_, text) => {
    expect(text(arc('linux'))).toContain('sudo systemctl status himdsd');
    expect(text(arc('win32'))).toContain('Get-Service himds');
    expect(text(arc('win32'))).not.toMatch(/sudo|systemctl/);
    expect(text(arc('win32'))).toContain('azcmagent show');
  });

  it('the missing variables: the runner service environment on Linux, the .env file and Restart-Service on Windows', () => {
    const env = { IDENTITY_ENDPOINT: undefined, IMDS_ENDPOINT: undefined };
    const inputs = { auth: 'arc', identity: { kind: 'system' }, tenantId: '', cloud: 'AzureCloud' } as const;
    expect(resolveIdentitySource(inputs, env, 'linux')).toEqual({
      problem: { input: 'auth', message: arcVariablesMissing('linux') },
    });
    expect(resolveIdentitySource(inputs, env, 'win32')).toEqual({
      problem: { input: 'auth', message: arcVariablesMissing('win32') },
    });
    expect(arcVariablesMissing('win32')).toMatch(/system environment variables.*Restart-Service "actions\.runner\.\*"/);
    expect(arcVariablesMissing('linux')).not.toMatch(/Restart-Service/);
  });
});

describe('the workload identity token file', () => {
  it("names the webhook's path from v1.6.0 (/var/run/secrets/azure/wi/token/), and the one before", () => {
    const { text } = say('identity.token-file', { file: '/x/token', why: 'is a directory, not a regular file' });
    expect(text).toContain('/var/run/secrets/azure/wi/token/azure-identity-token from webhook v1.6.0');
    expect(text).toContain('/var/run/secrets/azure/tokens/azure-identity-token before');
    expect(text.indexOf('/wi/token/')).toBeLessThan(text.indexOf('/tokens/azure-identity-token'));
  });
});
