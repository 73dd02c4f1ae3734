// A skipped test's reason shows in a plain `npm test`, not only with --verbose.
import { join } from 'node:path';
import { ROOT } from '../../../standin/runner.mjs';
import SkipReporter from '../../../scripts/skip-reporter.mjs';
import config from '../../../jest.config.js';

const run = (tests: { file: string; results: { status: string; fullName: string }[] }[]) => {
  const written: string[] = [];
  const stderr = Object.getOwnPropertyDescriptor(process.stderr, 'write');
  Object.defineProperty(process.stderr, 'write', {
    configurable: true,
    writable: true,
    value: (chunk: string | Uint8Array) => written.push(String(chunk)) > 0,
  });
  try {
    new SkipReporter({ rootDir: ROOT }).onRunComplete(new Set(), {
      testResults: tests.map((t) => ({ testFilePath: join(ROOT, t.file), testResults: t.results })),
    });
  } finally {
    if (stderr) Object.defineProperty(process.stderr, 'write', stderr);
    else delete (process.stderr as { write?: unknown }).write;
  }
  return written.join('');
};

it('lists every skipped test with its file and title (which says why), and nothing when none skipped', () => {
  const out = run([
    {
      file: join('__tests__', 'runner', 'python-sdk-conformance.test.ts'),
      results: [
        { status: 'pending', fullName: 'the Python SDK reads values (skipped: not importable by /nonexistent)' },
        { status: 'passed', fullName: 'ran' },
      ],
    },
    {
      file: join('__tests__', 'runner', 'hosts.e2e.test.ts'),
      results: [{ status: 'pending', fullName: 'Arc answers (skipped: cannot create /var/opt/azcmagent/tokens/)' }],
    },
  ]);
  expect(out).toBe(
    `Skipped (2):\n  ${join('__tests__', 'runner', 'python-sdk-conformance.test.ts')} › the Python SDK reads values (skipped: not importable by /nonexistent)\n  ${join('__tests__', 'runner', 'hosts.e2e.test.ts')} › Arc answers (skipped: cannot create /var/opt/azcmagent/tokens/)\n`,
  );
  expect(run([{ file: 'a.test.ts', results: [{ status: 'passed', fullName: 'ran' }] }])).toBe('');
});

it('is one of the reporters jest runs, beside the default one', () => {
  expect(config.reporters).toEqual(['default', '<rootDir>/scripts/skip-reporter.mjs']);
});
