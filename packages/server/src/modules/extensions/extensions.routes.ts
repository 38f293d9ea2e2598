import {
  deadlineReminderResultSchema,
  deadlineReminderSchema,
  extensionCreateSchema,
  extensionGrantResultSchema,
  extensionGrantSchema,
  extensionLifecycle,
  extensionListSchema,
  extensionSchema,
  extensionTransitionSchema,
  idParam,
} from '@smartcity/domain';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../context.js';
import { transitionRoute } from '../../lifecycle/transition-route.js';
import { RULES } from '../../tenancy/abilities.js';
import { getExtension, grantExtensions, listExtensions, requestExtension, transitionExtension } from './extensions.service.js';
import { remindDeadlines } from './reminders.service.js';

const tags = ['extensions'];
// the pilot that asks, the province that supervises it, the Ministry that decides
const readers = ['ministry', 'province', 'pilot'] as const;
/** a pilot's report of a year: named by the pilot and the year, as it may not be started */
const reportParams = z.object({ id: z.uuid(), year: z.coerce.number().int().min(2000).max(2100) });

export const extensionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/task-books/:id/extension-requests',
    {
      config: { access: { ...RULES.pilotEditor, resource: 'taskBook' } },
      schema: {
        tags,
        summary: '申请延期报送 Request a later deadline',
        params: idParam,
        body: extensionCreateSchema,
        response: { 201: extensionSchema },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await requestExtension(ctxOf(req), { subject: 'taskBook', taskBookId: req.params.id }, req.body)),
  );

  app.post(
    '/api/pilots/:id/report-deadlines/:year/extension-requests',
    {
      config: { access: { ...RULES.pilotEditor, resource: 'pilot' } },
      schema: {
        tags,
        summary: '申请延期报送年度报告 Request a later deadline for a year’s report',
        params: reportParams,
        body: extensionCreateSchema,
        response: { 201: extensionSchema },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await requestExtension(ctxOf(req), { subject: 'annualReport', pilotId: req.params.id, year: req.params.year }, req.body)),
  );

  app.get(
    '/api/pilots/:id/report-deadlines/:year/extension-requests',
    {
      config: { access: { tiers: readers, resource: 'pilot' } },
      schema: {
        tags,
        summary: '年度报告延期申请记录 Extension requests of a year’s report',
        params: reportParams,
        response: { 200: extensionListSchema },
      },
    },
    async (req) => listExtensions(ctxOf(req), { subject: 'annualReport', pilotId: req.params.id, year: req.params.year }),
  );

  app.get(
    '/api/task-books/:id/extension-requests',
    {
      config: { access: { tiers: readers, resource: 'taskBook' } },
      schema: { tags, summary: '延期申请记录 Extension requests of a task book', params: idParam, response: { 200: extensionListSchema } },
    },
    async (req) => listExtensions(ctxOf(req), { subject: 'taskBook', taskBookId: req.params.id }),
  );

  app.get(
    '/api/extension-requests/:id',
    {
      config: { access: { tiers: readers, resource: 'extension' } },
      schema: { tags, summary: '延期申请 Extension request', params: idParam, response: { 200: extensionSchema } },
    },
    async (req) => getExtension(ctxOf(req), req.params.id),
  );

  transitionRoute(app, {
    base: '/api/extension-requests',
    lifecycle: extensionLifecycle,
    resource: 'extension',
    tags,
    summary: '同意或不予延期 Grant or refuse an extension',
    body: extensionTransitionSchema,
    response: extensionSchema,
    fire: transitionExtension,
    present: (ctx, id) => getExtension(ctx, id),
  });

  app.post(
    '/api/extension-grants',
    {
      config: { access: RULES.grantExtension },
      schema: {
        tags,
        summary: '批量延期（全部或全不）Extend several deadlines, all or none',
        body: extensionGrantSchema,
        response: { 200: extensionGrantResultSchema },
      },
    },
    async (req) => grantExtensions(ctxOf(req), req.body),
  );

  app.post(
    '/api/deadline-reminders',
    {
      config: { access: RULES.remindOverdue },
      schema: {
        tags,
        summary: '催办（全部或全不）Remind the pilots of what they owe, all or none',
        body: deadlineReminderSchema,
        response: { 200: deadlineReminderResultSchema },
      },
    },
    async (req) => remindDeadlines(ctxOf(req), req.body),
  );
};
