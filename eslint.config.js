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
  'packages/server/src/audit/retention.ts', // and its months dropped past retention, with their signed record
  'packages/server/src/shared/attachments.ts', // the shared subject tables' stores (attachments, reviews,
  'packages/server/src/shared/reviews.ts', // signatures, organisation keys), used by every module
  'packages/server/src/shared/signatures.ts',
  'packages/server/src/shared/sort.ts', // the paged lists' ORDER BY, built the same way for every repository
  'packages/server/src/signing/key-registry.ts', // the organisations' keys and their pins in the audit chain
  'bench/**', // raw-SQL floors the benchmarks compare against
];

// Where a tier or role may be compared: the access rules (tenancy/), the lifecycle engine that reads the tables, the
// routes' access check, the expert panel's blind policy (which scores a viewer sees), and what runs before or
// outside any request (seeding, the CLI, tests). Everywhere else asks an ability or the table.
const ACCESS_RULES_ALLOWED = [
  'packages/server/src/tenancy/**',
  'packages/server/src/plugins/access.ts',
  'packages/domain/src/lifecycle/engine.ts',
  'packages/domain/src/programme/expert-panel.ts',
  'packages/server/src/seed/**',
  'packages/server/src/cli/**',
  'packages/server/src/db/**',
  'packages/server/src/test/**',
  '**/*.test.ts',
  '**/*.test.tsx',
  'bench/**',
];
const tierOrRole = '[property.name=/^(tier|roles)$/]';
const ACCESS_COMPARISONS = [
  {
    selector: `BinaryExpression[operator=/^[!=]==?$/] > MemberExpression${tierOrRole}`,
    message: 'Compare tiers and roles only in tenancy/ (an ability or RULES) or the lifecycle tables (owes, todoOf, actionsFor).',
  },
  {
    selector: `SwitchStatement > MemberExpression.discriminant${tierOrRole}`,
    message: 'Branch on tiers only in tenancy/; elsewhere ask an ability or the lifecycle table.',
  },
  {
    selector: `CallExpression[callee.property.name=/^(includes|some|every|indexOf)$/] > MemberExpression.callee > MemberExpression.object${tierOrRole}`,
    message: 'Test roles only in tenancy/ (an ability or RULES) or the lifecycle tables.',
  },
  {
    selector: `CallExpression[callee.property.name=/^(includes|indexOf)$/] > MemberExpression.arguments${tierOrRole}`,
    message: 'Test tiers only in tenancy/ (an ability or RULES) or the lifecycle tables.',
  },
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
  {
    files: ['packages/server/src/**/*.ts', 'packages/domain/src/**/*.ts'],
    ignores: ACCESS_RULES_ALLOWED,
    rules: { 'no-restricted-syntax': ['error', ...ACCESS_COMPARISONS] },
  },
);
