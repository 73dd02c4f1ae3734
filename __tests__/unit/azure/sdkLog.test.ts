// The SDK log redactor and the routing of SDK log lines: every held value redacted, in one linear pass
// over any text (inputs large enough that a quadratic pass would run into jest's timeout).
import { Redactor } from '../../../src/azure/sdkLog.js';

const MB = 1024 * 1024;

describe('the SDK log redactor learns each value when a line is first redacted', () => {
  it('works a value out only when a line is redacted, and then redacts every piece of it', () => {
    const redactor = new Redactor();
    let asked = 0;
    redactor.addLater(() => {
      asked++;
      return ['multi-line-secret-1', 's3cr3t-value-line'];
    });
    expect(asked).toBe(0); // no SDK log line yet (AZURE_LOG_LEVEL unset): no work
    expect(redactor.redact('body: multi-line-secret-1 and s3cr3t-value-line')).toBe('body: [REDACTED] and [REDACTED]');
    expect(redactor.redact('again multi-line-secret-1')).toBe('again [REDACTED]');
    expect(asked).toBe(1);
  });
});

describe('Redactor', () => {
  const r = new Redactor();
  it.each([
    ['"proxy": "http://corp-user:Pr0xy-Pass@proxy.example:3128/"', '"proxy": "http://[REDACTED]@proxy.example:3128/"'],
    ['https://ghp_tokenAsUser@github.example/x', 'https://[REDACTED]@github.example/x'],
    ['Authorization: Basic Y29ycC11c2VyOlByMHh5LVBhc3M=', 'Authorization: Basic [REDACTED]'],
    ['"Proxy-Authorization": "Basic Y29ycA=="', '"Proxy-Authorization": "[REDACTED]"'],
    ['proxy-authorization: Negotiate abc123', 'proxy-authorization: [REDACTED]'],
  ])('redacts %s', (text, expected) => {
    expect(r.redact(text)).toBe(expected);
  });

  it('keeps what is not a credential: a challenge realm, a URL without user info, an email address', () => {
    const text =
      'WWW-Authenticate: Basic realm=/var/opt/azcmagent/tokens/x.key https://vault.azure.net/secrets/a?api-version=7.5 ops@example.com';
    expect(r.redact(text)).toBe(text);
  });

  it('stays linear on text crafted to backtrack', () => {
    const crafted = `${'a.'.repeat(50_000)}${'x://'.repeat(20_000)}`;
    expect(r.redact(crafted)).toBe(crafted);
  });
});

describe('SDK log lines', () => {
  it('are redacted and can never start a workflow command', async () => {
    const { Redactor, routeSdkLogs } = await import('../../../src/azure/sdkLog.js');
    const { AzureLogger } = await import('@azure/logger');
    const lines: string[] = [];
    const redactor = new Redactor();
    redactor.add('known-secret-value');
    routeSdkLogs(redactor, (line) => lines.push(line));
    AzureLogger.log(
      'body: known-secret-value\n::warning::forged\n  ::set-output name=x::y',
      'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln',
    );
    const text = lines.join('\n');
    expect(text).not.toContain('known-secret-value');
    expect(text).not.toContain('eyJhbGciOiJIUzI1NiJ9');
    expect(text.split('\n').filter((l) => /^\s*::/.test(l))).toEqual([]);
  });
});

describe('the SDK log redactor: linear on any text', () => {
  it('1 MB of "eyJ" (no token in it) passes through', () => {
    const text = 'eyJ'.repeat(MB / 3);
    expect(new Redactor().redact(text)).toBe(text);
  });

  it('still redacts tokens after quotes, spaces, "=" and at the start', () => {
    const token = 'eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl';
    expect(new Redactor().redact(`${token} "${token}" x=${token} (${token})`)).toBe(
      '[REDACTED TOKEN] "[REDACTED TOKEN]" x=[REDACTED TOKEN] ([REDACTED TOKEN])',
    );
  });
});
