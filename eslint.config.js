// One linter for the project; it also keeps imports flowing one way:
// web -(HTTP)-> api -> etl -> {cypher, analytics} -> domain. Nothing imports test/ or bench/.
import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const zone = (target, from, message) => ({ target, from, message });

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'cypher/launcher/target/**', 'bench/work/**', 'web/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { 'import-x': importX },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/no-default-export': 'error',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            zone(
              './domain',
              ['./cypher', './analytics', './etl', './api', './web', './test', './bench'],
              'domain imports nothing of ours',
            ),
            zone(
              './cypher',
              ['./analytics', './etl', './api', './web', './test', './bench'],
              'cypher depends on domain only',
            ),
            zone(
              './analytics',
              ['./cypher', './etl', './api', './web', './test', './bench'],
              'analytics depends on domain only',
            ),
            zone('./etl', ['./api', './web', './test', './bench'], 'etl does not import api or web'),
            zone('./api', ['./web', './test', './bench'], 'api does not import web, test or bench'),
            zone(
              './web',
              ['./domain', './cypher', './analytics', './etl', './api', './test', './bench'],
              'web talks to api over HTTP only',
            ),
          ],
        },
      ],
    },
  },
  {
    // Config files whose tools want a default export.
    files: ['vitest.config.ts', 'web/vite.config.ts', 'test/support/global-setup.ts'],
    rules: { 'import-x/no-default-export': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
  },
);
