import { historyRoute } from '../audit/history.js';
import { loadHead, versionChanges } from './task-books.service.js';
import { confirmPassword } from '../session/session.service.js';
import { RULES } from '../../tenancy/abilities.js';
import {
  amendmentRequestSchema,
  diffQuery,
  idParam,
  sectionParams,
  signatureRequestSchema,
  taskBookListQuery,
  taskBookSchema,
  taskBookSummarySchema,
  taskBookTransitionSchema,
  verificationSchema,
  taskBookLifecycle,
  taskBookVersionsSchema,
  taskBookDiffSchema,
  signatureEvidenceSchema,
} from '@smartcity/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../context.js';
import { ifMatchVersion, setEtag } from '../../lib/etag.js';
import { documentRoutes } from '../../shared/downloads.js';
import { exportRoutes } from '../../shared/export.js';
import { taskBookExport } from './task-books.export.js';
import { signTaskBook, taskBookSignatureEvidence, verifyTaskBook } from './task-books.signing.js';
import {
  createTaskBook,
  diffVersions,
  getTaskBook,
  listTaskBooks,
  listVersions,
  saveSection,
  taskBookDocument,
  transition,
  versionContent,
} from './task-books.service.js';
import { transitionRoute } from '../../lifecycle/transition-route.js';

const tags = ['task-books'];
const inScope = { tiers: 'all', resource: 'taskBook' } as const;
const parties = ['ministry', 'province', 'pilot'] as const;

export const taskBookRoutes: FastifyPluginAsyncZod = async (app) => {
  historyRoute(app, { base: '/api/task-books', access: inScope, types: ['taskBook'], tags, load: loadHead, changes: versionChanges });

  app.post(
    '/api/pilots/:id/task-books',
    {
      config: { access: { ...RULES.pilotEditor, resource: 'pilot' } },
      schema: { tags, summary: '新建创建任务书 Start the task book', params: idParam, response: { 201: taskBookSchema } },
    },
    async (req, reply) => {
      const ctx = ctxOf(req);
      const id = await createTaskBook(ctx, req.params.id);
      return reply.code(201).send(await getTaskBook(ctx, id));
    },
  );

  app.get(
    '/api/task-books',
    {
      config: { access: { tiers: 'all' } },
      schema: {
        tags,
        summary: '任务书列表（按权限范围）Task books in scope',
        querystring: taskBookListQuery,
        response: { 200: z.object({ items: z.array(taskBookSummarySchema) }) },
      },
    },
    async (req) => listTaskBooks(ctxOf(req), req.query),
  );

  exportRoutes(app, taskBookExport);

  app.get(
    '/api/task-books/:id',
    { config: { access: inScope }, schema: { tags, summary: '任务书 Task book', params: idParam, response: { 200: taskBookSchema } } },
    async (req) => getTaskBook(ctxOf(req), req.params.id),
  );

  app.patch(
    '/api/task-books/:id/sections/:n',
    {
      config: { ifMatch: true, access: { ...RULES.pilotEditor, resource: 'taskBook' } },
      schema: {
        tags,
        summary: '保存一节（需 If-Match）Save one section',
        description: 'The body is the section content; its shape depends on n (1 创建目标 … 8 创建周期), see SECTION_SCHEMAS.',
        params: sectionParams,
        body: z.record(z.string(), z.unknown()),
        response: { 200: z.object({ n: z.number(), version: z.number() }) },
      },
    },
    async (req, reply) => {
      const version = await saveSection(ctxOf(req), req.params.id, req.params.n, ifMatchVersion(req), req.body);
      setEtag(reply, version);
      return { n: req.params.n, version };
    },
  );

  transitionRoute(app, {
    base: '/api/task-books',
    lifecycle: taskBookLifecycle,
    resource: 'taskBook',
    tags,
    summary: '流转：报送、审核通过、退回 Fire an action',
    body: taskBookTransitionSchema,
    response: taskBookSchema,
    fire: transition,
    present: (ctx, id) => getTaskBook(ctx, id),
  });

  app.post(
    '/api/task-books/:id/amendments',
    {
      config: { access: { ...RULES.pilotEditor, resource: 'taskBook' } },
      schema: {
        tags,
        summary: '签署后申请修订 Request an amendment',
        params: idParam,
        body: amendmentRequestSchema,
        response: { 200: taskBookSchema },
      },
    },
    async (req) => {
      const ctx = ctxOf(req);
      await transition(ctx, req.params.id, { action: 'amend', reason: req.body.reason, amendmentType: req.body.type });
      return getTaskBook(ctx, req.params.id);
    },
  );

  app.get(
    '/api/task-books/:id/versions',
    {
      config: { access: inScope },
      schema: {
        tags,
        summary: '历次冻结版本 Versions',
        params: idParam,
        response: {
          200: taskBookVersionsSchema,
        },
      },
    },
    async (req) => listVersions(ctxOf(req), req.params.id),
  );

  app.get(
    '/api/task-books/:id/versions/:number',
    {
      config: { access: inScope },
      schema: {
        tags,
        summary: '某一版本的内容 Content of a version',
        params: z.strictObject({ id: z.uuid(), number: z.coerce.number().int().min(1).max(10_000) }),
        response: { 200: z.record(z.string(), z.unknown()) },
      },
    },
    async (req) => versionContent(ctxOf(req), req.params.id, req.params.number),
  );

  app.get(
    '/api/task-books/:id/diff',
    {
      config: { access: inScope },
      schema: {
        tags,
        summary: '两个版本逐节比较 Compare two versions',
        params: idParam,
        querystring: diffQuery,
        response: { 200: taskBookDiffSchema },
      },
    },
    async (req) => diffVersions(ctxOf(req), req.params.id, req.query.from, req.query.to),
  );

  app.post(
    '/api/task-books/:id/signatures',
    {
      config: { access: { tiers: parties, roles: ['signatory'], resource: 'taskBook' } },
      schema: {
        tags,
        summary: '签署（SM3 摘要 + SM2 签名）Sign',
        params: idParam,
        body: signatureRequestSchema,
        response: { 200: taskBookSchema },
      },
    },
    async (req) => {
      const ctx = ctxOf(req);
      await confirmPassword(app, ctx.actor, req.body.password, req.ip);
      await signTaskBook(ctx, app.masterKey, req.params.id);
      return getTaskBook(ctx, req.params.id);
    },
  );

  app.get(
    '/api/task-books/:id/verify',
    {
      config: { access: inScope },
      schema: { tags, summary: '校验摘要与签名 Verify', params: idParam, response: { 200: verificationSchema } },
    },
    async (req) => verifyTaskBook(ctxOf(req), req.params.id),
  );

  app.get(
    '/api/task-books/:id/signature-evidence',
    {
      config: { access: inScope },
      schema: {
        tags,
        summary: '签名验证材料（签名原文、DER 签名、PEM 公钥，可用 OpenSSL 3 独立验证）Signature evidence',
        params: idParam,
        response: { 200: signatureEvidenceSchema },
      },
    },
    async (req) => taskBookSignatureEvidence(ctxOf(req), req.params.id),
  );

  // 附件2's headings and signature block
  documentRoutes(app, {
    base: '/api/task-books/:id',
    resource: 'taskBook',
    tags,
    label: '任务书',
    load: (ctx, id) => taskBookDocument(ctx, id, app.config.publicUrl),
    filename: (doc) => `国家智慧城市创建任务书-${doc.pilotName}`,
    renderers: { docx: 'taskBookDocx', pdf: 'taskBookPdf' },
  });
};
