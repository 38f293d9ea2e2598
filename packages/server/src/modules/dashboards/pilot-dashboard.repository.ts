import { sql, type AnyColumn } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { annualReports, taskBooks, taskBookVersions } from '../../db/schema.js';

/** a column of the signed version, as a SQL expression; null when nothing is signed */
const signedVersion = (pilotId: string, column: AnyColumn) =>
  sql`(select ${column} from ${taskBooks} join ${taskBookVersions}
      on ${taskBookVersions.taskBookId} = ${taskBooks.id} and ${taskBookVersions.number} = ${taskBooks.currentVersion}
      where ${taskBooks.pilotId} = ${pilotId} and ${taskBooks.status} = 'signed' limit 1)`;
/** the signed version's content */
const signed = (pilotId: string) => signedVersion(pilotId, taskBookVersions.content);

const accepted = (pilotId: string) => sql`${annualReports.pilotId} = ${pilotId} and ${annualReports.status} = 'accepted'`;

/**
 * One pilot's progress, summed in SQL from the JSON of its signed task book (the version the three parties signed)
 * and of its accepted annual reports. Callers have checked the pilot is in scope.
 */
export const pilotDashboardRepository = {
  async projects(db: Queryable, pilotId: string) {
    const result = await db.execute<{ signed: boolean; planned: number; reported: number; completed: number }>(sql`
      with book as (select ${signed(pilotId)} as content),
      progress as (select p->>'id' as id, p->>'state' as state from ${annualReports}, jsonb_array_elements(${annualReports.content}->'projects') p
        where ${accepted(pilotId)})
      select (select content is not null from book) as signed,
        coalesce((select jsonb_array_length(content->'tasks'->'projects') from book), 0)::int as planned,
        (select count(distinct id) from progress where state <> 'notStarted')::int as reported,
        (select count(distinct id) from progress where state = 'completed')::int as completed`);
    return result.rows[0]!;
  },

  /** Planned investment (each project's spread evenly over its years: the version's generated column) against what accepted reports say was spent. */
  async funding(db: Queryable, pilotId: string) {
    const result = await db.execute<{ year: number; planned: number; spent: number }>(sql`
      with planned as (
        select y.key::int as year, (select sum(s.value::numeric) from jsonb_each_text(y.value) s) as amount
        from jsonb_each(coalesce(${signedVersion(pilotId, taskBookVersions.investment)}, '{}'::jsonb)) y),
      spent as (
        select ${annualReports.year} as year, sum(coalesce((p->'spent'->>'government')::numeric, 0) + coalesce((p->'spent'->>'social')::numeric, 0)
          + coalesce((p->'spent'->>'bank')::numeric, 0) + coalesce((p->'spent'->>'other')::numeric, 0)) as amount
        from ${annualReports}, jsonb_array_elements(${annualReports.content}->'projects') p
        where ${accepted(pilotId)} group by ${annualReports.year})
      select coalesce(planned.year, spent.year)::int as year, round(coalesce(planned.amount, 0), 2)::float8 as planned,
        round(coalesce(spent.amount, 0), 2)::float8 as spent
      from planned full join spent on spent.year = planned.year order by 1`);
    return result.rows;
  },

  /** Each indicator's numeric target per year beside the actual its accepted report of that year gives. */
  async indicators(db: Queryable, pilotId: string) {
    const result = await db.execute<{
      id: string;
      name: string;
      unit: string;
      year: number;
      target: number | null;
      actual: number | null;
    }>(sql`
      select i->>'id' as id, i->>'name' as name, coalesce(i->>'unit', '') as unit, t.key::int as year,
        case when jsonb_typeof(t.value) = 'number' then (t.value #>> '{}')::float8 end as target,
        (select (ri->>'actual')::float8 from ${annualReports}, jsonb_array_elements(${annualReports.content}->'indicators') ri
          where ${accepted(pilotId)} and ${annualReports.year} = t.key::int and ri->>'id' = i->>'id'
            and jsonb_typeof(ri->'actual') = 'number' limit 1) as actual
      from jsonb_array_elements(coalesce(${signed(pilotId)}->'indicators'->'items', '[]'::jsonb)) with ordinality as x(i, n),
        jsonb_each(i->'targetsByYear') t
      order by x.n, year`);
    return result.rows;
  },
};
