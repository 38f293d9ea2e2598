import { and, asc, eq } from 'drizzle-orm';
import { extname } from 'node:path';
import { audited, type Ctx } from '../context.js';
import type { Queryable } from '../db/client.js';
import { attachments } from '../db/schema.js';
import { sm3Bytes } from '../lib/canonical.js';
import { AppError, notFound } from '../lib/errors.js';
import type { Subject } from './subject.js';

// Accepted files: the extension must agree with the first bytes, so a renamed executable is refused.
const TYPES: { ext: string[]; media: string; magic: number[] }[] = [
  { ext: ['.pdf'], media: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { ext: ['.docx'], media: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', magic: [0x50, 0x4b, 0x03, 0x04] },
  { ext: ['.xlsx'], media: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', magic: [0x50, 0x4b, 0x03, 0x04] },
  { ext: ['.doc'], media: 'application/msword', magic: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] },
  { ext: ['.xls'], media: 'application/vnd.ms-excel', magic: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] },
  { ext: ['.png'], media: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47] },
  { ext: ['.jpg', '.jpeg'], media: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
];

export function detectType(filename: string, bytes: Buffer): string | null {
  const ext = extname(filename).toLowerCase();
  const type = TYPES.find((t) => t.ext.includes(ext));
  return type && type.magic.every((b, i) => bytes[i] === b) ? type.media : null;
}

/** the uploader of what the platform brings with it */
const NO_USER = '00000000-0000-0000-0000-000000000000';

const listColumns = {
  id: attachments.id,
  kind: attachments.kind,
  filename: attachments.filename,
  mediaType: attachments.mediaType,
  size: attachments.size,
  sm3: attachments.sm3,
  createdAt: attachments.createdAt,
};
type AttachmentRow = Pick<typeof attachments.$inferSelect, keyof typeof listColumns>;

export const presentAttachment = (r: AttachmentRow) => ({
  id: r.id,
  kind: r.kind,
  filename: r.filename,
  mediaType: r.mediaType,
  size: r.size,
  sm3: r.sm3,
  createdAt: r.createdAt.toISOString(),
});

const ofSubject = (subject: Pick<Subject, 'type' | 'id'>) =>
  and(eq(attachments.subjectType, subject.type), eq(attachments.subjectId, subject.id));

/**
 * Files attached to a record. Callers load the subject in scope and check who may change it first;
 * `read` is called only then, so no upload is read for nothing.
 */
export const attachmentStore = {
  async list(db: Queryable, subject: Pick<Subject, 'type' | 'id'>) {
    const rows = await db.select(listColumns).from(attachments).where(ofSubject(subject)).orderBy(asc(attachments.createdAt));
    return rows.map(presentAttachment);
  },

  async add(ctx: Ctx, subject: Subject, kind: string, read: () => Promise<{ filename: string; data: Buffer }>) {
    const { filename, data } = await read();
    const mediaType = detectType(filename, data);
    if (!mediaType) throw new AppError(415, 'unsupported_file_type', 'file');
    return audited(ctx.db, ctx.actor, ctx.clock, async (tx) => {
      const [row] = await tx
        .insert(attachments)
        .values({
          subjectType: subject.type,
          subjectId: subject.id,
          ownerOrgId: subject.ownerOrgId,
          kind,
          filename: filename.slice(0, 200),
          mediaType,
          size: data.length,
          sm3: sm3Bytes(data),
          data,
          createdBy: ctx.actor.userId,
        })
        .returning(listColumns);
      return {
        result: presentAttachment(row!),
        audit: { action: 'attachment.add', targetType: subject.type, targetId: subject.id, after: { kind, filename, sm3: row!.sm3 } },
      };
    });
  },

  /** A file that comes with the reference data (the seed notice's 附件), added by no user inside the seed's transaction. */
  async seed(db: Queryable, subject: Subject, kind: string, file: { filename: string; data: Buffer }) {
    const mediaType = detectType(file.filename, file.data);
    if (!mediaType) throw new Error(`${file.filename}: not an accepted file type`);
    await db.insert(attachments).values({
      subjectType: subject.type,
      subjectId: subject.id,
      ownerOrgId: subject.ownerOrgId,
      kind,
      filename: file.filename,
      mediaType,
      size: file.data.length,
      sm3: sm3Bytes(file.data),
      data: file.data,
      createdBy: NO_USER,
    });
  },

  async get(db: Queryable, subject: Pick<Subject, 'type' | 'id'>, attachmentId: string) {
    const [row] = await db
      .select()
      .from(attachments)
      .where(and(ofSubject(subject), eq(attachments.id, attachmentId)));
    if (!row) throw new AppError(404, 'not_found', 'attachmentId');
    // the stored checksum is re-checked on the way out: a changed byte is not handed on silently
    if (sm3Bytes(row.data) !== row.sm3) throw new AppError(409, 'attachment_corrupt', 'attachmentId');
    return row;
  },

  async remove(ctx: Ctx, subject: Pick<Subject, 'type' | 'id'>, attachmentId: string) {
    await audited(ctx.db, ctx.actor, ctx.clock, async (tx) => {
      const rows = await tx
        .delete(attachments)
        .where(and(ofSubject(subject), eq(attachments.id, attachmentId)))
        .returning({ sm3: attachments.sm3, filename: attachments.filename });
      if (rows.length === 0) throw notFound();
      return { result: null, audit: { action: 'attachment.delete', targetType: subject.type, targetId: subject.id, before: rows[0] } };
    });
  },

  /** kinds present, for "required attachments" checks */
  async kinds(db: Queryable, subject: Pick<Subject, 'type' | 'id'>) {
    const rows = await db.selectDistinct({ kind: attachments.kind }).from(attachments).where(ofSubject(subject));
    return new Set(rows.map((r) => r.kind));
  },
};
