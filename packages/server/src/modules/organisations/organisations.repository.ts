import { and, asc, eq, ilike, or } from 'drizzle-orm';
import type { OrganisationListQuery } from '@smartcity/domain';
import type { Queryable } from '../../db/client.js';
import { organisations, users } from '../../db/schema.js';
import { likePattern } from '../../lib/like.js';
import { visible, type Scope } from '../../tenancy/scope.js';

export type OrganisationRow = typeof organisations.$inferSelect;

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

  async people(db: Queryable, scope: Scope, organisationId: string) {
    return db
      .select({ id: users.id, username: users.username, displayName: users.displayName, roles: users.roles })
      .from(users)
      .where(and(eq(users.organisationId, organisationId), eq(users.disabled, false), visible.users(scope)))
      .orderBy(asc(users.username));
  },
};

/** The Ministry's organisation (甲方 of every task book). */
export async function ministryOrgId(db: Queryable): Promise<string> {
  const [row] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.type, 'ministry')).limit(1);
  return row!.id;
}
