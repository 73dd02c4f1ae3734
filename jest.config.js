import { readdirSync, readFileSync } from 'node:fs';

const TESTS = new URL('./__tests__/', import.meta.url);
const testFiles = readdirSync(TESTS, { recursive: true }).filter((f) => f.endsWith('.test.ts'));
/**
 * Two projects. `unit` is __tests__/unit/<stage>/, mirroring src/. `runner` is __tests__/runner/: the suites
 * that spawn the bundled action (dist/) as a step. A suite is runner-level when it sits in runner/, is named
 * *.e2e.test.ts, or runs a step through the runner stand-in (useStandin, runAction, runPostStep), wherever it
 * sits: standin/runner.mjs refuses to spawn dist/ from a test outside that project, so a suite missed here
 * fails, and says why.
 */
const runsTheAction = (file) =>
  /^runner[\\/]/.test(file) ||
  file.endsWith('.e2e.test.ts') ||
  /\b(?:useStandin|runAction|runPostStep)\(/.test(readFileSync(new URL(file, TESTS), 'utf8'));
const paths = (files) => files.map((f) => `<rootDir>/__tests__/${f.split('\\').join('/')}`);

const common = {
  // Out of the temp directory, which a test run leaves as it found it (.ci/run checks).
  cacheDirectory: '<rootDir>/node_modules/.cache/jest',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
};

/** @type {import('jest').Config} */
export default {
  projects: [
    { ...common, displayName: 'unit', testMatch: paths(testFiles.filter((f) => !runsTheAction(f))) },
    {
      ...common,
      displayName: 'runner',
      testMatch: paths(testFiles.filter(runsTheAction)),
      // Bundles first when dist/ is not what src/ makes (checked by a hash: scripts/bundle.mjs), so these
      // suites run the code just edited; a run of unit suites alone never bundles.
      globalSetup: '<rootDir>/scripts/bundle.mjs',
      setupFilesAfterEnv: ['<rootDir>/__tests__/helpers/runner-setup.ts'],
    },
  ],
  // Two cores here and in CI. Three workers: the runner-level suites spend much of their time waiting on a
  // deadline or a throttling window, so two leave a core idle about a third of the time.
  maxWorkers: 3,
  testTimeout: 30_000,
  // The default reporter, and a list of every skipped test with its reason, shown without --verbose.
  reporters: ['default', '<rootDir>/scripts/skip-reporter.mjs'],
};
