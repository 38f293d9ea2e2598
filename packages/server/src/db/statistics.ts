import { sql } from 'drizzle-orm';
import type { Db, Queryable } from './client.js';
import { beijingDate, type Clock } from '../lib/clock.js';
import { jobRepository } from '../jobs/jobs.repository.js';
import type { JobHandler } from '../jobs/worker.js';

/**
 * The planner's statistics, fresh. PGlite runs no autovacuum: without them the planner guesses the tables' sizes and,
 * at 30,000 pilots, read all of them for one registry page and estimated the total at half (registry-scale.test.ts
 * without ANALYZE). PostgreSQL's autovacuum keeps them; there the platform leaves it to that.
 */
export async function refreshStatistics(db: Queryable) {
  await db.execute(sql`analyze`);
}

/** PGlite: statistics refreshed daily at 04:00 Beijing time (and at every start, app.ts). */
export function statisticsJobs() {
  const handlers: Record<string, JobHandler> = {
    'database.statistics': (tx) => refreshStatistics(tx),
  };
  const plan = (db: Db, clock: Clock) => {
    const day = beijingDate(clock.now());
    return jobRepository.schedule(db, [
      { key: `database.statistics:${day}`, kind: 'database.statistics', payload: {}, runAt: new Date(`${day}T04:00:00+08:00`) },
    ]);
  };
  return { handlers, plan };
}
