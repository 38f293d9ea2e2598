import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { createTestEnv, type TestEnv } from '../test/harness.js';
import { observeMatrix, setUpFixtures, type Matrix } from '../test/matrix/observe.js';
import { parseAccessTable, tableDiff } from '../test/matrix/table.js';

/*
 * The (route × actor × own/foreign record) matrix against docs/access.md, a table reviewed by people and not
 * computed from the rules the routes carry. A new route is in the matrix automatically (it walks what the app
 * registered) and fails here until the regenerated table has a row for it.
 */

let env: TestEnv;
let matrix: Matrix;

beforeAll(async () => {
  env = await createTestEnv();
  matrix = await observeMatrix(env, await setUpFixtures(env));
}, 600_000);
afterAll(() => env?.close());

/** Routes no example can answer with a 2xx in the matrix's fixed state, and why. */
const NO_2XX: Record<string, string> = {
  // a report is owed only under a signed task book whose period covers its year, which the matrix's 2013-02-01 state
  // has not got; the 2xx is in modules/extensions/report-deadlines.test.ts
  'POST /api/pilots/:id/report-deadlines/:year/extension-requests': 'no report is owed in the matrix state',
  // the 2xx of these two is in modules/platform/indicators.test.ts (own and foreign pilot, department included)
  'GET /api/pilots/:id/trace': 'no task book is signed in the matrix state',
  'GET /api/platform/health/:id/years/:year': 'no department had joined a platform in the shared year 2012',
  // a scraper's bearer token, never a user's session: its 2xx is in modules/operations/operations.test.ts
  'GET /metrics': 'no metrics token in the matrix configuration',
};

describe('access matrix', () => {
  it('answers as the reviewed table docs/access.md says', () => {
    const table = parseAccessTable(readFileSync(new URL('../../../../docs/access.md', import.meta.url), 'utf8'));
    const diff = tableDiff(table, matrix);
    expect(diff, 'the app and docs/access.md disagree: review each cell, then run `npm run docs:access`').toEqual([]);
  });

  it('answers every route with a 2xx for someone (strictly: refusals deeper in do not count)', () => {
    const never = matrix.routes.filter(
      (route) => !NO_2XX[route] && ![...matrix.cells.get(route)!.values()].some((c) => c === 'own' || c.includes('✓')),
    );
    expect(never).toEqual([]);
  });

  it('shows no foreign organisation’s rows in lists to anyone but the Ministry', () => {
    expect(matrix.leaks).toEqual([]);
    // the check is not blind: the same lists show them to the Ministry
    expect(matrix.ministrySawForeign).toBeGreaterThan(10);
  });

  it('checks the documentation routes too (the access plugin is registered before them)', () => {
    const docs = env.app.accessRules.filter((r) => r.url.startsWith('/api/docs'));
    expect(docs.length).toBeGreaterThan(0);
  });

  it('refuses to start with a route that has no access rule', async () => {
    const app = await buildApp({ database: env.database, config: env.config });
    expect(() => app.get('/api/unruled', async () => ({}))).toThrow(/no access rule/);
    await app.close();
  });
});
