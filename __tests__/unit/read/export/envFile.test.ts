// The env-file holds exactly what Docker reads back (docker/cli pkg/kvfile), or the value is refused with the fix.
import fc from 'fast-check';
import { DOCKER_LINE_LIMIT, planEnvFile } from '../../../../src/read/export/envFile.js';
import type { ExportItem } from '../../../../src/read/export/plan.js';
import { fetchedSecret } from '../../../helpers/fakes.js';

const item = (name: string, value: string, via: ExportItem['via'] = 'value'): ExportItem => ({
  name,
  value,
  masks: [],
  via,
  source: fetchedSecret(name.toLowerCase().replaceAll('_', '-'), value, { alias: name }),
});

/** docker/cli kvfile.Parse: bufio lines (a "\r" before "\n" dropped), leading space trimmed, # and blank skipped, split at the first "=". */
function readAsDocker(text: string): Record<string, string> {
  if (!Buffer.from(text, 'utf8').toString('utf8').includes(text)) throw new Error('invalid UTF-8');
  const vars: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    if (Buffer.byteLength(raw, 'utf8') >= 64 * 1024) throw new Error('token too long');
    const line = raw.replace(/\r$/, '').replace(/^\s+/, '');
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0 || /[ \t]/.test(line.slice(0, eq))) throw new Error(`invalid line ${line}`);
    vars[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return vars;
}

describe('planEnvFile', () => {
  it('any value it accepts, Docker reads back byte for byte; any it refuses, it says why', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.record({
            name: fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,20}$/),
            value: fc.oneof(
              fc.string({ unit: 'binary' }),
              fc.string(),
              fc.constantFrom('#x', ' a ', 'a=b', '"q"', '\\n'),
            ),
          }),
          { selector: (v) => v.name, maxLength: 10 },
        ),
        (values) => {
          const plan = planEnvFile(values.map((v) => item(v.name, v.value)));
          const written = readAsDocker(plan.text);
          const refused = new Set(plan.problems.map((p) => p.message.split(':')[0]));
          const kept = values.filter((v) => !refused.has(v.name));
          expect(written).toEqual(Object.fromEntries(kept.map((v) => [v.name, v.value])));
          expect(plan.count).toBe(values.length - refused.size);
        },
      ),
    );
  });

  it('refuses a value of several lines, pointing to files', () => {
    const plan = planEnvFile([item('OK', 'one line'), item('TLS_KEY', 'a\nb'), item('CRLF', 'a\r')]);
    expect(plan.text).toBe('OK=one line\n');
    expect(plan.problems).toEqual([
      {
        input: 'secrets',
        line: 1,
        message:
          'TLS_KEY: its value has more than one line, which an env-file cannot hold (each line is one variable); read it as a file instead: files: TLS_KEY=tls-key (env-file)',
      },
      expect.objectContaining({ message: expect.stringMatching(/^CRLF: its value has more than one line/) }),
    ]);
  });

  it('refuses a NUL, an unpaired surrogate and a line longer than Docker scans, and leaves files out', () => {
    const plan = planEnvFile([
      item('NUL', 'a\0b'),
      item('HALF', 'a\ud800b'),
      item('LONG', 'x'.repeat(DOCKER_LINE_LIMIT)),
      item('KUBECONFIG', '/tmp/keyvault-secrets-x/kubeconfig', 'file'),
      item('FITS', 'y'.repeat(DOCKER_LINE_LIMIT - 'FITS='.length - 1)),
    ]);
    expect(plan.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^NUL: .*NUL character/),
      expect.stringMatching(/^HALF: .*unpaired surrogate/),
      expect.stringMatching(/^LONG: its value is 64 KiB, more than a line of Docker's env-file holds/),
    ]);
    expect(Object.keys(readAsDocker(plan.text))).toEqual(['FITS']);
  });
});
