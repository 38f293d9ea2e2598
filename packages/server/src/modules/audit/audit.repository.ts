import type { AuditEventFilters, AuditEventListQuery } from '@smartcity/domain';
import { and, asc, desc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { auditLog, organisations, users } from '../../db/schema.js';
import { orderBy } from '../../shared/sort.js';

// byte order ("C"), so both engines sort alike whatever the database's locale
const actorName = sql`coalesce(${users.displayName}, ${auditLog.actorName}) collate "C"`;
const SORT_COLUMNS = { at: [auditLog.at], action: [sql`${auditLog.action} collate "C"`, auditLog.at], actor: [actorName, auditLog.at] };

const startOfBeijingDay = (day: string) => new Date(`${day}T00:00:00.000+08:00`);
const endOfBeijingDay = (day: string) => new Date(`${day}T23:59:59.999+08:00`);

/** Each filter narrows; an empty one is no filter. */
function where(f: AuditEventFilters): SQL | undefined {
  return and(
    f.organisationId ? eq(auditLog.organisationId, f.organisationId) : undefined,
    f.userId ? eq(auditLog.actorUserId, f.userId) : undefined,
    f.subjectType ? eq(auditLog.targetType, f.subjectType) : undefined,
    f.subjectId ? eq(auditLog.targetId, f.subjectId) : undefined,
    f.action ? eq(auditLog.action, f.action) : undefined,
    f.dateFrom ? gte(auditLog.at, startOfBeijingDay(f.dateFrom)) : undefined,
    f.dateTo ? lte(auditLog.at, endOfBeijingDay(f.dateTo)) : undefined,
  );
}

/** Entries with the names of who acted and for which organisation, as they are now. */
const named = (db: Queryable) =>
  db
    .select({ entry: auditLog, userName: users.displayName, organisationName: organisations.name })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .leftJoin(organisations, eq(organisations.id, auditLog.organisationId));
export type NamedAuditRow = Awaited<ReturnType<ReturnType<typeof named>['execute']>>[number];

/**
 * The audit log for the Ministry (the route admits no one else, so no tenancy applies: the log is one global chain).
 */
export const auditEventRepository = {
  /** The filtered log in the asked order, unpaged: the list pages it, an export can stream it. */
  query(db: Queryable, f: AuditEventFilters) {
    return named(db)
      .where(where(f))
      .orderBy(...orderBy(f.sort ?? '-at', SORT_COLUMNS, [desc(auditLog.seq)]));
  },

  async list(db: Queryable, q: AuditEventListQuery) {
    const [rows, [count]] = await Promise.all([
      auditEventRepository
        .query(db, q)
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize),
      db
        .select({ n: sql<number>`count(*)::int` })
        .from(auditLog)
        .where(where(q)),
    ]);
    return { rows, total: count!.n };
  },

  /** Every entry about one record (its kinds: a finding is also its rectification's lifecycle), oldest first. */
  async forSubject(db: Queryable, types: readonly string[], id: string) {
    return named(db)
      .where(and(inArray(auditLog.targetType, [...types]), eq(auditLog.targetId, id)))
      .orderBy(asc(auditLog.seq));
  },
};
