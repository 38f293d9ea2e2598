import multipart from '@fastify/multipart';
import { ATTACHMENT_MAX_BYTES, attachmentSchema, idParam } from '@smartcity/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ctxOf, type Ctx } from '../../context.js';
import { AppError } from '../../lib/errors.js';
import { attachmentStore } from '../../shared/attachments.js';
import type { Subject } from '../../shared/subject.js';
import type { Resource } from '../../types.js';
import { assertEvidenceOpen, findingSubject, loadFinding } from './findings.service.js';
import { inspectionSubject, loadInspection } from './inspections.service.js';

const tags = ['inspections'];
const attachmentParams = z.strictObject({ id: z.uuid(), attachmentId: z.uuid() });

function readFile(req: FastifyRequest) {
  return async () => {
    if (!req.isMultipart()) throw new AppError(415, 'unsupported_media_type', 'content-type');
    const file = await req.file();
    if (!file) throw new AppError(400, 'validation', 'file');
    return { filename: file.filename, data: await file.toBuffer() };
  };
}

async function download(reply: FastifyReply, ctx: Ctx, subject: Subject, attachmentId: string) {
  const row = await attachmentStore.get(ctx.db, subject, attachmentId);
  return reply
    .type(row.mediaType)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(row.filename)}`)
    .header('x-content-sm3', row.sm3)
    .send(row.data);
}

interface FileSet {
  base: string;
  resource: Resource;
  kind: string;
  label: string;
  /** who may add and delete, by tier and role (the access layer), then on the record itself */
  writers: { tiers: readonly ['province'] | readonly ['pilot']; roles: readonly ('editor' | 'reviewer' | 'admin')[] };
  /** loads the record in scope (404) and, for a change, checks it may be changed now */
  subject(ctx: Ctx, id: string, change: boolean): Promise<Subject>;
}

const FILE_SETS: FileSet[] = [
  {
    // 检查照片与文件: the inspecting province adds them at any time
    base: '/api/inspections/:id/files',
    resource: 'inspection',
    kind: 'inspectionFile',
    label: '检查照片与文件',
    writers: { tiers: ['province'], roles: ['editor', 'reviewer', 'admin'] },
    subject: async (ctx, id) => inspectionSubject(await loadInspection(ctx, id)),
  },
  {
    // 整改佐证: the pilot's evidence, added while the rectification is open
    base: '/api/findings/:id/evidence',
    resource: 'finding',
    kind: 'rectificationEvidence',
    label: '整改佐证材料',
    writers: { tiers: ['pilot'], roles: ['editor', 'admin'] },
    subject: async (ctx, id, change) => {
      const f = await loadFinding(ctx, id);
      if (change) assertEvidenceOpen(ctx, f, 'file');
      return findingSubject(f);
    },
  },
];

export const fileRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(multipart, { limits: { fileSize: ATTACHMENT_MAX_BYTES, files: 1, fields: 0, parts: 1 } });

  for (const set of FILE_SETS) {
    const writers = { ...set.writers, resource: set.resource };
    const readers = { tiers: 'all', resource: set.resource } as const;
    app.post(
      set.base,
      {
        config: { access: writers },
        schema: { tags, summary: `上传${set.label}（PDF、Word、Excel、图片，≤ 20 MB）`, consumes: ['multipart/form-data'], params: idParam, response: { 201: attachmentSchema } },
      },
      async (req, reply) => {
        const ctx = ctxOf(req);
        const subject = await set.subject(ctx, req.params.id, true);
        return reply.code(201).send(await attachmentStore.add(ctx, subject, set.kind, readFile(req)));
      },
    );

    app.get(
      set.base,
      { config: { access: readers }, schema: { tags, summary: `${set.label}列表`, params: idParam, response: { 200: z.object({ items: z.array(attachmentSchema) }) } } },
      async (req) => {
        const ctx = ctxOf(req);
        return { items: await attachmentStore.list(ctx.db, await set.subject(ctx, req.params.id, false)) };
      },
    );

    app.get(`${set.base}/:attachmentId`, { config: { access: readers }, schema: { tags, summary: `下载${set.label}`, params: attachmentParams } }, async (req, reply) => {
      const ctx = ctxOf(req);
      return download(reply, ctx, await set.subject(ctx, req.params.id, false), req.params.attachmentId);
    });

    app.delete(
      `${set.base}/:attachmentId`,
      { config: { access: writers }, schema: { tags, summary: `删除${set.label}`, params: attachmentParams, response: { 200: z.object({ ok: z.literal(true) }) } } },
      async (req) => {
        const ctx = ctxOf(req);
        await attachmentStore.remove(ctx, await set.subject(ctx, req.params.id, true), req.params.attachmentId);
        return { ok: true as const };
      },
    );
  }
};
