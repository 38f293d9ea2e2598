import { FRESH_FOR_DAYS, type ResourceInput, type ResourceListQuery } from '@smartcity/domain';
import { and, asc, count, eq, inArray, max, sql, type SQL } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/client.js';
import { indicators, organisations, pilots, platformResources, users } from '../../db/schema.js';
import { likePattern } from '../../lib/like.js';
import { visible, type Scope } from '../../tenancy/scope.js';

const head = (db: Queryable) =>
  db
    .select({
      id: platformResources.id,
      pilotId: platformResources.pilotId,
      pilotName: pilots.publishedName,
      pilotOrgId: pilots.organisationId,
      providerOrgId: platformResources.providerOrgId,
      providerName: organisations.name,
      providerCode: organisations.code,
      classification: platformResources.classification,
      code: platformResources.code,
      name: platformResources.name,
      summary: platformResources.summary,
      themes: platformResources.themes,
      fields: platformResources.fields,
      format: platformResources.format,
      updateCycle: platformResources.updateCycle,
      sharingClass: platformResources.sharingClass,
      condition: platformResources.condition,
      legalBasis: platformResources.legalBasis,
      sharingMethod: platformResources.sharingMethod,
      openData: platformResources.openData,
      indicatorCodes: platformResources.indicatorCodes,
      status: platformResources.status,
      version: platformResources.version,
      releaseDate: platformResources.releaseDate,
      lastLoadAt: platformResources.lastLoadAt,
      rowCount: platformResources.rowCount,
    })
    .from(platformResources)
    .innerJoin(pilots, eq(pilots.id, platformResources.pilotId))
    .innerJoin(organisations, eq(organisations.id, platformResources.providerOrgId));

export type ResourceHead = Awaited<ReturnType<typeof head>>[number];

/**
 * Stale in SQL as `isStale` says it: never loaded, or loaded longer ago than the cycle allows — by the resource's last
 * refresh, or by `last` (the last refresh before a past day, for the figures of a year).
 */
export function staleAt(now: Date, last: SQL | typeof platformResources.lastLoadAt = platformResources.lastLoadAt): SQL {
  const cases = Object.entries(FRESH_FOR_DAYS).map(([c, days]) => sql`when ${c}::text then ${days * 86_400}::numeric`);
  return sql`(${last} is null or extract(epoch from (${now}::timestamptz - ${last})) > (case ${platformResources.updateCycle} ${sql.join(cases, sql` `)} end))`;
}

function filters(q: ResourceListQuery, now: Date): SQL[] {
  const out: SQL[] = [];
  if (q.pilot) out.push(eq(platformResources.pilotId, q.pilot));
  if (q.provider) out.push(eq(platformResources.providerOrgId, q.provider));
  if (q.sharingClass) out.push(eq(platformResources.sharingClass, q.sharingClass));
  if (q.status) out.push(eq(platformResources.status, q.status));
  if (q.theme) out.push(sql`${platformResources.themes} @> ${JSON.stringify([q.theme])}::jsonb`);
  if (q.q) out.push(sql`(${platformResources.name} ilike ${likePattern(q.q)} or ${platformResources.code} ilike ${likePattern(q.q)})`);
  if (q.stale) {
    const stale = staleAt(now);
    out.push(q.stale === 'true' ? stale : sql`not ${stale}`);
  }
  return out;
}

