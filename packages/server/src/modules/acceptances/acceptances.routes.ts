import { historyRoute } from '../audit/history.js';
import { loadAcceptance } from './acceptances.service.js';
import { RULES } from '../../tenancy/abilities.js';
import { idParam, panelAssignSchema, acceptanceLifecycle, transitionRequestOf } from '@smartcity/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../context.js';
import { ifMatchVersion, setEtag } from '../../lib/etag.js';
import { ratingPreview } from './acceptances.rating.js';
import {
  acceptanceListQuery,
  acceptanceSchema,
  acceptanceSummarySchema,
  narrativeSchema,
  publicRatingSchema,
  ratingPreviewSchema,
} from '@smartcity/domain';
import {
  assignExperts,
  revokeExpert,
  createAcceptance,
  declareConflict,
  getAcceptance,
  listAcceptances,
  publicRatings,
  saveScoreDraft,
  scoreAcceptance,
  transitionAcceptance,
  updateNarrative,
} from './acceptances.service.js';
import { ratingRuleRoutes } from './rating-rules.routes.js';
import { transitionRoute } from '../../lifecycle/transition-route.js';
import { scoreSheetRoutes } from '../expert-panel/expert-panel.routes.js';
import { acceptanceExport } from './acceptances.export.js';
import { exportRoutes } from '../../shared/export.js';

const tags = ['acceptances'];
const inScope = { tiers: 'all', resource: 'acceptance' } as const;

export const acceptanceRoutes: FastifyPluginAsyncZod = async (app) => {
  historyRoute(app, {
    base: '/api/acceptances',
    access: inScope,
    types: ['acceptance'],
    tags,
    load: (ctx, id) => loadAcceptance(ctx, ctx.db, id),
  });

  await app.register(ratingRuleRoutes);

  app.get(
    '/api/pilots/:id/rating-preview',
    {
      config: { access: { tiers: ['pilot', 'province', 'ministry'], resource: 'pilot' } },
      schema: {
        tags,
        summary: '验收评级预览（按现行规则逐项说明）Rating preview, explained',
        params: idParam,
        response: { 200: ratingPreviewSchema },
      },
    },
    async (req) => ratingPreview(ctxOf(req), req.params.id),
  );

  app.post(
    '/api/pilots/:id/acceptance',
    {
      config: { access: { ...RULES.pilotAdmin, resource: 'pilot' } },
      schema: {
        tags,
        summary: '发起验收（自评价由已接受的年度报告预填）Start the acceptance',
        params: idParam,
        response: { 201: acceptanceSchema },
      },
    },
    async (req, reply) => reply.code(201).send(await createAcceptance(ctxOf(req), req.params.id)),
  );

  app.get(
    '/api/acceptances',
    {
      config: { access: { tiers: 'all' } },
      schema: {
        tags,
        summary: '验收列表（按权限范围）Acceptances in scope',
        querystring: acceptanceListQuery,
        response: { 200: z.object({ items: z.array(acceptanceSummarySchema) }) },
      },
    },
    async (req) => listAcceptances(ctxOf(req), req.query),
  );

  exportRoutes(app, acceptanceExport);

  app.get(
    '/api/acceptances/:id',
    { config: { access: inScope }, schema: { tags, summary: '验收 Acceptance', params: idParam, response: { 200: acceptanceSchema } } },
    async (req, reply) => {
      const acceptance = await getAcceptance(ctxOf(req), req.params.id);
      setEtag(reply, acceptance.version);
      return acceptance;
    },
  );

  app.patch(
    '/api/acceptances/:id',
    {
      config: { ifMatch: true, access: { tiers: ['pilot'], roles: ['editor', 'admin'], resource: 'acceptance' } },
      schema: {
        tags,
        summary: '修改自评价（编制中，需 If-Match）Edit the self-assessment',
        params: idParam,
        body: narrativeSchema,
        response: { 200: acceptanceSchema },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req);
      setEtag(reply, await updateNarrative(ctx, req.params.id, ifMatchVersion(req), req.body.narrative));
      return getAcceptance(ctx, req.params.id);
    },
  );

  transitionRoute(app, {
    base: '/api/acceptances',
    lifecycle: acceptanceLifecycle,
    resource: 'acceptance',
    tags,
    summary: '流转：提交验收、确认评级、公布 Fire an action',
    body: transitionRequestOf(acceptanceLifecycle),
    response: acceptanceSchema,
    fire: transitionAcceptance,
    present: (ctx, id) => getAcceptance(ctx, id),
  });

  app.post(
    '/api/acceptances/:id/assignments',
    {
      config: { access: { ...RULES.assignExperts, resource: 'acceptance' } },
      schema: {
        tags,
        summary: '分配评审专家（自动均衡，回避本省）Assign experts',
        params: idParam,
        body: panelAssignSchema,
        response: { 200: acceptanceSchema },
      },
    },
    async (req) => {
      const ctx = ctxOf(req);
      await assignExperts(ctx, req.params.id, req.body);
      return getAcceptance(ctx, req.params.id);
    },
  );

  app.delete(
    '/api/acceptances/:id/assignments/:expertUserId',
    {
      config: { access: { ...RULES.assignExperts, resource: 'acceptance' } },
      schema: {
        tags,
        summary: '撤回未评分专家的分配（其查阅试点资料的权限随之结束）Revoke an expert who has not scored',
        params: idParam.extend({ expertUserId: z.uuid() }),
        response: { 200: acceptanceSchema },
      },
    },
    async (req) => {
      const ctx = ctxOf(req);
      await revokeExpert(ctx, req.params.id, req.params.expertUserId);
      return getAcceptance(ctx, req.params.id);
    },
  );

  scoreSheetRoutes(app, {
    base: '/api/acceptances',
    resource: 'acceptance',
    tags,
    response: acceptanceSchema,
    declare: declareConflict,
    saveDraft: saveScoreDraft,
    submit: scoreAcceptance,
    present: getAcceptance,
  });

  app.get(
    '/api/public/ratings',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['public'],
        summary: '已公布的验收评级 Published acceptance ratings',
        response: { 200: z.object({ items: z.array(publicRatingSchema) }) },
      },
    },
    async () => publicRatings(app.db),
  );
};
