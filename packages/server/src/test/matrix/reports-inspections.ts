import { randomUUID } from 'node:crypto';
import { attachments } from '../../db/schema.js';
import { sm3Bytes } from '../../lib/canonical.js';
import { annualReportRepository } from '../../modules/annual-reports/annual-reports.repository.js';
import { prefill } from '../../modules/annual-reports/signed-task-book.js';
import { inspectionRepository } from '../../modules/inspections/inspections.repository.js';
import { referenceRepository } from '../../modules/reference/reference.repository.js';
import { taskBookRepository } from '../../modules/task-books/task-books.repository.js';
import type { Subject } from '../../shared/subject.js';
import { completeContent } from '../task-book-fixture.js';
import { FOREIGN_PILOT_ORG, ORG_OF, type FixtureFactory, type MatrixContext } from './types.js';

const ORGS = [ORG_OF.pilot, FOREIGN_PILOT_ORG];

/** One PDF attached to a record, inserted directly; `restore` puts it back after an allowed DELETE. */
async function fileFor(
  m: MatrixContext,
  org: string,
  subject: Omit<Subject, 'ownerOrgId'>,
  kind: string,
): Promise<typeof attachments.$inferInsert> {
  const data = Buffer.from('%PDF-1.4 matrix');
  return {
    id: randomUUID(),
    subjectType: subject.type,
    subjectId: subject.id,
    ownerOrgId: await m.orgId(org),
    kind,
    filename: 'a.pdf',
    mediaType: 'application/pdf',
    size: data.length,
    sm3: sm3Bytes(data),
    data,
    createdBy: randomUUID(),
  };
}

/**
 * The pilot's task book: the one the taskBook fixture made (it runs first, its routes being registered first),
 * or one started through the API.
 */
async function taskBookOf(m: MatrixContext, org: string, pilotId: string) {
  const batch = await referenceRepository.batchByYear(m.env.database.db, 2012);
  const existing = await taskBookRepository.findForPilot(m.env.database.db, pilotId, batch!.id);
  if (existing) return existing.id;
  return (await (await m.env.as(`${org.toLowerCase()}.editor`)).post(`/api/pilots/${pilotId}/task-books`)).json().id as string;
}

/** A 2013 report in draft for the own and the foreign pilot, each with one evidence file. */
export const annualReportFixture: FixtureFactory = async (m) => {
  const db = m.env.database.db;
  const made: Record<string, string> = {};
  const files: (typeof attachments.$inferInsert)[] = [];
  const content = prefill(completeContent(), 2013);
  for (const org of ORGS) {
    const pilotId = await m.pilotOf(org);
    const id = await annualReportRepository.create(db, { pilotId, taskBookId: await taskBookOf(m, org, pilotId), year: 2013, content });
    made[org] = id;
    files.push(await fileFor(m, org, { type: 'annualReport', id }, 'evidence'));
  }
  const fileOf = (id: string) => files.find((f) => f.subjectId === id)?.id ?? randomUUID();
  return {
    own: (tier) => (tier === 'applicant' ? null : made[ORG_OF.pilot]!),
    foreign: made[FOREIGN_PILOT_ORG]!,
    params: (id) => ({ attachmentId: fileOf(id) }),
    examples: {
      // the own pilot's task book is not signed: 409, nothing created
      'POST /api/pilots/:id/annual-reports': { body: { year: 2013 } },
      'PATCH /api/annual-reports/:id': { body: content, headers: { 'if-match': '"999"' } },
      'POST /api/annual-reports/:id/transitions': { body: { action: 'accept' } },
    },
    restore: async () => void (await db.insert(attachments).values(files).onConflictDoNothing()),
  };
};

/** An inspection of the own and the foreign pilot, each with one open rectification, an inspection file and rectification evidence. */
async function inspections(m: MatrixContext) {
  const db = m.env.database.db;
  const inspectionOf: Record<string, string> = {};
  const findingOf: Record<string, string> = {};
  const files: (typeof attachments.$inferInsert)[] = [];
  for (const org of ORGS) {
    const pilotId = await m.pilotOf(org);
    const id = await inspectionRepository.create(db, {
      pilotId,
      inspectedOn: '2013-01-20',
      inspectors: ['矩阵'],
      projectsChecked: [],
      summary: '',
      createdBy: randomUUID(),
      findings: [{ title: '矩阵问题', description: '', rectificationDue: '2013-06-30', status: 'open' }],
    });
    const [finding] = await inspectionRepository.findingsOf(db, id);
    inspectionOf[org] = id;
    findingOf[org] = finding!.id;
    files.push(await fileFor(m, org, { type: 'inspection', id }, 'inspectionFile'));
    files.push(await fileFor(m, org, { type: 'finding', id: finding!.id }, 'rectificationEvidence'));
  }
  return {
    inspectionOf,
    findingOf,
    fileOf: (id: string) => files.find((f) => f.subjectId === id)?.id ?? randomUUID(),
    restore: async () => void (await db.insert(attachments).values(files).onConflictDoNothing()),
  };
}

export const inspectionFixture: FixtureFactory = async (m) => {
  const made = await inspections(m);
  return {
    own: (tier) => (tier === 'applicant' ? null : made.inspectionOf[ORG_OF.pilot]!),
    foreign: made.inspectionOf[FOREIGN_PILOT_ORG]!,
    params: (id) => ({ attachmentId: made.fileOf(id) }),
    restore: made.restore,
  };
};

export const findingFixture: FixtureFactory = async (m) => {
  const made = await inspections(m);
  return {
    own: (tier) => (tier === 'applicant' ? null : made.findingOf[ORG_OF.pilot]!),
    foreign: made.findingOf[FOREIGN_PILOT_ORG]!,
    params: (id) => ({ attachmentId: made.fileOf(id) }),
    // open: the province may not close what was not answered (409), the pilot may not close at all (403)
    examples: { 'POST /api/findings/:id/transitions': { body: { action: 'close' } } },
    restore: made.restore,
  };
};
