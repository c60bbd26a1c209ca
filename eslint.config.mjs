// Flat config shared by every part of the repository.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', '**/coverage/**', 'bench-results/**', '.lab/**', 'test/browser/screenshots/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['panel-plugin/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  // The walls between the parts (docs/architecture.md § The parts). exporter/test/lint/layering.test.ts
  // proves that each one bites.
  {
    files: ['exporter/src/analysis/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!\\./|\\.\\./contract/)',
              message: 'analysis/ is pure: it imports only its own modules (./…) and the contract\'s data (../contract/…), no node: module, no package, nothing else.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['exporter/src/membership/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!\\./|\\.\\./analysis/|\\.\\./contract/)',
              message: 'membership/ is pure: it imports only its own modules (./…), the pure analysis (../analysis/…) and the contract (../contract/…); discovery and sockets live in agent/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['exporter/src/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!\\./)',
              message: 'contract/ is data that the exporter, the panel and provisioning all import: it imports only its own modules (./…).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['panel-plugin/src/data/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/components', '**/components/**'], message: 'data/ turns frames into a view model; it never imports a component.' }] },
      ],
    },
  },
  {
    files: ['exporter/src/probes/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/server', '**/server/**'], message: 'probes never import the HTTP server: the agent wires them.' }] },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
