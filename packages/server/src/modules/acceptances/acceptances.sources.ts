import type { ReportContent, ReportStatus } from '@smartcity/domain';
import type { Queryable } from '../../db/client.js';
import { latestReports as reportsByYear } from '../annual-reports/annual-reports.service.js';

/** What acceptance reads from the annual reports and the inspections. */
export { rectificationRecord } from '../inspections/inspections.service.js';

export interface ReportOfYear {
  id: string;
  year: number;
  status: ReportStatus;
  content: ReportContent;
}

/** Each creation year's report as it stands (any state), the latest year first; years without a report left out. */
export async function latestReports(db: Queryable, pilotId: string): Promise<ReportOfYear[]> {
  const years = await reportsByYear(db, pilotId);
  return years
    .flatMap((r) => (r.id && r.status && r.content ? [{ id: r.id, year: r.year, status: r.status, content: r.content }] : []))
    .reverse();
}
