import { PILOT_STATUSES, REPORT_FACTS, TASK_BOOK_PROGRESS } from '@smartcity/domain';
import { asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { annualReports, batches, findings, pilots, provinces, taskBooks, taskBookVersions } from '../../db/schema.js';
import type { Scope } from '../../tenancy/scope.js';
import { pilotFacts } from '../pilots/pilot-facts.repository.js';
import { pilotFilters, type PilotFilter } from '../pilots/pilots.repository.js';

const count = (where?: SQL) => (where ? sql<number>`count(*) filter (where ${where})` : sql<number>`count(*)`).mapWith(Number);
const OVERDUE_LIMIT = 100;

/** Aggregates over the pilots in scope, by the registry's own filters and facts (pilot-facts.repository.ts). */
export const dashboardRepository = {
  /** Every figure, one row per province (group by in SQL); the caller adds the rows up for the totals. */
  async figuresByProvince(db: Queryable, scope: Scope, filter: PilotFilter, year: number | null, today: string) {
    const facts = pilotFacts(today);
    const columns: Record<string, SQL> = {
      provinceCode: sql`${pilots.provinceCode}`,
      provinceName: sql`${provinces.name}`,
      pilots: count(),
      openFindings: count(facts.openFindings()),
      starsSum: sql`coalesce(sum(${facts.starsValue()}), 0)`.mapWith(Number),
    };
    for (const s of PILOT_STATUSES) columns[`status.${s}`] = count(eq(pilots.status, s));
    for (const s of TASK_BOOK_PROGRESS) columns[`taskBook.${s}`] = count(facts.taskBook(s));
    for (const f of REPORT_FACTS) columns[`report.${f}`] = year === null ? sql<number>`0`.mapWith(Number) : count(facts.report(f, year));
    for (const n of [0, 1, 2, 3]) columns[`stars.${n}`] = count(facts.stars(n));
    const rows = await db
      .select(columns)
      .from(pilots)
      .innerJoin(provinces, eq(provinces.code, pilots.provinceCode))
      .where(pilotFilters(scope, filter, today))
      .groupBy(pilots.provinceCode, provinces.name, provinces.sort)
      .orderBy(asc(provinces.sort));
    return rows as Record<string, string | number>[];
  },

  /** The years some pilot in view owes (or will owe) a report for: its signed task book's creation years. */
  async reportYears(db: Queryable, scope: Scope, filter: PilotFilter, today: string): Promise<number[]> {
    const rows = await db
      .selectDistinct({
        year: sql<number>`generate_series(${taskBookVersions.periodStart}, ${taskBookVersions.periodEnd})`.mapWith(Number).as('year'),
      })
      .from(pilots)
      .innerJoin(taskBooks, sql`${taskBooks.pilotId} = ${pilots.id} and ${taskBooks.status} = 'signed'`)
      .innerJoin(
        taskBookVersions,
        sql`${taskBookVersions.taskBookId} = ${taskBooks.id} and ${taskBookVersions.number} = ${taskBooks.currentVersion}`,
      )
      .where(pilotFilters(scope, filter, today));
    return rows.map((r) => r.year).sort((a, b) => a - b);
  },

  /** What is overdue now — first task-book submissions, the year's reports, rectifications — oldest first. */
  /** What is overdue, oldest first; the dashboard shows the first OVERDUE_LIMIT, an export reads them all page by page. */
  async overdue(
    db: Queryable,
    scope: Scope,
    filter: PilotFilter,
    year: number | null,
    today: string,
    page: { limit: number; offset: number } = { limit: OVERDUE_LIMIT, offset: 0 },
  ) {
    const facts = pilotFacts(today);
    const where = pilotFilters(scope, filter, today) ?? sql`true`;
    const pilot = sql`${pilots.id} as pilot_id, ${pilots.publishedName} as pilot_name, ${provinces.name} as province_name`;
    const from = sql`${pilots} join ${provinces} on ${provinces.code} = ${pilots.provinceCode}`;
    const reports =
      year === null
        ? sql``
        : sql`union all select 'report', ${pilot}, ${facts.reportDeadline(year)},
            (select ${annualReports.id} from ${annualReports} where ${annualReports.pilotId} = ${pilots.id} and ${annualReports.year} = ${year})
          from ${from} where ${where} and ${facts.report('overdue', year)}`;
    const result = await db.execute<{
      kind: 'taskBook' | 'report' | 'rectification';
      pilot_id: string;
      pilot_name: string;
      province_name: string;
      due_date: string;
      subject_id: string | null;
      total: number;
    }>(sql`select *, count(*) over () ::int as total from (
        select 'taskBook' as kind, ${pilot}, ${facts.taskBookDeadline()} as due_date,
          (select ${taskBooks.id} from ${taskBooks} where ${taskBooks.pilotId} = ${pilots.id} and ${taskBooks.batchId} = ${pilots.batchId}) as subject_id
        from ${from} where ${where} and ${facts.taskBookOverdue()}
        ${reports}
        union all select 'rectification', ${pilot}, ${findings.rectificationDue}::text, ${findings.id}
        from ${findings} join ${from} on ${pilots.id} = ${findings.pilotId}
        where ${where} and ${findings.status} = 'open' and ${findings.rectificationDue} < ${today}
      ) overdue order by due_date, pilot_name, kind, pilot_id, subject_id limit ${page.limit} offset ${page.offset}`);
    return result.rows;
  },

  /** Each pilot in view with where it stands. */
  async progress(db: Queryable, scope: Scope, filter: PilotFilter, year: number | null, today: string) {
    const facts = pilotFacts(today);
    const report =
      year === null
        ? sql`null`
        : sql`case when ${facts.report('accepted', year)} then 'accepted' when ${facts.report('submitted', year)} then 'submitted'
            when ${facts.report('overdue', year)} then 'overdue' when ${facts.report('due', year)} then 'due' end`;
    return db
      .select({
        id: pilots.id,
        name: pilots.publishedName,
        batchYear: batches.year,
        status: pilots.status,
        taskBook: sql<string>`coalesce((select ${taskBooks.status} from ${taskBooks}
          where ${taskBooks.pilotId} = ${pilots.id} and ${taskBooks.batchId} = ${pilots.batchId}), 'none')`,
        report: sql<string | null>`${report}`,
        reportsAccepted: sql<number>`(select count(*) from ${annualReports}
          where ${annualReports.pilotId} = ${pilots.id} and ${annualReports.status} = 'accepted')`.mapWith(Number),
        openFindings: sql<number>`(select count(*) from ${findings}
          where ${findings.pilotId} = ${pilots.id} and ${findings.status} in ('open', 'answered'))`.mapWith(Number),
        stars: sql<number | null>`${facts.starsValue()}`,
      })
      .from(pilots)
      .innerJoin(batches, eq(batches.id, pilots.batchId))
      .where(pilotFilters(scope, filter, today))
      .orderBy(asc(batches.year), asc(pilots.seq));
  },
};
