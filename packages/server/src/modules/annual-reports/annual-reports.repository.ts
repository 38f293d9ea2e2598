import { REPORT_STATUSES, type ReportContent, type ReportListQuery, type ReportStatus } from '@smartcity/domain';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { alias, type PgSelect } from 'drizzle-orm/pg-core';
import type { Queryable } from '../../db/client.js';
import { annualReports, organisations, pilots } from '../../db/schema.js';
import { visible, type Scope } from '../../tenancy/scope.js';
import { reportDeadline } from '../pilots/pilot-facts.repository.js';
import { listTotal } from '../../shared/list-total.repository.js';
import { orderBy } from '../../shared/sort.js';

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
  statuses?: ReportStatus[] | undefined;
}

const filtered = (scope: Scope, filter: ReportFilter) =>
  and(
    visible.byPilot(scope, annualReports.pilotId),
    filter.pilot ? eq(annualReports.pilotId, filter.pilot) : undefined,
    filter.year ? eq(annualReports.year, filter.year) : undefined,
    filter.status ? eq(annualReports.status, filter.status) : undefined,
    filter.statuses ? inArray(annualReports.status, filter.statuses) : undefined,
  );

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
/** The registry's order of pilots, each pilot's years in turn: a unique order, so pages never overlap. */
const TIEBREAK = [asc(pilots.seq), asc(annualReports.pilotId), asc(annualReports.year)];

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
  async summaries(db: Queryable, scope: Scope, filter: ReportFilter): Promise<ReportSummaryRow[]> {
    return summary(db)
      .where(filtered(scope, filter))
      .orderBy(...TIEBREAK);
  },

  /** One page in the order asked, and the total (on the reports alone: the scope needs no join; listTotal). */
  async page(db: Queryable, scope: Scope, q: ReportFilter & Pick<ReportListQuery, 'sort' | 'page' | 'pageSize'>) {
    const [items, total] = await Promise.all([
      summary(db)
        .where(filtered(scope, q))
        .orderBy(...(q.sort ? orderBy(q.sort, SORT_COLUMNS, TIEBREAK) : TIEBREAK))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize),
      listTotal(db, db.select({ id: annualReports.id }).from(annualReports).where(filtered(scope, q))),
    ]);
    return { items, ...total };
  },

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
