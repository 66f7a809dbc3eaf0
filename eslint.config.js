import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  // AssemblyScript (src/kernels/assembly) is checked by its own compiler: decorators on functions are not TypeScript.
  {
    ignores: [
      'dist',
      'node_modules',
      'test-results',
      'playwright-report',
      '.bench',
      'src/kernels/assembly',
      'src/kernels/build',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['src/**/*.tsx', 'src/features/**/*.ts', 'src/state/**/*.ts', 'src/app/**/*.ts', 'src/ui/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  // The architecture, enforced: core is pure TypeScript; workers and the CLI are shells over it.
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['react', 'react-dom', 'idb-keyval', 'comlink', 'zustand', 'recharts'].map((name) => ({
            name,
            message: 'src/core is pure TypeScript: no UI, storage or worker plumbing.',
          })),
          patterns: [
            {
              group: [
                '**/storage',
                '**/storage/**',
                '**/client/**',
                '**/state/**',
                '**/features/**',
                '**/app/**',
              ],
              message: 'src/core must not depend on storage, bridges or UI.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'document', 'window', 'localStorage', 'indexedDB', 'fetch'],
    },
  },
  {
    files: ['workers/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['react', 'react-dom', 'zustand', 'recharts'].map((name) => ({
            name,
            message: 'Workers carry no UI.',
          })),
          patterns: [
            { group: ['**/features/**', '**/state/**', '**/app/**'], message: 'Workers carry no UI.' },
          ],
        },
      ],
    },
  },
);
