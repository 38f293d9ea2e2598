import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../test/harness.js';
import { refreshStaleStatistics, statisticsJobs } from './statistics.js';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env?.close());

const rowsPlanned = async (table: string) =>
  (await env.database.db.execute<{ n: number }>(sql`select reltuples::int as n from pg_class where relname = ${table}`)).rows[0]!.n;

describe('the planner statistics', () => {
  it.runIf(!process.env.TEST_DATABASE_URL)('PGlite (no autovacuum): a start leaves them, and the daily job refreshes them', async () => {
    // the demo's 90 pilots were seeded without an ANALYZE: only the start's refresh can have counted them
    await expect.poll(() => rowsPlanned('pilots')).toBe(90);
    const provinces = await rowsPlanned('provinces');
    expect(provinces).toBeGreaterThan(30);
    await env.database.db.execute(sql`
      insert into provinces (code, name, short_name, kind, mainland, sort)
      select (900000 + g)::text, '测试' || g, '测' || g, 'province', false, 900 + g from generate_series(1, 5) g`);
    expect(await rowsPlanned('provinces')).toBe(provinces);
    const job = statisticsJobs();
    await env.database.db.transaction((tx) => job.handlers['database.statistics']!(tx, {}, env.clock));
    expect(await rowsPlanned('provinces')).toBe(provinces + 5);
  });

  it.runIf(!process.env.TEST_DATABASE_URL)(
    'PGlite: a start refreshes only the tables never analysed or grown or shrunk by a fifth since',
    async () => {
      const db = env.database.db;
      await db.execute(sql`create table stats_probe (n int, padding text)`);
      try {
        // never analysed: stale
        expect(await refreshStaleStatistics(db)).toContain('public.stats_probe');
        await db.execute(sql`insert into stats_probe select g, repeat('x', 100) from generate_series(1, 2000) g`);
        await db.execute(sql`analyze stats_probe`);
        expect(await refreshStaleStatistics(db)).toEqual([]);
        // a few rows more: within the threshold, the statistics stay
        await db.execute(sql`insert into stats_probe select g, repeat('x', 100) from generate_series(1, 100) g`);
        expect(await refreshStaleStatistics(db)).toEqual([]);
        expect(await rowsPlanned('stats_probe')).toBe(2000);
        // a bulk load: refreshed, and then nothing is stale
        await db.execute(sql`insert into stats_probe select g, repeat('x', 100) from generate_series(1, 20000) g`);
        expect(await refreshStaleStatistics(db)).toEqual(['public.stats_probe']);
        expect(await rowsPlanned('stats_probe')).toBe(22100);
        expect(await refreshStaleStatistics(db)).toEqual([]);
      } finally {
        await db.execute(sql`drop table stats_probe`);
      }
    },
  );
});
