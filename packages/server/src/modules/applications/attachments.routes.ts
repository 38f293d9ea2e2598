import multipart from '@fastify/multipart';
import { APPLICATION_ATTACHMENTS, ATTACHMENT_MAX_BYTES, attachmentSchema, idParam } from '@smartcity/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../context.js';
import { AppError } from '../../lib/errors.js';
import { attachmentStore } from '../../shared/attachments.js';
import { assertEditable, loadApplication, subjectOf } from './applications.service.js';

const tags = ['applications'];
const attachmentParams = z.strictObject({ id: z.uuid(), attachmentId: z.uuid() });
const editors = { tiers: ['applicant'], roles: ['editor', 'admin'], resource: 'application' } as const;
const inScope = { tiers: 'all', resource: 'application' } as const;

/** 申报材料: 申报书, 发展规划纲要, 实施方案, 投融资方案 — uploaded by the applicant while the application is a draft. */
export const applicationAttachmentRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(multipart, { limits: { fileSize: ATTACHMENT_MAX_BYTES, files: 1, fields: 0, parts: 1 } });

  app.post(
    '/api/applications/:id/attachments',
    {
      config: { access: editors },
      schema: {
        tags,
        summary: '上传申报材料（PDF、Word、Excel、图片，≤ 20 MB）Upload an application file',
        consumes: ['multipart/form-data'],
        params: idParam,
        querystring: z.strictObject({ kind: z.enum(APPLICATION_ATTACHMENTS) }),
        response: { 201: attachmentSchema },
      },
    },
    async (req, reply) => {
      // read only once the caller may change this application, so no upload is read for nothing
      const read = async () => {
        if (!req.isMultipart()) throw new AppError(415, 'unsupported_media_type', 'content-type');
        const file = await req.file();
        if (!file) throw new AppError(400, 'validation', 'file');
        return { filename: file.filename, data: await file.toBuffer() };
      };
      const ctx = ctxOf(req);
      const head = await loadApplication(ctx, req.params.id);
      assertEditable(ctx, head, 'file');
      return reply.code(201).send(await attachmentStore.add(ctx, subjectOf(head), req.query.kind, read));
    },
  );

  app.get(
    '/api/applications/:id/attachments',
    { config: { access: inScope }, schema: { tags, summary: '申报材料 Files', params: idParam, response: { 200: z.object({ items: z.array(attachmentSchema) }) } } },
    async (req) => {
      const ctx = ctxOf(req);
      return { items: await attachmentStore.list(ctx.db, subjectOf(await loadApplication(ctx, req.params.id))) };
    },
  );

  app.get(
    '/api/applications/:id/attachments/:attachmentId',
    { config: { access: inScope }, schema: { tags, summary: '下载申报材料 Download', params: attachmentParams } },
    async (req, reply) => {
      const ctx = ctxOf(req);
      const row = await attachmentStore.get(ctx.db, subjectOf(await loadApplication(ctx, req.params.id)), req.params.attachmentId);
      return reply
        .type(row.mediaType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(row.filename)}`)
        .header('x-content-sm3', row.sm3)
        .send(row.data);
    },
  );

  app.delete(
    '/api/applications/:id/attachments/:attachmentId',
    { config: { access: editors }, schema: { tags, summary: '删除申报材料 Delete', params: attachmentParams, response: { 200: z.object({ ok: z.literal(true) }) } } },
    async (req) => {
      const ctx = ctxOf(req);
      const head = await loadApplication(ctx, req.params.id);
      assertEditable(ctx, head, 'attachmentId');
      await attachmentStore.remove(ctx, subjectOf(head), req.params.attachmentId);
      return { ok: true as const };
    },
  );
};
