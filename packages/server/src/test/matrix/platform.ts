import { eq, inArray, notInArray } from 'drizzle-orm';
import {
  apiKeys,
  organisations,
  platformLoads,
  platformRecords,
  platformResources,
  platformSubscriptions,
  sharingRequests,
  users,
} from '../../db/schema.js';
import { pdfUpload } from './examples.js';
import { all, keepRows, keepSet } from './keep.js';
import { FOREIGN_PILOT_ORG, ORG_OF, type FixtureFactory, type MatrixContext } from './types.js';

/*
 * The city platform's records for the matrix: on 无锡's platform a published resource of the matrix's department
 * (市场监督管理局) with records, one of 大数据管理局 it has asked to share, its API key and a load; the same on 北京东城区's
 * platform (a department made here), which nobody of 江苏 sees.
 */

const FIELDS = [
  { name: 'code', label: '编码', type: 'string' as const, key: true, required: true, personal: false, indexed: false },
  { name: 'holder', label: '姓名', type: 'string' as const, key: false, required: false, personal: true, indexed: false },
];
export const MATRIX_RESOURCE = {
  classification: '2-01-001-001',
  name: '矩阵资源',
  summary: '矩阵',
  themes: ['矩阵'],
  fields: FIELDS,
  format: '结构化数据',
  updateCycle: 'monthly' as const,
  sharingClass: 'unconditional' as const,
  condition: null,
  legalBasis: null,
  sharingMethod: 'api',
  openData: false,
  indicatorCodes: [],
};

interface Platform {
  pilotId: string;
  provider: string;
  other: string;
}

async function platformOf(m: MatrixContext, pilotOrg: string, provider: string, other: string): Promise<Platform> {
  return { pilotId: await m.pilotOf(pilotOrg), provider: await m.orgId(provider), other: await m.orgId(other) };
}

/** 北京东城区's two departments, made once (the demo has none there). */
async function foreignDepartments(m: MatrixContext) {
  const db = m.env.database.db;
  const gov = await m.orgId(FOREIGN_PILOT_ORG);
  for (const [code, name] of [
    ['BJDC-SCJGJ', '东城区市场监督管理局'],
    ['BJDC-DSJJ', '东城区大数据管理局'],
  ] as const)
    await db.insert(organisations).values({ type: 'department', code, name, provinceCode: '110000', parentId: gov }).onConflictDoNothing();
  return platformOf(m, FOREIGN_PILOT_ORG, 'BJDC-SCJGJ', 'BJDC-DSJJ');
}

const platforms = new WeakMap<MatrixContext['env'], Promise<{ own: Platform; foreign: Platform }>>();
const bothPlatforms = (m: MatrixContext) => {
  let p = platforms.get(m.env);
  if (!p) {
    p = (async () => ({ own: await platformOf(m, ORG_OF.pilot, ORG_OF.department, 'WUXI-DSJJ'), foreign: await foreignDepartments(m) }))();
    platforms.set(m.env, p);
  }
  return p;
};

/** Every resource the fixtures made: what a restore keeps besides those that were there before. */
const made: string[] = [];

/** A published resource of `provider` with two records; `seq` keeps codes apart. */
async function makeResource(m: MatrixContext, p: Platform, provider: string, seq: number, sharingClass: 'unconditional' | 'conditional') {
  const db = m.env.database.db;
  const [row] = await db
    .insert(platformResources)
    .values({
      ...MATRIX_RESOURCE,
      sharingClass,
      condition: sharingClass === 'conditional' ? '矩阵' : null,
      pilotId: p.pilotId,
      providerOrgId: provider,
      seq,
      code: `2-01-001-001/MATRIX/${seq}`,
      status: 'published',
      releaseDate: '2013-01-01',
      rowCount: 2,
    })
    .returning({ id: platformResources.id });
  const id = row!.id;
  made.push(id);
  await db
    .insert(platformRecords)
    .values(['A1', 'A2'].map((code) => ({ pilotId: p.pilotId, resourceId: id, key: code, doc: { code, holder: '张三丰' } })));
  return id;
}

const PLATFORM_TIERS = ['ministry', 'province', 'provincialGovernment', 'pilot', 'department'];

