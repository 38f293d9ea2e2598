import type { Db } from '../db/client.js';
import { beijingDate, type Clock } from '../lib/clock.js';
import { jobRepository } from './jobs.repository.js';
import type { JobHandlers } from './worker.js';

/** A daily job of either kind of handler (the server gathers them into one worker). */
export type DailyJob = ReturnType<typeof dailyJob<JobHandlers[string]>>;

/**
 * A job run once a day at `time` Beijing time ('HH:MM'): its handler, and the plan that schedules today's run (keyed by
 * the day, so every instance's plan schedules it once).
 */
export function dailyJob<H extends JobHandlers[string]>(kind: string, time: string, handler: H) {
  const handlers: Record<string, H> = { [kind]: handler };
  const plan = (db: Db, clock: Clock) => {
    const day = beijingDate(clock.now());
    return jobRepository.schedule(db, [{ key: `${kind}:${day}`, kind, payload: {}, runAt: new Date(`${day}T${time}:00+08:00`) }]);
  };
  return { handlers, plan };
}
