import type { AnalyticsCohort } from '@smartcity/domain';
import { sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { annualReports, batches, indicators, indicatorSystems, pilots, provinces, taskBooks, taskBookVersions } from '../../db/schema.js';
import type { Scope } from '../../tenancy/scope.js';
import { pilotFilters } from '../pilots/pilots.repository.js';

const COHORT_KEY: Record<AnalyticsCohort, SQL> = {
  batch: sql`${batches.year}::text`,
  kind: sql`${pilots.kind}`,
  province: sql`${pilots.provinceCode}`,
};

export type AnalyticsRow = {
  year: number;
  /** null on the rows of every pilot in view (the grouping set without the cohort) */
  cohort_key: string | null;
  cohort_name: string | null;
  pilots: number;
  min: number | null;
  q1: number | null;
  median: number | null;
  q3: number | null;
  max: number | null;
  /** a qualitative indicator's answer (the rows are per answer then), else null */
  answer: number | null;
};

/**
 * One value per pilot in scope and year: the actual of the year's accepted annual report for the task-book item coded
 * as the level-3 indicator (the item ids of the task book's current version; the indicator must belong to the
 * pilot's batch's indicator system). Reports not accepted, and items without a number, give nothing.
 */
function values(scope: Scope, indicatorId: string, cohort: AnalyticsCohort, today: string, pilotId?: string) {
  return sql`with indicator as (
      select ${indicators.code} as code, ${indicatorSystems.code} as system_code from ${indicators}
      join ${indicatorSystems} on ${indicatorSystems.id} = ${indicators.systemId} where ${indicators.id} = ${indicatorId}),
    scoped as (
      select ${pilots.id} as pilot_id, ${COHORT_KEY[cohort]} as cohort_key,
        ${cohort === 'province' ? sql`${provinces.name}` : sql`null::text`} as cohort_name
      from ${pilots} join ${batches} on ${batches.id} = ${pilots.batchId}
        join ${provinces} on ${provinces.code} = ${pilots.provinceCode}
      where ${pilotFilters(scope, {}, today) ?? sql`true`} ${pilotId ? sql`and ${pilots.id} = ${pilotId}` : sql``}
        and ${batches.indicatorSystemCode} = (select system_code from indicator)),
    items as (
      select distinct on (${taskBooks.id}) ${taskBooks.id} as task_book_id, item->>'id' as item_id
      from ${taskBooks} join scoped on scoped.pilot_id = ${taskBooks.pilotId}
        join ${taskBookVersions} on ${taskBookVersions.taskBookId} = ${taskBooks.id} and ${taskBookVersions.number} = ${taskBooks.currentVersion},
        jsonb_array_elements(${taskBookVersions.content}->'indicators'->'items') item
      where item->>'indicatorCode' = (select code from indicator))
    select scoped.pilot_id, scoped.cohort_key, scoped.cohort_name, ${annualReports.year} as year, actual.value
    from ${annualReports} join items on items.task_book_id = ${annualReports.taskBookId}
      join scoped on scoped.pilot_id = ${annualReports.pilotId},
      lateral (select (reported->>'actual')::float8 as value from jsonb_array_elements(${annualReports.content}->'indicators') reported
        where reported->>'id' = items.item_id and jsonb_typeof(reported->'actual') = 'number' limit 1) actual
    where ${annualReports.status} = 'accepted'`;
}

/** The analytics query: by year, and by year and cohort (grouping sets), over the values above. */
export function analyticsQuery(scope: Scope, indicatorId: string, cohort: AnalyticsCohort, qualitative: boolean, today: string): SQL {
  const numbers = qualitative
    ? sql`null::float8 as min, null::float8 as q1, null::float8 as median, null::float8 as q3, null::float8 as max, value as answer`
    : sql`min(value) as min, percentile_cont(0.25) within group (order by value) as q1,
        percentile_cont(0.5) within group (order by value) as median, percentile_cont(0.75) within group (order by value) as q3,
        max(value) as max, null::float8 as answer`;
  const answer = qualitative ? sql`, value` : sql``;
  return sql`with v as (${values(scope, indicatorId, cohort, today)})
    select year, cohort_key, cohort_name, count(*)::int as pilots, ${numbers}
    from v group by grouping sets ((year${answer}), (year, cohort_key, cohort_name${answer}))
    order by year, cohort_key nulls first${answer}`;
}

export const indicatorAnalyticsRepository = {
  /** A level-3 indicator of any system, or null. */
  async indicator(db: Queryable, id: string) {
    const result = await db.execute<{ id: string; code: string; name: string; qualitative: boolean; level: number }>(
      sql`select ${indicators.id} as id, ${indicators.code} as code, ${indicators.name} as name, ${indicators.qualitative} as qualitative,
        ${indicators.level} as level from ${indicators} where ${indicators.id} = ${id}`,
    );
    const row = result.rows[0];
    return row && row.level === 3 ? row : null;
  },

  async summaries(db: Queryable, scope: Scope, indicatorId: string, cohort: AnalyticsCohort, qualitative: boolean, today: string) {
    return (await db.execute<AnalyticsRow>(analyticsQuery(scope, indicatorId, cohort, qualitative, today))).rows;
  },

  /** One pilot's values by year. */
  async pilotValues(db: Queryable, scope: Scope, indicatorId: string, today: string, pilotId: string) {
    const result = await db.execute<{ year: number; value: number }>(
      sql`select year, value from (${values(scope, indicatorId, 'batch', today, pilotId)}) v order by year`,
    );
    return result.rows;
  },
};