const csvUpload = () => pdfUpload({ name: 'matrix.csv', type: 'text/csv', data: Buffer.from('code,holder\nA3,李四\n') });

export const resourceFixture: FixtureFactory = async (m) => {
  const db = m.env.database.db;
  const { own, foreign } = await bothPlatforms(m);
  const ownId = await makeResource(m, own, own.provider, 9001, 'unconditional');
  const foreignId = await makeResource(m, foreign, foreign.provider, 9001, 'unconditional');
  const ids = [ownId, foreignId];
  const before = (await db.select({ id: platformResources.id }).from(platformResources)).map((r) => r.id);
  return {
    own: (tier) => (PLATFORM_TIERS.includes(tier) ? ownId : null),
    foreign: foreignId,
    examples: {
      'POST /api/platform/resources': { body: MATRIX_RESOURCE },
      // (an object, not a function, so the fuzz sends its body too: the resources are made at version 1)
      'PUT /api/platform/resources/:id': {
        body: MATRIX_RESOURCE,
        headers: { 'if-match': '"1"' },
        arrange: () => db.update(platformResources).set({ status: 'draft' }).where(inArray(platformResources.id, ids)),
      },
      'POST /api/platform/resources/:id/transitions': { body: { action: 'retire', reason: '矩阵' } },
      'POST /api/platform/resources/:id/loads': csvUpload(),
      'POST /api/platform/resources/:id/records': { body: { upsert: [{ code: 'A4', holder: '王五' }] } },
      'POST /api/platform/resources/:id/query': { body: { limit: 1 } },
      'POST /api/platform/resources/:id/export': { body: {} },
      // the public downloads an open dataset: both resources opened, so every caller reads either
      'GET /api/public/open-data/:id/records': {
        arrange: () => db.update(platformResources).set({ openData: true }).where(inArray(platformResources.id, ids)),
      },
      // the matrix's department asks for another department's conditional resource
      'POST /api/platform/resources/:id/sharing-requests': {
        body: { purpose: '矩阵', fields: ['code'], until: '2013-12-31' },
        arrange: async () => {
          await db
            .update(platformResources)
            .set({ sharingClass: 'conditional', condition: '矩阵' })
            .where(inArray(platformResources.id, ids));
          await db.update(platformResources).set({ providerOrgId: own.other }).where(eq(platformResources.id, ownId));
          await db.update(platformResources).set({ providerOrgId: foreign.other }).where(eq(platformResources.id, foreignId));
        },
      },
      'POST /api/platform/departments': {
        body: { code: 'MATRIX-DEPT', name: '矩阵局', admin: { username: 'matrix.dept', displayName: '矩阵', password: 'matrix-password' } },
      },
      'POST /api/platform/api-keys': { body: { name: '矩阵系统', resourceIds: [ownId], expiresOn: '2013-12-31' } },
      'POST /api/platform/resources/:id/subscriptions': { body: { url: 'https://example.org/hook' } },
    },
    restore: all(
      await keepRows(db, platformResources, ids),
      // a resource an example listed goes (the other fixtures' resources, made later, stay)
      async () => void (await db.delete(platformResources).where(notInArray(platformResources.id, [...before, ...made]))),
      await keepSet(db, platformRecords, inArray(platformRecords.resourceId, ids)),
      await keepSet(db, platformLoads, inArray(platformLoads.resourceId, ids)),
      await keepSet(db, sharingRequests, inArray(sharingRequests.resourceId, ids)),
      await keepSet(db, apiKeys, notInArray(apiKeys.name, ['矩阵密钥'])),
      // subscriptions an example made (the subscription fixture's own are restored by it)
      async () => void (await db.delete(platformSubscriptions).where(inArray(platformSubscriptions.resourceId, ids))),
      async () => {
        await db.delete(users).where(eq(users.username, 'matrix.dept'));
        await db.delete(organisations).where(eq(organisations.code, 'MATRIX-DEPT'));
      },
    ),
  };
};

/**
 * A request by the matrix's department for 大数据管理局's conditional resource (own), and its foreign twin. The matrix's
 * department is the consumer: it may withdraw.
 */