export const resourceRepository = {
  async get(db: Queryable, scope: Scope, id: string): Promise<ResourceHead | null> {
    const [row] = await head(db).where(and(eq(platformResources.id, id), visible.resources(scope)));
    return row ?? null;
  },

  /** The catalog page: by pilot, provider and code (staleness judged at `now`). */
  async list(db: Queryable, scope: Scope, q: ResourceListQuery, now: Date) {
    const where = and(visible.resources(scope), ...filters(q, now));
    const [items, [total]] = await Promise.all([
      head(db).where(where).orderBy(asc(pilots.seq), asc(platformResources.code)).limit(500),
      db.select({ n: count() }).from(platformResources).where(where),
    ]);
    return { items, total: total?.n ?? 0 };
  },

  /** Which of the codes are level-3 indicators of an indicator system. */
  async levelThreeIndicators(db: Queryable, codes: readonly string[]) {
    const found = await db
      .selectDistinct({ code: indicators.code })
      .from(indicators)
      .where(and(inArray(indicators.code, [...codes]), eq(indicators.level, 3)));
    return new Set(found.map((r) => r.code));
  },

  /** The provider's next sequence number within its pilot (under the provider's lock). */
  async nextSeq(tx: Tx, pilotId: string, providerOrgId: string) {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`resource-seq:${pilotId}:${providerOrgId}`}))`);
    const [row] = await tx
      .select({ n: max(platformResources.seq) })
      .from(platformResources)
      .where(and(eq(platformResources.pilotId, pilotId), eq(platformResources.providerOrgId, providerOrgId)));
    return (row?.n ?? 0) + 1;
  },

  async insert(tx: Tx, values: ResourceInput & { pilotId: string; providerOrgId: string; seq: number; code: string }) {
    const [row] = await tx.insert(platformResources).values(values).returning({ id: platformResources.id });
    return row!.id;
  },

  /** A draft's description, when its version is still the one the editor saw (false otherwise). */
  async update(tx: Tx, id: string, version: number, values: ResourceInput & { code: string }, now: Date) {
    const moved = await tx
      .update(platformResources)
      .set({ ...values, version: sql`${platformResources.version} + 1`, updatedAt: now })
      .where(and(eq(platformResources.id, id), eq(platformResources.version, version)))
      .returning({ id: platformResources.id });
    return moved.length === 1;
  },

  setReleased(tx: Tx, id: string, day: string) {
    return tx.update(platformResources).set({ releaseDate: day }).where(eq(platformResources.id, id));
  },

  /** After a load or write: the count of records and when the data was last refreshed; returns the new count. */
  async touchData(tx: Tx, r: { pilotId: string; id: string }, change: { added: number; deleted: number }, at: Date) {
    // the count moves by what the write added and deleted, under the row's lock: no count(*) of the resource per write
    const [row] = await tx
      .update(platformResources)
      .set({ rowCount: sql`${platformResources.rowCount} + ${change.added - change.deleted}`, lastLoadAt: at })
      .where(and(eq(platformResources.pilotId, r.pilotId), eq(platformResources.id, r.id)))
      .returning({ rowCount: platformResources.rowCount });
    return row!.rowCount;
  },
};

/** 委办局: departments (organisations under a pilot government) with what each provides. */
export const departmentRepository = {
  /** The departments on the platforms in scope. */
  list(db: Queryable, scope: Scope) {
    return db
      .select({
        id: organisations.id,
        code: organisations.code,
        name: organisations.name,
        pilotId: pilots.id,
        pilotName: pilots.publishedName,
        resources: sql<number>`(select count(*)::int from ${platformResources} where ${platformResources.providerOrgId} = ${organisations.id})`,
        published: sql<number>`(select count(*)::int from ${platformResources} where ${platformResources.providerOrgId} = ${organisations.id} and ${platformResources.status} = 'published')`,
      })
      .from(organisations)
      .innerJoin(pilots, eq(pilots.organisationId, organisations.parentId))
      .where(and(eq(organisations.type, 'department'), visible.platform(scope, pilots.id)))
      .orderBy(asc(pilots.seq), asc(organisations.code));
  },

  async insertOrganisation(tx: Tx, values: typeof organisations.$inferInsert) {
    const [org] = await tx.insert(organisations).values(values).onConflictDoNothing().returning({ id: organisations.id });
    return org ?? null;
  },

  async insertAdmin(tx: Tx, values: typeof users.$inferInsert) {
    const [user] = await tx.insert(users).values(values).onConflictDoNothing().returning({ id: users.id });
    return user ?? null;
  },
};
