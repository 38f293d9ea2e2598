import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import {
  organisations,
  pilots,
  platformEvents,
  platformLoads,
  platformResources,
  platformUsage,
  sharingRequests,
} from '../../db/schema.js';
import { visible, type Scope } from '../../tenancy/scope.js';
import { staleAt } from './resources.repository.js';

/**
 * What the figures count: the platform as it stood at `asOf` (Beijing day `day`), the data served from `usageFrom`, the
 * requests answered from `decidedFrom` (null: all of them). `history`: read freshness from the loads and writes before
 * `asOf`, not from the resource's last refresh (which may be later).
 */
export interface HealthWindow {
  asOf: Date;
  day: string;
  usageFrom: Date;
  decidedFrom: Date | null;
  history: boolean;
}

// the resource of the enclosing query, qualified: inside the subqueries an unqualified "id" would be the inner table's
const resourcePilot = sql`${platformResources}.pilot_id`;
const resourceId = sql`${platformResources}.id`;

/** A resource's last refresh (a load applied, or an incremental write) before `asOf`. */
const refreshedBefore = (asOf: Date) => sql`(select max(x.at) from (
    select l.finished_at as at from ${platformLoads} l
    where l.pilot_id = ${resourcePilot} and l.resource_id = ${resourceId} and l.status = 'done' and l.finished_at < ${asOf}
    union all
    select e.at from ${platformEvents} e
    where e.pilot_id = ${resourcePilot} and e.resource_id = ${resourceId} and e.kind = 'write' and e.at < ${asOf}) x)`;

/** Published at `day`: released by then (a resource retired since counts for no year: docs/platform.md). */
const publishedAt = (w: HealthWindow) =>
  sql`(${platformResources.status} = 'published' and ${platformResources.releaseDate} <= ${w.day}::date)`;
const freshAt = (w: HealthWindow): SQL => sql`not ${w.history ? staleAt(w.asOf, refreshedBefore(w.asOf)) : staleAt(w.asOf)}`;

export type LinkedResourceRow = {
  id: string;
  code: string;
  name: string;
  themes: string[];
  indicatorCodes: string[];
  fresh: boolean;
  loadId: string | null;
  loadedAt: Date | string | null;
  loadDigest: string | null;
  rowsAfter: number | null;
};