export const sharingRequestFixture: FixtureFactory = async (m) => {
  const db = m.env.database.db;
  const { own, foreign } = await bothPlatforms(m);
  const [someone] = await db.select({ id: users.id }).from(users).limit(1);
  const make = async (p: Platform) => {
    const resourceId = await makeResource(m, p, p.other, 9002, 'conditional');
    const [row] = await db
      .insert(sharingRequests)
      .values({
        pilotId: p.pilotId,
        resourceId,
        consumerOrgId: p.provider,
        providerOrgId: p.other,
        purpose: '矩阵',
        fields: ['code'],
        until: '2013-12-31',
        dueOn: '2013-02-20',
        requestedBy: someone!.id,
      })
      .returning({ id: sharingRequests.id });
    return row!.id;
  };
  const ownId = await make(own);
  const foreignId = await make(foreign);
  const ids = [ownId, foreignId];
  return {
    own: (tier) => (PLATFORM_TIERS.includes(tier) ? ownId : null),
    foreign: foreignId,
    examples: { 'POST /api/platform/sharing-requests/:id/transitions': { body: { action: 'withdraw' } } },
    restore: await keepRows(db, sharingRequests, ids),
  };
};

/** The matrix's department's API key, and 北京's. */
export const apiKeyFixture: FixtureFactory = async (m) => {
  const db = m.env.database.db;
  const { own, foreign } = await bothPlatforms(m);
  const [someone] = await db.select({ id: users.id }).from(users).limit(1);
  const made = await db
    .insert(apiKeys)
    .values(
      [own, foreign].map((p, i) => ({
        pilotId: p.pilotId,
        organisationId: p.provider,
        name: '矩阵密钥',
        prefix: 'sck_matrix',
        tokenHash: `matrix-${i}`,
        resourceIds: [],
        expiresOn: '2013-12-31',
        createdBy: someone!.id,
      })),
    )
    .returning({ id: apiKeys.id });
  const ids = made.map((r) => r.id);
  return {
    own: (tier) => (tier === 'department' ? ids[0]! : null),
    foreign: ids[1]!,
    restore: await keepRows(db, apiKeys, ids),
  };
};

/** A subscription of the matrix's department to its own resource, and 北京's twin (paused, so nothing is sent). */
export const subscriptionFixture: FixtureFactory = async (m) => {
  const db = m.env.database.db;
  const { own, foreign } = await bothPlatforms(m);
  const [someone] = await db.select({ id: users.id }).from(users).limit(1);
  const ids: string[] = [];
  for (const p of [own, foreign]) {
    const resourceId = await makeResource(m, p, p.provider, 9004, 'unconditional');
    const [row] = await db
      .insert(platformSubscriptions)
      .values({
        pilotId: p.pilotId,
        resourceId,
        organisationId: p.provider,
        url: 'https://example.org/hook',
        secret: 'f'.repeat(64),
        status: 'paused',
        createdBy: someone!.id,
      })
      .returning({ id: platformSubscriptions.id });
    ids.push(row!.id);
  }
  return {
    own: (tier) => (tier === 'department' ? ids[0]! : null),
    foreign: ids[1]!,
    // a paused subscription resumes (no dispatcher runs in the matrix: nothing is sent)
    examples: { 'POST /api/platform/subscriptions/:id/transitions': { body: { action: 'resume' } } },
    restore: await keepRows(db, platformSubscriptions, ids),
  };
};

/** A finished load of the matrix's department's resource, and of 北京's. */
export const platformLoadFixture: FixtureFactory = async (m) => {
  const db = m.env.database.db;
  const { own, foreign } = await bothPlatforms(m);
  const [someone] = await db.select({ id: users.id }).from(users).limit(1);
  const ids: string[] = [];
  for (const p of [own, foreign]) {
    const resourceId = await makeResource(m, p, p.provider, 9003, 'unconditional');
    const [row] = await db
      .insert(platformLoads)
      .values({ pilotId: p.pilotId, resourceId, status: 'done', format: 'csv', mode: 'upsert', policy: 'all', loadedBy: someone!.id })
      .returning({ id: platformLoads.id });
    ids.push(row!.id);
  }
  return {
    own: (tier) => (tier === 'department' ? ids[0]! : null),
    foreign: ids[1]!,
  };
};
