import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { scheduledJobs } from '../db/schema.js';

export interface NewJob {
  key: string;
  kind: string;
  payload: Record<string, unknown>;
  runAt: Date;
}

export interface ClaimedJob {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  attempts: number;
}

export const jobRepository = {
  /** Schedules each job once: a key scheduled before (by this instance or another) is left as it is. */
  async schedule(db: Queryable, jobs: NewJob[]) {
    if (jobs.length === 0) return 0;
    const added = await db
      .insert(scheduledJobs)
      .values(jobs)
      .onConflictDoNothing({ target: scheduledJobs.key })
      .returning({ id: scheduledJobs.id });
    return added.length;
  },

  /**
   * Takes up to `limit` due jobs for this worker until `leaseUntil`: not done, due, and not leased to a worker whose
   * lease still runs. Rows another instance is claiming this moment are skipped, not waited for.
   */
  async claim(db: Queryable, workerId: string, now: Date, leaseUntil: Date, limit: number): Promise<ClaimedJob[]> {
    const res = await db.execute(sql`
      update ${scheduledJobs} set locked_by = ${workerId}, locked_until = ${leaseUntil}, attempts = attempts + 1
      where id in (
        select id from ${scheduledJobs}
        where done_at is null and run_at <= ${now} and (locked_until is null or locked_until < ${now})
        order by run_at limit ${limit}
        for update skip locked)
      returning id, kind, payload, attempts`);
    return res.rows as unknown as ClaimedJob[];
  },

  /** Holds a claimed job for the transaction that runs it; false when its lease went to another worker meanwhile. */
  async hold(tx: Queryable, id: string, workerId: string) {
    const res = await tx.execute(
      sql`select id from ${scheduledJobs} where id = ${id} and locked_by = ${workerId} and done_at is null for update skip locked`,
    );
    return res.rows.length === 1;
  },

  async done(tx: Queryable, id: string, now: Date) {
    await tx.update(scheduledJobs).set({ doneAt: now, lockedUntil: null }).where(eq(scheduledJobs.id, id));
  },

  /** A failed attempt: tried again at `retryAt`, or given up (done, with the error kept) after the last attempt. */
  async failed(db: Queryable, id: string, workerId: string, f: { error: string; retryAt: Date; giveUp: boolean; now: Date }) {
    await db
      .update(scheduledJobs)
      .set({ lastError: f.error, runAt: f.retryAt, lockedUntil: null, ...(f.giveUp ? { doneAt: f.now } : {}) })
      .where(and(eq(scheduledJobs.id, id), eq(scheduledJobs.lockedBy, workerId), isNull(scheduledJobs.doneAt)));
  },
};
