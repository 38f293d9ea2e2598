import { TIERS, type Tier } from '@smartcity/domain';
import { FOREIGN_PILOT_ORG, ORG_OF, type FixtureFactory } from './types.js';

export const pilotFixture: FixtureFactory = async (m) => {
  const own = await m.pilotOf(ORG_OF.pilot);
  return {
    own: (tier) => (tier === 'applicant' ? null : own),
    foreign: await m.pilotOf(FOREIGN_PILOT_ORG),
    examples: {
      'PATCH /api/pilots/:id': { body: { note: 'matrix' }, headers: { 'if-match': '"999"' } },
      'POST /api/pilots/:id/transitions': { body: { action: 'accept' } },
      'POST /api/pilots/:id/task-books': {},
    },
  };
};

export const organisationFixture: FixtureFactory = async (m) => {
  const own = Object.fromEntries(await Promise.all(TIERS.map(async (t) => [t, await m.orgId(ORG_OF[t])] as const))) as Record<Tier, string>;
  return { own: (tier) => own[tier], foreign: await m.orgId('DEPT-110000') };
};

// published reference data: no owner, the same for everyone
export const indicatorSystemFixture: FixtureFactory = async () => ({ own: () => 'MOHURD-2012', foreign: 'MOHURD-2012' });

// a self-registered applicant: its own (苏州, under 江苏) is decided by 江苏's department; 北京's is foreign
export const applicantFixture: FixtureFactory = async (m) => {
  const own = await m.orgId(ORG_OF.applicant);
  return {
    own: (tier) => (tier === 'ministry' || tier === 'province' || tier === 'applicant' ? own : null),
    foreign: await m.orgId('APPL-110108'),
    // the demo applicants are approved already: a decision is refused (409), nothing changes
    examples: { 'POST /api/applicants/:id/approval': { body: { decision: 'approve' } } },
  };
};
