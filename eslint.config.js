// ESLint flat config: typescript-eslint with type information for src/ and the tests, the jest
// plugin for the tests, plain recommended rules for the stand-in and scripts (JavaScript), and
// Prettier owning layout (eslint-config-prettier turns off the rules it would fight).
import js from '@eslint/js';
import jest from 'eslint-plugin-jest';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'lib/', 'coverage/', 'node_modules/', 'shims/'] },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // As only-throw-error does by default: an abort reason (AbortSignal.reason is `any`) or a caught
      // error (`unknown`) is passed on unchanged, as Node's own APIs do; a literal or a known non-Error is refused.
      '@typescript-eslint/prefer-promise-reject-errors': [
        'error',
        { allowThrowingAny: true, allowThrowingUnknown: true },
      ],
    },
  },
  {
    files: ['__tests__/**/*.ts'],
    ...jest.configs['flat/recommended'],
    rules: {
      ...jest.configs['flat/recommended'].rules,
      // Runner-level suites assert through shared helpers (expectMaskedAndNotLeaked, expectNothingExported).
      'jest/expect-expect': ['error', { assertFunctionNames: ['expect', 'expect*'] }],
      // Tests that run only where they can: `itIf(condition, reason)(title, fn)` (__tests__/helpers/itIf.ts).
      'jest/no-standalone-expect': ['error', { additionalTestBlockFunctions: ['itIf'] }],
      // Disabled for tests only: @types/jest types every asymmetric matcher (expect.stringMatching,
      // expect.objectContaining, expect.any) as `any`, and tests put them in expected objects by design.
      // The other no-unsafe-* rules stay on, so using an `any` (a member, a call, an argument) is still caught.
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
  {
    files: ['__tests__/**/*.property.test.ts'],
    rules: {
      // Properties are implications over generated inputs ("when the subject is not a plain word, the
      // message shows <subject>"), so their assertions are conditional by design.
      'jest/no-conditional-expect': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    languageOptions: { globals: { ...globals.node } },
    // The same convention as for TypeScript: a leading _ marks a deliberately unused name.
    rules: { 'no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }] },
  },
  prettier,
);
