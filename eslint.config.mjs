import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'build/**', 'node_modules/**', 'coverage/**', 'tab/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', require: 'readonly', module: 'writable', __dirname: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
      // Japanese text uses the ideographic space (U+3000) on purpose.
      'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true }],
    },
  },
  {
    // STYLE.md: one composition root reads the environment; nothing else does.
    files: ['src/**/*.ts'],
    ignores: ['src/config.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration in src/config.ts only.' }],
    },
  },
  {
    // The tab (React): hooks called unconditionally and with their dependencies; browser globals.
    files: ['tab/**/*.ts', 'tab/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      // DESIGN.md: the tab talks to the server over HTTP only; it may share the server's types, not its code.
      // The one exception is src/i18n (pure: the labels and formats it shares with the bot's cards), and
      // only straight into it (no `src/i18n/../…`). .dependency-cruiser.cjs says the same (tab-only-its-own-code).
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+src/(?!i18n/(?!.*\\.\\./)|domain/units$)',
              allowTypeImports: true,
              message: 'The tab reaches the server over HTTP: import type only (src/i18n and the section key of src/domain/units excepted).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['tab/**/*.mjs'],
    languageOptions: { globals: { URL: 'readonly' } },
  },
);
