import type { ATTACHMENT_KINDS } from '@smartcity/domain';

type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];
import { and, asc, eq } from 'drizzle-orm';
import { extname } from 'node:path';
import { audited, type Ctx } from '../../context.js';
import { taskBookAttachments } from '../../db/schema.js';
import { sm3Bytes } from '../../lib/canonical.js';
import { AppError, notFound } from '../../lib/errors.js';
import { assertEditable, loadHead } from './task-books.service.js';

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

const listColumns = {
  id: taskBookAttachments.id,
  kind: taskBookAttachments.kind,
  filename: taskBookAttachments.filename,
  mediaType: taskBookAttachments.mediaType,
  size: taskBookAttachments.size,
  sm3: taskBookAttachments.sm3,
  createdAt: taskBookAttachments.createdAt,
};
type AttachmentRow = Pick<typeof taskBookAttachments.$inferSelect, keyof typeof listColumns>;

const present = (r: AttachmentRow) => ({
  id: r.id,
  kind: r.kind as AttachmentKind,
  filename: r.filename,
  mediaType: r.mediaType,
  size: r.size,
  sm3: r.sm3,
  createdAt: r.createdAt.toISOString(),
});

export async function listAttachments(ctx: Ctx, id: string) {
  await loadHead(ctx, id);
  const rows = await ctx.db.select(listColumns).from(taskBookAttachments).where(eq(taskBookAttachments.taskBookId, id)).orderBy(asc(taskBookAttachments.createdAt));
  return { items: rows.map(present) };
}

/** `read` is called only once the actor may add to this task book: no upload is read for nothing. */
export async function addAttachment(ctx: Ctx, id: string, kind: AttachmentKind, read: () => Promise<{ filename: string; data: Buffer }>) {
  const head = await loadHead(ctx, id);
  assertEditable(ctx, head, 'file');
  const { filename, data } = await read();
  const mediaType = detectType(filename, data);
  if (!mediaType) throw new AppError(415, 'unsupported_file_type', 'file');
  return audited(ctx.db, ctx.actor, ctx.clock, async (tx) => {
    const [row] = await tx
      .insert(taskBookAttachments)
      .values({ taskBookId: id, pilotId: head.pilotId, kind, filename: filename.slice(0, 200), mediaType, size: data.length, sm3: sm3Bytes(data), data, createdBy: ctx.actor.userId })
      .returning(listColumns);
    return { result: present(row!), audit: { action: 'taskBook.addAttachment', targetType: 'taskBook', targetId: id, after: { kind, filename, sm3: row!.sm3 } } };
  });
}

export async function getAttachment(ctx: Ctx, id: string, attachmentId: string) {
  await loadHead(ctx, id);
  const [row] = await ctx.db.select().from(taskBookAttachments).where(and(eq(taskBookAttachments.taskBookId, id), eq(taskBookAttachments.id, attachmentId)));
  if (!row) throw new AppError(404, 'not_found', 'attachmentId');
  // the stored checksum is re-checked on the way out: a changed byte is not handed on silently
  if (sm3Bytes(row.data) !== row.sm3) throw new AppError(409, 'attachment_corrupt', 'attachmentId');
  return row;
}

export async function deleteAttachment(ctx: Ctx, id: string, attachmentId: string) {
  assertEditable(ctx, await loadHead(ctx, id), 'attachmentId');
  await audited(ctx.db, ctx.actor, ctx.clock, async (tx) => {
    const rows = await tx
      .delete(taskBookAttachments)
      .where(and(eq(taskBookAttachments.taskBookId, id), eq(taskBookAttachments.id, attachmentId)))
      .returning({ sm3: taskBookAttachments.sm3, filename: taskBookAttachments.filename });
    if (rows.length === 0) throw notFound();
    return { result: null, audit: { action: 'taskBook.deleteAttachment', targetType: 'taskBook', targetId: id, before: rows[0] } };
  });
}
