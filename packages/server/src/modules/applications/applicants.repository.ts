import { and, eq } from 'drizzle-orm';
import type { Role } from '@smartcity/domain';
import type { Queryable } from '../../db/client.js';
import { organisations, provinces, users } from '../../db/schema.js';

/** Self-registration of applicant governments: runs before any actor exists, touching only what it creates. */
export const applicantRepository = {
  async province(db: Queryable, code: string) {
    const [row] = await db.select().from(provinces).where(eq(provinces.code, code)).limit(1);
    return row ?? null;
  },

  /** The provincial housing department (DEPT-<code>): it reviews the applicant's applications first (初审). */
  async department(db: Queryable, provinceCode: string) {
    const [row] = await db
      .select({ id: organisations.id })
      .from(organisations)
      .where(and(eq(organisations.code, `DEPT-${provinceCode}`), eq(organisations.type, 'provinceDept')))
      .limit(1);
    return row ?? null;
  },

  async usernameTaken(db: Queryable, username: string) {
    return (await db.select({ id: users.id }).from(users).where(eq(users.username, username)).limit(1)).length > 0;
  },

  async organisationCodeTaken(db: Queryable, code: string) {
    return (await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.code, code)).limit(1)).length > 0;
  },

  /** null when the code was taken meanwhile. */
  async createOrganisation(db: Queryable, values: { code: string; name: string; provinceCode: string; parentId: string }) {
    const rows = await db
      .insert(organisations)
      .values({ ...values, type: 'applicantGov' })
      .onConflictDoNothing()
      .returning({ id: organisations.id });
    return rows[0]?.id ?? null;
  },

  /** null when the username was taken meanwhile. */
  async createUser(
    db: Queryable,
    values: { organisationId: string; username: string; displayName: string; passwordHash: string; roles: Role[] },
  ) {
    const rows = await db.insert(users).values(values).onConflictDoNothing().returning({ id: users.id });
    return rows[0]?.id ?? null;
  },
};
