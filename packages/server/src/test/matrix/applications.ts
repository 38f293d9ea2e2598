import { randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { attachments, expertReviews, organisations, users } from '../../db/schema.js';
import { sm3Bytes } from '../../lib/canonical.js';
import type { TestEnv } from '../harness.js';
import { ORG_OF, type FixtureFactory, type MatrixContext } from './types.js';

// Years no other fixture or demo batch uses: a call is one per year.
const OPEN_YEAR = 2098;
const DRAFT_YEAR = 2099;

export const matrixCallBody = (year: number) => ({
  year,
  title: `矩阵测试批次${year}申报`,
  opensOn: '2013-01-01',
  closesOn: '2013-12-31',
  quotaPerProvince: 2,
});

export const matrixApplicationBody = {
  name: '矩阵市',
  kind: 'prefectureCity',
  adminCode: null,
  summary: '',
  declarations: { inLocalPlan: true, fundingChannel: true, leaderInCharge: true },
  contact: { name: '', phone: '' },
};

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
  const calls = await callsOf(m);
  return {
    own: () => calls.open,
    foreign: calls.draft,
    examples: {
      'PATCH /api/calls/:id': { body: matrixCallBody(OPEN_YEAR), headers: { 'if-match': '"999"' } },
      'POST /api/calls/:id/transitions': { body: { action: 'publish' } },
      // the demo applicant already applied in the open call: 409, nothing created
      'POST /api/calls/:id/applications': { body: matrixApplicationBody },
    },
  };
};

/** Applications: 苏州's (own; the committee's demo experts are assigned to it) and 海淀's (foreign), both drafts with one file. */
export const applicationFixture: FixtureFactory = async (m) => {
  const db = m.env.database.db;
  const calls = await callsOf(m);
  const files: (typeof attachments.$inferInsert)[] = [];
  const attachmentOf: Record<string, string> = {};
  for (const [id, org] of [
    [calls.ownApplication, ORG_OF.applicant],
    [calls.foreignApplication, 'APPL-110108'],
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
    files.push(file);
    attachmentOf[id] = file.id;
  }
  const experts = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(inArray(organisations.code, [ORG_OF.expert]));
  await db.insert(expertReviews).values(
    experts.map((e) => ({
      subjectType: 'application',
      subjectId: calls.ownApplication,
      ownerOrgId: files[0]!.ownerOrgId,
      expertUserId: e.id,
      explanation: '矩阵测试',
    })),
  );
  return {
    own: (tier) => (tier === 'pilot' ? null : calls.ownApplication),
    foreign: calls.foreignApplication,
    params: (id) => ({ attachmentId: attachmentOf[id] ?? randomUUID() }),
    examples: {
      'PATCH /api/applications/:id': { body: matrixApplicationBody, headers: { 'if-match': '"999"' } },
      // nobody may designate a draft: 409 for the Ministry's administrators, 403 for everyone else
      'POST /api/applications/:id/transitions': { body: { action: 'designate' } },
      'POST /api/applications/:id/assignments': { body: { expertUserIds: [randomUUID()] } },
      'PUT /api/applications/:id/reviews/mine': { body: { scores: { planning: 1 }, comment: '' } },
      'POST /api/applications/:id/attachments': { query: '?kind=applicationForm' },
    },
    // an allowed DELETE really deletes the file: every row starts from the same files
    restore: async () => void (await db.insert(attachments).values(files).onConflictDoNothing()),
  };
};
