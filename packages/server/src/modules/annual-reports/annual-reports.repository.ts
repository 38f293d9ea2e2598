import { REPORT_STATUSES, type ReportContent, type ReportListQuery, type ReportStatus } from '@smartcity/domain';
import { and, asc, eq, sql } from 'drizzle-orm';
import { alias, type PgSelect } from 'drizzle-orm/pg-core';
import type { Queryable } from '../../db/client.js';
import { annualReports, batches, organisations, pilots } from '../../db/schema.js';
import { visible, type Scope } from '../../tenancy/scope.js';
import { reportDeadline } from '../pilots/pilot-facts.repository.js';
import { EXACT_COUNT_UP_TO, listTotal } from '../../shared/list-total.repository.js';
import { orderBy } from '../../shared/sort.js';
import { pageByBatch, type PageWindow } from '../../shared/published-order.repository.js';
import { inListed, preparedRead, type Bindable, type Placeholders } from '../../shared/prepared.repository.js';

const pilotOrg = alias(organisations, 'pilot_org');
const supervisor = alias(organisations, 'supervisor');

/** What a list row shows (never the content: a year's list is thousands of reports). */
const summaryColumns = {
  id: annualReports.id,
  pilotId: annualReports.pilotId,
  taskBookId: annualReports.taskBookId,
  year: annualReports.year,
  status: annualReports.status,
  version: annualReports.version,
  updatedAt: annualReports.updatedAt,
  pilotName: pilots.publishedName,
  pilotOrgId: pilots.organisationId,
  pilotOrgName: pilotOrg.name,
  supervisorOrgId: pilots.supervisorOrgId,
  supervisorName: supervisor.name,
  /** 31 December, or the extension granted */
  dueDate: reportDeadline(annualReports.pilotId, annualReports.year),
  /** sent back once: a returned draft is owed at once */
  returned: sql<boolean>`${annualReports.submittedContent} is not null`,
};
const headColumns = { ...summaryColumns, content: annualReports.content, submittedContent: annualReports.submittedContent };

/** A report row with its pilot and the two organisations' names. */
const withPilot = <Q extends PgSelect>(q: Q) =>
  q
    .innerJoin(pilots, eq(pilots.id, annualReports.pilotId))
    .innerJoin(batches, eq(batches.id, pilots.batchId))
    .innerJoin(pilotOrg, eq(pilotOrg.id, pilots.organisationId))
    .innerJoin(supervisor, eq(supervisor.id, pilots.supervisorOrgId));
const head = (db: Queryable) => withPilot(db.select(headColumns).from(annualReports).$dynamic());
const summary = (db: Queryable) => withPilot(db.select(summaryColumns).from(annualReports).$dynamic());

export type ReportHead = Awaited<ReturnType<typeof head>>[number];
export type ReportSummaryRow = Awaited<ReturnType<typeof summary>>[number];

export interface ReportFilter {
  pilot?: string | undefined;
  year?: number | undefined;
  status?: ReportStatus | undefined;
  /** any of these (the states that make a to-do for the reader) */
  statuses?: readonly ReportStatus[] | undefined;
}
/** A filter whose values may be the placeholders a prepared read binds them to (the code's own `statuses` never are). */
type ReportFilterOf = Bindable<Omit<ReportFilter, 'statuses'>> & Pick<ReportFilter, 'statuses'>;

/** The filter's own conditions, on the reports alone. */
const matching = (filter: ReportFilterOf) =>
  and(
    filter.pilot ? eq(annualReports.pilotId, filter.pilot) : undefined,
    filter.year ? eq(annualReports.year, filter.year) : undefined,
    filter.status ? eq(annualReports.status, filter.status) : undefined,
    inListed(annualReports.status, filter.statuses),
  );
const filtered = (scope: Scope, filter: ReportFilter) => and(visible.byPilot(scope, annualReports.pilotId), matching(filter));

const SORT_COLUMNS = {
  pilot: [pilots.publishedName],
  province: [pilots.provinceCode],
  year: [annualReports.year],
  // the lifecycle's order, as the table shows it
  status: [
    sql`array_position(array[${sql.join(
      REPORT_STATUSES.map((s) => sql`${s}`),
      sql`, `,
    )}]::text[], ${annualReports.status})`,
  ],
  dueDate: [summaryColumns.dueDate],
  updatedAt: [annualReports.updatedAt],
} as const;
/** The registry's order of pilots (batch, seq), each pilot's years in turn: a unique order, so pages never overlap. */
const TIEBREAK = [asc(batches.year), asc(pilots.seq), asc(annualReports.pilotId), asc(annualReports.year)];

