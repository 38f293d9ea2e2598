import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/*
 * Drizzle queries live in repositories only. Besides `*.repository.ts`, these may use drizzle-orm and the schema,
 * each for a named reason:
 */
const DATA_ACCESS_ALLOWED = [
  'packages/server/src/**/*.repository.ts',
  'packages/server/src/db/**', // the schema, client and migrations themselves
  'packages/server/src/seed/**', // reference and demo data, loaded before any actor exists
  'packages/server/src/cli/**', // the operator's command (users, audit)
  'packages/server/src/test/**', // factories and the matrix's fixtures
  'packages/server/src/**/*.test.ts',
  'packages/server/src/tenancy/scope.ts', // the row predicates every repository applies
  'packages/server/src/lifecycle/fire.ts', // the one status writer (compare-and-set on the state) and the record lock
  'packages/server/src/lifecycle/status-tables.ts', // which table each lifecycle moves
  'packages/server/src/audit/audit.ts', // the hash-chained log: append and verify
  'packages/server/src/shared/attachments.ts', // the shared subject tables' stores (attachments, reviews,
  'packages/server/src/shared/reviews.ts', // signatures, organisation keys), used by every module
  'packages/server/src/shared/signatures.ts',
  'packages/server/src/signing/keys.ts',
  'bench/**', // raw-SQL floors the benchmarks compare against
];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'bench/results/**', 'packages/server/drizzle/**', '.data/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['packages/server/src/**/*.ts'],
    ignores: DATA_ACCESS_ALLOWED,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['drizzle-orm', 'drizzle-orm/*', '**/db/schema.js'],
              allowTypeImports: true,
              message: 'Queries belong in a repository (*.repository.ts); see DATA_ACCESS_ALLOWED in eslint.config.js.',
            },
          ],
        },
      ],
    },
  },
);
