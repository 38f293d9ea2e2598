import { eq, inArray } from 'drizzle-orm';
import { acceptances, agreements, expertReviews, organisations, pilots, signatures, users } from '../../db/schema.js';
import { digestOfAgreement } from '../../modules/agreements/agreements.service.js';
import { AGREEMENT_TEXT, ifMatchOf, SIGNATURE_REQUEST } from './examples.js';
import { keepTaskBooks, signTaskBooks } from './task-book.js';
import { all, keepSet, keepRows } from './keep.js';
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
  const pilotIds: string[] = [];
  for (const org of [ORG_OF.pilot, FOREIGN_PILOT_ORG]) {
    const pilotId = await m.pilotOf(org);
    pilotIds.push(pilotId);
    const [book] = await taskBookRepository.list(db, { tier: 'ministry' }, { pilot: pilotId });
    const taskBookId = book?.id ?? (await makeTaskBook(m, pilotId));
    const [row] = await db
      .insert(acceptances)
      .values({ pilotId, taskBookId, selfAssessment: { narrative: '矩阵' } })
      .returning({ id: acceptances.id });
    made[org] = row!.id;
  }
  const ids = Object.values(made);
  // the committee's experts (assigned to 无锡 by the demo data) sit on the own acceptance's panel
  const experts = await db
    .select({ id: users.id, username: users.username })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(eq(organisations.code, ORG_OF.expert));
  const ownerOrgId = await m.orgId(ORG_OF.pilot);
  await db.insert(expertReviews).values(
    experts.map((e) => ({
      subjectType: 'acceptance',
      subjectId: made[ORG_OF.pilot]!,
      ownerOrgId,
      expertUserId: e.id,
      explanation: '矩阵',
    })),
  );
  const inReview = () => db.update(acceptances).set({ status: 'expertReview' }).where(inArray(acceptances.id, ids));
  // the panel's experts have declared no conflict of interest, so they may score
  const declared = async () => {
    await inReview();
    await db.update(expertReviews).set({ noConflictDeclaredAt: new Date() }).where(inArray(expertReviews.subjectId, ids));
  };
  return {
    // the pilot, its province and provincial government, the Ministry and the experts assigned to 无锡 see it; an applicant none
    own: (tier) => (tier === 'applicant' ? null : made[ORG_OF.pilot]!),
    foreign: made[FOREIGN_PILOT_ORG]!,
    params: () => ({ expertUserId: experts.find((e) => e.username.endsWith('.admin'))!.id }),
    examples: {
      // one acceptance per pilot: the fixture's are set aside for the request
      'POST /api/pilots/:id/acceptance': {
        arrange: async () => {
          await db.delete(acceptances).where(inArray(acceptances.id, ids));
          await signTaskBooks(db, pilotIds);
        },
      },
      'PATCH /api/acceptances/:id': async ({ id }) => ({ body: { narrative: '矩阵' }, headers: await ifMatchOf(db, acceptances, id) }),
      'POST /api/acceptances/:id/transitions': {
        body: { action: 'publish' },
        arrange: () => db.update(acceptances).set({ status: 'confirmed' }).where(inArray(acceptances.id, ids)),
      },
      'POST /api/acceptances/:id/assignments': { body: { count: 3 }, arrange: inReview },
      'DELETE /api/acceptances/:id/assignments/:expertUserId': { arrange: inReview },
      'PUT /api/acceptances/:id/reviews/mine': { body: { scores: { overall: 80 }, comment: '矩阵' }, arrange: declared },
      'PUT /api/acceptances/:id/reviews/mine/draft': { body: { scores: { overall: 80 }, comment: '矩阵' }, arrange: declared },
      'POST /api/acceptances/:id/reviews/mine/declaration': { body: { conflict: false }, arrange: inReview },
    },
    restore: all(
      await keepSet(db, acceptances, inArray(acceptances.pilotId, pilotIds)),
      await keepTaskBooks(db, pilotIds),
      await keepSet(db, expertReviews, inArray(expertReviews.subjectId, ids)),
    ),
  };
};

async function makeTaskBook(m: Parameters<FixtureFactory>[0], pilotId: string) {
  const db = m.env.database.db;
  const [pilot] = await db.select({ batchId: pilots.batchId }).from(pilots).where(eq(pilots.id, pilotId));
  const [someone] = await db.select({ id: users.id }).from(users).limit(1);
  return taskBookRepository.create(db, pilotId, pilot!.batchId, emptyContent(2013), someone!.id);
}

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
  const ids = Object.values(made);
  const signing = () =>
    db
      .update(agreements)
      .set({ status: 'signing', digest: digestOfAgreement(AGREEMENT_TEXT) })
      .where(inArray(agreements.id, ids));
  return {
    own: (tier) => (tier === 'ministry' || tier === 'province' || tier === 'provincialGovernment' ? made['320000']! : null),
    foreign: made['110000']!,
    examples: {
      'POST /api/agreements': { body: { provinceCode: '440000', content: AGREEMENT_TEXT } },
      'PATCH /api/agreements/:id': async ({ id }) => ({ body: { content: AGREEMENT_TEXT }, headers: await ifMatchOf(db, agreements, id) }),
      'POST /api/agreements/:id/transitions': { body: { action: 'freeze' } },
      'POST /api/agreements/:id/signatures': { body: SIGNATURE_REQUEST, arrange: signing },
    },
    restore: all(
      await keepRows(db, agreements, ids),
      await keepSet(db, agreements, eq(agreements.provinceCode, '440000')),
      await keepSet(db, signatures, inArray(signatures.subjectId, ids)),
    ),
  };
};