/**
 * The reports in scope the filter names, for counting. A reader who sees every pilot counts the reports alone (off the
 * year or state index); a province walks its own pilots (their index) into each one's reports by (pilot_id, year) —
 * as a join the planner hashed every report to find a thirty-first of them. The limit keeps the walk a walk (a
 * subquery with one is not pulled up into the join), and no pilot is asked for more than the count needs.
 */
function inScope(db: Queryable, scope: Scope, filter: ReportFilter) {
  const pilotsSeen = visible.pilots(scope);
  if (!pilotsSeen) return db.select({ id: annualReports.id }).from(annualReports).where(matching(filter));
  const reports = db
    .select({ id: annualReports.id })
    .from(annualReports)
    .where(and(eq(annualReports.pilotId, pilots.id), matching(filter)))
    .limit(EXACT_COUNT_UP_TO + 1)
    .as('reports');
  return db.select({ id: reports.id }).from(pilots).crossJoinLateral(reports).where(pilotsSeen);
}

/**
 * A page in the registry's order off the indexes: the pilots of each batch in seq order (in the reader's scope), each
 * pilot's reports by year from (pilot_id, year), up to the page's end — and in the same statement the page's rows for
 * those ids alone.
 * Sorting every report joined to its pilot read all of them for each page (300,000 at 30,000 pilots and ten years).
 */
function inRegistryOrder(db: Queryable, scope: Scope, filter: ReportFilterOf, window: PageWindow) {
  const ids = pageByBatch(
    db,
    // the pilot's id aliased: a subquery's columns need names of their own
    (sameBatch, upTo) =>
      db
        .select({ id: annualReports.id, seq: pilots.seq, pilotId: sql<string>`${pilots.id}`.as('pilot_id'), year: annualReports.year })
        .from(pilots)
        .innerJoin(annualReports, eq(annualReports.pilotId, pilots.id))
        .where(and(sameBatch(pilots.batchId), visible.pilots(scope), matching(filter)))
        .orderBy(asc(pilots.seq), asc(pilots.id), asc(annualReports.year))
        .limit(upTo)
        .as('firsts'),
    (firsts) => [asc(firsts.seq), asc(firsts.pilotId), asc(firsts.year)],
    false,
    window,
  );
  return summary(db).innerJoin(ids, eq(ids.id, annualReports.id)).orderBy(ids.place);
}

/** The reports in states the code chooses (its to-dos' decisions): the first `limit` in the registry's order. */
const firstInStates = preparedRead(
  'report_first_in_states',
  (db, scope, { limit }: Placeholders<{ limit: number }>, shape: { statuses: readonly ReportStatus[] }) =>
    inRegistryOrder(db, scope, { statuses: shape.statuses }, { offset: 0, pageSize: limit, upTo: limit }),
);
/** How many reports are in each of those states. */
const countInStates = preparedRead(
  'report_count_in_states',
  (db, scope, _args: Placeholders<Record<never, never>>, shape: { statuses: readonly ReportStatus[] }) =>
    db
      .select({ status: annualReports.status, count: sql<number>`count(*)`.mapWith(Number) })
      .from(annualReports)
      .where(and(visible.byPilot(scope, annualReports.pilotId), inListed(annualReports.status, shape.statuses)))
      .groupBy(annualReports.status),
);

/**
 * A page in the registry's order, the filters and the page's window bound at each run. Built on every request, its
 * statement cost more to plan than to run (PostgreSQL, 3,000 pilots: the Ministry's year of reports planned and read in
 * 3.6 ms unnamed, 2.3 ms prepared; a province's 2.1 and 1.0; a pilot's 1.3 and 0.3).
 */
const registryPage = preparedRead(
  'report_registry_page',
  (
    db,
    scope,
    {
      pilot,
      year,
      status,
      ...window
    }: Placeholders<Pick<ReportFilter, 'pilot' | 'year' | 'status'> & { offset: number; pageSize: number; upTo: number }>,
  ) => inRegistryOrder(db, scope, { pilot, year, status }, window),
);

