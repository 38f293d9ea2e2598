import { eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { batches, organisations, pilots, provinces } from '../../db/schema.js';

/** What a new batch's import checks against and writes: the registry (every batch), provinces, their departments. */
export const batchPilotsRepository = {
  /** Every pilot already registered, for the duplicate check (names and division codes, across batches). */
  async registered(db: Queryable) {
    return db
      .select({ publishedName: pilots.publishedName, adminCode: pilots.adminCode, batchName: batches.name })
      .from(pilots)
      .innerJoin(batches, eq(batches.id, pilots.batchId));
  },

  /** Provinces with a housing department to supervise their pilots (丙方). */
  async provincesWithDepartment(db: Queryable) {
    return (
      db
        .select({ code: provinces.code, name: provinces.name, shortName: provinces.shortName, departmentId: organisations.id })
        .from(provinces)
        // the department's code is DEPT-<division code> (seed/seed.ts deptCode)
        .innerJoin(organisations, eq(organisations.code, sql<string>`'DEPT-' || ${provinces.code}`))
        .orderBy(provinces.sort)
    );
  },

  /** The pilot's government (乙方), under its province's department. */
  async createGovernment(db: Queryable, values: { code: string; name: string; provinceCode: string; parentId: string }) {
    const [org] = await db
      .insert(organisations)
      .values({ type: 'pilotGov', ...values })
      .returning({ id: organisations.id });
    return org!.id;
  },
};
