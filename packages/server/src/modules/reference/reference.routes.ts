import {
  codeParam,
  idParam,
  indicatorTreeSchema,
  indicatorSystemSchema,
  provinceSchema,
  publicPilotListSchema,
  publicPilotSchema,
} from '@smartcity/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { indicatorTree, listIndicatorSystems, listProvinces, publicPilot, publicPilotList } from './reference.service.js';

export const referenceRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/provinces',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['reference'],
        summary: '省级行政区（GB/T 2260）及公开试点数 Provinces',
        response: { 200: z.object({ items: z.array(provinceSchema) }) },
      },
    },
    async () => listProvinces(app.db),
  );

  app.get(
    '/api/public/pilots',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['public'],
        summary: '公开试点名单（按附件1分省顺序）Published pilot list',
        querystring: z.strictObject({ batch: z.coerce.number().int().min(2012).max(2100).default(2012) }),
        response: { 200: publicPilotListSchema },
      },
    },
    async (req) => publicPilotList(app.db, req.query.batch),
  );

  app.get(
    '/api/public/pilots/:id',
    {
      config: { access: { public: true, resource: 'pilot' } },
      schema: {
        tags: ['public'],
        summary: '试点公开信息（名单所列、状态、验收评级、相关公告）A pilot’s public page',
        params: idParam,
        response: { 200: publicPilotSchema },
      },
    },
    async (req) => publicPilot(app.db, req.params.id),
  );

  app.get(
    '/api/indicator-systems',
    {
      config: { access: { tiers: 'all' } },
      schema: {
        tags: ['reference'],
        summary: '指标体系 Indicator systems',
        response: { 200: z.object({ items: z.array(indicatorSystemSchema) }) },
      },
    },
    async () => listIndicatorSystems(app.db),
  );

  app.get(
    '/api/indicator-systems/:id/tree',
    {
      config: { access: { tiers: 'all', resource: 'indicatorSystem' } },
      schema: {
        tags: ['reference'],
        summary: '指标体系树（一级→二级→三级）Indicator tree',
        params: codeParam,
        response: { 200: indicatorTreeSchema },
      },
    },
    async (req) => indicatorTree(app.db, req.params.id),
  );
};
