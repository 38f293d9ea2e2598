import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { AgreementContent } from '@smartcity/domain';
import type { Queryable } from '../../db/client.js';
import { agreements, organisations, pilots, provinces } from '../../db/schema.js';
import { visible, type Scope } from '../../tenancy/scope.js';
import { preparedRead, type Placeholders } from '../../shared/prepared.repository.js';

const headColumns = {
  id: agreements.id,
  provinceCode: agreements.provinceCode,
  provinceName: provinces.name,
  organisationId: agreements.organisationId,
  governmentName: organisations.name,
  status: agreements.status,
  version: agreements.version,
  content: agreements.content,
  digest: agreements.digest,
  createdAt: agreements.createdAt,
  updatedAt: agreements.updatedAt,
};

const head = (db: Queryable) =>
  db
    .select(headColumns)
    .from(agreements)
    .innerJoin(provinces, eq(provinces.code, agreements.provinceCode))
    .innerJoin(organisations, eq(organisations.id, agreements.organisationId));

export type AgreementHead = Awaited<ReturnType<typeof head>>[number];

const agreementList = preparedRead(
  'agreement_list',
  (db, scope, { status }: Placeholders<{ status: AgreementHead['status'] | undefined }>) =>
    head(db)
      .where(and(visible.agreements(scope), status && eq(agreements.status, status)))
      .orderBy(asc(provinces.sort)),
);

export const agreementRepository = {
  list: (db: Queryable, scope: Scope, filter: { status?: AgreementHead['status'] | undefined }) =>
    agreementList(db, scope, { status: filter.status }),

  async get(db: Queryable, scope: Scope, id: string): Promise<AgreementHead | null> {
    const [row] = await head(db)
      .where(and(eq(agreements.id, id), visible.agreements(scope)))
      .limit(1);
    return row ?? null;
  },

  async forProvince(db: Queryable, provinceCode: string) {
    const [row] = await db.select({ id: agreements.id }).from(agreements).where(eq(agreements.provinceCode, provinceCode));
    return row ?? null;
  },

  /** The province, its 省级人民政府 (GOV-<code>) and how many pilots it has: what an agreement needs. */
  async province(db: Queryable, provinceCode: string) {
    const [row] = await db
      .select({ code: provinces.code, governmentId: organisations.id })
      .from(provinces)
      .leftJoin(organisations, and(eq(organisations.code, sql`'GOV-' || ${provinces.code}`), eq(organisations.type, 'provinceGov')))
      .where(eq(provinces.code, provinceCode));
    if (!row) return null;
    const [pilotCount] = await db.select({ n: count() }).from(pilots).where(eq(pilots.provinceCode, provinceCode));
    return { ...row, pilots: pilotCount?.n ?? 0 };
  },

  async create(db: Queryable, values: { provinceCode: string; organisationId: string; content: AgreementContent }) {
    const [row] = await db.insert(agreements).values(values).onConflictDoNothing().returning({ id: agreements.id });
    return row?.id ?? null;
  },

  /** Compare-and-set on the version: null when someone saved first. */
  async saveContent(db: Queryable, id: string, version: number, content: AgreementContent, now: Date) {
    const [row] = await db
      .update(agreements)
      .set({ content, version: sql`${agreements.version} + 1`, updatedAt: now })
      .where(and(eq(agreements.id, id), eq(agreements.version, version), eq(agreements.status, 'draft')))
      .returning({ version: agreements.version });
    return row?.version ?? null;
  },

  async setDigest(db: Queryable, id: string, digest: string) {
    await db.update(agreements).set({ digest }).where(eq(agreements.id, id));
  },
};
