import { and, asc, eq, sql } from 'drizzle-orm';
import type { OrganisationStatus, Role } from '@smartcity/domain';
import type { Queryable } from '../../db/client.js';
import { visible, type Scope } from '../../tenancy/scope.js';
import { organisations, pilots, provinces, users } from '../../db/schema.js';

const applicantColumns = {
  id: organisations.id,
  code: organisations.code,
  name: organisations.name,
  provinceCode: organisations.provinceCode,
  status: organisations.status,
  createdAt: organisations.createdAt,
};

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

  async organisationCodeTaken(db: Queryable, code: string) {
    return (await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.code, code)).limit(1)).length > 0;
  },

  /** A pilot (or its government) of this division code exists already. */
  async divisionRegistered(db: Queryable, adminCode: string) {
    return (await db.select({ id: pilots.id }).from(pilots).where(eq(pilots.adminCode, adminCode)).limit(1)).length > 0;
  },

  /** An organisation of this name exists already (white space aside). */
  async nameRegistered(db: Queryable, name: string) {
    const bare = name.replace(/\s/g, '');
    const rows = await db
      .select({ id: organisations.id })
      .from(organisations)
      .where(sql`regexp_replace(${organisations.name}, '[[:space:]]', '', 'g') = ${bare}`)
      .limit(1);
    return rows.length > 0;
  },

  /** null when the code was taken meanwhile. */
  async createOrganisation(
    db: Queryable,
    values: { code: string; name: string; provinceCode: string; parentId: string; status: OrganisationStatus },
  ) {
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

  /** Self-registered applicants the actor may decide on or see (its province's; the Ministry all). */
  async list(db: Queryable, scope: Scope, status: OrganisationStatus | undefined) {
    return db
      .select(applicantColumns)
      .from(organisations)
      .where(
        and(eq(organisations.type, 'applicantGov'), visible.organisations(scope), status ? eq(organisations.status, status) : undefined),
      )
      .orderBy(asc(organisations.createdAt));
  },

  /** Moves a pending registration to its decision; null when it is not pending (decided meanwhile) or not in scope. */
  async decide(db: Queryable, scope: Scope, id: string, status: 'active' | 'refused') {
    const [row] = await db
      .update(organisations)
      .set({ status })
      .where(
        and(
          eq(organisations.id, id),
          eq(organisations.type, 'applicantGov'),
          eq(organisations.status, 'pending'),
          visible.organisations(scope),
        ),
      )
      .returning(applicantColumns);
    return row ?? null;
  },

  async get(db: Queryable, scope: Scope, id: string) {
    const [row] = await db
      .select(applicantColumns)
      .from(organisations)
      .where(and(eq(organisations.id, id), eq(organisations.type, 'applicantGov'), visible.organisations(scope)))
      .limit(1);
    return row ?? null;
  },
};
