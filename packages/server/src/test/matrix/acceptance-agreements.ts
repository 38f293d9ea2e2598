import { eq } from 'drizzle-orm';
import { acceptances, agreements, pilots, users } from '../../db/schema.js';
import { emptyContent } from '@smartcity/domain';
import { taskBookRepository } from '../../modules/task-books/task-books.repository.js';
import { FOREIGN_PILOT_ORG, ORG_OF, type FixtureFactory } from './types.js';

/**
 * A draft acceptance for the own pilot (无锡) and the foreign one (北京东城区). It hangs off the pilot's task book:
 * the task-book fixture (which runs first, its routes being registered first) has made one; otherwise one is made here.
 */
export const acceptanceFixture: FixtureFactory = async (m) => {
  const db = m.env.database.db;
  const made: Record<string, string> = {};
  for (const org of [ORG_OF.pilot, FOREIGN_PILOT_ORG]) {
    const pilotId = await m.pilotOf(org);
    const [book] = await taskBookRepository.list(db, { tier: 'ministry' }, { pilot: pilotId });
    const taskBookId = book?.id ?? (await makeTaskBook(m, pilotId));
    const [row] = await db
      .insert(acceptances)
      .values({ pilotId, taskBookId, selfAssessment: { narrative: '矩阵' } })
      .returning({ id: acceptances.id });
    made[org] = row!.id;
  }
  return {
    // the pilot, its province and provincial government, the Ministry and the experts assigned to 无锡 see it; an applicant none
    own: (tier) => (tier === 'applicant' ? null : made[ORG_OF.pilot]!),
    foreign: made[FOREIGN_PILOT_ORG]!,
    examples: {
      'POST /api/pilots/:id/acceptance': {}, // exists already: 409
      'PATCH /api/acceptances/:id': { body: { narrative: 'matrix' }, headers: { 'if-match': '"999"' } },
      'POST /api/acceptances/:id/transitions': { body: { action: 'publish' } },
      'POST /api/acceptances/:id/assignments': { body: {} }, // a draft: 409
      'PUT /api/acceptances/:id/reviews/mine': { body: { score: 50, comment: 'matrix' } }, // a draft: 409
      'POST /api/rating-rules': { body: { version: 'matrix' } },
    },
  };
};

async function makeTaskBook(m: Parameters<FixtureFactory>[0], pilotId: string) {
  const db = m.env.database.db;
  const [pilot] = await db.select({ batchId: pilots.batchId }).from(pilots).where(eq(pilots.id, pilotId));
  const [someone] = await db.select({ id: users.id }).from(users).limit(1);
  return taskBookRepository.create(db, pilotId, pilot!.batchId, emptyContent(2013), someone!.id);
}

const AGREEMENT_TEXT = { goals: '矩阵', ministryDuties: '矩阵', provinceDuties: '矩阵', support: '矩阵', term: '矩阵' };

/** A draft co-promotion agreement with 江苏 (own for the Ministry, DEPT-320000 and GOV-320000) and one with 北京. */
export const agreementFixture: FixtureFactory = async (m) => {
  const db = m.env.database.db;
  const made: Record<string, string> = {};
  for (const code of ['320000', '110000']) {
    const organisationId = await m.orgId(`GOV-${code}`);
    const [row] = await db
      .insert(agreements)
      .values({ provinceCode: code, organisationId, content: AGREEMENT_TEXT })
      .returning({ id: agreements.id });
    made[code] = row!.id;
  }
  return {
    own: (tier) => (tier === 'ministry' || tier === 'province' || tier === 'provincialGovernment' ? made['320000']! : null),
    foreign: made['110000']!,
    examples: {
      'POST /api/agreements': { body: { provinceCode: '320000' } },
      'PATCH /api/agreements/:id': { body: { content: AGREEMENT_TEXT }, headers: { 'if-match': '"999"' } },
      'POST /api/agreements/:id/transitions': { body: { action: 'freeze' } },
      'POST /api/agreements/:id/signatures': { body: { name: '矩阵', title: '测试' } }, // a draft: 409
    },
  };
};
