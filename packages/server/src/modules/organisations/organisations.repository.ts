import { and, asc, eq, getTableColumns, ilike, or, sql, type Column, type SQL } from 'drizzle-orm';
import type { OrganisationListQuery } from '@smartcity/domain';
import type { Queryable } from '../../db/client.js';
import { organisations, users } from '../../db/schema.js';
import { likePattern } from '../../lib/like.js';
import { visible, type Scope } from '../../tenancy/scope.js';

export type OrganisationRow = typeof organisations.$inferSelect;
export type Person = Pick<typeof users.$inferSelect, 'id' | 'username' | 'displayName' | 'roles'>;

/**
 * An organisation's enabled people, by sign-in name, as a JSON array: read inside the statement that reads what they
 * belong to, since a second round trip costs the server more than the subquery costs PostgreSQL.
 */
export function organisationPeople(scope: Scope, organisationId: Column): SQL<Person[]> {
  const person = sql`json_build_object('id', ${users.id}, 'username', ${users.username}, 'displayName', ${users.displayName}, 'roles', ${users.roles})`;
  const where = and(eq(users.organisationId, organisationId), eq(users.disabled, false), visible.users(scope));
  return sql<Person[]>`coalesce((select json_agg(${person} order by ${users.username}) from ${users} where ${where}), '[]'::json)`;
}

export const organisationRepository = {
  async list(db: Queryable, scope: Scope, filter: OrganisationListQuery) {
    return db
      .select()
      .from(organisations)
      .where(
        and(
          visible.organisations(scope),
          filter.type ? eq(organisations.type, filter.type) : undefined,
          filter.province ? eq(organisations.provinceCode, filter.province) : undefined,
          filter.q ? or(ilike(organisations.name, likePattern(filter.q)), ilike(organisations.code, likePattern(filter.q))) : undefined,
        ),
      )
      .orderBy(asc(organisations.code));
  },

  async get(db: Queryable, scope: Scope, id: string): Promise<OrganisationRow | null> {
    const [row] = await db
      .select()
      .from(organisations)
      .where(and(eq(organisations.id, id), visible.organisations(scope)))
      .limit(1);
    return row ?? null;
  },

  /** An organisation and its people, one statement. */
  async withPeople(db: Queryable, scope: Scope, id: string): Promise<(OrganisationRow & { people: Person[] }) | null> {
    const [row] = await db
      .select({ ...getTableColumns(organisations), people: organisationPeople(scope, organisations.id) })
      .from(organisations)
      .where(and(eq(organisations.id, id), visible.organisations(scope)))
      .limit(1);
    return row ?? null;
  },
};

/** The Ministry's organisation (甲方 of every task book). */
export async function ministryOrgId(db: Queryable): Promise<string> {
  const [row] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.type, 'ministry')).limit(1);
  return row!.id;
}
