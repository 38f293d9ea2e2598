import { and, eq, inArray, ne, notInArray } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { SIGNING_PARTIES } from '@smartcity/domain';
import type { Db } from '../../db/client.js';
import {
  attachments,
  batches,
  pilots,
  signatures,
  taskBookAmendments,
  taskBooks,
  taskBookSections,
  taskBookVersions,
  users,
} from '../../db/schema.js';
import { sm3Bytes } from '../../lib/canonical.js';
import { taskBookRepository } from '../../modules/task-books/task-books.repository.js';
import { contentOf, digestOfContent } from '../../modules/task-books/task-books.subject.js';
import { pdfUpload, SIGNATURE_REQUEST, SIGNER, TEMPLATE_HEADERS, xlsxUpload } from './examples.js';
import { all, keepRows, keepSet } from './keep.js';
import { FOREIGN_PILOT_ORG, ORG_OF, type FixtureFactory } from './types.js';

/** A task book for the own and the foreign pilot, each with a frozen version 1 and one attachment. */
export const taskBookFixture: FixtureFactory = async (m) => {
  const db = m.env.database.db;
  const made: Record<string, string> = {};
  const attachmentOf: Record<string, string> = {};
  for (const org of [ORG_OF.pilot, FOREIGN_PILOT_ORG]) {
    const pilotId = await m.pilotOf(org);
    const res = await (await m.env.as(`${org.toLowerCase()}.editor`)).post(`/api/pilots/${pilotId}/task-books`);
    const id: string = res.json().id;
    made[org] = id;
    const content = contentOf(await taskBookRepository.sections(db, id));
    await taskBookRepository.insertVersion(db, { taskBookId: id, pilotId, number: 1, content, digest: digestOfContent(content) });
    const data = Buffer.from('%PDF-1.4 matrix');
    const file = {
      id: randomUUID(),
      subjectType: 'taskBook',
      subjectId: id,
      ownerOrgId: await m.orgId(org),
      kind: 'other',
      filename: 'a.pdf',
      mediaType: 'application/pdf',
      size: data.length,
      sm3: sm3Bytes(data),
      data,
      createdBy: pilotId,
    };
    await db.insert(attachments).values(file);
    attachmentOf[id] = file.id;
  }
  const ids = Object.values(made);
  const pilotIds = await Promise.all([ORG_OF.pilot, FOREIGN_PILOT_ORG].map((org) => m.pilotOf(org)));
  const inState = (status: 'provinceReview' | 'signing' | 'signed') => () =>
    db.update(taskBooks).set({ status, currentVersion: 1 }).where(inArray(taskBooks.id, ids));
  const sectionTwo = async (id: string | undefined) =>
    (
      await db
        .select()
        .from(taskBookSections)
        .where(and(eq(taskBookSections.taskBookId, id ?? randomUUID()), eq(taskBookSections.n, 2)))
    )[0];
  return {
    own: (tier) => (tier === 'applicant' ? null : made[ORG_OF.pilot]!),
    foreign: made[FOREIGN_PILOT_ORG]!,
    // section 二: saved by hand and imported from .xlsx alike
    params: (id) => ({ n: '2', number: '1', attachmentId: attachmentOf[id] ?? randomUUID() }),
    examples: {
      // a list filtered by a pilot: the own one, or 北京's (which must show nothing to whom it is invisible)
      'GET /api/task-books': ({ side }) => ({ sided: true, query: `?pilot=${pilotIds[side === 'own' ? 0 : 1]}` }),
      // one task book per pilot and batch: the fixture's are moved to another batch for the request
      'POST /api/pilots/:id/task-books': {
        arrange: async () => {
          const [other] = await db.select({ id: batches.id }).from(batches).where(ne(batches.year, 2012)).limit(1);
          await db.update(taskBooks).set({ batchId: other!.id }).where(inArray(taskBooks.id, ids));
        },
      },
      // the section as it is, saved again over its current version
      'PATCH /api/task-books/:id/sections/:n': async ({ id }) => {
        const s = await sectionTwo(id);
        return { body: s?.content ?? {}, headers: { 'if-match': `"${s?.version ?? 1}"` } };
      },
      'POST /api/task-books/:id/sections/:n/import': async ({ id }) => {
        const upload = await xlsxUpload({
          重点项目: [TEMPLATE_HEADERS.projects, ['矩阵项目', '', 100, 100, 0, 0, 0, '矩阵局', 2013, 2015, '']],
        });
        return { body: upload.body, headers: { ...upload.headers, 'if-match': `"${(await sectionTwo(id))?.version ?? 1}"` } };
      },
      'POST /api/task-books/:id/transitions': { body: { action: 'provinceApprove' }, arrange: inState('provinceReview') },
      'POST /api/task-books/:id/amendments': { body: { type: 'other', reason: '矩阵' }, arrange: inState('signed') },
      'POST /api/task-books/:id/signatures': { body: SIGNATURE_REQUEST, arrange: inState('signing') },
      'GET /api/task-books/:id/diff': { query: '?from=1&to=draft' },
      'POST /api/task-books/:id/attachments': { query: '?kind=other', ...pdfUpload() },
    },
    restore: all(
      // a task book the example started: its sections, then itself
      await keepSet(db, taskBookSections, and(inArray(taskBookSections.pilotId, pilotIds), notInArray(taskBookSections.taskBookId, ids))!),
      await keepSet(db, taskBooks, and(inArray(taskBooks.pilotId, pilotIds), notInArray(taskBooks.id, ids))!),
      await keepRows(db, taskBooks, ids),
      await keepSet(db, taskBookSections, inArray(taskBookSections.taskBookId, ids)),
      await keepSet(db, taskBookVersions, inArray(taskBookVersions.taskBookId, ids)),
      await keepSet(db, taskBookAmendments, inArray(taskBookAmendments.taskBookId, ids)),
      await keepSet(db, signatures, inArray(signatures.subjectId, ids)),
      await keepSet(db, attachments, inArray(attachments.subjectId, ids)),
    ),
  };
};

