import { randomUUID } from 'node:crypto';
import { TIERS, type Tier } from '@smartcity/domain';
import { eq, inArray, notInArray } from 'drizzle-orm';
import { attachments, noticeReads, notices } from '../../db/schema.js';
import { ifMatchOf, pdfUpload } from './examples.js';
import { all, keepRows, keepSet } from './keep.js';
import { fileFor } from './reports-inspections.js';
import { ORG_OF, type FixtureFactory } from './types.js';

/**
 * For the tiers that send notices (Ministry, province departments), a draft of their own; for the others, a notice
 * published to their organisation. Foreign: a draft of 北京's department, which only it sees.
 */
export const noticeFixture: FixtureFactory = async (m) => {
  const db = m.env.database.db;
  const files: (typeof attachments.$inferInsert)[] = [];
  const make = async (issuerCode: string, to: string | null) => {
    const [row] = await db
      .insert(notices)
      .values({
        organisationId: await m.orgId(issuerCode),
        title: '矩阵通知',
        issuer: '矩阵',
        issuedOn: '2013-02-01',
        body: '<p>矩阵</p>',
        status: to === null ? 'draft' : 'published',
        audienceOrgs: to === null ? [] : [await m.orgId(to)],
      })
      .returning({ id: notices.id });
    files.push(await fileFor(m, issuerCode, { type: 'notice', id: row!.id }, 'noticeAttachment'));
    return row!.id;
  };
  const own = {} as Record<Tier, string>;
  for (const t of TIERS)
    own[t] = t === 'ministry' || t === 'province' ? await make(ORG_OF[t], null) : await make(ORG_OF.ministry, ORG_OF[t]);
  const foreign = await make('DEPT-110000', null);
  const ids = [...Object.values(own), foreign];
  await db.insert(attachments).values(files);
  const fileOf = (id: string) => files.find((f) => f.subjectId === id)?.id ?? randomUUID();
  // the portal shows a notice once it is published to the public (the foreign one stays a draft)
  const publishOwn = () =>
    db
      .update(notices)
      .set({ audiencePublic: true, status: 'published' })
      .where(inArray(notices.id, Object.values(own)));
  return {
    own: (tier) => own[tier],
    foreign,
    params: (id) => ({ attachmentId: fileOf(id) }),
    examples: {
      'POST /api/notices/:id/transitions': { body: { action: 'publish' } },
      'POST /api/notices/:id/files': pdfUpload(),
      'PATCH /api/notices/:id': async ({ id }) => ({ body: { title: '矩阵通知（修改）' }, headers: await ifMatchOf(db, notices, id) }),
      'GET /api/public/notices/:id': { arrange: publishOwn },
      'GET /api/public/notices/:id/files/:attachmentId': { arrange: publishOwn },
      'POST /api/notices': { body: { title: '矩阵通知', issuedOn: '2013-02-01', body: '<p>矩阵</p>', audience: { public: true } } },
    },
    restore: all(
      await keepSet(db, notices, notInArray(notices.id, ids)),
      await keepRows(db, notices, ids),
      await keepSet(db, noticeReads, inArray(noticeReads.noticeId, ids)),
      await keepSet(db, attachments, eq(attachments.subjectType, 'notice')),
    ),
  };
};
