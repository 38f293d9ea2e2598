import multipart from '@fastify/multipart';
import { ATTACHMENT_KINDS, ATTACHMENT_MAX_BYTES, attachmentSchema, idParam } from '@smartcity/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../context.js';
import { AppError } from '../../lib/errors.js';
import { attachmentStore } from '../../shared/attachments.js';
import { assertEditable, loadHead, subjectOf } from './task-books.service.js';

const tags = ['task-books'];
const attachmentParams = z.strictObject({ id: z.uuid(), attachmentId: z.uuid() });
const editors = { tiers: ['pilot'], roles: ['editor', 'admin'], resource: 'taskBook' } as const;

export const attachmentRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(multipart, { limits: { fileSize: ATTACHMENT_MAX_BYTES, files: 1, fields: 0, parts: 1 } });

  app.post(
    '/api/task-books/:id/attachments',
    {
      config: { access: editors },
      schema: {
        tags,
        summary: '上传附件（修改完善的实施方案等；PDF、Word、Excel、图片，≤ 20 MB）Upload an attachment',
        consumes: ['multipart/form-data'],
        params: idParam,
        querystring: z.strictObject({ kind: z.enum(ATTACHMENT_KINDS) }),
        response: { 201: attachmentSchema },
      },
    },
    async (req, reply) => {
      const read = async () => {
        if (!req.isMultipart()) throw new AppError(415, 'unsupported_media_type', 'content-type');
        const file = await req.file();
        if (!file) throw new AppError(400, 'validation', 'file');
        return { filename: file.filename, data: await file.toBuffer() };
      };
      const ctx = ctxOf(req);
      const head = await loadHead(ctx, req.params.id);
      assertEditable(ctx, head, 'file');
      return reply.code(201).send(await attachmentStore.add(ctx, subjectOf(head), req.query.kind, read));
    },
  );

  app.get(
    '/api/task-books/:id/attachments',
    {
      config: { access: { tiers: 'all', resource: 'taskBook' } },
      schema: { tags, summary: '附件列表 Attachments', params: idParam, response: { 200: z.object({ items: z.array(attachmentSchema) }) } },
    },
    async (req) => {
      const ctx = ctxOf(req);
      return { items: await attachmentStore.list(ctx.db, subjectOf(await loadHead(ctx, req.params.id))) };
    },
  );

  app.get(
    '/api/task-books/:id/attachments/:attachmentId',
    { config: { access: { tiers: 'all', resource: 'taskBook' } }, schema: { tags, summary: '下载附件 Download', params: attachmentParams } },
    async (req, reply) => {
      const ctx = ctxOf(req);
      const row = await attachmentStore.get(ctx.db, subjectOf(await loadHead(ctx, req.params.id)), req.params.attachmentId);
      return reply
        .type(row.mediaType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(row.filename)}`)
        .header('x-content-sm3', row.sm3)
        .send(row.data);
    },
  );

  app.delete(
    '/api/task-books/:id/attachments/:attachmentId',
    { config: { access: editors }, schema: { tags, summary: '删除附件 Delete', params: attachmentParams, response: { 200: z.object({ ok: z.literal(true) }) } } },
    async (req) => {
      const ctx = ctxOf(req);
      const head = await loadHead(ctx, req.params.id);
      assertEditable(ctx, head, 'attachmentId');
      await attachmentStore.remove(ctx, subjectOf(head), req.params.attachmentId);
      return { ok: true as const };
    },
  );
};
