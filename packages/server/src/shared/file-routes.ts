import { attachmentSchema, idParam } from '@smartcity/domain';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf, type Ctx } from '../context.js';
import { AppError } from '../lib/errors.js';
import type { AccessRule, Resource } from '../types.js';
import { attachmentStore } from './attachments.js';
import { sendDownload } from './downloads.js';
import type { Subject } from './subject.js';

/**
 * One set of file routes on a record: upload (multipart, read only after the permission check), list,
 * download (checksum re-checked) and delete. Task books, applications, annual reports, inspections and
 * rectifications each declare theirs; the behaviour is written once.
 */
export interface FileSet {
  /** e.g. /api/task-books/:id/attachments */
  base: string;
  resource: Resource;
  tags: string[];
  /** what the files are, in Chinese, for the summaries */
  label: string;
  /** the kinds an uploader chooses from (?kind=), or the one kind of this set */
  kind: { choose: readonly [string, ...string[]] } | { fixed: string };
  /** who may upload and delete (the route's access rule) */
  writers: Extract<AccessRule, { tiers: unknown }>;
  /** loads the record in scope (404 otherwise) and, for a change, checks it may be changed now */
  subject(ctx: Ctx, id: string, change: boolean): Promise<Subject>;
  /** refuses removing a file still in use */
  beforeRemove?(ctx: Ctx, subject: Subject, attachmentId: string): Promise<void>;
}

const attachmentParams = z.strictObject({ id: z.uuid(), attachmentId: z.uuid() });

/** The one uploaded file (field `file`), read when called: after the route's permission check. */
// limits keep their own answers (413); a body the parser cannot finish (no closing boundary) is the client's
const clientError = (err: unknown) =>
  err instanceof AppError || (err as { statusCode?: number }).statusCode ? err : new AppError(400, 'validation', 'file');

/** The request's file part, still streaming (for files read as they arrive, e.g. the city platform's loads). */
export async function openFile(req: FastifyRequest, fileSize?: number) {
  if (!req.isMultipart()) throw new AppError(415, 'unsupported_media_type', 'content-type');
  try {
    const file = await req.file(fileSize === undefined ? undefined : { limits: { fileSize } });
    if (!file) throw new AppError(400, 'validation', 'file');
    return file;
  } catch (err) {
    throw clientError(err);
  }
}

export function readFile(req: FastifyRequest, fileSize?: number) {
  return async () => {
    const file = await openFile(req, fileSize);
    try {
      return { filename: file.filename, data: await file.toBuffer() };
    } catch (err) {
      throw clientError(err);
    }
  };
}

export function fileRoutes(sets: FileSet[]): FastifyPluginAsyncZod {
  return async (app) => {
    for (const set of sets) {
      const writers = { ...set.writers, resource: set.resource };
      const readers = { tiers: 'all', resource: set.resource } as const;
      const fixed = 'fixed' in set.kind ? set.kind.fixed : null;
      const ofKind = <T extends { kind: string }>(f: T) => fixed === null || f.kind === fixed;

      app.post(
        set.base,
        {
          config: { access: writers },
          schema: {
            tags: set.tags,
            summary: `上传${set.label}（PDF、Word、Excel、图片，≤ 20 MB）`,
            consumes: ['multipart/form-data'],
            params: idParam,
            querystring: 'choose' in set.kind ? z.strictObject({ kind: z.enum(set.kind.choose) }) : z.strictObject({}),
            response: { 201: attachmentSchema },
          },
        },
        async (req, reply) => {
          const ctx = ctxOf(req);
          const subject = await set.subject(ctx, req.params.id, true);
          const kind = fixed ?? (req.query as unknown as { kind: string }).kind;
          return reply.code(201).send(await attachmentStore.add(ctx, subject, kind, readFile(req)));
        },
      );

      app.get(
        set.base,
        {
          config: { access: readers },
          schema: {
            tags: set.tags,
            summary: `${set.label}列表`,
            params: idParam,
            response: { 200: z.object({ items: z.array(attachmentSchema) }) },
          },
        },
        async (req) => {
          const ctx = ctxOf(req);
          return { items: (await attachmentStore.list(ctx.db, await set.subject(ctx, req.params.id, false))).filter(ofKind) };
        },
      );

      app.get(
        `${set.base}/:attachmentId`,
        { config: { access: readers }, schema: { tags: set.tags, summary: `下载${set.label}`, params: attachmentParams } },
        async (req, reply) => {
          const ctx = ctxOf(req);
          const row = await attachmentStore.get(ctx.db, await set.subject(ctx, req.params.id, false), req.params.attachmentId);
          if (!ofKind(row)) throw new AppError(404, 'not_found', 'attachmentId');
          return sendDownload(reply, { mediaType: row.mediaType, filename: row.filename, body: row.data, sm3: row.sm3 });
        },
      );

      app.delete(
        `${set.base}/:attachmentId`,
        {
          config: { access: writers },
          schema: {
            tags: set.tags,
            summary: `删除${set.label}`,
            params: attachmentParams,
            response: { 200: z.object({ ok: z.literal(true) }) },
          },
        },
        async (req) => {
          const ctx = ctxOf(req);
          const subject = await set.subject(ctx, req.params.id, true);
          await set.beforeRemove?.(ctx, subject, req.params.attachmentId);
          await attachmentStore.remove(ctx, subject, req.params.attachmentId);
          return { ok: true as const };
        },
      );
    }
  };
}
