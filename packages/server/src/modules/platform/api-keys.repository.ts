import { and, desc, eq, gte, isNull } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/client.js';
import { apiKeys } from '../../db/schema.js';
import { visible, type Scope } from '../../tenancy/scope.js';

const columns = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  resourceIds: apiKeys.resourceIds,
  expiresOn: apiKeys.expiresOn,
  revokedAt: apiKeys.revokedAt,
  lastUsedAt: apiKeys.lastUsedAt,
  createdAt: apiKeys.createdAt,
};

export const apiKeyRepository = {
  list(db: Queryable, scope: Scope) {
    return db.select(columns).from(apiKeys).where(visible.apiKeys(scope)).orderBy(desc(apiKeys.createdAt));
  },

  async insert(tx: Tx, values: typeof apiKeys.$inferInsert) {
    const [made] = await tx.insert(apiKeys).values(values).returning(columns);
    return made!;
  },

  /** Revokes a live key in scope; false when there is none. */
  async revoke(tx: Tx, scope: Scope, id: string, now: Date) {
    const rows = await tx
      .update(apiKeys)
      .set({ revokedAt: now })
      .where(and(eq(apiKeys.id, id), visible.apiKeys(scope), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id });
    return rows.length === 1;
  },

  /** The live key with this token hash on `day`: not revoked, not past its expiry day. */
  async live(db: Queryable, tokenHash: string, day: string) {
    const [row] = await db
      .select({
        id: apiKeys.id,
        pilotId: apiKeys.pilotId,
        resourceIds: apiKeys.resourceIds,
        createdBy: apiKeys.createdBy,
        organisationId: apiKeys.organisationId,
        expiresOn: apiKeys.expiresOn,
      })
      .from(apiKeys)
      .where(and(eq(apiKeys.tokenHash, tokenHash), isNull(apiKeys.revokedAt), gte(apiKeys.expiresOn, day)))
      .limit(1);
    return row ?? null;
  },
};
