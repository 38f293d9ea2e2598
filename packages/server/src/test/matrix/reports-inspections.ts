import { randomUUID } from 'node:crypto';
import { and, inArray, notInArray } from 'drizzle-orm';
import { annualReports, attachments, findings, inspections as inspectionRows } from '../../db/schema.js';
import { sm3Bytes } from '../../lib/canonical.js';
import { annualReportRepository } from '../../modules/annual-reports/annual-reports.repository.js';
import { prefill } from '../../modules/annual-reports/signed-task-book.js';
import { inspectionRepository } from '../../modules/inspections/inspections.repository.js';
import { referenceRepository } from '../../modules/reference/reference.repository.js';
import { taskBookRepository } from '../../modules/task-books/task-books.repository.js';
import type { Subject } from '../../shared/subject.js';
import { completeContent } from '../task-book-fixture.js';
import { ifMatchOf, pdfUpload, TEMPLATE_HEADERS, xlsxUpload } from './examples.js';
import { keepTaskBooks, signTaskBooks } from './task-book.js';
import { all, keepRows, keepSet } from './keep.js';
import { FOREIGN_PILOT_ORG, ORG_OF, type FixtureFactory, type MatrixContext } from './types.js';

const ORGS = [ORG_OF.pilot, FOREIGN_PILOT_ORG];

/** One PDF attached to a record, inserted directly; `restore` puts it back after an allowed DELETE. */
export async function fileFor(
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
  const pilotIds = await Promise.all(ORGS.map((org) => m.pilotOf(org)));
  for (const [i, org] of ORGS.entries()) {
    const pilotId = pilotIds[i]!;
    const id = await annualReportRepository.create(db, { pilotId, taskBookId: await taskBookOf(m, org, pilotId), year: 2013, content });
    made[org] = id;
    files.push(await fileFor(m, org, { type: 'annualReport', id }, 'evidence'));
  }
  await db.insert(attachments).values(files);
  const ids = Object.values(made);
  const fileOf = (id: string) => files.find((f) => f.subjectId === id)?.id ?? randomUUID();
  return {
    own: (tier) => (tier === 'applicant' ? null : made[ORG_OF.pilot]!),
    foreign: made[FOREIGN_PILOT_ORG]!,
    params: (id) => ({ attachmentId: fileOf(id) }),
    examples: {
      'GET /api/annual-reports': ({ side }) => ({ sided: true, query: `?pilot=${pilotIds[side === 'own' ? 0 : 1]}` }),
      // a report follows a signed task book (the matrix's task books are put back to drafts afterwards)
      'POST /api/pilots/:id/annual-reports': {
        body: { year: 2014 },
        arrange: () => signTaskBooks(db, pilotIds),
      },
      'PATCH /api/annual-reports/:id': async ({ id }) => ({ body: content, headers: await ifMatchOf(db, annualReports, id) }),
      'POST /api/annual-reports/:id/transitions': {
        body: { action: 'provinceApprove' },
        arrange: () => db.update(annualReports).set({ status: 'provinceReview' }).where(inArray(annualReports.id, ids)),
      },
      'POST /api/annual-reports/:id/evidence': pdfUpload(),
      // both sheets with their headers and no rows: a save that changes nothing but the version
      'POST /api/annual-reports/:id/import': async ({ id }) => {
        const upload = await xlsxUpload({
          指标实际值: [TEMPLATE_HEADERS.reportIndicators],
          项目进展: [TEMPLATE_HEADERS.reportProjects],
        });
        return { body: upload.body, headers: { ...upload.headers, ...(await ifMatchOf(db, annualReports, id)) } };
      },
    },
    restore: all(
      await keepRows(db, annualReports, ids),
      // what `arrange` changed: the pilots' task books
      await keepTaskBooks(db, pilotIds),
      await keepSet(db, annualReports, and(inArray(annualReports.pilotId, pilotIds), notInArray(annualReports.id, ids))!),
      await keepSet(db, attachments, inArray(attachments.subjectId, ids)),
    ),
  };
};

/** An inspection of the own and the foreign pilot, each with one open rectification, an inspection file and rectification evidence. */
async function inspections(m: MatrixContext) {
  const db = m.env.database.db;
  const inspectionOf: Record<string, string> = {};
  const findingOf: Record<string, string> = {};
  const files: (typeof attachments.$inferInsert)[] = [];
  const pilotIds = await Promise.all(ORGS.map((org) => m.pilotOf(org)));
  for (const [i, org] of ORGS.entries()) {
    const id = await inspectionRepository.create(db, {
      pilotId: pilotIds[i]!,
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
  await db.insert(attachments).values(files);
  const ids = [...Object.values(inspectionOf), ...Object.values(findingOf)];
  return {
    inspectionOf,
    findingOf,
    pilotIds,
    fileOf: (id: string) => files.find((f) => f.subjectId === id)?.id ?? randomUUID(),
    restore: all(
      await keepRows(db, findings, Object.values(findingOf)),
      // findings an example's inspection recorded (a fuzzed body may carry some) go first, then that inspection
      await keepSet(db, findings, and(inArray(findings.pilotId, pilotIds), notInArray(findings.id, Object.values(findingOf)))!),
      await keepSet(
        db,
        inspectionRows,
        and(inArray(inspectionRows.pilotId, pilotIds), notInArray(inspectionRows.id, Object.values(inspectionOf)))!,
      ),
      await keepSet(db, attachments, inArray(attachments.subjectId, ids)),
    ),
  };
}

// The two fixtures share one set of inspections.
const madeInspections = new WeakMap<MatrixContext['env'], ReturnType<typeof inspections>>();
const inspectionsOf = (m: MatrixContext) => {
  if (!madeInspections.has(m.env)) madeInspections.set(m.env, inspections(m));
  return madeInspections.get(m.env)!;
};

export const inspectionFixture: FixtureFactory = async (m) => {
  const made = await inspectionsOf(m);
  return {
    own: (tier) => (tier === 'applicant' ? null : made.inspectionOf[ORG_OF.pilot]!),
    foreign: made.inspectionOf[FOREIGN_PILOT_ORG]!,
    params: (id) => ({ attachmentId: made.fileOf(id) }),
    examples: {
      'GET /api/inspections': ({ side }) => ({ sided: true, query: `?pilot=${made.pilotIds[side === 'own' ? 0 : 1]}` }),
      // the inspected pilot is named in the body: the province's own one, or 北京's
      'POST /api/inspections': ({ side }) => ({
        sided: true,
        body: {
          pilotId: made.pilotIds[side === 'own' ? 0 : 1],
          inspectedOn: '2013-01-25',
          inspectors: ['矩阵'],
          projectsChecked: [],
          summary: '',
          findings: [],
        },
      }),
      'POST /api/inspections/:id/files': pdfUpload(),
    },
    restore: made.restore,
  };
};

export const findingFixture: FixtureFactory = async (m) => {
  const made = await inspectionsOf(m);
  return {
    own: (tier) => (tier === 'applicant' ? null : made.findingOf[ORG_OF.pilot]!),
    foreign: made.findingOf[FOREIGN_PILOT_ORG]!,
    params: (id) => ({ attachmentId: made.fileOf(id) }),
    examples: {
      'POST /api/findings/:id/transitions': { body: { action: 'answer', reason: '已整改' } },
      'POST /api/findings/:id/evidence': pdfUpload(),
    },
    restore: made.restore,
  };
};
