import { randomUUID } from 'node:crypto';
import { attachments } from '../../db/schema.js';
import { sm3Bytes } from '../../lib/canonical.js';
import { taskBookRepository } from '../../modules/task-books/task-books.repository.js';
import { contentOf, digestOfContent } from '../../modules/task-books/task-books.subject.js';
import { FOREIGN_PILOT_ORG, ORG_OF, type FixtureFactory } from './types.js';

/** A task book for the own and the foreign pilot, each with a frozen version 1 and one attachment. */
export const taskBookFixture: FixtureFactory = async (m) => {
  const db = m.env.database.db;
  const made: Record<string, string> = {};
  const files: (typeof attachments.$inferInsert)[] = [];
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
    files.push(file);
    attachmentOf[id] = file.id;
  }
  return {
    own: (tier) => (tier === 'applicant' ? null : made[ORG_OF.pilot]!),
    foreign: made[FOREIGN_PILOT_ORG]!,
    params: (id) => ({ n: '1', number: '1', attachmentId: attachmentOf[id] ?? randomUUID() }),
    examples: {
      'PATCH /api/task-books/:id/sections/:n': { body: { overall: 'x', targets: [] }, headers: { 'if-match': '"999"' } },
      'POST /api/task-books/:id/transitions': { body: { action: 'ministryApprove' } },
      'POST /api/task-books/:id/amendments': { body: { type: 'other', reason: 'matrix' } },
      'POST /api/task-books/:id/extension': { body: { until: '2013-03-31' } },
      'POST /api/task-books/:id/signatures': { body: { name: '矩阵', title: '测试' } },
      'GET /api/task-books/:id/diff': { query: '?from=1&to=draft' },
      'POST /api/task-books/:id/attachments': { query: '?kind=other' },
    },
    // an allowed DELETE really deletes the attachment: every row starts from the same files
    restore: async () => void (await db.insert(attachments).values(files).onConflictDoNothing()),
  };
};
