import {
  deliverySchema,
  subscriptionCreateSchema,
  subscriptionSchema,
  subscriptionTransitionSchema,
  apiKeyCreatedSchema,
  apiKeyCreateSchema,
  apiKeyListSchema,
  departmentCreateSchema,
  MESSAGES,
  departmentListSchema,
  departmentSchema,
  idParam,
  platformHealthListSchema,
  platformYearSchema,
  platformYearsSchema,
  recordPageSchema,
  recordExportSchema,
  recordQuerySchema,
  XLSX_MAX_DATA_ROWS,
  recordWriteResultSchema,
  recordWriteSchema,
  resourceCreateSchema,
  resourceLifecycle,
  resourceListQuery,
  resourceListSchema,
  resourcePatchSchema,
  resourceSchema,
  resourceTransitionSchema,
  sharingLifecycle,
  sharingListQuery,
  sharingListSchema,
  sharingRequestCreateSchema,
  sharingRequestSchema,
  sharingTransitionSchema,
} from '@smartcity/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../context.js';
import { AppError } from '../../lib/errors.js';
import { ifMatchVersion, setEtag } from '../../lib/etag.js';
import { transitionRoute } from '../../lifecycle/transition-route.js';
import { MEDIA, sendSheet } from '../../shared/export.js';
import { openFile } from '../../shared/file-routes.js';
import { RULES } from '../../tenancy/abilities.js';
import { createApiKey, listApiKeys, revokeApiKey } from './api-keys.service.js';
import { addDepartment, listDepartments } from './departments.service.js';
import { platformHealth, platformYearOf, platformYears } from './health.service.js';
import { formatOf, getLoad, listLoads, LOAD_FORMATS, loadFile } from './loads.service.js';
import { usageRepository, usageSince } from './metering.repository.js';
import { cellOf, exportRecords, queryRecords, writeRecords, type Caller } from './records.service.js';
import { createResource, getResource, listResources, loadResource, transitionResource, updateResource } from './resources.service.js';
import { getSharingRequest, listSharingRequests, requestSharing, transitionSharing } from './sharing.service.js';
import { deliveryHistory, getSubscription, listSubscriptions, setSubscription, subscribe } from './subscriptions.service.js';

const tags = ['platform'];

const loadSchema = z.object({
  id: z.uuid(),
  resourceId: z.uuid(),
  status: z.enum(['running', 'done', 'refused', 'failed']),
  format: z.string(),
  encoding: z.string().nullable(),
  mode: z.enum(['upsert', 'replace']),
  policy: z.enum(['all', 'good']),
  fileName: z.string().nullable(),
  rowsRead: z.number().int(),
  added: z.number().int(),
  updated: z.number().int(),
  deleted: z.number().int(),
  rejected: z.number().int(),
  digest: z.string().nullable(),
  problems: z.array(z.object({ line: z.number().int(), field: z.string().nullable(), problem: z.string() })),
  error: z.string().nullable(),
  loadedBy: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
const loadQuery = z.strictObject({
  mode: z.enum(['upsert', 'replace']).default('upsert'),
  policy: z.enum(['all', 'good']).default('all'),
  format: z.enum(LOAD_FORMATS).optional(),
});
const usageSchema = z.object({
  byDay: z.array(z.object({ day: z.string(), calls: z.number().int(), rows: z.number().int() })),
  byConsumer: z.array(
    z.object({
      organisationId: z.uuid(),
      name: z.string(),
      calls: z.number().int(),
      rows: z.number().int(),
      bytes: z.number().int(),
      apiKeyCalls: z.number().int(),
    }),
  ),
});

const callerOf = (req: FastifyRequest): Caller => ({ apiKey: req.apiKey });

/** 计量: every data call, answered or refused, into the meter's buffer (no write on the call's path). */
function meter(operation: string) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const actor = req.actor;
    const resourceId = (req.params as { id?: string }).id;
    if (!actor?.pilotId || !resourceId || !z.uuid().safeParse(resourceId).success) return;
    req.server.meter.record({
      pilotId: actor.pilotId,
      at: req.server.clock.now(),
      organisationId: actor.organisationId,
      userId: req.apiKey ? null : actor.userId,
      apiKeyId: req.apiKey?.id ?? null,
      resourceId,
      operation,
      rows: (reply as FastifyReply & { meteredRows?: number }).meteredRows ?? 0,
      bytes: Number(reply.getHeader('content-length') ?? 0),
      status: reply.statusCode,
      latencyMs: reply.elapsedTime,
    });
  };
}
const meteredRows = (reply: FastifyReply, n: number) => ((reply as FastifyReply & { meteredRows?: number }).meteredRows = n);

