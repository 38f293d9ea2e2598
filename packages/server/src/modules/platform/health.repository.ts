import { and, asc, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { organisations, pilots, platformResources, platformUsage, sharingRequests } from '../../db/schema.js';
import { visible, type Scope } from '../../tenancy/scope.js';
import { staleAt } from './resources.repository.js';

export const healthRepository = {
  /** Each platform in scope (a pilot with a department) and its figures (`platformHealthSchema`), as of `now`. */
  byPilot(db: Queryable, scope: Scope, now: Date, today: string) {
    const since = new Date(now.getTime() - 30 * 86_400_000);
    // the outer pilot, qualified: inside the subqueries an unqualified "id" would be the inner table's
    const pilotId = sql`${pilots}.id`;
    const pilotOrg = sql`${pilots}.organisation_id`;
    const published = (cls: string) =>
      sql<number>`(select count(*)::int from ${platformResources} r
      where r.pilot_id = ${pilotId} and r.status = 'published' and r.sharing_class = ${cls})`;
    const answerDays = (p: number) =>
      sql<
        number | null
      >`(select percentile_cont(${p}::float8) within group (order by extract(epoch from s.decided_at - s.created_at) / 86400)
      from ${sharingRequests} s where s.pilot_id = ${pilotId} and s.decided_at is not null)`;
    // data served to departments other than the resource's provider
    const served = sql`from ${platformUsage} u join ${platformResources} r on r.pilot_id = u.pilot_id and r.id = u.resource_id
      where u.pilot_id = ${pilotId} and u.at >= ${since} and u.status < 400 and u.organisation_id <> r.provider_org_id`;
    return db
      .select({
        pilotId: pilots.id,
        pilotName: pilots.publishedName,
        departments: sql<number>`(select count(*)::int from ${organisations} o where o.type = 'department' and o.parent_id = ${pilotOrg})`,
        connected: sql<number>`(select count(distinct r.provider_org_id)::int from ${platformResources} r where r.pilot_id = ${pilotId} and r.status = 'published')`,
        unconditional: published('unconditional'),
        conditional: published('conditional'),
        none: published('none'),
        fresh: sql<number>`(select count(*)::int from ${platformResources} where ${platformResources.pilotId} = ${pilotId}
        and ${platformResources.status} = 'published' and not ${staleAt(now)})`,
        waiting: sql<number>`(select count(*)::int from ${sharingRequests} s where s.pilot_id = ${pilotId} and s.status = 'requested')`,
        overdue: sql<number>`(select count(*)::int from ${sharingRequests} s
        where s.pilot_id = ${pilotId} and s.status = 'requested' and s.due_on < ${today}::date)`,
        answerMedian: answerDays(0.5),
        answerP90: answerDays(0.9),
        calls: sql<number>`(select count(*)::int ${served})`,
        consumers: sql<number>`(select count(distinct u.organisation_id)::int ${served})`,
        rowsServed: sql<number>`(select coalesce(sum(u.rows), 0)::int ${served})`,
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
