import { and, desc, eq, lt } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { platformLoads, users } from '../../db/schema.js';
import { visible, type Scope } from '../../tenancy/scope.js';

const selectLoads = (db: Queryable) => db.select(loadColumns).from(platformLoads).innerJoin(users, eq(users.id, platformLoads.loadedBy));
const loadColumns = {
  id: platformLoads.id,
  pilotId: platformLoads.pilotId,
  resourceId: platformLoads.resourceId,
  status: platformLoads.status,
  format: platformLoads.format,
  encoding: platformLoads.encoding,
  mode: platformLoads.mode,
  policy: platformLoads.policy,
  fileName: platformLoads.fileName,
  rowsRead: platformLoads.rowsRead,
  added: platformLoads.added,
  updated: platformLoads.updated,
  deleted: platformLoads.deleted,
  rejected: platformLoads.rejected,
  digest: platformLoads.digest,
  problems: platformLoads.problems,
  error: platformLoads.error,
  loadedBy: users.displayName,
  startedAt: platformLoads.startedAt,
  finishedAt: platformLoads.finishedAt,
  heartbeatAt: platformLoads.heartbeatAt,
};

export type LoadRow = Awaited<ReturnType<typeof selectLoads>>[number];
type LoadRef = { pilotId: string; id: string };
const byRef = (l: LoadRef) => and(eq(platformLoads.pilotId, l.pilotId), eq(platformLoads.id, l.id));

export const loadRepository = {
  /** Running loads whose heartbeat is older than `before`: now failed; returns them (their staged rows are to drop). */
  markDead(db: Queryable, before: Date, now: Date) {
    return db
      .update(platformLoads)
      .set({ status: 'failed', error: 'interrupted', finishedAt: now })
      .where(and(eq(platformLoads.status, 'running'), lt(platformLoads.heartbeatAt, before)))
      .returning({ pilotId: platformLoads.pilotId, id: platformLoads.id });
  },

  async insert(db: Queryable, values: typeof platformLoads.$inferInsert) {
    const [row] = await db.insert(platformLoads).values(values).returning({ id: platformLoads.id });
    return row!.id;
  },

  /** Progress, and the heartbeat that says the load's process lives. */
  async update(db: Queryable, l: LoadRef, values: Partial<typeof platformLoads.$inferInsert>) {
    await db
      .update(platformLoads)
      .set({ ...values, heartbeatAt: new Date() })
      .where(byRef(l));
  },

  async get(db: Queryable, scope: Scope, id: string) {
    const [row] = await selectLoads(db).where(and(eq(platformLoads.id, id), visible.platform(scope, platformLoads.pilotId)));
    return row ?? null;
  },

  /** a resource's last fifty loads, newest first */
  listFor(db: Queryable, r: { pilotId: string; id: string }) {
    return selectLoads(db)
      .where(and(eq(platformLoads.pilotId, r.pilotId), eq(platformLoads.resourceId, r.id)))
      .orderBy(desc(platformLoads.startedAt))
      .limit(50);
  },
};
