import { and, count, eq, isNull, lte } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { outbox, platformDeliveries, scheduledJobs } from '../../db/schema.js';

/** The background queues' depths for /metrics: each on its own queue index. */
export const operationsRepository = {
  async queueDepths(db: Queryable, now: Date) {
    const [jobs] = await db
      .select({ n: count() })
      .from(scheduledJobs)
      .where(and(isNull(scheduledJobs.doneAt), lte(scheduledJobs.runAt, now)));
    const [mail] = await db.select({ n: count() }).from(outbox).where(eq(outbox.status, 'pending'));
    const [deliveries] = await db.select({ n: count() }).from(platformDeliveries).where(eq(platformDeliveries.status, 'pending'));
    return { jobsDue: jobs!.n, mailPending: mail!.n, deliveriesPending: deliveries!.n };
  },

  async ping(db: Queryable) {
    await db.execute('select 1');
  },
};
