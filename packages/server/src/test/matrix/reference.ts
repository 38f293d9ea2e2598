import { RATING_RULE_2026, TIERS, type Tier } from '@smartcity/domain';
import { eq, inArray, sql } from 'drizzle-orm';
import { batches, indicators, organisations, pilots, ratingRules } from '../../db/schema.js';
import { DEMO_PASSWORD } from '../harness.js';
import { ifMatchOf, TEMPLATE_HEADERS, xlsxUpload } from './examples.js';
import { all, keepRows, keepSet } from './keep.js';
import { FOREIGN_PILOT_ORG, ORG_OF, type FixtureFactory } from './types.js';

export const pilotFixture: FixtureFactory = async (m) => {
  const db = m.env.database.db;
  const own = await m.pilotOf(ORG_OF.pilot);
  const foreign = await m.pilotOf(FOREIGN_PILOT_ORG);
  const [batch] = await db.select().from(batches).where(eq(batches.year, 2012));
  const [wireless] = await db.select({ id: indicators.id }).from(indicators).where(eq(indicators.code, '1.2.1'));
  return {
    own: (tier) => (tier === 'applicant' ? null : own),
    foreign,
    examples: {
      'PATCH /api/pilots/:id': async ({ id }) => ({ body: { note: '矩阵' }, headers: await ifMatchOf(db, pilots, id) }),
      // the only action on a pilot anyone fires by hand: the Ministry's administrators revoke it (rows restored after)
      'POST /api/pilots/:id/transitions': { body: { action: 'revoke', reason: '矩阵' } },
      // lists filtered by a province: the own one (江苏), or 北京 (which must show nothing to whom it is invisible)
      'GET /api/pilots': ({ side }) => ({ sided: true, query: `?province=${PROVINCE[side]}` }),
      'GET /api/pilots/stats/by-province': ({ side }) => ({ sided: true, query: `?province=${PROVINCE[side]}` }),
      // the search box: a character every pilot's name has (who sees which hits: modules/search/search.test.ts)
      'GET /api/search': { query: `?q=${encodeURIComponent('市')}` },
      'GET /api/public/search': { query: `?q=${encodeURIComponent('市')}` },
      // one level-3 indicator (who receives whose values: dashboards/indicator-analytics.test.ts)
      'GET /api/indicator-analytics': { query: `?indicator=${wireless!.id}` },
      'PUT /api/batches/:year/required-indicators': { body: { codes: [] } },
      // a preview (commit defaults to false): every row checked, nothing written
      'POST /api/batches/:year/pilots/import': async () =>
        xlsxUpload({
          试点名单: [TEMPLATE_HEADERS.pilots, ['矩阵新区', null, '江苏省', '新区·园区', null]],
        }),
      'POST /api/rating-rules': { body: { ...RATING_RULE_2026, version: 'matrix' } },
    },
    restore: all(
      await keepRows(db, pilots, [own, foreign]),
      await keepRows(db, batches, [batch!.id]),
      await keepSet(db, ratingRules, sql`true`),
    ),
  };
};

const PROVINCE = { own: '320000', foreign: '110000' } as const;

export const organisationFixture: FixtureFactory = async (m) => {
  const own = Object.fromEntries(await Promise.all(TIERS.map(async (t) => [t, await m.orgId(ORG_OF[t])] as const))) as Record<Tier, string>;
  return {
    own: (tier) => own[tier],
    foreign: await m.orgId('DEPT-110000'),
    // a user of an organisation signs in (the matrix signs in as each row's user)
    examples: {
      'POST /api/session': { body: { username: 'mohurd.viewer', password: DEMO_PASSWORD } },
      'GET /api/organisations': ({ side }) => ({ sided: true, query: `?province=${PROVINCE[side]}` }),
    },
  };
};

// published reference data: no owner, the same for everyone
export const indicatorSystemFixture: FixtureFactory = async () => ({ own: () => 'MOHURD-2012', foreign: 'MOHURD-2012' });

let registrations = 0;

// a self-registered applicant: its own (苏州, under 江苏) is decided by 江苏's department; 北京's is foreign
export const applicantFixture: FixtureFactory = async (m) => {
  const db = m.env.database.db;
  const own = await m.orgId(ORG_OF.applicant);
  const foreign = await m.orgId('APPL-110108');
  const pending = () =>
    db
      .update(organisations)
      .set({ status: 'pending' })
      .where(inArray(organisations.id, [own, foreign]));
  return {
    own: (tier) => (tier === 'ministry' || tier === 'province' || tier === 'applicant' ? own : null),
    foreign,
    examples: {
      // the demo applicants are approved: each request meets them registered again, awaiting a decision
      'POST /api/applicants/:id/approval': { body: { decision: 'approve' }, arrange: pending },
      // a new name every time: a registration is refused for a name already registered
      'POST /api/applicants': () => ({
        body: {
          organisationName: `矩阵${++registrations}号市人民政府`,
          provinceCode: '320000',
          adminCode: null,
          displayName: '矩阵管理员',
          password: 'Matrix-password-2013',
        },
      }),
    },
    restore: await keepRows(db, organisations, [own, foreign]),
  };
};