export const platformRoutes: FastifyPluginAsyncZod = async (app) => {
  const dataRateLimit = {
    max: app.config.dataRateLimit,
    timeWindow: '1 minute',
    hook: 'preHandler' as const,
    keyGenerator: (req: FastifyRequest) => req.apiKey?.id ?? req.actor?.userId ?? req.ip,
  };

  app.get(
    '/api/platform/departments',
    {
      config: { access: RULES.platformReaders },
      schema: { tags, summary: '委办局 Departments on the city platforms in view', response: { 200: departmentListSchema } },
    },
    async (req) => listDepartments(ctxOf(req)),
  );

  app.get(
    '/api/platform/health',
    {
      config: { access: RULES.platformReaders },
      schema: { tags, summary: '平台运行情况 How the city platforms in view are doing', response: { 200: platformHealthListSchema } },
    },
    async (req) => {
      // the last calls' metering first: the figures count them
      await app.meter.flush();
      return platformHealth(ctxOf(req));
    },
  );

  app.get(
    '/api/platform/health/:id/years',
    {
      config: { access: { ...RULES.platformReaders, resource: 'pilot' } },
      schema: {
        tags,
        summary: '平台历年运行情况（试点 id）A platform’s figures year by year',
        params: idParam,
        response: { 200: platformYearsSchema },
      },
    },
    async (req) => {
      await app.meter.flush();
      return platformYears(ctxOf(req), req.params.id);
    },
  );

  app.get(
    '/api/platform/health/:id/years/:year',
    {
      config: { access: { ...RULES.platformReaders, resource: 'pilot' } },
      schema: {
        tags,
        summary: '平台某年运行情况及证据（SM3）A platform’s figures of a year with their evidence',
        params: idParam.extend({ year: z.coerce.number().int().min(2000).max(2100) }),
        response: { 200: platformYearSchema },
      },
    },
    async (req) => {
      await app.meter.flush();
      return platformYearOf(ctxOf(req), req.params.id, req.params.year);
    },
  );

  app.post(
    '/api/platform/departments',
    {
      config: { access: RULES.platformAdmin },
      schema: { tags, summary: '新增委办局 Add a department', body: departmentCreateSchema, response: { 201: departmentSchema } },
    },
    async (req, reply) => reply.code(201).send(await addDepartment(ctxOf(req), req.body)),
  );

  app.get(
    '/api/platform/resources',
    {
      config: { access: RULES.platformReaders },
      schema: { tags, summary: '政务信息资源目录 The catalog', querystring: resourceListQuery, response: { 200: resourceListSchema } },
    },
    async (req) => listResources(ctxOf(req), req.query),
  );

  app.post(
    '/api/platform/resources',
    {
      config: { access: RULES.departmentEditor },
      schema: { tags, summary: '编目 List a resource (draft)', body: resourceCreateSchema, response: { 201: resourceSchema } },
    },
    async (req, reply) => {
      const r = await createResource(ctxOf(req), req.body);
      setEtag(reply, r.version);
      return reply.code(201).send(r);
    },
  );

  app.get(
    '/api/platform/resources/:id',
    {
      config: { access: { ...RULES.platformReaders, resource: 'resource' } },
      schema: { tags, summary: '信息资源 A resource', params: idParam, response: { 200: resourceSchema } },
    },
    async (req, reply) => {
      const r = await getResource(ctxOf(req), req.params.id);
      setEtag(reply, r.version);
      return r;
    },
  );

  app.put(
    '/api/platform/resources/:id',
    {
      config: { ifMatch: true, access: { ...RULES.departmentEditor, resource: 'resource' } },
      schema: {
        tags,
        summary: '修改资源草稿（需 If-Match）Edit a draft resource',
        params: idParam,
        body: resourcePatchSchema,
        response: { 200: resourceSchema },
      },
    },
    async (req, reply) => {
      const r = await updateResource(ctxOf(req), req.params.id, ifMatchVersion(req), req.body);
      setEtag(reply, r.version);
      return r;
    },
  );

  transitionRoute(app, {
    base: '/api/platform/resources',
    lifecycle: resourceLifecycle,
    resource: 'resource',
    tags,
    summary: '发布或停用资源 Publish or retire a resource',
    body: resourceTransitionSchema,
    response: resourceSchema,
    fire: transitionResource,
    present: (ctx, id) => getResource(ctx, id),
  });

  app.post(
    '/api/platform/resources/:id/loads',
    {
      config: { access: { ...RULES.departmentEditor, resource: 'resource' } },
      schema: {
        tags,
        summary: '批量装载（CSV、JSON Lines、XLSX）Bulk load a file',
        consumes: ['multipart/form-data'],
        params: idParam,
        querystring: loadQuery,
        response: { 201: loadSchema },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req);
      // the file is read only once the resource is known to be the caller's to load (loadFile checks before reading)
      await loadResource(ctx, ctx.db, req.params.id);
      const file = await openFile(req, app.config.loadMaxBytes);
      const stream = file.file as AsyncIterable<Buffer> & { truncated?: boolean };
      const load = await loadFile(
        ctx,
        req.params.id,
        { ...req.query, format: formatOf(file.filename, req.query.format) },
        { filename: file.filename, stream, truncated: () => stream.truncated === true },
        { uploadBytes: app.config.loadMaxBytes, inflatedBytes: app.config.loadXlsxInflatedBytes },
      );
      if (stream.truncated) throw new AppError(413, 'load_too_large', 'file');
      // its subscribers' deliveries start now, not at the dispatcher's next round
      app.webhooks?.poke();
      return reply.code(201).send(load);
    },
  );

  app.get(
    '/api/platform/resources/:id/loads',
    {
      config: { access: { ...RULES.platformReaders, resource: 'resource' } },
      schema: {
        tags,
        summary: '装载记录 A resource’s loads',
        params: idParam,
        response: { 200: z.object({ items: z.array(loadSchema) }) },
      },
    },
    async (req) => listLoads(ctxOf(req), req.params.id),
  );

  app.get(
    '/api/platform/loads/:id',
    {
      config: { access: { ...RULES.departmentEditor, resource: 'platformLoad' } },
      schema: { tags, summary: '装载进度与报告 A load’s progress and report', params: idParam, response: { 200: loadSchema } },
    },
    async (req) => getLoad(ctxOf(req), req.params.id),
  );

  app.post(
    '/api/platform/resources/:id/records',
    {
      config: { access: { ...RULES.departmentEditor, resource: 'resource' } },
      schema: {
        tags,
        summary: '增量写入（按主键新增、更新、删除）Upsert and delete records by key',
        params: idParam,
        body: recordWriteSchema,
        response: { 200: recordWriteResultSchema },
      },
    },
    async (req) => {
      const result = await writeRecords(ctxOf(req), req.params.id, req.body);
      app.webhooks?.poke();
      return result;
    },
  );

  app.post(
    '/api/platform/resources/:id/query',
    {
      config: { access: { ...RULES.departmentReader, resource: 'resource' }, apiKey: true, rateLimit: dataRateLimit },
      onResponse: meter('query'),
      schema: {
        tags,
        summary: '查询数据（筛选、排序、投影、游标分页；API 密钥可用）Query records',
        params: idParam,
        body: recordQuerySchema,
        response: { 200: recordPageSchema },
        security: [{ session: [] }, { bearer: [] }],
      },
    },
    async (req, reply) => {
      const { page } = await queryRecords(ctxOf(req), callerOf(req), req.params.id, req.body);
      meteredRows(reply, page.items.length);
      return page;
    },
  );

  app.post(
    '/api/platform/resources/:id/export',
    {
      config: {
        access: { ...RULES.departmentReader, resource: 'resource' },
        apiKey: true,
        download: [MEDIA.csv, MEDIA.xlsx],
        rateLimit: dataRateLimit,
      },
      onResponse: meter('export'),
      schema: {
        tags,
        summary: '导出数据（CSV；XLSX 不超过 1,048,575 行）Export the records a query selects',
        params: idParam,
        body: recordExportSchema,
        security: [{ session: [] }, { bearer: [] }],
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req);
      const { format, ...q } = req.body;
      const rows = exportRecords(ctx, callerOf(req), req.params.id, q, format === 'xlsx' ? XLSX_MAX_DATA_ROWS : Infinity);
      // the first row (the header) proves the reader may read, before any byte is sent
      const first = await rows.next();
      const headers = first.value as string[];
      let count = 0;
      const cells = async function* () {
        for await (const row of rows) {
          count++;
          yield row.map(cellOf);
        }
      };
      const sheet = { name: 'records', title: null, headers, widths: headers.map(() => 16) };
      return sendSheet(reply, format, `records.${format}`, sheet, cells(), req.log, () => meteredRows(reply, count));
    },
  );

  app.get(
    '/api/platform/resources/:id/usage',
    {
      config: { access: { ...RULES.platformReaders, resource: 'resource' } },
      schema: { tags, summary: '使用情况（近 30 天）Usage of a resource, last 30 days', params: idParam, response: { 200: usageSchema } },
    },
    async (req) => {
      const ctx = ctxOf(req);
      const head = await loadResource(ctx, ctx.db, req.params.id);
      await app.meter.flush();
      return usageRepository.of(ctx.db, head, usageSince(ctx.clock.now()));
    },
  );

  app.get(
    '/api/platform/resources/:id/usage/export',
    {
      config: { access: { ...RULES.platformReaders, resource: 'resource' }, download: [MEDIA.xlsx, MEDIA.csv] },
      schema: {
        tags,
        summary: '使用情况导出（近 30 天，按日和部门；XLSX 或 CSV）Usage export, last 30 days',
        params: idParam,
        querystring: z.strictObject({ format: z.enum(['xlsx', 'csv']).default('xlsx') }),
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req);
      const head = await loadResource(ctx, ctx.db, req.params.id);
      await app.meter.flush();
      const rows = await usageRepository.byDayAndConsumer(ctx.db, head, usageSince(ctx.clock.now()));
      const t = MESSAGES[ctx.lang].platform.usageColumns;
      const headers = [t.day, t.department, t.calls, t.apiKeyCalls, t.rows, t.bytes];
      const cells = async function* () {
        for (const r of rows) yield [r.day, r.name, r.calls, r.apiKeyCalls, r.rows, r.bytes];
      };
      const { format } = req.query;
      const sheet = { name: t.sheet, title: null, headers, widths: [12, 28, 10, 16, 12, 12] };
      return sendSheet(reply, format, `${head.code.replace(/\//g, '_')}-usage.${format}`, sheet, cells(), req.log);
    },
  );

  app.post(
    '/api/platform/resources/:id/sharing-requests',
    {
      config: { access: { ...RULES.departmentEditor, resource: 'resource' } },
      schema: {
        tags,
        summary: '共享申请 Request a conditionally shared resource',
        params: idParam,
        body: sharingRequestCreateSchema,
        response: { 201: sharingRequestSchema },
      },
    },
    async (req, reply) => reply.code(201).send(await requestSharing(ctxOf(req), req.params.id, req.body)),
  );

  app.get(
    '/api/platform/sharing-requests',
    {
      config: { access: RULES.platformReaders },
      schema: { tags, summary: '共享申请列表 Sharing requests', querystring: sharingListQuery, response: { 200: sharingListSchema } },
    },
    async (req) => listSharingRequests(ctxOf(req), req.query),
  );

  app.get(
    '/api/platform/sharing-requests/:id',
    {
      config: { access: { ...RULES.platformReaders, resource: 'sharingRequest' } },
      schema: { tags, summary: '共享申请 A sharing request', params: idParam, response: { 200: sharingRequestSchema } },
    },
    async (req) => getSharingRequest(ctxOf(req), req.params.id),
  );

  transitionRoute(app, {
    base: '/api/platform/sharing-requests',
    lifecycle: sharingLifecycle,
    resource: 'sharingRequest',
    tags,
    summary: '答复、撤回或撤销共享 Approve, refuse, withdraw or revoke',
    body: sharingTransitionSchema,
    response: sharingRequestSchema,
    fire: transitionSharing,
    present: (ctx, id) => getSharingRequest(ctx, id),
  });

  app.get(
    '/api/platform/api-keys',
    {
      config: { access: RULES.departmentAdmin },
      schema: { tags, summary: 'API 密钥 The department’s API keys', response: { 200: apiKeyListSchema } },
    },
    async (req) => listApiKeys(ctxOf(req)),
  );

  app.post(
    '/api/platform/api-keys',
    {
      config: { access: RULES.departmentAdmin },
      schema: {
        tags,
        summary: '创建 API 密钥（只显示一次）Issue an API key',
        body: apiKeyCreateSchema,
        response: { 201: apiKeyCreatedSchema },
      },
    },
    async (req, reply) => reply.code(201).send(await createApiKey(ctxOf(req), req.body)),
  );

  // ——— 变更订阅: webhooks on a resource's changes (docs/platform.md, "Change subscriptions") ———
  const subscriptionReader = { ...RULES.departmentReader, resource: 'subscription' as const };
  app.post(
    '/api/platform/resources/:id/subscriptions',
    {
      config: { access: { ...RULES.departmentReader, resource: 'resource' }, apiKey: true },
      schema: {
        tags,
        summary: '订阅资源变更（webhook；密钥只显示一次）Subscribe to a resource’s changes',
        params: idParam,
        body: subscriptionCreateSchema,
        response: { 201: subscriptionSchema.extend({ secret: z.string() }) },
      },
    },
    async (req, reply) => reply.code(201).send(await subscribe(ctxOf(req), callerOf(req), req.params.id, req.body.url)),
  );

  app.get(
    '/api/platform/subscriptions',
    {
      config: { access: RULES.departmentReader, apiKey: true },
      schema: {
        tags,
        summary: '本部门的变更订阅 The department’s subscriptions',
        response: { 200: z.object({ items: z.array(subscriptionSchema) }) },
      },
    },
    async (req) => listSubscriptions(ctxOf(req)),
  );

  app.get(
    '/api/platform/subscriptions/:id',
    {
      config: { access: subscriptionReader, apiKey: true },
      schema: { tags, summary: '变更订阅 A subscription', params: idParam, response: { 200: subscriptionSchema } },
    },
    async (req) => getSubscription(ctxOf(req), req.params.id),
  );

  app.post(
    '/api/platform/subscriptions/:id/transitions',
    {
      config: { access: subscriptionReader, apiKey: true },
      schema: {
        tags,
        summary: '暂停、恢复（补发错过的变更）或取消订阅 Pause, resume (replaying what was missed) or cancel',
        params: idParam,
        body: subscriptionTransitionSchema,
        response: { 200: subscriptionSchema },
      },
    },
    async (req) => {
      const after = await setSubscription(ctxOf(req), req.params.id, req.body.action);
      if (req.body.action === 'resume') req.server.webhooks?.poke();
      return after;
    },
  );

  app.get(
    '/api/platform/subscriptions/:id/deliveries',
    {
      config: { access: subscriptionReader, apiKey: true },
      schema: {
        tags,
        summary: '投递记录（状态、尝试次数、耗时）Delivery history',
        params: idParam,
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: z.object({ items: z.array(deliverySchema) }) },
      },
    },
    async (req) => deliveryHistory(ctxOf(req), req.params.id, req.query.limit),
  );

  app.delete(
    '/api/platform/api-keys/:id',
    {
      config: { access: { ...RULES.departmentAdmin, resource: 'apiKey' } },
      schema: { tags, summary: '撤销 API 密钥 Revoke an API key', params: idParam, response: { 204: z.null() } },
    },
    async (req, reply) => {
      await revokeApiKey(ctxOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );
};
