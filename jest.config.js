/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
  // Two cores here and in CI: the runner-level suites spawn the action, so keep workers to two.
  maxWorkers: 2,
  testTimeout: 30_000,
  // The default reporter, and a list of every skipped test with its reason, shown without --verbose.
  reporters: ['default', '<rootDir>/scripts/skip-reporter.mjs'],
};
