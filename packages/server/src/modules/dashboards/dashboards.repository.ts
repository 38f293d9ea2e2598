import { FUNDING_SOURCES, PILOT_STATUSES, REPORT_FACTS, TASK_BOOK_PROGRESS, type FundingSource } from '@smartcity/domain';
import { eq, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import {
  annualReports,
  batches,
  findings,
  pilots,
  provinces,
  inWan,
  taskBookInvestmentYears,
  taskBooks,
  taskBookVersions,
} from '../../db/schema.js';
import type { Scope } from '../../tenancy/scope.js';
import { preparedSql, type Placeholders } from '../../shared/prepared.repository.js';
import { pilotFacts, pilotsWithFacts, reportYearOf, type ReportPhase, type ReportYear } from '../pilots/pilot-facts.repository.js';
import { plainFilters, type PilotFilter } from '../pilots/pilots.repository.js';

const count = (where?: SQL) => (where ? sql`count(*) filter (where ${where})::int` : sql`count(*)::int`);
const OVERDUE_LIMIT = 100;

/** The registry's filters a dashboard takes. */
export type DashboardFilter = Pick<PilotFilter, 'batch' | 'province'>;

/** What a dashboard's figures are of: the reader's filter, today (the Beijing date) and the report year shown. */
export interface DashboardView {
  filter: DashboardFilter;
  today: string;
  year: number | null;
}

/** A view's values, each a placeholder of the statements: the report year's due date too (reportYearOf). */
interface ViewValues {
  batch: number | undefined;
  province: string | undefined;
  today: string;
  year: number | undefined;
  due: string | undefined;
}
/** The report year's phase picks the facts' text (what can be due or overdue yet); the dates are values. */
type ViewShape = { phase: ReportPhase | undefined };

/** A view as its statement's text sees it: the report year's placeholders and phase, the facts, the filter. */
function placed(scope: Scope, args: Placeholders<ViewValues>, { phase }: ViewShape) {
  const at: ReportYear | null = args.year && args.due && phase ? { year: args.year, due: args.due, phase } : null;
  return {
    at,
    today: args.today,
    facts: pilotFacts(args.today, at),
    where: plainFilters(scope, { batch: args.batch, province: args.province }) ?? sql`true`,
  };
}
type Placed = ReturnType<typeof placed>;

/**
 * A dashboard statement, built once per tier, filters given and the report year's phase, then run with the view's
 * values bound; `More` are its own values besides the view's (a page's window).
 */
function viewStatement<R extends Record<string, unknown>, More extends Record<string, unknown> = Record<never, never>>(
  name: string,
  build: (view: Placed, args: Placeholders<ViewValues & More>) => SQL,
) {
  const read = preparedSql<ViewShape, ViewValues & More, R>(name, (scope, args, shape) => build(placed(scope, args, shape), args));
  return (db: Queryable, scope: Scope, { filter, today, year }: DashboardView, more = {} as More) => {
    const at = reportYearOf(today, year);
    return read(
      db,
      scope,
      { batch: filter.batch, province: filter.province, today, year: at?.year, due: at?.due, ...more },
      { phase: at?.phase },
    );
  };
}

/** Every figure, one row per province (group by in SQL); the caller adds the rows up for the totals. */
const figuresByProvince = viewStatement<Record<string, string | number>>('dashboard_figures', ({ at, facts, where }) => {
  const columns: [string, SQL][] = [
    ['provinceCode', sql`${pilots.provinceCode}`],
    ['provinceName', sql`${provinces.name}`],
    ['pilots', count()],
    ['openFindings', count(facts.openFindings())],
    ['starsSum', sql`coalesce(sum(${facts.starsValue()}), 0)::int`],
  ];
  for (const s of PILOT_STATUSES) columns.push([`status.${s}`, count(eq(pilots.status, s))]);
  for (const s of TASK_BOOK_PROGRESS) columns.push([`taskBook.${s}`, count(facts.taskBook(s))]);
  for (const f of REPORT_FACTS) columns.push([`report.${f}`, at === null ? sql`0` : count(facts.report(f))]);
  for (const n of [0, 1, 2, 3]) columns.push([`stars.${n}`, count(facts.stars(n))]);
  return sql`select ${sql.join(
    columns.map(([name, value]) => sql`${value} as ${sql.identifier(name)}`),
    sql`, `,
  )}
    from ${pilotsWithFacts(at)} join ${provinces} on ${provinces.code} = ${pilots.provinceCode}
    where ${where}
    group by ${pilots.provinceCode}, ${provinces.name}, ${provinces.sort} order by ${provinces.sort}`;
});

/** Planned investment by year and funding source, summed over the signed task books in view (in 万元; the rows are in 元). */
const investment = viewStatement<{ year: number; government: number; social: number; bank: number; other: number }>(
  'dashboard_investment',
  ({ facts, where }) => {
    const { join, col } = facts.signedInvestment;
    const sum = (source: FundingSource) =>
      sql`round(${inWan(sql`sum(${col(taskBookInvestmentYears[source])})`)}, 2)::float8 as ${sql.identifier(source)}`;
    return sql`
      select ${col(taskBookInvestmentYears.year)} as year, ${sql.join(FUNDING_SOURCES.map(sum), sql`, `)}
      from ${pilotsWithFacts(null)} ${join}
      where ${where}
      group by 1 order by 1`;
  },
);

/**
 * The years some pilot in view owes (or will owe) a report for: its signed task book's creation years. The periods
 * first, each once (a handful among 3,000 books), then their years: 4.7–4.9 ms for the Ministry where spreading every
 * book's period into years first took 7.1–7.3 (PostgreSQL, 3,000 pilots, prepared, pgbench).
 */
const reportYears = viewStatement<{ year: number }>(
  'dashboard_report_years',
  ({ where }) => sql`select distinct generate_series(periods.period_start, periods.period_end) as year from (
      select distinct ${taskBookVersions.periodStart}, ${taskBookVersions.periodEnd} from ${pilots}
      join ${taskBooks} on ${taskBooks.pilotId} = ${pilots.id} and ${taskBooks.status} = 'signed'
      join ${taskBookVersions} on ${taskBookVersions.taskBookId} = ${taskBooks.id} and ${taskBookVersions.number} = ${taskBooks.currentVersion}
      where ${where}) periods`,
);

/** What is overdue, oldest first, a page of it. */
const overdue = viewStatement<
  {
    kind: 'taskBook' | 'report' | 'rectification';
    pilot_id: string;
    pilot_name: string;
    province_name: string;
    due_date: string;
    subject_id: string | null;
    total: number;
  },
  { limit: number; offset: number }
>('dashboard_overdue', ({ at, today, facts, where }, { limit, offset }) => {
  const pilot = sql`${pilots.id} as pilot_id, ${pilots.publishedName} as pilot_name, ${provinces.name} as province_name`;
  const from = sql`${pilotsWithFacts(at)} join ${provinces} on ${provinces.code} = ${pilots.provinceCode}`;
  const reports =
    at === null
      ? sql``
      : sql`union all select 'report', ${pilot}, ${facts.reportDeadline()}, ${facts.reportId()}
        from ${from} where ${where} and ${facts.report('overdue')}`;
  return sql`select *, count(*) over () ::int as total from (
      select 'taskBook' as kind, ${pilot}, ${facts.taskBookDeadline()} as due_date, ${facts.taskBookId()} as subject_id
      from ${from} where ${where} and ${facts.taskBookOverdue()}
      ${reports}
      union all select 'rectification', ${pilot}, ${findings.rectificationDue}::text, ${findings.id}
      from ${findings} join ${pilots} on ${pilots.id} = ${findings.pilotId} join ${provinces} on ${provinces.code} = ${pilots.provinceCode}
      where ${where} and ${findings.status} = 'open' and ${findings.rectificationDue} < ${today}
    ) overdue order by due_date, pilot_name, kind, pilot_id, subject_id limit ${limit} offset ${offset}`;
});

/** Each pilot in view with where it stands. */
const progress = viewStatement<{
  id: string;
  name: string;
  batchYear: number;
  status: string;
  taskBook: string;
  report: string | null;
  reportsAccepted: number;
  openFindings: number;
  stars: number | null;
}>('dashboard_progress', ({ at, facts, where }) => {
  const report =
    at === null
      ? sql`null`
      : sql`case when ${facts.report('accepted')} then 'accepted' when ${facts.report('submitted')} then 'submitted'
          when ${facts.report('overdue')} then 'overdue' when ${facts.report('due')} then 'due' end`;
  return sql`select ${pilots.id} as id, ${pilots.publishedName} as name, ${batches.year} as "batchYear", ${pilots.status} as status,
      ${facts.taskBookStatus()} as "taskBook", ${report} as report,
      (select count(*) from ${annualReports} where ${annualReports.pilotId} = ${pilots.id}
        and ${annualReports.status} = 'accepted')::int as "reportsAccepted",
      (select count(*) from ${findings} where ${findings.pilotId} = ${pilots.id}
        and ${findings.status} in ('open', 'answered'))::int as "openFindings",
      ${facts.starsValue()} as stars
    from ${pilotsWithFacts(at)} join ${batches} on ${batches.id} = ${pilots.batchId}
    where ${where}
    order by ${batches.year}, ${pilots.seq}`;
});

/** Aggregates over the pilots in scope, by the registry's own filters and facts (pilot-facts.repository.ts). */
export const dashboardRepository = {
  figuresByProvince,
  investment: (db: Queryable, scope: Scope, view: Omit<DashboardView, 'year'>) => investment(db, scope, { ...view, year: null }),
  async reportYears(db: Queryable, scope: Scope, view: Omit<DashboardView, 'year'>): Promise<number[]> {
    const rows = await reportYears(db, scope, { ...view, year: null });
    return rows.map((r) => r.year).sort((a, b) => a - b);
  },
  /** the dashboard shows the first OVERDUE_LIMIT, an export reads them all page by page */
  overdue: (db: Queryable, scope: Scope, view: DashboardView, page = { limit: OVERDUE_LIMIT, offset: 0 }) => overdue(db, scope, view, page),
  progress,
};