/**
 * The pilots' task books as if signed by all three parties (version 1), which reports and acceptances need; signature
 * rows only, never verified on this path. `keepTaskBooks` puts the books and their signatures back.
 */
export async function signTaskBooks(db: Db, pilotIds: string[]) {
  const books = await db.select().from(taskBooks).where(inArray(taskBooks.pilotId, pilotIds));
  await db.update(taskBooks).set({ status: 'signed', currentVersion: 1 }).where(inArray(taskBooks.pilotId, pilotIds));
  const [someone] = await db.select({ id: users.id, organisationId: users.organisationId }).from(users).limit(1);
  for (const book of books) {
    const [v] = await db
      .select()
      .from(taskBookVersions)
      .where(and(eq(taskBookVersions.taskBookId, book.id), eq(taskBookVersions.number, 1)));
    const [pilot] = await db.select().from(pilots).where(eq(pilots.id, book.pilotId));
    await db.insert(signatures).values(
      SIGNING_PARTIES.map((party) => ({
        subjectType: 'taskBook',
        subjectId: book.id,
        ownerOrgId: pilot!.organisationId,
        versionNumber: 1,
        party,
        organisationId: someone!.organisationId,
        signerUserId: someone!.id,
        signerName: SIGNER.name,
        signerTitle: SIGNER.title,
        signedOn: '2013-01-31',
        digest: v?.digest ?? '',
        format: 'smartcity-signature/2',
        keyNo: 1,
        signature: 'matrix',
      })),
    );
  }
}

export async function keepTaskBooks(db: Db, pilotIds: string[]) {
  const ids = (await db.select({ id: taskBooks.id }).from(taskBooks).where(inArray(taskBooks.pilotId, pilotIds))).map((b) => b.id);
  return all(await keepRows(db, taskBooks, ids), await keepSet(db, signatures, inArray(signatures.subjectId, ids)));
}

/**
 * The frozen version 1 of the own and the foreign pilot's task book (made by taskBookFixture, whose routes register
 * first), as a public verification link names them: every caller, signed in or not, is answered alike.
 */
export const signedTextFixture: FixtureFactory = async (m) => {
  const db = m.env.database.db;
  const versionOf = async (org: string) => {
    const [v] = await db
      .select({ id: taskBookVersions.id })
      .from(taskBookVersions)
      .where(and(eq(taskBookVersions.pilotId, await m.pilotOf(org)), eq(taskBookVersions.number, 1)));
    if (!v) throw new Error(`signedTextFixture: ${org} has no frozen task book version; taskBookFixture must run first`);
    return v.id;
  };
  const own = await versionOf(ORG_OF.pilot);
  return { own: () => own, foreign: await versionOf(FOREIGN_PILOT_ORG) };
};
