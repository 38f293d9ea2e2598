import { and, asc, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { organisations, pilots, platformResources, platformUsage, sharingRequests } from '../../db/schema.js';
import { visible, type Scope } from '../../tenancy/scope.js';
import { usageSince } from './metering.repository.js';
import { staleAt } from './resources.repository.js';

export const healthRepository = {
  /**
   * Each platform in scope (a pilot with a department) and its figures (`platformHealthSchema`), as of `now`: one pass
   * over each table per pilot, its figures gathered as one JSON object.
   */
  byPilot(db: Queryable, scope: Scope, now: Date, today: string) {
    const since = usageSince(now);
    // the outer pilot, qualified: inside the subqueries an unqualified "id" would be the inner table's
    const pilotId = sql`${pilots}.id`;
    const pilotOrg = sql`${pilots}.organisation_id`;
    const published = sql`${platformResources.status} = 'published'`;
    const byClass = (cls: string) => sql`count(*) filter (where ${published} and ${platformResources.sharingClass} = ${cls})`;
    const days = (p: number) =>
      sql`percentile_cont(${p}::float8) within group (order by extract(epoch from s.decided_at - s.created_at) / 86400)
          filter (where s.decided_at is not null)`;
    return db
      .select({
        pilotId: pilots.id,
        pilotName: pilots.publishedName,
        departments: sql<number>`(select count(*)::int from ${organisations} o where o.type = 'department' and o.parent_id = ${pilotOrg})`,
        resources: sql<{ connected: number; unconditional: number; conditional: number; none: number; fresh: number }>`(
          select json_build_object(
            'connected', count(distinct ${platformResources.providerOrgId}) filter (where ${published}),
            'unconditional', ${byClass('unconditional')}, 'conditional', ${byClass('conditional')}, 'none', ${byClass('none')},
            'fresh', count(*) filter (where ${published} and not ${staleAt(now)}))
          from ${platformResources} where ${platformResources.pilotId} = ${pilotId})`,
        requests: sql<{ waiting: number; overdue: number; median: number | null; p90: number | null }>`(
          select json_build_object(
            'waiting', count(*) filter (where s.status = 'requested'),
            'overdue', count(*) filter (where s.status = 'requested' and s.due_on < ${today}::date),
            'median', ${days(0.5)}, 'p90', ${days(0.9)})
          from ${sharingRequests} s where s.pilot_id = ${pilotId})`,
        // data served to departments other than the resource's provider
        served: sql<{ calls: number; consumers: number; rows: number }>`(
          select json_build_object('calls', count(*), 'consumers', count(distinct u.organisation_id), 'rows', coalesce(sum(u.rows), 0))
          from ${platformUsage} u join ${platformResources} r on r.pilot_id = u.pilot_id and r.id = u.resource_id
          where u.pilot_id = ${pilotId} and u.at >= ${since} and u.status < 400 and u.organisation_id <> r.provider_org_id)`,
      })
      .from(pilots)
      .where(
        and(
          visible.platform(scope, pilots.id),
          sql`exists (select 1 from ${organisations} o where o.type = 'department' and o.parent_id = ${pilotOrg})`,
        ),
      )
      .orderBy(asc(pilots.seq));
  },
};
