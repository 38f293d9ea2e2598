import { reportDueDate, reportVisibleFrom, type ReportFact, type TaskBookProgress } from '@smartcity/domain';
import { and, getTableName, sql, type AnyColumn, type Placeholder, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import {
  acceptances,
  annualReports,
  batches,
  extensionRequests,
  findings,
  pilots,
  taskBookInvestmentYears,
  taskBooks,
  taskBookVersions,
} from '../../db/schema.js';

/**
 * A column named with its table, always: in the fields of a query on one table Drizzle leaves columns bare, and a bare
 * `"id"` in a subquery would name the subquery's own column.
 */
const q = (c: AnyColumn) => sql`${sql.identifier(getTableName(c.table))}.${sql.identifier(c.name)}`;

/**
 * A year's report is owed by 31 December, or by the latest date an extension granted (each is later than the last);
 * of a report row's pilot and year.
 */
export function reportDeadline(pilotId: AnyColumn, year: AnyColumn): SQL<string> {
  const e = extensionRequests;
  return sql<string>`coalesce(
    (select max(${q(e.grantedUntil)}) from ${e} where ${q(e.pilotId)} = ${q(pilotId)}
      and ${q(e.subject)} = 'annualReport' and ${q(e.reportYear)} = ${q(year)} and ${q(e.status)} = 'granted'),
    make_date(${q(year)}, 12, 31))::text`;
}

/** A table under a name of the fact joins, and its columns by that name. */
function joined<T extends PgTable>(table: T, name: string) {
  return {
    from: sql`${sql.identifier(getTableName(table))} ${sql.identifier(name)}`,
    col: (c: AnyColumn) => sql`${sql.identifier(name)}.${sql.identifier(c.name)}`,
  };
}
const book = joined(taskBooks, 'pf_book');
const version = joined(taskBookVersions, 'pf_version');
const batch = joined(batches, 'pf_batch');
const report = joined(annualReports, 'pf_report');
const investment = joined(taskBookInvestmentYears, 'pf_investment');
const P = q(pilots.id);

/**
 * Where a date stands in a report year: before the year's reports are owed (1 November), owed, or past due (after
 * 31 December; an extension only moves a deadline later). The facts' text chooses by it; the dates are values.
 */
export type ReportPhase = 'early' | 'owed' | 'pastDue';

/**
 * A report year as the facts read it: the year and its due date, each a value or a prepared statement's placeholder,
 * and the phase, which picks the statement's text.
 */
export interface ReportYear<Year = number | Placeholder, Due = string | Placeholder> {
  year: Year;
  due: Due;
  phase: ReportPhase;
}

/** The report year `year` as of `today` (Beijing date), with its values; null without a year. */
export const reportYearOf = (today: string, year: number | null): ReportYear<number, string> | null =>
  year === null
    ? null
    : {
        year,
        due: reportDueDate(year),
        phase: today < reportVisibleFrom(year) ? 'early' : today <= reportDueDate(year) ? 'owed' : 'pastDue',
      };

/**
 * The tables a pilot's facts read, joined to `pilots` once each — hashed over the whole set rather than asked once
 * per pilot and figure (that made the Ministry dashboard cost ~20 subqueries × every pilot, and JIT compilation on
 * top): its own batch's task book and that book's current version, its batch, whether a finding is not yet closed,
 * its confirmed rating and, for a report year, that year's report and the latest extension granted for it.
 */
export function factJoins(at: ReportYear | null): SQL {
  const e = extensionRequests;
  const f = findings;
  const a = acceptances;
  const reportJoins =
    at === null
      ? sql``
      : sql`left join ${report.from} on ${report.col(annualReports.pilotId)} = ${P} and ${report.col(annualReports.year)} = ${at.year}
      left join (select ${q(e.pilotId)} as pilot_id, max(${q(e.grantedUntil)}) as until from ${e}
        where ${q(e.subject)} = 'annualReport' and ${q(e.reportYear)} = ${at.year} and ${q(e.status)} = 'granted'
        group by ${q(e.pilotId)}) pf_extension on pf_extension.pilot_id = ${P}`;
  return sql`join ${batch.from} on ${batch.col(batches.id)} = ${q(pilots.batchId)}
    left join ${book.from} on ${book.col(taskBooks.pilotId)} = ${P} and ${book.col(taskBooks.batchId)} = ${q(pilots.batchId)}
    left join ${version.from} on ${version.col(taskBookVersions.taskBookId)} = ${book.col(taskBooks.id)}
      and ${version.col(taskBookVersions.number)} = ${book.col(taskBooks.currentVersion)}
    left join (select distinct ${q(f.pilotId)} as pilot_id from ${f} where ${q(f.status)} in ('open', 'answered')) pf_findings
      on pf_findings.pilot_id = ${P}
    left join (select ${q(a.pilotId)} as pilot_id, max((${q(a.rating)}->>'stars')::int) as stars from ${a}
      where ${q(a.status)} in ('confirmed', 'published') group by ${q(a.pilotId)}) pf_rating on pf_rating.pilot_id = ${P}
    ${reportJoins}`;
}

/** `pilots` with the fact joins: the FROM of a query whose filters or figures use the facts. */
export const pilotsWithFacts = (at: ReportYear | null) => sql`${pilots} ${factJoins(at)}`;

/**
 * Facts about a pilot as predicates over `pilotsWithFacts(at)`: the registry filters by them and the dashboards
 * count them (count(*) filter (where …)), so a figure and the list it links to cannot disagree. `today` is the
 * Beijing date; report facts are of the report year `at` (reportYearOf), the one the facts were joined for.
 */
export function pilotFacts(today: string | Placeholder, at: ReportYear | null) {
  const asked = () => {
    if (at === null) throw new Error('a report fact needs the year its facts were joined for');
    return at;
  };
  const notSubmitted = sql`(coalesce(${report.col(annualReports.status)}, 'draft') = 'draft')`;

  const facts = {
    taskBook(progress: TaskBookProgress): SQL {
      return progress === 'none' ? sql`${book.col(taskBooks.id)} is null` : sql`${book.col(taskBooks.status)} = ${progress}`;
    },

    /** its signed task book's creation period covers the year, and the report is owed by now (from 1 November) */
    reportDue(): SQL {
      const { year: y, phase } = asked();
      if (phase === 'early') return sql`false`;
      return sql`(${book.col(taskBooks.status)} = 'signed' and ${version.col(taskBookVersions.periodStart)} <= ${y}
        and ${version.col(taskBookVersions.periodEnd)} >= ${y})`;
    },

    report(fact: ReportFact): SQL {
      const { phase } = asked();
      switch (fact) {
        case 'due':
          return facts.reportDue();
        case 'submitted':
          return sql`not ${notSubmitted}`;
        case 'accepted':
          return sql`coalesce(${report.col(annualReports.status)} = 'accepted', false)`;
        case 'overdue':
          // an extension only ever moves the date later: before 31 December nothing is overdue
          if (phase !== 'pastDue') return sql`false`;
          return and(facts.reportDue(), notSubmitted, sql`${facts.reportDeadline()} < ${today}`)!;
      }
    },

    /** the report's id, null when not started */
    reportId(): SQL {
      asked();
      return report.col(annualReports.id);
    },

    /** 31 December, or the latest extension granted */
    reportDeadline(): SQL<string> {
      return sql<string>`coalesce(pf_extension.until, ${asked().due}::date)::text`;
    },

    /** a finding not yet closed: open or answered */
    openFindings(): SQL {
      return sql`pf_findings.pilot_id is not null`;
    },

    /** rated (confirmed by the Ministry) with these stars; 0 = failed */
    stars(n: number): SQL {
      return sql`pf_rating.stars = ${n}`;
    },

    /** the confirmed rating's stars, null when not rated: for averages */
    starsValue(): SQL<number | null> {
      return sql<number | null>`pf_rating.stars`;
    },

    /**
     * the signed task book's planned investment, a row per year: `join` onto the facts (a pilot without a signed book
     * drops out), and its columns. By the book alone: with the pilot's key as well, PostgreSQL multiplied the three
     * columns' odds and expected 5 rows of 15,000, and sorted them through a loop (34 ms for the Ministry, 9 ms without).
     */
    signedInvestment: {
      join: sql`join ${investment.from} on ${investment.col(taskBookInvestmentYears.taskBookId)} = ${book.col(taskBooks.id)}
        and ${investment.col(taskBookInvestmentYears.version)} = ${book.col(taskBooks.currentVersion)}
        and ${book.col(taskBooks.status)} = 'signed'`,
      col: investment.col,
    },

    /** its own batch's task book, null when not started */
    taskBookId: (): SQL => book.col(taskBooks.id),
    taskBookStatus: (): SQL<string> => sql<string>`coalesce(${book.col(taskBooks.status)}, 'none')`,

    /** never submitted its task book, and the batch's deadline (or its extension) has passed */
    taskBookOverdue(): SQL {
      return sql`not coalesce(${book.col(taskBooks.currentVersion)} > 0, false) and ${facts.taskBookDeadline()} < ${today}`;
    },

    /** the batch's task-book deadline, or the extension granted to this pilot's book */
    taskBookDeadline(): SQL<string | null> {
      return sql<string | null>`coalesce(${book.col(taskBooks.deadlineExtendedTo)}, ${batch.col(batches.taskBookDeadline)})::text`;
    },
  };
  return facts;
}
export type PilotFacts = ReturnType<typeof pilotFacts>;

/** The pilots with all these facts, as a filter on `pilots` (a semi-join on the fact joins, computed once). */
export function pilotsWhere(at: ReportYear | null, where: (SQL | undefined)[]): SQL | undefined {
  const conditions = where.filter((w): w is SQL => w !== undefined);
  if (conditions.length === 0) return undefined;
  return sql`${P} in (select ${P} from ${pilotsWithFacts(at)} where ${and(...conditions)})`;
}
