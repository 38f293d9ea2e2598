import { historyRoute } from '../audit/history.js';
import { loadPilot } from './pilots.service.js';
import { pilotTimeline } from './pilots.timeline.js';
import {
  idParam,
  pilotDetailSchema,
  pilotListQuery,
  pilotListSchema,
  pilotTimelineSchema,
  pilotUpdateSchema,
  pilotLifecycle,
  transitionRequestOf,
} from '@smartcity/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../context.js';
import { ifMatchVersion, setEtag } from '../../lib/etag.js';
import { getPilot, listPilots, pilotCountsByProvince, pilotPages, transitionPilot, updatePilot } from './pilots.service.js';
import { exportRoutes } from '../../shared/export.js';
import { PILOT_COLUMNS, pilotExportQuery, pilotFiltersInWords } from './pilots.export.js';
import { transitionRoute } from '../../lifecycle/transition-route.js';

const tags = ['pilots'];

export const pilotRoutes: FastifyPluginAsyncZod = async (app) => {
  historyRoute(app, {
    base: '/api/pilots',
    access: { tiers: 'all', resource: 'pilot' },
    types: ['pilot'],
    tags,
    load: (ctx, id) => loadPilot(ctx, id),
  });

  app.get(
    '/api/pilots',
    {
      config: { access: { tiers: 'all' } },
      schema: { tags, summary: '试点名录（按权限范围）Pilot registry', querystring: pilotListQuery, response: { 200: pilotListSchema } },
    },
    async (req) => listPilots(ctxOf(req), req.query),
  );

  exportRoutes(app, {
    path: '/api/pilots',
    list: 'pilots',
    tags,
    access: { tiers: 'all' },
    querystring: pilotExportQuery,
    columns: PILOT_COLUMNS,
    pages: pilotPages,
    filters: pilotFiltersInWords,
  });

  app.get(
    '/api/pilots/stats/by-province',
    {
      config: { access: { tiers: 'all' } },
      schema: {
        tags,
        summary: '各省试点数（地图）Pilots per province in scope',
        querystring: pilotListQuery.omit({ page: true, pageSize: true }),
        response: { 200: z.object({ items: z.array(z.object({ provinceCode: z.string(), count: z.number().int() })) }) },
      },
    },
    async (req) => pilotCountsByProvince(ctxOf(req), req.query),
  );

  app.get(
    '/api/pilots/:id',
    {
      config: { access: { tiers: 'all', resource: 'pilot' } },
      schema: { tags, summary: '试点详情 Pilot', params: idParam, response: { 200: pilotDetailSchema } },
    },
    async (req, reply) => {
      const pilot = await getPilot(ctxOf(req), req.params.id);
      setEtag(reply, pilot.version);
      return pilot;
    },
  );

  app.get(
    '/api/pilots/:id/timeline',
    {
      config: { access: { tiers: 'all', resource: 'pilot' } },
      schema: { tags, summary: '试点历程（各项流转与签署）Pilot timeline', params: idParam, response: { 200: pilotTimelineSchema } },
    },
    async (req) => pilotTimeline(ctxOf(req), req.params.id),
  );

  app.patch(
    '/api/pilots/:id',
    {
      config: { ifMatch: true, access: { tiers: ['ministry', 'province', 'pilot'], roles: ['admin', 'editor'], resource: 'pilot' } },
      schema: {
        tags,
        summary: '修改试点信息（需 If-Match）Update pilot record',
        params: idParam,
        body: pilotUpdateSchema,
        response: { 200: pilotDetailSchema },
      },
    },
    async (req, reply) => {
      const pilot = await updatePilot(ctxOf(req), req.params.id, ifMatchVersion(req), req.body);
      setEtag(reply, pilot.version);
      return pilot;
    },
  );

  transitionRoute(app, {
    base: '/api/pilots',
    lifecycle: pilotLifecycle,
    resource: 'pilot',
    tags,
    summary: '试点状态流转 Fire a pilot lifecycle action',
    body: transitionRequestOf(pilotLifecycle),
    response: pilotDetailSchema,
    fire: (ctx, id, body) => transitionPilot(ctx, id, body.action, body.reason),
    present: async (ctx, id, reply) => {
      const pilot = await getPilot(ctx, id);
      setEtag(reply, pilot.version);
      return pilot;
    },
  });
};
