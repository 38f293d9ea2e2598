import type { ReportContent, ReportStatus } from '@smartcity/domain';
import { desc, eq, isNotNull, and } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { annualReports, findings } from '../../db/schema.js';

/*
 * What acceptance reads from the annual-report and inspection modules. Until those modules export
 * `latestReports` (annual-reports.service.ts) and `rectificationRecord` (inspections.service.ts), this file
 * stands in for them with the same signatures; switching is replacing the two functions by re-exports.
 */

export interface ReportOfYear {
  id: string;
  year: number;
  status: ReportStatus;
  content: ReportContent;
}

/** Each creation year's report as it stands (any state), the latest year first. */
export async function latestReports(db: Queryable, pilotId: string): Promise<ReportOfYear[]> {
  return db
    .select({ id: annualReports.id, year: annualReports.year, status: annualReports.status, content: annualReports.content })
    .from(annualReports)
    .where(eq(annualReports.pilotId, pilotId))
    .orderBy(desc(annualReports.year));
}

export interface RectificationOutcome {
  id: string;
  title: string;
  state: 'closedOnTime' | 'closedLate' | 'open';
}

/** Every finding that ordered rectification: closed by its due date, closed after it, or still open (answered counts as open). */
export async function rectificationRecord(db: Queryable, pilotId: string): Promise<RectificationOutcome[]> {
  const rows = await db
    .select({ id: findings.id, title: findings.title, status: findings.status, due: findings.rectificationDue, closedOn: findings.closedOn })
    .from(findings)
    .where(and(eq(findings.pilotId, pilotId), isNotNull(findings.rectificationDue)))
    .orderBy(findings.rectificationDue);
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    state: r.status !== 'closed' ? 'open' : r.closedOn !== null && r.closedOn > r.due! ? 'closedLate' : 'closedOnTime',
  }));
}
