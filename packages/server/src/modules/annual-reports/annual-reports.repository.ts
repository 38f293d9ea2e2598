import type { ReportContent, ReportStatus } from '@smartcity/domain';
import { and, asc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Queryable } from '../../db/client.js';
import { annualReports, organisations, pilots } from '../../db/schema.js';
import { visible, type Scope } from '../../tenancy/scope.js';
import { reportDeadline } from '../pilots/pilot-facts.repository.js';

const pilotOrg = alias(organisations, 'pilot_org');
const supervisor = alias(organisations, 'supervisor');

const headColumns = {
  id: annualReports.id,
  pilotId: annualReports.pilotId,
  taskBookId: annualReports.taskBookId,
  year: annualReports.year,
  status: annualReports.status,
  version: annualReports.version,
  content: annualReports.content,
  submittedContent: annualReports.submittedContent,
  updatedAt: annualReports.updatedAt,
  pilotName: pilots.publishedName,
  pilotOrgId: pilots.organisationId,
  pilotOrgName: pilotOrg.name,
  supervisorOrgId: pilots.supervisorOrgId,
  supervisorName: supervisor.name,
  /** 31 December, or the extension granted */
  dueDate: reportDeadline(annualReports.pilotId, annualReports.year),
};

const head = (db: Queryable) =>
  db
    .select(headColumns)
    .from(annualReports)
    .innerJoin(pilots, eq(pilots.id, annualReports.pilotId))
    .innerJoin(pilotOrg, eq(pilotOrg.id, pilots.organisationId))
    .innerJoin(supervisor, eq(supervisor.id, pilots.supervisorOrgId));

export type ReportHead = Awaited<ReturnType<typeof head>>[number];

export interface ReportFilter {
  pilot?: string | undefined;
  year?: number | undefined;
  status?: ReportStatus | undefined;
}

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

  async list(db: Queryable, scope: Scope, filter: ReportFilter) {
    return head(db)
      .where(
        and(
          visible.byPilot(scope, annualReports.pilotId),
          filter.pilot ? eq(annualReports.pilotId, filter.pilot) : undefined,
          filter.year ? eq(annualReports.year, filter.year) : undefined,
          filter.status ? eq(annualReports.status, filter.status) : undefined,
        ),
      )
      .orderBy(asc(pilots.seq), asc(annualReports.year));
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
