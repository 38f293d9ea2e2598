import { sql } from 'drizzle-orm';
import type { Db, Queryable } from './client.js';
import { dailyJob } from '../jobs/daily.js';

/**
 * What autovacuum does on PostgreSQL (there the platform leaves it to that), for PGlite, which runs none: the planner's
 * statistics fresh — without them the planner guesses the tables' sizes and, at 30,000 pilots, read all of them for
 * one registry page and estimated the total at half (lists-at-scale.test.ts without ANALYZE) — and dead rows' space and
 * index entries given back, and pages marked all-visible, so that an index-only scan need not read the table as well.
 * Outside any transaction: VACUUM cannot run in one.
 */
export async function vacuumDatabase(db: Db) {
  await db.execute(sql`vacuum (analyze)`);
}

/**
 * The statistics of the tables never analysed or grown or shrunk by more than a fifth (and 8 pages) since: what a
 * start refreshes. PGlite counts no modifications (pg_stat_user_tables stays at zero), so the size on disk against
 * the pages the last ANALYZE saw stands in for autovacuum's threshold; PGlite runs on the server's thread, and a whole
 * ANALYZE (0.4–0.7 s on the demo) at every start held it past the 3 s start budget. Answers the tables refreshed.
 */
export async function refreshStaleStatistics(db: Queryable): Promise<string[]> {
  const stale = await db.execute<{ name: string }>(sql`
    select format('%I.%I', n.nspname, c.relname) as name
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind = 'r' and n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast')
      and (c.reltuples < 0
        or abs(pg_relation_size(c.oid) / current_setting('block_size')::int - c.relpages) > 8 + c.relpages / 5)`);
  const names = stale.rows.map((r) => r.name);
  if (names.length) await db.execute(sql.raw(`analyze ${names.join(', ')}`));
  return names;
}

/**
 * PGlite: the whole database vacuumed and analysed daily at 04:00 Beijing time (the stale tables' statistics at every
 * start, app.ts). The kind keeps its first name, so a run scheduled before it vacuumed as well still finds its handler.
 */
export function statisticsJobs() {
  return dailyJob('database.statistics', '04:00', { outsideTransaction: vacuumDatabase });
}
