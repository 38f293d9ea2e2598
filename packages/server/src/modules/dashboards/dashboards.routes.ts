import {
  dashboardQuery,
  dashboardSchema,
  idParam,
  indicatorAnalyticsQuery,
  indicatorAnalyticsSchema,
  pilotDashboardSchema,
  pilotProgressSchema,
} from '@smartcity/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../context.js';
import { dashboard, pilotDashboard, pilotProgress } from './dashboards.service.js';
import { exportRoutes } from '../../shared/export.js';
import { overdueExport, provinceTableExport } from './dashboards.export.js';
import { indicatorAnalytics } from './indicator-analytics.service.js';
import { sendJson } from '../../shared/checked-json.js';

const tags = ['dashboards'];
// the Ministry sees the programme, a province its own pilots (the scope decides which)
const supervisors = { tiers: ['ministry', 'province'] } as const;

export const dashboardRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/dashboard',
    {
      config: { access: supervisors },
      schema: {
        tags,
        summary: '总览：关键数字、各省情况与逾期事项（按权限范围）Dashboard figures in scope',
        querystring: dashboardQuery,
        response: { 200: dashboardSchema },
      },
    },
    async (req, reply) => sendJson(reply, await dashboard(ctxOf(req), req.query)),
  );

  exportRoutes(app, provinceTableExport(supervisors));
  exportRoutes(app, overdueExport(supervisors));

  app.get(
    '/api/dashboard/pilots',
    {
      config: { access: supervisors },
      schema: {
        tags,
        summary: '各试点进展（按权限范围）Progress of each pilot in scope',
        querystring: dashboardQuery,
        response: { 200: pilotProgressSchema },
      },
    },
    async (req, reply) => sendJson(reply, await pilotProgress(ctxOf(req), req.query)),
  );

  app.get(
    '/api/indicator-analytics',
    {
      config: { access: supervisors },
      schema: {
        tags,
        summary: '指标分析：三级指标在各试点间的分布、分组比较与单个试点对比（仅据已接受的年度报告）Indicator analytics',
        querystring: indicatorAnalyticsQuery,
        response: { 200: indicatorAnalyticsSchema },
      },
    },
    async (req, reply) => sendJson(reply, await indicatorAnalytics(ctxOf(req), req.query)),
  );

  app.get(
    '/api/pilots/:id/dashboard',
    {
      config: { access: { tiers: 'all', resource: 'pilot' } },
      schema: {
        tags,
        summary: '试点进展：项目、资金与指标（据签署的任务书与已通过的年度报告）Pilot progress',
        params: idParam,
        response: { 200: pilotDashboardSchema },
      },
    },
    async (req) => pilotDashboard(ctxOf(req), req.params.id),
  );
};
