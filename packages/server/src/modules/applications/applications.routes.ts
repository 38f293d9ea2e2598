import { historyRoute } from '../audit/history.js';
import { loadApplication } from './applications.service.js';
import { RULES } from '../../tenancy/abilities.js';
import {
  applicationListQuery,
  applicationInputSchema,
  idParam,
  applicationLifecycle,
  transitionRequestOf,
  applicationSummarySchema,
  applicationDetailSchema,
} from '@smartcity/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../context.js';
import { ifMatchVersion, setEtag } from '../../lib/etag.js';
import { applicantRoutes } from './applicants.routes.js';
import { createApplication, getApplication, listApplications, updateApplication } from './applications.service.js';
import { transitionApplication } from './applications.transitions.js';
import { applicationAttachmentRoutes } from './attachments.routes.js';
import { expertReviewRoutes } from './expert-reviews.routes.js';
import { transitionRoute } from '../../lifecycle/transition-route.js';
import { applicationExport } from './applications.export.js';
import { exportRoutes } from '../../shared/export.js';

const tags = ['applications'];

export const applicationRoutes: FastifyPluginAsyncZod = async (app) => {
  historyRoute(app, {
    base: '/api/applications',
    access: { tiers: 'all', resource: 'application' },
    types: ['application'],
    tags,
    load: (ctx, id) => loadApplication(ctx, id),
  });

  await app.register(applicantRoutes);
  await app.register(applicationAttachmentRoutes);
  await app.register(expertReviewRoutes);

  app.post(
    '/api/calls/:id/applications',
    {
      config: { access: { ...RULES.applicantEditor, resource: 'call' } },
      schema: {
        tags,
        summary: '在开放的批次中新建申报 Start an application',
        params: idParam,
        body: applicationInputSchema,
        response: { 201: applicationDetailSchema },
      },
    },
    async (req, reply) => {
      const view = await createApplication(ctxOf(req), req.params.id, req.body);
      setEtag(reply, view.version);
      return reply.code(201).send(view);
    },
  );

  app.get(
    '/api/applications',
    {
      config: { access: { tiers: 'all' } },
      schema: {
        tags,
        summary: '申报列表（按权限范围）Applications in scope',
        querystring: applicationListQuery,
        response: { 200: z.object({ items: z.array(applicationSummarySchema) }) },
      },
    },
    async (req) => listApplications(ctxOf(req), req.query),
  );

  exportRoutes(app, applicationExport);

  app.get(
    '/api/applications/:id',
    {
      config: { access: { tiers: 'all', resource: 'application' } },
      schema: { tags, summary: '申报 Application', params: idParam, response: { 200: applicationDetailSchema } },
    },
    async (req, reply) => {
      const view = await getApplication(ctxOf(req), req.params.id);
      setEtag(reply, view.version);
      return view;
    },
  );

  app.patch(
    '/api/applications/:id',
    {
      config: { ifMatch: true, access: { ...RULES.applicantEditor, resource: 'application' } },
      schema: {
        tags,
        summary: '修改申报（编制中，需 If-Match）Edit a draft application',
        params: idParam,
        body: applicationInputSchema,
        response: { 200: applicationDetailSchema },
      },
    },
    async (req, reply) => {
      const view = await updateApplication(ctxOf(req), req.params.id, ifMatchVersion(req), req.body);
      setEtag(reply, view.version);
      return view;
    },
  );

  transitionRoute(app, {
    base: '/api/applications',
    lifecycle: applicationLifecycle,
    resource: 'application',
    tags,
    summary: '流转：报送、初审推荐（附初审意见）、退回、不予推荐、确定为试点、不予列入 Fire an action',
    body: transitionRequestOf(applicationLifecycle),
    response: applicationDetailSchema,
    fire: transitionApplication,
    present: (ctx, id) => getApplication(ctx, id),
  });
};
