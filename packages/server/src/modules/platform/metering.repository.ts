import { and, eq, gte, lt, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { organisations, personalDataReads, platformUsage } from '../../db/schema.js';

export type UsageEntry = typeof platformUsage.$inferInsert;

/** Where "the last 30 days" of use starts: the usage card, its export and the platform health count from here. */
export const usageSince = (now: Date) => new Date(now.getTime() - 30 * 86_400_000);

export const usageRepository = {
  /** Usage of a resource since a day, per day and consuming department (the export). */
  byDayAndConsumer(db: Queryable, r: { pilotId: string; id: string }, since: Date) {
    const day = sql<string>`to_char(${platformUsage.at} at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`;
    return db
      .select({
        day,
        name: organisations.name,
        calls: sql<number>`count(*)::int`,
        rows: sql<number>`sum(${platformUsage.rows})::int`,
        bytes: sql<number>`sum(${platformUsage.bytes})::int`,
        apiKeyCalls: sql<number>`count(${platformUsage.apiKeyId})::int`,
      })
      .from(platformUsage)
      .innerJoin(organisations, eq(organisations.id, platformUsage.organisationId))
      .where(and(eq(platformUsage.pilotId, r.pilotId), eq(platformUsage.resourceId, r.id), gte(platformUsage.at, since)))
      .groupBy(day, organisations.name)
      .orderBy(day, organisations.name);
  },

  async insertMany(db: Queryable, entries: UsageEntry[]) {
    await db.insert(platformUsage).values(entries);
  },

  /** Usage of a resource since: per day, and per consuming department. */
  async of(db: Queryable, r: { pilotId: string; id: string }, since: Date) {
    const where = and(eq(platformUsage.pilotId, r.pilotId), eq(platformUsage.resourceId, r.id), gte(platformUsage.at, since));
    const day = sql<string>`to_char(${platformUsage.at} at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`;
    const [byDay, byConsumer] = await Promise.all([
      db
        .select({ day, calls: sql<number>`count(*)::int`, rows: sql<number>`sum(${platformUsage.rows})::int` })
        .from(platformUsage)
        .where(where)
        .groupBy(day)
        .orderBy(day),
      db
        .select({
          organisationId: platformUsage.organisationId,
          name: organisations.name,
          calls: sql<number>`count(*)::int`,
          rows: sql<number>`sum(${platformUsage.rows})::int`,
          bytes: sql<number>`sum(${platformUsage.bytes})::int`,
          apiKeyCalls: sql<number>`(count(${platformUsage.apiKeyId}))::int`,
        })
        .from(platformUsage)
        .innerJoin(organisations, eq(organisations.id, platformUsage.organisationId))
        .where(where)
        .groupBy(platformUsage.organisationId, organisations.name)
        .orderBy(sql`count(*) desc`),
    ]);
    return { byDay, byConsumer };
  },
};

/** 保存期限: metering and personal-information read logs older than `before` are deleted. */
export async function deleteDataCallsBefore(db: Queryable, before: Date) {
  const usage = await db.delete(platformUsage).where(lt(platformUsage.at, before)).returning({ id: platformUsage.id });
  const reads = await db.delete(personalDataReads).where(lt(personalDataReads.at, before)).returning({ id: personalDataReads.id });
  return { usage: usage.length, reads: reads.length };
}
