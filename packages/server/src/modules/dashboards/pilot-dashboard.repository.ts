import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { annualReports, inWan, taskBookInvestmentYears, taskBooks, taskBookVersions } from '../../db/schema.js';

/** the pilot's signed task book (id, version): the version the three parties signed; no row when nothing is signed */
const signedBook = (pilotId: string) =>
  sql`(select ${taskBooks.id} as id, ${taskBooks.currentVersion} as version from ${taskBooks}
      where ${taskBooks.pilotId} = ${pilotId} and ${taskBooks.status} = 'signed' limit 1) signed_book`;
/** the signed version's content */
const signed = (pilotId: string) =>
  sql`(select ${taskBookVersions.content} from ${taskBookVersions}, ${signedBook(pilotId)}
      where ${taskBookVersions.taskBookId} = signed_book.id and ${taskBookVersions.number} = signed_book.version)`;

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

  /**
   * Planned investment (each project's spread evenly over its years: the version's rows by year, in 元) against what
   * accepted reports say was spent, in 万元.
   */
  async funding(db: Queryable, pilotId: string) {
    const y = taskBookInvestmentYears;
    const result = await db.execute<{ year: number; planned: number; spent: number }>(sql`
      with planned as (
        select ${y.year} as year, ${inWan(sql`${y.government} + ${y.social} + ${y.bank} + ${y.other}`)} as amount
        from ${y}, ${signedBook(pilotId)}
        where ${y.pilotId} = ${pilotId} and ${y.taskBookId} = signed_book.id and ${y.version} = signed_book.version),
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
