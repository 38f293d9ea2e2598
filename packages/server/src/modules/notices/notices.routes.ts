import { historyRoute } from '../audit/history.js';
import { loadNotice } from './notices.service.js';
import {
  idParam,
  noticeInputSchema,
  noticeLifecycle,
  noticeListSchema,
  noticeReceiptsSchema,
  noticeSchema,
  noticeTransitionSchema,
  noticeUpdateSchema,
  publicNoticeListSchema,
  publicNoticeSchema,
} from '@smartcity/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../context.js';
import { transitionRoute } from '../../lifecycle/transition-route.js';
import { ifMatchVersion, setEtag } from '../../lib/etag.js';
import { sendDownload } from '../../shared/downloads.js';
import { fileRoutes } from '../../shared/file-routes.js';
import { RULES } from '../../tenancy/abilities.js';
import {
  createNotice,
  getNotice,
  listNotices,
  noticeReceipts,
  noticeSubject,
  openNotice,
  publicNotice,
  publicNoticeFile,
  publicNotices,
  transitionNotice,
  updateNotice,
} from './notices.service.js';
import { noticeExport } from './notices.export.js';
import { exportRoutes } from '../../shared/export.js';

const tags = ['notices'];
const senders = RULES.sendNotice;

export const noticeRoutes: FastifyPluginAsyncZod = async (app) => {
  historyRoute(app, {
    base: '/api/notices',
    access: { tiers: 'all', resource: 'notice' },
    types: ['notice'],
    tags,
    load: (ctx, id) => loadNotice(ctx, ctx.db, id),
  });

  app.get(
    '/api/notices',
    {
      config: { access: { tiers: 'all' } },
      schema: { tags, summary: '通知公告列表（本单位发出的与发给本单位的）Notices', response: { 200: noticeListSchema } },
    },
    async (req) => listNotices(ctxOf(req)),
  );

  exportRoutes(app, noticeExport);

  app.post(
    '/api/notices',
    {
      config: { access: senders },
      schema: { tags, summary: '起草通知公告 Draft a notice', body: noticeInputSchema, response: { 201: noticeSchema } },
    },
    async (req, reply) => reply.code(201).send(await createNotice(ctxOf(req), req.body)),
  );

  app.get(
    '/api/notices/:id',
    {
      config: { access: { tiers: 'all', resource: 'notice' } },
      schema: { tags, summary: '阅读通知公告（记录阅读回执）Open a notice', params: idParam, response: { 200: noticeSchema } },
    },
    async (req) => openNotice(ctxOf(req), req.params.id),
  );

  app.patch(
    '/api/notices/:id',
    {
      config: { ifMatch: true, access: { ...senders, resource: 'notice' } },
      schema: {
        tags,
        summary: '修改通知公告草稿（需 If-Match）Edit a draft notice',
        params: idParam,
        body: noticeUpdateSchema,
        response: { 200: noticeSchema },
      },
    },
    async (req, reply) => {
      const notice = await updateNotice(ctxOf(req), req.params.id, ifMatchVersion(req), req.body);
      setEtag(reply, notice.version);
      return notice;
    },
  );

  app.get(
    '/api/notices/:id/receipts',
    {
      config: { access: { tiers: ['ministry', 'province'], resource: 'notice' } },
      schema: { tags, summary: '阅读回执 Read receipts by organisation', params: idParam, response: { 200: noticeReceiptsSchema } },
    },
    async (req) => noticeReceipts(ctxOf(req), req.params.id),
  );

  transitionRoute(app, {
    base: '/api/notices',
    lifecycle: noticeLifecycle,
    resource: 'notice',
    tags,
    summary: '发布通知公告 Publish a notice',
    body: noticeTransitionSchema,
    response: noticeSchema,
    fire: transitionNotice,
    present: (ctx, id) => getNotice(ctx, id),
  });

  app.get(
    '/api/public/notices',
    {
      config: { access: { public: true } },
      schema: { tags: ['public'], summary: '公开的通知公告 Public notices', response: { 200: publicNoticeListSchema } },
    },
    async () => publicNotices(app.db),
  );

  app.get(
    '/api/public/notices/:id',
    {
      config: { access: { public: true, resource: 'notice' } },
      schema: { tags: ['public'], summary: '公开的通知公告全文 A public notice', params: idParam, response: { 200: publicNoticeSchema } },
    },
    async (req) => publicNotice(app.db, req.params.id),
  );

  app.get(
    '/api/public/notices/:id/files/:attachmentId',
    {
      config: { access: { public: true, resource: 'notice' } },
      schema: {
        tags: ['public'],
        summary: '下载公开通知公告的附件 Download a public notice’s attachment',
        params: z.strictObject({ id: z.uuid(), attachmentId: z.uuid() }),
      },
    },
    async (req, reply) => {
      const row = await publicNoticeFile(app.db, req.params.id, req.params.attachmentId);
      return sendDownload(reply, { mediaType: row.mediaType, filename: row.filename, body: row.data, sm3: row.sm3 });
    },
  );
};

/** 附件: the sender attaches files (PDF, Word …) while the notice is a draft; its readers download them. */
export const noticeFileRoutes = fileRoutes([
  {
    base: '/api/notices/:id/files',
    resource: 'notice',
    tags,
    kind: { fixed: 'noticeAttachment' },
    label: '通知公告附件',
    writers: senders,
    subject: noticeSubject,
  },
]);
