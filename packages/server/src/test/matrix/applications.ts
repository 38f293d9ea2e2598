import { randomUUID } from 'node:crypto';
import { DEFAULT_RUBRIC } from '@smartcity/domain';
import { and, eq, inArray, notInArray } from 'drizzle-orm';
import { applications, attachments, batches, calls, expertReviews, organisations, users } from '../../db/schema.js';
import { sm3Bytes } from '../../lib/canonical.js';
import type { TestEnv } from '../harness.js';
import { ifMatchOf, matrixApplicationBody, matrixCallBody, pdfUpload } from './examples.js';
import { all, keepRows, keepSet } from './keep.js';
import { ORG_OF, type FixtureFactory, type MatrixContext } from './types.js';

// Years no other fixture or demo batch uses: a call is one per year.
const OPEN_YEAR = 2098;
const DRAFT_YEAR = 2099;
const NEW_YEAR = 2097;

interface MatrixCalls {
  /** open: every tier sees it; the demo applicants applied in it */
  open: string;
  /** draft: only the Ministry sees it */
  draft: string;
  /** application of 苏州 (江苏, the own side) and of 海淀 (北京, the foreign side) */
  ownApplication: string;
  foreignApplication: string;
}

// Both fixtures need the same calls and applications; whichever runs first makes them.
const made = new WeakMap<TestEnv, Promise<MatrixCalls>>();
const callsOf = (m: MatrixContext) => {
  if (!made.has(m.env)) made.set(m.env, makeCalls(m));
  return made.get(m.env)!;
};

async function makeCalls(m: MatrixContext): Promise<MatrixCalls> {
  const ministry = await m.env.as('mohurd.admin');
  const create = async (year: number) => (await ministry.post('/api/calls', matrixCallBody(year))).json().id as string;
  const open = await create(OPEN_YEAR);
  await ministry.post(`/api/calls/${open}/transitions`, { action: 'open' });
  const draft = await create(DRAFT_YEAR);
  const apply = async (org: string) =>
    (await (await m.env.as(`${org.toLowerCase()}.editor`)).post(`/api/calls/${open}/applications`, matrixApplicationBody)).json()
      .id as string;
  return { open, draft, ownApplication: await apply(ORG_OF.applicant), foreignApplication: await apply('APPL-110108') };
}

/** Calls: the open one is everyone's (own), the draft one exists only for the Ministry (foreign). */
export const callFixture: FixtureFactory = async (m) => {
  const db = m.env.database.db;
  const c = await callsOf(m);
  const applied = [c.ownApplication, c.foreignApplication];
  return {
    own: () => c.open,
    foreign: c.draft,
    examples: {
      'POST /api/calls': { body: matrixCallBody(NEW_YEAR) },
      // applications of the open call, or of the draft call only the Ministry sees
      'GET /api/applications': ({ side }) => ({ sided: true, query: `?call=${side === 'own' ? c.open : c.draft}` }),
      'PATCH /api/calls/:id': async ({ id }) => ({
        body: matrixCallBody(id === c.open ? OPEN_YEAR : DRAFT_YEAR),
        headers: await ifMatchOf(db, calls, id),
      }),
      'POST /api/calls/:id/transitions': { body: { action: 'close' } },
      // the demo applicants' applications are moved aside for the request: an applicant applies once per call
      'POST /api/calls/:id/applications': {
        body: matrixApplicationBody,
        arrange: () => db.update(applications).set({ callId: c.draft }).where(inArray(applications.id, applied)),
      },
    },
    restore: all(
      await keepRows(db, calls, [c.open, c.draft]),
      // the application the example makes goes first: the demo ones then return to the open call
      await keepSet(db, applications, and(inArray(applications.callId, [c.open, c.draft]), notInArray(applications.id, applied))!),
      await keepRows(db, applications, applied),
      // the call the example drafts, and its batch
      await keepSet(db, calls, inArray(calls.batchId, db.select({ id: batches.id }).from(batches).where(eq(batches.year, NEW_YEAR)))),
      await keepSet(db, batches, eq(batches.year, NEW_YEAR)),
    ),
  };
};

/** Applications: 苏州's (own; the committee's demo experts are assigned to it) and 海淀's (foreign), both drafts with one file. */
export const applicationFixture: FixtureFactory = async (m) => {
  const db = m.env.database.db;
  const c = await callsOf(m);
  const ids = [c.ownApplication, c.foreignApplication];
  const attachmentOf: Record<string, string> = {};
  for (const [id, org] of [
    [c.ownApplication, ORG_OF.applicant],
    [c.foreignApplication, 'APPL-110108'],
  ] as const) {
    const data = Buffer.from('%PDF-1.4 matrix');
    const file = {
      id: randomUUID(),
      subjectType: 'application',
      subjectId: id,
      ownerOrgId: await m.orgId(org),
      kind: 'applicationForm',
      filename: 'a.pdf',
      mediaType: 'application/pdf',
      size: data.length,
      sm3: sm3Bytes(data),
      data,
      createdBy: randomUUID(),
    };
    await db.insert(attachments).values(file);
    attachmentOf[id] = file.id;
  }
  const experts = await db
    .select({ id: users.id, username: users.username })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(inArray(organisations.code, [ORG_OF.expert]));
  const ownerOrgId = await m.orgId(ORG_OF.applicant);
  await db.insert(expertReviews).values(
    experts.map((e) => ({
      subjectType: 'application',
      subjectId: c.ownApplication,
      ownerOrgId,
      expertUserId: e.id,
      explanation: '矩阵测试',
    })),
  );
  const inReview = () => db.update(applications).set({ status: 'expertReview' }).where(inArray(applications.id, ids));
  // the panel's experts have declared no conflict of interest, so they may score
  const declared = async () => {
    await inReview();
    await db.update(expertReviews).set({ noConflictDeclaredAt: new Date() }).where(inArray(expertReviews.subjectId, ids));
  };
  const revoked = experts.find((e) => e.username.endsWith('.admin'))!.id;
  return {
    own: (tier) => (tier === 'pilot' ? null : c.ownApplication),
    foreign: c.foreignApplication,
    params: (id) => ({ attachmentId: attachmentOf[id] ?? randomUUID(), expertUserId: revoked }),
    examples: {
      'PATCH /api/applications/:id': async ({ id }) => ({ body: matrixApplicationBody, headers: await ifMatchOf(db, applications, id) }),
      'POST /api/applications/:id/transitions': {
        body: { action: 'return', reason: '矩阵' },
        arrange: () => db.update(applications).set({ status: 'provinceReview' }).where(inArray(applications.id, ids)),
      },
      'POST /api/applications/:id/assignments': { body: { count: 3 }, arrange: inReview },
      'DELETE /api/applications/:id/assignments/:expertUserId': { arrange: inReview },
      'PUT /api/applications/:id/reviews/mine': {
        body: { scores: Object.fromEntries(DEFAULT_RUBRIC.criteria.map((k) => [k.key, 1])), comment: '矩阵' },
        arrange: declared,
      },
      'PUT /api/applications/:id/reviews/mine/draft': { body: { scores: { planning: 1 }, comment: '矩阵' }, arrange: declared },
      'POST /api/applications/:id/reviews/mine/declaration': { body: { conflict: false }, arrange: inReview },
      'POST /api/applications/:id/attachments': { query: '?kind=applicationForm', ...pdfUpload() },
    },
    restore: all(
      await keepRows(db, applications, ids),
      await keepSet(db, attachments, inArray(attachments.subjectId, ids)),
      await keepSet(db, expertReviews, inArray(expertReviews.subjectId, ids)),
    ),
  };
};
