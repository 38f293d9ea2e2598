import type { PilotListQuery } from '@smartcity/domain';
import { and, asc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { alias } from 'drizzle-orm/pg-core';
import { batches, organisations, pilots, provinces } from '../../db/schema.js';
import { visible, type Scope } from '../../tenancy/scope.js';

const pilotOrg = alias(organisations, 'pilot_org');
const supervisor = alias(organisations, 'supervisor');

const pilotColumns = {
  id: pilots.id,
  seq: pilots.seq,
  batchYear: batches.year,
  batchName: batches.name,
  provinceCode: pilots.provinceCode,
  provinceName: provinces.name,
  publishedName: pilots.publishedName,
  officialName: pilots.officialName,
  adminCode: pilots.adminCode,
  kind: pilots.kind,
  status: pilots.status,
  organisationId: pilots.organisationId,
  organisationCode: pilotOrg.code,
  organisationName: pilotOrg.name,
  supervisorOrgId: pilots.supervisorOrgId,
  supervisorName: supervisor.name,
  note: pilots.note,
  version: pilots.version,
};

// LIKE needs its wildcards escaped so a user's "%" or "_" matches itself.
const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function filters(scope: Scope, q: Omit<PilotListQuery, 'page' | 'pageSize'>): SQL | undefined {
  return and(
    visible.pilots(scope),
    // by the batch's id, so the (batch_id, seq) index applies without joining batches first
    q.batch ? sql`${pilots.batchId} = (select ${batches.id} from ${batches} where ${batches.year} = ${q.batch})` : undefined,
    q.province ? eq(pilots.provinceCode, q.province) : undefined,
    q.kind ? eq(pilots.kind, q.kind) : undefined,
    q.status ? eq(pilots.status, q.status) : undefined,
    q.q ? or(ilike(pilots.publishedName, likePattern(q.q)), ilike(pilots.officialName, likePattern(q.q))) : undefined,
  );
}

const base = (db: Queryable) =>
  db
    .select(pilotColumns)
    .from(pilots)
    .innerJoin(batches, eq(batches.id, pilots.batchId))
    .innerJoin(provinces, eq(provinces.code, pilots.provinceCode))
    .innerJoin(pilotOrg, eq(pilotOrg.id, pilots.organisationId))
    .innerJoin(supervisor, eq(supervisor.id, pilots.supervisorOrgId));

export type PilotRow = Awaited<ReturnType<typeof base>>[number];

export const pilotRepository = {
  /**
   * One page: the page's ids first (pilots and the tiny batches table only), then the joins for those
   * ids alone, and the count on pilots alone — a window count would join every matching row.
   */
  async list(db: Queryable, scope: Scope, q: PilotListQuery): Promise<{ items: PilotRow[]; total: number }> {
    const where = filters(scope, q);
    const [page, [count]] = await Promise.all([
      db
        .select({ id: pilots.id })
        .from(pilots)
        .innerJoin(batches, eq(batches.id, pilots.batchId))
        .where(where)
        .orderBy(asc(batches.year), asc(pilots.seq))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize),
      db
        .select({ n: sql<number>`count(*)`.mapWith(Number) })
        .from(pilots)
        .where(where),
    ]);
    if (page.length === 0) return { items: [], total: count?.n ?? 0 };
    const rows = await base(db).where(
      inArray(
        pilots.id,
        page.map((p) => p.id),
      ),
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return { items: page.map((p) => byId.get(p.id)!), total: count?.n ?? 0 };
  },

  async countByProvince(db: Queryable, scope: Scope, q: Omit<PilotListQuery, 'page' | 'pageSize'>) {
    return db
      .select({ provinceCode: pilots.provinceCode, count: sql<number>`count(*)`.mapWith(Number) })
      .from(pilots)
      .where(filters(scope, q))
      .groupBy(pilots.provinceCode);
  },

  async get(db: Queryable, scope: Scope, id: string): Promise<PilotRow | null> {
    const [row] = await base(db)
      .where(and(eq(pilots.id, id), visible.pilots(scope)))
      .limit(1);
    return row ?? null;
  },

  /** Compare-and-set on the version: false when someone else saved first. */
  async update(
    db: Queryable,
    scope: Scope,
    id: string,
    version: number,
    patch: Partial<Pick<typeof pilots.$inferInsert, 'officialName' | 'adminCode' | 'note'>>,
    now: Date,
  ): Promise<boolean> {
    const rows = await db
      .update(pilots)
      .set({ ...patch, version: sql`${pilots.version} + 1`, updatedAt: now })
      .where(and(eq(pilots.id, id), eq(pilots.version, version), visible.pilots(scope)))
      .returning({ id: pilots.id });
    return rows.length === 1;
  },
};
