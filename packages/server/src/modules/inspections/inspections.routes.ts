import { historyRoute } from '../audit/history.js';
import { loadFinding } from './findings.service.js';
import { loadInspection } from './inspections.service.js';
import { RULES } from '../../tenancy/abilities.js';
import { idParam, inspectionInputSchema, rectificationLifecycle, transitionRequestOf } from '@smartcity/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../context.js';
import { getFinding, transition } from './findings.service.js';
import { inspectionFileRoutes } from './inspection-files.routes.js';
import { findingSchema, inspectionListQuery, inspectionSchema, inspectionSummarySchema } from '@smartcity/domain';
import { createInspection, getInspection, listInspections } from './inspections.service.js';
import { transitionRoute } from '../../lifecycle/transition-route.js';
import { inspectionExport } from './inspections.export.js';
import { exportRoutes } from '../../shared/export.js';

const tags = ['inspections'];

export const inspectionRoutes: FastifyPluginAsyncZod = async (app) => {
  historyRoute(app, {
    base: '/api/inspections',
    access: { tiers: 'all', resource: 'inspection' },
    types: ['inspection'],
    tags,
    load: loadInspection,
  });
  // a finding's entries: its own (files) and its rectification lifecycle's
  historyRoute(app, {
    base: '/api/findings',
    access: { tiers: 'all', resource: 'finding' },
    types: ['finding', 'rectification'],
    tags,
    load: (ctx, id) => loadFinding(ctx, id),
  });

  app.post(
    '/api/inspections',
    {
      config: { access: RULES.recordInspection },
      schema: {
        tags,
        summary: '记录监督检查及发现的问题（可限期整改）Record an inspection and its findings',
        body: inspectionInputSchema,
        response: { 201: inspectionSchema },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req);
      const id = await createInspection(ctx, req.body);
      return reply.code(201).send(await getInspection(ctx, id));
    },
  );

  app.get(
    '/api/inspections',
    {
      config: { access: { tiers: 'all' } },
      schema: {
        tags,
        summary: '监督检查列表（按权限范围）Inspections in scope',
        querystring: inspectionListQuery,
        response: { 200: z.object({ items: z.array(inspectionSummarySchema) }) },
      },
    },
    async (req) => listInspections(ctxOf(req), req.query),
  );

  exportRoutes(app, inspectionExport);

  app.get(
    '/api/inspections/:id',
    {
      config: { access: { tiers: 'all', resource: 'inspection' } },
      schema: {
        tags,
        summary: '监督检查及其问题、整改状态 Inspection with findings',
        params: idParam,
        response: { 200: inspectionSchema },
      },
    },
    async (req) => getInspection(ctxOf(req), req.params.id),
  );

  app.get(
    '/api/findings/:id',
    {
      config: { access: { tiers: 'all', resource: 'finding' } },
      schema: { tags, summary: '问题及整改经过 Finding and its rectification history', params: idParam, response: { 200: findingSchema } },
    },
    async (req) => getFinding(ctxOf(req), req.params.id),
  );

  transitionRoute(app, {
    base: '/api/findings',
    lifecycle: rectificationLifecycle,
    resource: 'finding',
    tags,
    summary: '整改流转：答复（理由即答复内容）、关闭、重新打开 Answer, close or reopen',
    body: transitionRequestOf(rectificationLifecycle),
    response: findingSchema,
    fire: transition,
    present: (ctx, id) => getFinding(ctx, id),
  });

  await app.register(inspectionFileRoutes);
};
