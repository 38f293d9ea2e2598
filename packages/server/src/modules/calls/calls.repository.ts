import { and, asc, eq, lt, sql } from 'drizzle-orm';
import type { CallStatus } from '@smartcity/domain';
import type { Queryable } from '../../db/client.js';
import { batches, calls } from '../../db/schema.js';
import { visible, type Scope } from '../../tenancy/scope.js';
import { preparedRead, type Placeholders } from '../../shared/prepared.repository.js';

const callColumns = {
  id: calls.id,
  batchId: calls.batchId,
  title: calls.title,
  opensOn: calls.opensOn,
  closesOn: calls.closesOn,
  quotaPerProvince: calls.quotaPerProvince,
  requiredAttachments: calls.requiredAttachments,
  rubric: calls.rubric,
  status: calls.status,
  version: calls.version,
  year: batches.year,
  name: batches.name,
  batchTitle: batches.title,
  taskBookDeadline: batches.taskBookDeadline,
};

const head = (db: Queryable) => db.select(callColumns).from(calls).innerJoin(batches, eq(batches.id, calls.batchId));

export type CallRow = Awaited<ReturnType<typeof head>>[number];

const oneCall = preparedRead('call', (db, scope, { id }: Placeholders<{ id: string }>) =>
  head(db)
    .where(and(eq(calls.id, id), visible.calls(scope)))
    .limit(1),
);

/** The fields of a call the Ministry writes; the batch carries the year, its name and the task-book deadline. */
export interface CallValues {
  year: number;
  batchName: string;
  batchTitle: string;
  title: string;
  opensOn: string;
  closesOn: string;
  quotaPerProvince: number;
  taskBookDeadline: string | null;
  requiredAttachments: string[];
  rubric: CallRow['rubric'];
}

const callFields = (v: CallValues) => ({
  title: v.title,
  opensOn: v.opensOn,
  closesOn: v.closesOn,
  quotaPerProvince: v.quotaPerProvince,
  requiredAttachments: v.requiredAttachments,
  rubric: v.rubric,
});
const batchFields = (v: CallValues) => ({ year: v.year, name: v.batchName, title: v.batchTitle, taskBookDeadline: v.taskBookDeadline });

export const callRepository = {
  async list(db: Queryable, scope: Scope, filter: { status?: CallStatus | undefined } = {}) {
    return head(db)
      .where(and(visible.calls(scope), filter.status ? eq(calls.status, filter.status) : undefined))
      .orderBy(asc(batches.year));
  },

  async get(db: Queryable, scope: Scope, id: string): Promise<CallRow | null> {
    const [row] = await oneCall(db, scope, { id });
    return row ?? null;
  },

  async batchOfYear(db: Queryable, year: number) {
    const [row] = await db.select({ id: batches.id }).from(batches).where(eq(batches.year, year)).limit(1);
    return row ?? null;
  },

  /** How many batches come before a year: the new batch's ordinal is this + 1. */
  async batchesBefore(db: Queryable, year: number) {
    const [row] = await db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(batches)
      .where(lt(batches.year, year));
    return row?.n ?? 0;
  },

  /** null when the year's batch exists (made meanwhile by another request). */
  async create(db: Queryable, values: CallValues) {
    const [batch] = await db.insert(batches).values(batchFields(values)).onConflictDoNothing().returning({ id: batches.id });
    if (!batch) return null;
    const [row] = await db
      .insert(calls)
      .values({ ...callFields(values), batchId: batch.id })
      .returning({ id: calls.id });
    return row!.id;
  },

  /** Compare-and-set on the version, and only while a draft: null when someone saved first or it opened meanwhile. */
  async update(db: Queryable, id: string, batchId: string, version: number, values: CallValues, now: Date) {
    const rows = await db
      .update(calls)
      .set({ ...callFields(values), version: sql`${calls.version} + 1`, updatedAt: now })
      .where(and(eq(calls.id, id), eq(calls.version, version), eq(calls.status, 'draft')))
      .returning({ version: calls.version });
    if (rows.length === 0) return null;
    await db.update(batches).set(batchFields(values)).where(eq(batches.id, batchId));
    return rows[0]!.version;
  },

  /** Publishing the result is the batch's announcement. */
  async announce(db: Queryable, batchId: string, on: string) {
    await db.update(batches).set({ announcedOn: on }).where(eq(batches.id, batchId));
  },
};
