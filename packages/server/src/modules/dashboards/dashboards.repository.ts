import { FUNDING_SOURCES, PILOT_STATUSES, REPORT_FACTS, TASK_BOOK_PROGRESS, type FundingSource } from '@smartcity/domain';
import { eq, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import {
  annualReports,
  batches,
  findings,
  pilots,
  provinces,
  taskBookInvestmentYears,
  taskBooks,
  taskBookVersions,
} from '../../db/schema.js';
import type { Scope } from '../../tenancy/scope.js';
import { named } from '../../shared/prepared.repository.js';
import { pilotFacts, pilotsWithFacts } from '../pilots/pilot-facts.repository.js';
import { pilotFilters, type PilotFilter } from '../pilots/pilots.repository.js';

const count = (where?: SQL) => (where ? sql`count(*) filter (where ${where})::int` : sql`count(*)::int`);
const OVERDUE_LIMIT = 100;

/** Aggregates over the pilots in scope, by the registry's own filters and facts (pilot-facts.repository.ts). */
export const dashboardRepository = {
  /** Every figure, one row per province (group by in SQL); the caller adds the rows up for the totals. */
  async figuresByProvince(db: Queryable, scope: Scope, filter: PilotFilter, year: number | null, today: string) {
    const facts = pilotFacts(today, year);
    const columns: [string, SQL][] = [
      ['provinceCode', sql`${pilots.provinceCode}`],
      ['provinceName', sql`${provinces.name}`],
      ['pilots', count()],
      ['openFindings', count(facts.openFindings())],
      ['starsSum', sql`coalesce(sum(${facts.starsValue()}), 0)::int`],
    ];
    for (const s of PILOT_STATUSES) columns.push([`status.${s}`, count(eq(pilots.status, s))]);
    for (const s of TASK_BOOK_PROGRESS) columns.push([`taskBook.${s}`, count(facts.taskBook(s))]);
    for (const f of REPORT_FACTS) columns.push([`report.${f}`, year === null ? sql`0` : count(facts.report(f))]);
    for (const n of [0, 1, 2, 3]) columns.push([`stars.${n}`, count(facts.stars(n))]);
    return named<Record<string, string | number>>(
      db,
      sql`select ${sql.join(
        columns.map(([name, value]) => sql`${value} as ${sql.identifier(name)}`),
        sql`, `,
      )}
      from ${pilotsWithFacts(year)} join ${provinces} on ${provinces.code} = ${pilots.provinceCode}
      where ${pilotFilters(scope, filter, today) ?? sql`true`}
      group by ${pilots.provinceCode}, ${provinces.name}, ${provinces.sort} order by ${provinces.sort}`,
    );
  },

  /** Planned investment by year and funding source, summed over the signed task books in view (in 万元). */
  async investment(db: Queryable, scope: Scope, filter: PilotFilter, today: string) {
    const { join, col } = pilotFacts(today, null).signedInvestment;
    const sum = (source: FundingSource) => sql`round(sum(${col(taskBookInvestmentYears[source])}), 2)::float8 as ${sql.identifier(source)}`;
    return named<{ year: number; government: number; social: number; bank: number; other: number }>(
      db,
      sql`
      select ${col(taskBookInvestmentYears.year)} as year, ${sql.join(FUNDING_SOURCES.map(sum), sql`, `)}
      from ${pilotsWithFacts(null)} ${join}
      where ${pilotFilters(scope, filter, today) ?? sql`true`}
      group by 1 order by 1`,
    );
  },

  /** The years some pilot in view owes (or will owe) a report for: its signed task book's creation years. */
  async reportYears(db: Queryable, scope: Scope, filter: PilotFilter, today: string): Promise<number[]> {
    // the periods first, each once (a handful among 3,000 books), then their years: 4.7–4.9 ms for the Ministry where
    // spreading every book's period into years first took 7.1–7.3 (PostgreSQL, 3,000 pilots, prepared, pgbench)
    const periods = db
      .selectDistinct({ start: taskBookVersions.periodStart, end: taskBookVersions.periodEnd })
      .from(pilots)
      .innerJoin(taskBooks, sql`${taskBooks.pilotId} = ${pilots.id} and ${taskBooks.status} = 'signed'`)
      .innerJoin(
        taskBookVersions,
        sql`${taskBookVersions.taskBookId} = ${taskBooks.id} and ${taskBookVersions.number} = ${taskBooks.currentVersion}`,
      )
      .where(pilotFilters(scope, filter, today))
      .as('periods');
    const rows = await named<{ year: number }>(
      db,
      db.selectDistinct({ year: sql<number>`generate_series(${periods.start}, ${periods.end})`.as('year') }).from(periods),
    );
    return rows.map((r) => r.year).sort((a, b) => a - b);
  },

  /** What is overdue, oldest first; the dashboard shows the first OVERDUE_LIMIT, an export reads them all page by page. */
  async overdue(
    db: Queryable,
    scope: Scope,
    filter: PilotFilter,
    year: number | null,
    today: string,
    page: { limit: number; offset: number } = { limit: OVERDUE_LIMIT, offset: 0 },
  ) {
    const facts = pilotFacts(today, year);
    const where = pilotFilters(scope, filter, today) ?? sql`true`;
    const pilot = sql`${pilots.id} as pilot_id, ${pilots.publishedName} as pilot_name, ${provinces.name} as province_name`;
    const from = sql`${pilotsWithFacts(year)} join ${provinces} on ${provinces.code} = ${pilots.provinceCode}`;
    const reports =
      year === null
        ? sql``
        : sql`union all select 'report', ${pilot}, ${facts.reportDeadline()}, ${facts.reportId()}
          from ${from} where ${where} and ${facts.report('overdue')}`;
    return named<{
      kind: 'taskBook' | 'report' | 'rectification';
      pilot_id: string;
      pilot_name: string;
      province_name: string;
      due_date: string;
      subject_id: string | null;
      total: number;
    }>(
      db,
      sql`select *, count(*) over () ::int as total from (
        select 'taskBook' as kind, ${pilot}, ${facts.taskBookDeadline()} as due_date, ${facts.taskBookId()} as subject_id
        from ${from} where ${where} and ${facts.taskBookOverdue()}
        ${reports}
        union all select 'rectification', ${pilot}, ${findings.rectificationDue}::text, ${findings.id}
        from ${findings} join ${pilots} on ${pilots.id} = ${findings.pilotId} join ${provinces} on ${provinces.code} = ${pilots.provinceCode}
        where ${where} and ${findings.status} = 'open' and ${findings.rectificationDue} < ${today}
      ) overdue order by due_date, pilot_name, kind, pilot_id, subject_id limit ${page.limit} offset ${page.offset}`,
    );
  },

  /** Each pilot in view with where it stands. */
  async progress(db: Queryable, scope: Scope, filter: PilotFilter, year: number | null, today: string) {
    const facts = pilotFacts(today, year);
    const report =
      year === null
        ? sql`null`
        : sql`case when ${facts.report('accepted')} then 'accepted' when ${facts.report('submitted')} then 'submitted'
            when ${facts.report('overdue')} then 'overdue' when ${facts.report('due')} then 'due' end`;
    return named<{
      id: string;
      name: string;
      batchYear: number;
      status: string;
      taskBook: string;
      report: string | null;
      reportsAccepted: number;
      openFindings: number;
      stars: number | null;
    }>(
      db,
      sql`select ${pilots.id} as id, ${pilots.publishedName} as name, ${batches.year} as "batchYear", ${pilots.status} as status,
        ${facts.taskBookStatus()} as "taskBook", ${report} as report,
        (select count(*) from ${annualReports} where ${annualReports.pilotId} = ${pilots.id}
          and ${annualReports.status} = 'accepted')::int as "reportsAccepted",
        (select count(*) from ${findings} where ${findings.pilotId} = ${pilots.id}
          and ${findings.status} in ('open', 'answered'))::int as "openFindings",
        ${facts.starsValue()} as stars
      from ${pilotsWithFacts(year)} join ${batches} on ${batches.id} = ${pilots.batchId}
      where ${pilotFilters(scope, filter, today) ?? sql`true`}
      order by ${batches.year}, ${pilots.seq}`,
    );
  },
};