/** `statuses`, states the code chooses, are the statement's text (a shape); the pilot is a value. */
const summaryList = preparedRead(
  'report_summaries',
  (db, scope, { pilot }: Placeholders<{ pilot: string | undefined }>, shape: { statuses: readonly ReportStatus[] | undefined }) =>
    summary(db)
      .where(
        and(
          visible.byPilot(scope, annualReports.pilotId),
          pilot && eq(annualReports.pilotId, pilot),
          inListed(annualReports.status, shape.statuses),
        ),
      )
      .orderBy(...TIEBREAK),
);

export const annualReportRepository = {
  async create(db: Queryable, values: { pilotId: string; taskBookId: string; year: number; content: ReportContent }) {
    const [row] = await db.insert(annualReports).values(values).returning({ id: annualReports.id });
    return row!.id;
  },

  async get(db: Queryable, scope: Scope, id: string): Promise<ReportHead | null> {
    const [row] = await head(db)
      .where(and(eq(annualReports.id, id), visible.byPilot(scope, annualReports.pilotId)))
      .limit(1);
    return row ?? null;
  },

  /** Every report in scope the filter names, as list rows, in the registry's order. */
  summaries: (db: Queryable, scope: Scope, filter: { pilot?: string; statuses?: ReportStatus[] }): Promise<ReportSummaryRow[]> =>
    summaryList(db, scope, { pilot: filter.pilot }, { statuses: filter.statuses }),

  /** One page in the order asked (the registry's unless a column is named), and the total (listTotal, of inScope). */
  async page(db: Queryable, scope: Scope, q: ReportFilter & Pick<ReportListQuery, 'sort' | 'page' | 'pageSize'>) {
    const offset = (q.page - 1) * q.pageSize;
    // two statements at once, not the registry's one (countedUpTo): each may read a thousand reports' pages, and two
    // connections read them side by side — as one statement the route measured a quarter slower
    const [items, total] = await Promise.all([
      q.sort
        ? summary(db)
            .where(filtered(scope, q))
            .orderBy(...orderBy(q.sort, SORT_COLUMNS, TIEBREAK))
            .limit(q.pageSize)
            .offset(offset)
        : registryPage(db, scope, {
            pilot: q.pilot,
            year: q.year,
            status: q.status,
            offset,
            pageSize: q.pageSize,
            upTo: offset + q.pageSize,
          }),
      listTotal(db, inScope(db, scope, q)),
    ]);
    return { items, ...total };
  },

  /** The first `limit` reports in scope in these states, in the registry's order (off the indexes). */
  firstInStates: (db: Queryable, scope: Scope, statuses: readonly ReportStatus[], limit: number) =>
    firstInStates(db, scope, { limit }, { statuses }),

  /** How many reports in scope are in each of these states. */
  countByStatus: (db: Queryable, scope: Scope, statuses: readonly ReportStatus[]) => countInStates(db, scope, {}, { statuses }),

  /** Every report of one pilot, unscoped: for callers that have checked the pilot is in scope. */
  async ofPilot(db: Queryable, pilotId: string) {
    return db.select().from(annualReports).where(eq(annualReports.pilotId, pilotId)).orderBy(asc(annualReports.year));
  },

  async findForYear(db: Queryable, pilotId: string, year: number) {
    const [row] = await db
      .select({ id: annualReports.id })
      .from(annualReports)
      .where(and(eq(annualReports.pilotId, pilotId), eq(annualReports.year, year)));
    return row ?? null;
  },

  /** Compare-and-set on the version: null when someone saved (or moved the report) first. */
  async saveContent(db: Queryable, id: string, version: number, content: ReportContent, now: Date) {
    const rows = await db
      .update(annualReports)
      .set({ content, version: sql`${annualReports.version} + 1`, updatedAt: now })
      .where(and(eq(annualReports.id, id), eq(annualReports.version, version), eq(annualReports.status, 'draft')))
      .returning({ version: annualReports.version });
    return rows[0]?.version ?? null;
  },

  async setSubmittedContent(db: Queryable, id: string, content: ReportContent) {
    await db.update(annualReports).set({ submittedContent: content }).where(eq(annualReports.id, id));
  },

  /** The submitted content a return sent back, so the redraft can show what changed since. */
  returnedSnapshot: {
    async save(db: Queryable, report: Pick<ReportHead, 'id'>, content: ReportContent) {
      await db.update(annualReports).set({ returnedContent: content }).where(eq(annualReports.id, report.id));
    },

    async latest(db: Queryable, reportId: string): Promise<ReportContent | null> {
      const [row] = await db.select({ content: annualReports.returnedContent }).from(annualReports).where(eq(annualReports.id, reportId));
      return row?.content ?? null;
    },
  },
};
