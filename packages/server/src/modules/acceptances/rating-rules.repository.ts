import { desc, eq } from 'drizzle-orm';
import type { RatingRule } from '@smartcity/domain';
import type { Queryable } from '../../db/client.js';
import { ratingRules } from '../../db/schema.js';

/** Rating rules are reference data published by the Ministry: readable by every signed-in user, never edited in place. */
export const ratingRuleRepository = {
  async list(db: Queryable) {
    return db.select().from(ratingRules).orderBy(desc(ratingRules.createdAt));
  },

  async latest(db: Queryable) {
    const [row] = await db.select().from(ratingRules).orderBy(desc(ratingRules.createdAt)).limit(1);
    return row ?? null;
  },

  async byVersion(db: Queryable, version: string) {
    const [row] = await db.select().from(ratingRules).where(eq(ratingRules.version, version));
    return row ?? null;
  },

  /** null when the version exists already. */
  async insert(db: Queryable, rule: RatingRule, createdBy: string | null) {
    const [row] = await db.insert(ratingRules).values({ version: rule.version, rule, createdBy }).onConflictDoNothing().returning();
    return row ?? null;
  },
};
