import { eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { batches } from '../../db/schema.js';

/** Batches (年度) are reference data: the same for every tier. */
export const batchRepository = {
  async list(db: Queryable) {
    return db.select().from(batches).orderBy(batches.year);
  },

  async byYear(db: Queryable, year: number) {
    const [row] = await db.select().from(batches).where(eq(batches.year, year));
    return row ?? null;
  },

  async setRequiredIndicators(db: Queryable, id: string, codes: string[]) {
    await db.update(batches).set({ requiredIndicatorCodes: codes }).where(eq(batches.id, id));
  },
};
