import multipart from '@fastify/multipart';
import { ATTACHMENT_MAX_BYTES, attachmentSchema, idParam } from '@smartcity/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../context.js';
import { AppError } from '../../lib/errors.js';
import { attachmentStore } from '../../shared/attachments.js';
import { assertEditable, EVIDENCE_KIND, loadReport, reportSubject } from './annual-reports.service.js';

const tags = ['annual-reports'];
const attachmentParams = z.strictObject({ id: z.uuid(), attachmentId: z.uuid() });
const editors = { tiers: ['pilot'], roles: ['editor', 'admin'], resource: 'annualReport' } as const;

/** 佐证材料: evidence files of a report, referenced by its indicators (content.indicators[].evidence). */
export const evidenceRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(multipart, { limits: { fileSize: ATTACHMENT_MAX_BYTES, files: 1, fields: 0, parts: 1 } });

  app.post(
    '/api/annual-reports/:id/evidence',
    {
      config: { access: editors },
      schema: {
        tags,
        summary: '上传佐证材料（PDF、Word、Excel、图片，≤ 20 MB）Upload evidence',
        consumes: ['multipart/form-data'],
        params: idParam,
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
      const head = await loadReport(ctx, req.params.id);
      assertEditable(ctx, head, 'file');
      return reply.code(201).send(await attachmentStore.add(ctx, reportSubject(head), EVIDENCE_KIND, read));
    },
  );

  app.get(
    '/api/annual-reports/:id/evidence',
    {
      config: { access: { tiers: 'all', resource: 'annualReport' } },
      schema: { tags, summary: '佐证材料列表 Evidence files', params: idParam, response: { 200: z.object({ items: z.array(attachmentSchema) }) } },
    },
    async (req) => {
      const ctx = ctxOf(req);
      const files = await attachmentStore.list(ctx.db, reportSubject(await loadReport(ctx, req.params.id)));
      return { items: files.filter((f) => f.kind === EVIDENCE_KIND) };
    },
  );

  app.get(
    '/api/annual-reports/:id/evidence/:attachmentId',
    { config: { access: { tiers: 'all', resource: 'annualReport' } }, schema: { tags, summary: '下载佐证材料 Download', params: attachmentParams } },
    async (req, reply) => {
      const ctx = ctxOf(req);
      const row = await attachmentStore.get(ctx.db, reportSubject(await loadReport(ctx, req.params.id)), req.params.attachmentId);
      if (row.kind !== EVIDENCE_KIND) throw new AppError(404, 'not_found', 'attachmentId');
      return reply
        .type(row.mediaType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(row.filename)}`)
        .header('x-content-sm3', row.sm3)
        .send(row.data);
    },
  );

  app.delete(
    '/api/annual-reports/:id/evidence/:attachmentId',
    { config: { access: editors }, schema: { tags, summary: '删除佐证材料（仅编制中）Delete', params: attachmentParams, response: { 200: z.object({ ok: z.literal(true) }) } } },
    async (req) => {
      const ctx = ctxOf(req);
      const head = await loadReport(ctx, req.params.id);
      assertEditable(ctx, head, 'attachmentId');
      const file = (await attachmentStore.list(ctx.db, reportSubject(head))).find((f) => f.id === req.params.attachmentId);
      if (file?.kind !== EVIDENCE_KIND) throw new AppError(404, 'not_found', 'attachmentId');
      // an indicator still cites it: the pilot unlinks it in the content first
      if (head.content.indicators.some((i) => i.evidence.includes(file.id))) throw new AppError(409, 'conflict', 'attachmentId');
      await attachmentStore.remove(ctx, reportSubject(head), req.params.attachmentId);
      return { ok: true as const };
    },
  );
};