export const healthRepository = {
  /**
   * Each platform in scope (a pilot with a department) and its figures (`platformHealthSchema`) in the window: one
   * pass over each table per pilot, its figures gathered as one JSON object.
   */
  byPilot(db: Queryable, scope: Scope, w: HealthWindow, pilotId?: string) {
    // the outer pilot, qualified
    const pilotRef = sql`${pilots}.id`;
    const pilotOrg = sql`${pilots}.organisation_id`;
    const published = publishedAt(w);
    const byClass = (cls: string) => sql`count(*) filter (where ${published} and ${platformResources.sharingClass} = ${cls})`;
    const answered = sql`s.decided_at is not null and s.decided_at < ${w.asOf} ${w.decidedFrom ? sql`and s.decided_at >= ${w.decidedFrom}` : sql``}`;
    const days = (p: number) =>
      sql`percentile_cont(${p}::float8) within group (order by extract(epoch from s.decided_at - s.created_at) / 86400)
          filter (where ${answered})`;
    // waiting at asOf: asked before it, and not answered (or withdrawn) by then
    const waiting = sql`s.created_at < ${w.asOf} and (s.status = 'requested' or s.decided_at >= ${w.asOf})`;
    const department = sql`o.type = 'department' and o.parent_id = ${pilotOrg}`;
    return db
      .select({
        pilotId: pilots.id,
        pilotName: pilots.publishedName,
        departments: sql<number>`(select count(*)::int from ${organisations} o where ${department} and o.created_at < ${w.asOf})`,
        resources: sql<{ connected: number; unconditional: number; conditional: number; none: number; fresh: number }>`(
          select json_build_object(
            'connected', count(distinct ${platformResources.providerOrgId}) filter (where ${published}),
            'unconditional', ${byClass('unconditional')}, 'conditional', ${byClass('conditional')}, 'none', ${byClass('none')},
            'fresh', count(*) filter (where ${published} and ${freshAt(w)}))
          from ${platformResources} where ${platformResources.pilotId} = ${pilotRef})`,
        requests: sql<{ waiting: number; overdue: number; median: number | null; p90: number | null }>`(
          select json_build_object(
            'waiting', count(*) filter (where ${waiting}),
            'overdue', count(*) filter (where ${waiting} and s.due_on < ${w.day}::date),
            'median', ${days(0.5)}, 'p90', ${days(0.9)})
          from ${sharingRequests} s where s.pilot_id = ${pilotRef})`,
        // data served to departments other than the resource's provider
        served: sql<{ calls: number; consumers: number; rows: number }>`(
          select json_build_object('calls', count(*), 'consumers', count(distinct u.organisation_id), 'rows', coalesce(sum(u.rows), 0))
          from ${platformUsage} u join ${platformResources} r on r.pilot_id = u.pilot_id and r.id = u.resource_id
          where u.pilot_id = ${pilotRef} and u.at >= ${w.usageFrom} and u.at < ${w.asOf} and u.status < 400
            and u.organisation_id <> r.provider_org_id)`,
      })
      .from(pilots)
      .where(
        and(
          visible.platform(scope, pilots.id),
          pilotId ? eq(pilots.id, pilotId) : undefined,
          sql`exists (select 1 from ${organisations} o where ${department})`,
        ),
      )
      .orderBy(asc(pilots.seq));
  },

  /** A pilot whose platform the reader sees. */
  async pilot(db: Queryable, scope: Scope, pilotId: string) {
    const [row] = await db
      .select({ id: pilots.id, name: pilots.publishedName })
      .from(pilots)
      .where(and(eq(pilots.id, pilotId), visible.platform(scope, pilots.id)));
    return row ?? null;
  },

  /** The year a pilot's first department joined its platform (null: none yet). Unscoped: the caller checked the pilot. */
  async firstYear(db: Queryable, pilotId: string) {
    const res = await db.execute<{ year: number | null }>(sql`
      select extract(year from min(o.created_at at time zone 'Asia/Shanghai'))::int as year
      from ${organisations} o join ${pilots} p on o.parent_id = p.organisation_id
      where p.id = ${pilotId} and o.type = 'department'`);
    return res.rows[0]?.year ?? null;
  },

  /**
   * The pilot's resources linked to indicators and published at `w.day`, with their last load applied before `w.asOf`
   * (the evidence: its file's SM3 and the records it left). Unscoped: the caller checked the pilot.
   */
  async linked(db: Queryable, pilotId: string, w: HealthWindow): Promise<LinkedResourceRow[]> {
    const res = await db.execute<LinkedResourceRow>(sql`
      select ${platformResources}.id, ${platformResources}.code, ${platformResources}.name, ${platformResources}.themes,
        ${platformResources}.indicator_codes as "indicatorCodes", ${freshAt(w)} as fresh,
        l.id as "loadId", l.finished_at as "loadedAt", l.digest as "loadDigest", l.rows_after as "rowsAfter"
      from ${platformResources}
      left join lateral (
        select l.id, l.finished_at, l.digest, l.rows_after from ${platformLoads} l
        where l.pilot_id = ${resourcePilot} and l.resource_id = ${resourceId} and l.status = 'done' and l.finished_at < ${w.asOf}
        order by l.finished_at desc limit 1) l on true
      where ${platformResources}.pilot_id = ${pilotId} and ${publishedAt(w)}
        and jsonb_array_length(${platformResources}.indicator_codes) > 0
      order by ${platformResources}.code`);
    return res.rows;
  },
};
