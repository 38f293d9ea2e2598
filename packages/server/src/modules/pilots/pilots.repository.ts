import { sortKey, type PilotListQuery, type PilotSort } from '@smartcity/domain';
import { and, asc, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { alias } from 'drizzle-orm/pg-core';
import {
  acceptances,
  annualReports,
  auditLog,
  batches,
  findings,
  organisations,
  pilots,
  provinces,
  taskBooks,
  users,
} from '../../db/schema.js';
import { countedUpTo, pageWithTotal, type ListTotal } from '../../shared/list-total.repository.js';
import { orderBy } from '../../shared/sort.js';
import { pageByBatch, pageId, pageWindow, placeIn, type PageWindow } from '../../shared/published-order.repository.js';
import { visible, type Scope } from '../../tenancy/scope.js';
import { pilotFacts, pilotsWhere, reportYearOf } from './pilot-facts.repository.js';
import { likePattern } from '../../lib/like.js';
import { organisationPeople, type Person } from '../organisations/organisations.repository.js';
import { preparedRead, type Bindable, type Placeholders } from '../../shared/prepared.repository.js';

const pilotOrg = alias(organisations, 'pilot_org');
const supervisor = alias(organisations, 'supervisor');

const pilotColumns = {
  id: pilots.id,
  seq: pilots.seq,
  batchYear: batches.year,
  batchName: batches.name,
  provinceCode: pilots.provinceCode,
  provinceName: provinces.name,
  publishedName: pilots.publishedName,
  officialName: pilots.officialName,
  adminCode: pilots.adminCode,
  kind: pilots.kind,
  status: pilots.status,
  organisationId: pilots.organisationId,
  organisationCode: pilotOrg.code,
  organisationName: pilotOrg.name,
  supervisorOrgId: pilots.supervisorOrgId,
  supervisorName: supervisor.name,
  note: pilots.note,
  version: pilots.version,
};

// LIKE needs its wildcards escaped so a user's "%" or "_" matches itself.

export type PilotFilter = Omit<PilotListQuery, 'page' | 'pageSize' | 'sort'>;

/** The registry's filters on the pilot's own columns: each a value, or the placeholder a prepared page binds it to. */
type PlainValues = Pick<PilotFilter, 'batch' | 'province' | 'kind' | 'status'> & {
  /** a LIKE pattern (likePattern) for either name */
  name: string | undefined;
};
type PlainFilter = Partial<Bindable<PlainValues>>;

export function plainFilters(scope: Scope, f: PlainFilter): SQL | undefined {
  return and(
    visible.pilots(scope),
    // by the batch's id, so the (batch_id, seq) index applies without joining batches first
    f.batch !== undefined ? sql`${pilots.batchId} = (select ${batches.id} from ${batches} where ${batches.year} = ${f.batch})` : undefined,
    f.province !== undefined ? eq(pilots.provinceCode, f.province) : undefined,
    f.kind !== undefined ? eq(pilots.kind, f.kind) : undefined,
    f.status !== undefined ? eq(pilots.status, f.status) : undefined,
    f.name !== undefined ? or(ilike(pilots.publishedName, f.name), ilike(pilots.officialName, f.name)) : undefined,
  );
}

const plainOf = (q: PilotFilter): PlainValues => ({
  batch: q.batch,
  province: q.province,
  kind: q.kind,
  status: q.status,
  name: q.q ? likePattern(q.q) : undefined,
});

/** The registry's filters; `today` (Beijing date) decides what is due and overdue. */
export function pilotFilters(scope: Scope, q: PilotFilter, today: string): SQL | undefined {
  // the report year joined is the filter's own; without one no report fact is asked
  const at = reportYearOf(today, q.report && q.year ? q.year : null);
  const facts = pilotFacts(today, at);
  return and(
    plainFilters(scope, plainOf(q)),
    pilotsWhere(at, [
      q.taskBook ? facts.taskBook(q.taskBook) : undefined,
      q.report && at ? facts.report(q.report) : undefined,
      q.findings === 'open' ? facts.openFindings() : undefined,
      q.stars !== undefined ? facts.stars(q.stars) : undefined,
    ]),
  );
}

const SORT_COLUMNS = {
  seq: [batches.year, pilots.seq],
  name: [pilots.publishedName],
  province: [pilots.provinceCode],
  kind: [pilots.kind],
  batch: [batches.year],
  status: [pilots.status],
} as const;

/** The registry's column order, then the published order (batch, seq). */
const orderOf = (sort: PilotSort | undefined): SQL[] => orderBy(sort ?? 'seq', SORT_COLUMNS, [asc(batches.year), asc(pilots.seq)]);

/** Pilots with what a row of them shows (batch, province, organisation, supervisor) and, on the pilot page, its people. */
const joined = (db: Queryable, more?: { people?: SQL<Person[]>; counted?: SQL<number> }) =>
  db
    .select({ ...pilotColumns, ...more })
    .from(pilots)
    .innerJoin(batches, eq(batches.id, pilots.batchId))
    .innerJoin(provinces, eq(provinces.code, pilots.provinceCode))
    .innerJoin(pilotOrg, eq(pilotOrg.id, pilots.organisationId))
    .innerJoin(supervisor, eq(supervisor.id, pilots.supervisorOrgId));

const base = (db: Queryable) => joined(db);

export type PilotRow = Awaited<ReturnType<typeof base>>[number];

/**
 * One page in the registry's order, one statement: the page's ids found on pilots and the tiny batches table alone,
 * then the joins for those ids only.
 */
function pageOf(db: Queryable, where: SQL | undefined, sort: PilotSort | undefined, window: PageWindow, counted?: SQL<number>) {
  // by batch is the published order too: the batch's year, then seq
  const { key, descending } = sortKey(sort ?? 'seq');
  // the (batch_id, seq) index walked batch by batch; by batch, a batch's pilots stay in seq order
  const seq = descending && key === 'seq' ? desc : asc;
  const order = orderOf(sort);
  const ids =
    key === 'seq' || key === 'batch'
      ? pageByBatch(
          db,
          (sameBatch, upTo) =>
            db
              .select({ id: pilots.id, seq: pilots.seq })
              .from(pilots)
              .where(and(sameBatch(pilots.batchId), where))
              .orderBy(seq(pilots.seq))
              .limit(upTo)
              .as('firsts'),
          (firsts) => [seq(firsts.seq)],
          descending,
          window,
        )
      : db
          .select({ id: pageId(pilots.id), place: placeIn(order) })
          .from(pilots)
          .innerJoin(batches, eq(batches.id, pilots.batchId))
          .where(where)
          .orderBy(...order)
          .limit(window.pageSize)
          .offset(window.offset)
          .as('page_ids');
  return joined(db, counted && { counted })
    .innerJoin(ids, eq(ids.id, pilots.id))
    .orderBy(ids.place);
}

/** A page filtered by the pilots' own columns, with the count its total starts from: prepared per tier, filters set and sort. */
const plainPage = preparedRead(
  'pilot_registry_page',
  (db, scope, args: Placeholders<PlainValues & { offset: number; pageSize: number; upTo: number }>, shape: { sort: PilotSort }) => {
    const where = plainFilters(scope, args);
    const matching = db.select({ id: pilots.id }).from(pilots).where(where);
    return pageOf(db, where, shape.sort, args, countedUpTo(matching));
  },
);

const pilotDetail = preparedRead('pilot_detail', (db, scope, { id }: Placeholders<{ id: string }>) =>
  joined(db, { people: organisationPeople(scope, pilots.organisationId) })
    .where(and(eq(pilots.id, id), visible.pilots(scope)))
    .limit(1),
);

export const pilotRepository = {
  /** The ids of a pilot's records by audit target type: the subjects of its timeline. */
  async recordIds(db: Queryable, pilotId: string): Promise<Record<string, string[]>> {
    const ids = async (table: typeof taskBooks | typeof annualReports | typeof findings | typeof acceptances) =>
      (await db.select({ id: table.id }).from(table).where(eq(table.pilotId, pilotId))).map((r) => r.id);
    return {
      pilot: [pilotId],
      taskBook: await ids(taskBooks),
      annualReport: await ids(annualReports),
      rectification: await ids(findings),
      acceptance: await ids(acceptances),
    };
  },

  /** Audit entries of these actions on these subjects, newest first. */
  async events(db: Queryable, subjects: Record<string, string[]>, actions: string[], limit: number) {
    const targets = Object.entries(subjects)
      .filter(([, list]) => list.length > 0)
      .map(([type, list]) => and(eq(auditLog.targetType, type), inArray(auditLog.targetId, list)));
    return db
      .select({
        at: auditLog.at,
        action: auditLog.action,
        targetType: auditLog.targetType,
        targetId: auditLog.targetId,
        // the person's name as their colleagues know it; the audit keeps the sign-in name
        actorName: sql<string>`coalesce(${users.displayName}, ${auditLog.actorName})`,
      })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.actorUserId))
      .where(and(or(...targets), inArray(auditLog.action, actions)))
      .orderBy(desc(auditLog.seq))
      .limit(limit);
  },

  /** One page in the registry's order (pageOf). */
  async page(db: Queryable, scope: Scope, q: PilotFilter & Pick<PilotListQuery, 'sort'>, today: string, page: number, pageSize: number) {
    return pageOf(db, pilotFilters(scope, q, today), q.sort, pageWindow((page - 1) * pageSize, pageSize));
  },

  /**
   * A page and the list's total, on pilots alone (listTotal: exact while the list is short). A page filtered by the
   * pilots' own columns alone is prepared (plainPage); the facts' filters, rarer, decide by the date and are built.
   */
  async list(db: Queryable, scope: Scope, q: PilotListQuery, today: string): Promise<{ items: PilotRow[] } & ListTotal> {
    const where = pilotFilters(scope, q, today);
    const matching = db.select({ id: pilots.id }).from(pilots).where(where);
    const offset = (q.page - 1) * q.pageSize;
    const plain = q.taskBook === undefined && q.report === undefined && q.findings === undefined && q.stars === undefined;
    const rows = plain
      ? await plainPage(db, scope, { ...plainOf(q), offset, pageSize: q.pageSize, upTo: offset + q.pageSize }, { sort: q.sort ?? 'seq' })
      : await pageOf(db, where, q.sort, pageWindow(offset, q.pageSize), countedUpTo(matching));
    return pageWithTotal(db, rows, matching);
  },

  async countByProvince(db: Queryable, scope: Scope, q: PilotFilter, today: string) {
    return db
      .select({ provinceCode: pilots.provinceCode, count: sql<number>`count(*)`.mapWith(Number) })
      .from(pilots)
      .where(pilotFilters(scope, q, today))
      .groupBy(pilots.provinceCode);
  },

  async get(db: Queryable, scope: Scope, id: string): Promise<PilotRow | null> {
    const [row] = await base(db)
      .where(and(eq(pilots.id, id), visible.pilots(scope)))
      .limit(1);
    return row ?? null;
  },

  /** The pilot page: the pilot and its organisation's people in one statement (a round trip costs more than the join). */
  async detail(db: Queryable, scope: Scope, id: string): Promise<(PilotRow & { people: Person[] }) | null> {
    const [row] = await pilotDetail(db, scope, { id });
    return row ? { ...row, people: row.people ?? [] } : null;
  },

  /** Compare-and-set on the version: false when someone else saved first. */
  async update(
    db: Queryable,
    scope: Scope,
    id: string,
    version: number,
    patch: Partial<Pick<typeof pilots.$inferInsert, 'officialName' | 'adminCode' | 'note'>>,
    now: Date,
  ): Promise<boolean> {
    const rows = await db
      .update(pilots)
      .set({ ...patch, version: sql`${pilots.version} + 1`, updatedAt: now })
      .where(and(eq(pilots.id, id), eq(pilots.version, version), visible.pilots(scope)))
      .returning({ id: pilots.id });
    return rows.length === 1;
  },
};
