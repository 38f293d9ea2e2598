import { and, asc, eq, isNotNull, ne, or, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { batches, indicators, indicatorSystems, pilots, provinces } from '../../db/schema.js';

/** Published reference data: the same for every reader, so no scope. */
export const referenceRepository = {
  async provincesWithPublicCounts(db: Queryable) {
    return db
      .select({
        code: provinces.code,
        name: provinces.name,
        shortName: provinces.shortName,
        kind: provinces.kind,
        mainland: provinces.mainland,
        pilotCount: sql<number>`count(${pilots.id})`.mapWith(Number),
      })
      .from(provinces)
      .leftJoin(pilots, and(eq(pilots.provinceCode, provinces.code), ne(pilots.status, 'revoked')))
      .groupBy(provinces.code)
      .orderBy(asc(provinces.sort));
  },

  /** Batches whose list has been announced (seeded with the notice, or a call's result published). */
  async announcedBatches(db: Queryable) {
    return db
      .select({ year: batches.year, name: batches.name })
      .from(batches)
      .where(isNotNull(batches.announcedOn))
      .orderBy(asc(batches.year));
  },

  /** Every province's name by its code (34 rows). */
  async provinceNames(db: Queryable): Promise<Map<string, string>> {
    return new Map((await db.select({ code: provinces.code, name: provinces.name }).from(provinces)).map((p) => [p.code, p.name]));
  },

  async batchByYear(db: Queryable, year: number) {
    const [row] = await db.select().from(batches).where(eq(batches.year, year)).limit(1);
    return row ?? null;
  },

  /** One pilot of an announced list, as its public page shows it; a revoked pilot is no longer on the list. */
  async publicPilot(db: Queryable, id: string) {
    const [row] = await db
      .select({
        id: pilots.id,
        organisationId: pilots.organisationId,
        publishedName: pilots.publishedName,
        kind: pilots.kind,
        status: pilots.status,
        provinceCode: pilots.provinceCode,
        provinceName: provinces.name,
        batch: { year: batches.year, name: batches.name, documentNo: batches.documentNo, announcedOn: batches.announcedOn },
      })
      .from(pilots)
      .innerJoin(provinces, eq(provinces.code, pilots.provinceCode))
      .innerJoin(batches, eq(batches.id, pilots.batchId))
      .where(and(eq(pilots.id, id), ne(pilots.status, 'revoked'), isNotNull(batches.announcedOn)));
    return row ?? null;
  },

  /** The published list: pilots of a batch in the notice's order, with their province. */
  async publishedPilots(db: Queryable, batchId: string) {
    return db
      .select({
        id: pilots.id,
        seq: pilots.seq,
        publishedName: pilots.publishedName,
        kind: pilots.kind,
        provinceCode: pilots.provinceCode,
        provinceName: provinces.name,
      })
      .from(pilots)
      .innerJoin(provinces, eq(provinces.code, pilots.provinceCode))
      .where(and(eq(pilots.batchId, batchId), ne(pilots.status, 'revoked')))
      .orderBy(asc(pilots.seq));
  },

  async indicatorSystems(db: Queryable) {
    return db.select().from(indicatorSystems).orderBy(asc(indicatorSystems.code));
  },

  async indicatorCountsByLevel(db: Queryable) {
    return db
      .select({ systemId: indicators.systemId, level: indicators.level, count: sql<number>`count(*)`.mapWith(Number) })
      .from(indicators)
      .groupBy(indicators.systemId, indicators.level)
      .orderBy(asc(indicators.level));
  },

  /** Accepts the id or the code (e.g. MOHURD-2012). */
  async indicatorSystem(db: Queryable, idOrCode: string) {
    const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrCode);
    const [row] = await db
      .select()
      .from(indicatorSystems)
      .where(isUuid ? or(eq(indicatorSystems.id, idOrCode), eq(indicatorSystems.code, idOrCode)) : eq(indicatorSystems.code, idOrCode))
      .limit(1);
    return row ?? null;
  },

  async indicatorsOf(db: Queryable, systemId: string) {
    return db.select().from(indicators).where(eq(indicators.systemId, systemId)).orderBy(asc(indicators.level), asc(indicators.sort));
  },
};
