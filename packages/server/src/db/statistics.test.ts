import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../test/harness.js';
import { runDueJobs } from '../jobs/worker.js';
import { beijingDate } from '../lib/clock.js';
import { refreshStaleStatistics, statisticsJobs } from './statistics.js';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env?.close());

const rowsPlanned = async (table: string) =>
  (await env.database.db.execute<{ n: number }>(sql`select reltuples::int as n from pg_class where relname = ${table}`)).rows[0]!.n;

describe('the planner statistics', () => {
  it.runIf(!process.env.TEST_DATABASE_URL)(
    'PGlite (no autovacuum): a start leaves them, and the daily job vacuums and analyses, run by the worker',
    async () => {
      const db = env.database.db;
      // the demo's 90 pilots were seeded without an ANALYZE: only the start's refresh can have counted them
      await expect.poll(() => rowsPlanned('pilots')).toBe(90);
      const provinces = await rowsPlanned('provinces');
      expect(provinces).toBeGreaterThan(30);
      await db.execute(sql`
        insert into provinces (code, name, short_name, kind, mainland, sort)
        select (900000 + g)::text, '测试' || g, '测' || g, 'province', false, 900 + g from generate_series(1, 5) g`);
      expect(await rowsPlanned('provinces')).toBe(provinces);
      // a table with dead rows and no page known all-visible: what only a VACUUM changes
      await db.execute(sql`create table vacuum_probe (n int primary key, padding text)`);
      await db.execute(sql`insert into vacuum_probe select g, repeat('x', 200) from generate_series(1, 4000) g`);
      await db.execute(sql`delete from vacuum_probe where n % 2 = 0`);
      const pages = async () =>
        (await db.execute<{ visible: number }>(sql`select relallvisible as visible from pg_class where relname = 'vacuum_probe'`)).rows[0]!
          .visible;
      try {
        expect(await pages()).toBe(0);
        // today's run is due (the clock is past 04:00 Beijing time): through the worker's round as the platform runs
        // it, where a handler inside the round's transaction would fail (VACUUM refuses one)
        expect(env.clock.now().getTime()).toBeGreaterThan(new Date(`${beijingDate(env.clock.now())}T04:00:00+08:00`).getTime());
        const job = statisticsJobs();
        const round = await runDueJobs(db, env.clock, { ...job, workerId: 'statistics-test' });
        expect(round).toEqual({ claimed: 1, ran: 1 });
        expect(await rowsPlanned('provinces')).toBe(provinces + 5);
        expect(await rowsPlanned('vacuum_probe')).toBe(2000);
        expect(await pages()).toBeGreaterThan(0);
        const [done] = (
          await db.execute<{ done: boolean; error: string | null }>(
            sql`select done_at is not null as done, last_error as error from scheduled_jobs where kind = 'database.statistics'`,
          )
        ).rows;
        expect(done).toEqual({ done: true, error: null });
      } finally {
        await db.execute(sql`drop table vacuum_probe`);
      }
    },
  );

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
