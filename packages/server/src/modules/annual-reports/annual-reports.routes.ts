import { historyRoute } from '../audit/history.js';
import { loadReport, reportChanges } from './annual-reports.service.js';
import { RULES } from '../../tenancy/abilities.js';
import { idParam, reportContentSchema, annualReportLifecycle } from '@smartcity/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../context.js';
import { ifMatchVersion, setEtag } from '../../lib/etag.js';
import { platformValuesSchema, traceSchema } from '@smartcity/domain';
import { createReportBody, reportListQuery, reportListSchema, reportSchema, reportTransitionBody } from '@smartcity/domain';
import {
  createReport,
  getReport,
  listReports,
  pilotTrace,
  reportPlatformValues,
  saveContent,
  transition,
} from './annual-reports.service.js';
import { evidenceRoutes } from './evidence.routes.js';
import { transitionRoute } from '../../lifecycle/transition-route.js';
import { annualReportExport } from './annual-reports.export.js';
import { exportRoutes } from '../../shared/export.js';

const tags = ['annual-reports'];
const inScope = { tiers: 'all', resource: 'annualReport' } as const;

export const annualReportRoutes: FastifyPluginAsyncZod = async (app) => {
  historyRoute(app, {
    base: '/api/annual-reports',
    access: inScope,
    types: ['annualReport'],
    tags,
    load: (ctx, id) => loadReport(ctx, id),
    changes: reportChanges,
  });

  app.post(
    '/api/pilots/:id/annual-reports',
    {
      config: { access: { ...RULES.pilotEditor, resource: 'pilot' } },
      schema: {
        tags,
        summary: '新建年度自评价报告（按已签署任务书预填）Start the annual report of a creation year',
        params: idParam,
        body: createReportBody,
        response: { 201: reportSchema },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req);
      const id = await createReport(ctx, req.params.id, req.body.year);
      return reply.code(201).send(await getReport(ctx, id));
    },
  );

  app.get(
    '/api/annual-reports',
    {
      config: { access: { tiers: 'all' } },
      schema: {
        tags,
        summary: '年度自评价报告列表（按权限范围）Annual reports in scope',
        querystring: reportListQuery,
        response: { 200: reportListSchema },
      },
    },
    async (req) => listReports(ctxOf(req), req.query),
  );

  exportRoutes(app, annualReportExport);

  app.get(
    '/api/annual-reports/:id',
    {
      config: { access: inScope },
      schema: { tags, summary: '年度自评价报告 Annual report', params: idParam, response: { 200: reportSchema } },
    },
    async (req, reply) => {
      const report = await getReport(ctxOf(req), req.params.id);
      setEtag(reply, report.version);
      return report;
    },
  );

  app.get(
    '/api/annual-reports/:id/platform-values',
    {
      config: { access: inScope },
      schema: {
        tags,
        summary: '城市公共信息平台提供的指标实际值及证据 Indicator values the city platform offers, with evidence',
        params: idParam,
        response: { 200: platformValuesSchema },
      },
    },
    async (req) => {
      await app.meter.flush();
      return reportPlatformValues(ctxOf(req), req.params.id);
    },
  );

  app.get(
    '/api/pilots/:id/trace',
    {
      config: { access: { tiers: 'all', resource: 'pilot' } },
      schema: {
        tags,
        summary: '追溯：重点项目 → 指标 → 数据资源 → 历年值 Key projects to indicators, resources and yearly values',
        params: idParam,
        response: { 200: traceSchema },
      },
    },
    async (req) => {
      await app.meter.flush();
      return pilotTrace(ctxOf(req), req.params.id);
    },
  );

  app.patch(
    '/api/annual-reports/:id',
    {
      config: { ifMatch: true, access: { tiers: ['pilot'], roles: ['editor', 'admin'], resource: 'annualReport' } },
      schema: {
        tags,
        summary: '保存报告内容（需 If-Match，仅编制中）Save the content',
        params: idParam,
        body: reportContentSchema,
        response: { 200: z.object({ version: z.number() }) },
      },
    },
    async (req, reply) => {
      const version = await saveContent(ctxOf(req), req.params.id, ifMatchVersion(req), req.body);
      setEtag(reply, version);
      return { version };
    },
  );

  transitionRoute(app, {
    base: '/api/annual-reports',
    lifecycle: annualReportLifecycle,
    resource: 'annualReport',
    tags,
    summary: '流转：报送、省级审核通过或退回、部级接受或退回 Fire an action',
    body: reportTransitionBody,
    response: reportSchema,
    fire: transition,
    present: (ctx, id) => getReport(ctx, id),
  });

  await app.register(evidenceRoutes);
};
