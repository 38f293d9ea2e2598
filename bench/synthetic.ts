import { PILOT_KINDS, type PilotKind, type PilotStatus } from '@smartcity/domain';
import { count, eq, inArray, like, sql } from 'drizzle-orm';
import type { Db } from '../packages/server/src/db/client.js';
import { batches, organisations, pilots, provinces } from '../packages/server/src/db/schema.js';
import { deptCode } from '../packages/server/src/seed/seed.js';

/** Small, fast, seedable PRNG: the same seed gives the same pilots on every machine and engine. */
export function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = 2013;
export const SYNTHETIC_YEAR = 2013;
export const SYNTHETIC_NAME_PREFIX = '合成试点';
const CHUNK = 1_000;

// Districts are the most common kind so that the Ministry query (kind=district, page 3) has rows even at N=300.
const KIND_WEIGHTS: Record<PilotKind, number> = { district: 30, prefectureCity: 20, countyCity: 15, county: 15, town: 10, zone: 10 };
const KIND_SUFFIX: Record<PilotKind, string> = {
  prefectureCity: '市',
  countyCity: '市',
  district: '区',
  county: '县',
  town: '镇',
  zone: '新区',
};
// Most pilots of a young batch are still just designated; a few have moved on, so status filters are not trivial.
const STATUS_WEIGHTS: Partial<Record<PilotStatus, number>> = {
  designated: 90,
  creating: 7,
  underAcceptance: 1,
  accepted: 1,
  failed: 0.5,
  revoked: 0.5,
};

function picker<T extends string>(weights: Partial<Record<T, number>>) {
  const entries = Object.entries(weights) as [T, number][];
  const total = entries.reduce((s, [, w]) => s + w, 0);
  return (r: number): T => {
    let x = r * total;
    for (const [k, w] of entries) if ((x -= w) < 0) return k;
    return entries[entries.length - 1]![0];
  };
}
const pickKind = picker<PilotKind>(KIND_WEIGHTS);
const pickStatus = picker<PilotStatus>(STATUS_WEIGHTS);
if (PILOT_KINDS.some((k) => !(k in KIND_WEIGHTS))) throw new Error('every pilot kind needs a weight');

interface Context {
  batchId: string;
  /** mainland province code → its DEPT-<code> organisation id */
  deptOf: Map<string, string>;
  pickProvince: (r: number) => string;
}

/** The synthetic 2013 batch and the lookup tables, read once. */
async function context(db: Db): Promise<Context> {
  await db
    .insert(batches)
    .values({ year: SYNTHETIC_YEAR, name: '2013年度', title: '第二批国家智慧城市试点（合成数据）' })
    .onConflictDoNothing();
  const [batch] = await db.select({ id: batches.id }).from(batches).where(eq(batches.year, SYNTHETIC_YEAR));
  const mainland = await db.select({ code: provinces.code }).from(provinces).where(eq(provinces.mainland, true)).orderBy(provinces.sort);
  const orgRows = await db
    .select({ id: organisations.id, code: organisations.code })
    .from(organisations)
    .where(
      inArray(
        organisations.code,
        mainland.map((p) => deptCode(p.code)),
      ),
    );
  const orgByCode = new Map(orgRows.map((o) => [o.code, o.id]));
  const depts = mainland.map((p) => ({ provinceCode: p.code, deptId: orgByCode.get(deptCode(p.code)) }));
  if (depts.length !== 31 || depts.some((d) => !d.deptId))
    throw new Error('expected 31 mainland provinces, each with its DEPT-<code> organisation');
  // Skew like the real lists: weight = batch-1 pilots of the province + 1 (江苏 9, 山东 8 … 西藏 0).
  const real = await db
    .select({ provinceCode: pilots.provinceCode, n: count() })
    .from(pilots)
    .innerJoin(batches, eq(batches.id, pilots.batchId))
    .where(eq(batches.year, 2012))
    .groupBy(pilots.provinceCode);
  const realCount = new Map(real.map((r) => [r.provinceCode, r.n]));
  const weights = Object.fromEntries(depts.map((d) => [d.provinceCode, (realCount.get(d.provinceCode) ?? 0) + 1]));
  return {
    batchId: batch!.id,
    deptOf: new Map(depts.map((d) => [d.provinceCode, d.deptId!])),
    pickProvince: picker<string>(weights),
  };
}

/** Synthetic pilot n (1-based) depends only on n, so topping up 300 → 3,000 → 30,000 equals loading 30,000 at once. */
function synthetic(n: number, ctx: Context) {
  const rnd = mulberry32(SEED ^ Math.imul(n, 0x9e3779b1));
  const provinceCode = ctx.pickProvince(rnd());
  const kind = pickKind(rnd());
  const status = pickStatus(rnd());
  const publishedName = `${SYNTHETIC_NAME_PREFIX}${n}号${KIND_SUFFIX[kind]}`;
  return { n, provinceCode, deptId: ctx.deptOf.get(provinceCode)!, kind, status, publishedName };
}

/**
 * Adds synthetic pilots (each with its own pilot-government organisation) until the pilots table holds `target` rows.
 * Multi-row inserts of 1,000 in one transaction per chunk: one round trip per 1,000 rows instead of per row.
 * Returns the number of rows added.
 */
export async function topUpPilots(db: Db, target: number): Promise<number> {
  const [{ n: existing } = { n: 0 }] = await db.select({ n: count() }).from(pilots);
  if (existing >= target) return 0;
  const ctx = await context(db);
  const [{ n: already } = { n: 0 }] = await db.select({ n: count() }).from(organisations).where(like(organisations.code, 'SYN-%'));
  const want = target - existing;
  for (let start = 0; start < want; start += CHUNK) {
    const rows = Array.from({ length: Math.min(CHUNK, want - start) }, (_, i) => synthetic(already + start + i + 1, ctx));
    await db.transaction(async (tx) => {
      const orgs = await tx
        .insert(organisations)
        .values(
          rows.map((r) => ({
            type: 'pilotGov' as const,
            code: `SYN-${r.n}`,
            name: `${r.publishedName}人民政府`,
            provinceCode: r.provinceCode,
            parentId: r.deptId,
          })),
        )
        .returning({ id: organisations.id, code: organisations.code });
      // RETURNING order is not guaranteed by SQL, so match by code
      const orgId = new Map(orgs.map((o) => [o.code, o.id]));
      await tx.insert(pilots).values(
        rows.map((r) => ({
          organisationId: orgId.get(`SYN-${r.n}`)!,
          supervisorOrgId: r.deptId,
          batchId: ctx.batchId,
          provinceCode: r.provinceCode,
          seq: r.n,
          publishedName: r.publishedName,
          kind: r.kind,
          status: r.status,
        })),
      );
    });
  }
  // Fresh statistics, otherwise the planner may plan the 30,000-row table as if it held 300 (autovacuum lags).
  await db.execute(sql`analyze`);
  return want;
}
