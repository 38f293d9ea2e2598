import { reportDueDate, reportVisibleFrom, type ReportFact, type TaskBookProgress } from '@smartcity/domain';
import { and, getTableName, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { acceptances, annualReports, batches, extensionRequests, findings, pilots, taskBooks, taskBookVersions } from '../../db/schema.js';

/**
 * A column named with its table, always: in the fields of a query on one table Drizzle leaves columns bare, and a bare
 * `"id"` in a correlated subquery would name the subquery's own column.
 */
const q = (c: AnyColumn) => sql`${sql.identifier(getTableName(c.table))}.${sql.identifier(c.name)}`;

/**
 * A year's report is owed by 31 December, or by the latest date an extension granted (each is later than the last);
 * of a pilot and a year given as columns (a report row) or as the pilot row and a number.
 */
export function reportDeadline(pilotId: AnyColumn, year: AnyColumn | number): SQL<string> {
  const y = typeof year === 'number' ? sql`${year}` : q(year);
  const dueDate = typeof year === 'number' ? sql`${reportDueDate(year)}::date` : sql`make_date(${y}, 12, 31)`;
  const e = extensionRequests;
  return sql<string>`coalesce(
    (select max(${q(e.grantedUntil)}) from ${e} where ${q(e.pilotId)} = ${q(pilotId)}
      and ${q(e.subject)} = 'annualReport' and ${q(e.reportYear)} = ${y} and ${q(e.status)} = 'granted'),
    ${dueDate})::text`;
}

/**
 * Facts about a pilot as row predicates on `pilots`: the registry filters by them and the dashboards count them
 * (count(*) filter (where …)), so a figure and the list it links to cannot disagree. `today` is the Beijing date.
 */
export function pilotFacts(today: string) {
  /** its own batch's task book */
  const book = (extra: SQL) =>
    sql`exists (select 1 from ${taskBooks} where ${taskBooks.pilotId} = ${pilots.id} and ${taskBooks.batchId} = ${pilots.batchId} and ${extra})`;
  const report = (year: number, extra: SQL) =>
    sql`exists (select 1 from ${annualReports} where ${annualReports.pilotId} = ${pilots.id} and ${annualReports.year} = ${year} and ${extra})`;

  const facts = {
    taskBook(progress: TaskBookProgress): SQL {
      return progress === 'none' ? sql`not ${book(sql`true`)}` : book(sql`${taskBooks.status} = ${progress}`);
    },

    /** its signed task book's creation period covers the year, and the report is owed by now (from 1 November) */
    reportDue(year: number): SQL {
      if (today < reportVisibleFrom(year)) return sql`false`;
      return sql`exists (select 1 from ${taskBooks} join ${taskBookVersions} on ${taskBookVersions.taskBookId} = ${taskBooks.id}
        and ${taskBookVersions.number} = ${taskBooks.currentVersion}
        where ${taskBooks.pilotId} = ${pilots.id} and ${taskBooks.status} = 'signed'
        and ${taskBookVersions.periodStart} <= ${year} and ${taskBookVersions.periodEnd} >= ${year})`;
    },

    report(fact: ReportFact, year: number): SQL {
      switch (fact) {
        case 'due':
          return facts.reportDue(year);
        case 'submitted':
          return report(year, sql`${annualReports.status} <> 'draft'`);
        case 'accepted':
          return report(year, sql`${annualReports.status} = 'accepted'`);
        case 'overdue':
          // an extension only ever moves the date later: before 31 December nothing is overdue
          if (today <= reportDueDate(year)) return sql`false`;
          return and(
            facts.reportDue(year),
            sql`not ${report(year, sql`${annualReports.status} <> 'draft'`)}`,
            sql`${facts.reportDeadline(year)} < ${today}`,
          )!;
      }
    },

    /** a finding not yet closed: open or answered */
    openFindings(): SQL {
      return sql`exists (select 1 from ${findings} where ${findings.pilotId} = ${pilots.id} and ${findings.status} in ('open', 'answered'))`;
    },

    /** rated (confirmed by the Ministry) with these stars; 0 = failed */
    stars(n: number): SQL {
      return sql`exists (select 1 from ${acceptances} where ${acceptances.pilotId} = ${pilots.id}
        and ${acceptances.status} in ('confirmed', 'published') and (${acceptances.rating}->>'stars')::int = ${n})`;
    },

    /** the confirmed rating's stars, null when not rated: for averages */
    starsValue(): SQL {
      return sql`(select (${acceptances.rating}->>'stars')::int from ${acceptances} where ${acceptances.pilotId} = ${pilots.id}
        and ${acceptances.status} in ('confirmed', 'published'))`;
    },

    /** never submitted its task book, and the batch's deadline (or its extension) has passed */
    taskBookOverdue(): SQL {
      return sql`not ${book(sql`${taskBooks.currentVersion} > 0`)} and ${facts.taskBookDeadline()} < ${today}`;
    },

    reportDeadline(year: number): SQL<string | null> {
      return reportDeadline(pilots.id, year);
    },

    /** the batch's task-book deadline, or the extension granted to this pilot's book */
    taskBookDeadline(): SQL<string | null> {
      return sql<string | null>`coalesce(
        (select ${q(taskBooks.deadlineExtendedTo)} from ${taskBooks} where ${q(taskBooks.pilotId)} = ${q(pilots.id)}
          and ${q(taskBooks.batchId)} = ${q(pilots.batchId)}),
        (select ${q(batches.taskBookDeadline)} from ${batches} where ${q(batches.id)} = ${q(pilots.batchId)}))::text`;
    },
  };
  return facts;
}
export type PilotFacts = ReturnType<typeof pilotFacts>;
