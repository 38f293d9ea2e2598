import { RULES } from '../../tenancy/abilities.js';
import { idParam, panelAssignSchema, panelSchema, reviewTaskSchema, rubricSchema } from '@smartcity/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../context.js';
import { scoreSheetRoutes } from '../expert-panel/expert-panel.routes.js';
import {
  assignExperts,
  declareConflict,
  listReviews,
  myReviewTasks,
  revokeExpert,
  saveMyDraft,
  submitMyReview,
} from './expert-reviews.service.js';

const tags = ['applications'];

const reviewsSchema = panelSchema.extend({ rubric: rubricSchema });

export const expertReviewRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/applications/:id/assignments',
    {
      config: { access: { ...RULES.assignExperts, resource: 'application' } },
      schema: {
        tags,
        summary: '分配评审专家（指定或按负载自动分配，回避本省）Assign experts',
        params: idParam,
        body: panelAssignSchema,
        response: { 200: reviewsSchema },
      },
    },
    async (req) => assignExperts(ctxOf(req), req.params.id, req.body),
  );

  app.delete(
    '/api/applications/:id/assignments/:expertUserId',
    {
      config: { access: { ...RULES.assignExperts, resource: 'application' } },
      schema: {
        tags,
        summary: '撤回未评分专家的分配 Revoke an expert who has not scored',
        params: idParam.extend({ expertUserId: z.uuid() }),
        response: { 200: reviewsSchema },
      },
    },
    async (req) => revokeExpert(ctxOf(req), req.params.id, req.params.expertUserId),
  );

  app.get(
    '/api/applications/:id/reviews',
    {
      config: { access: { tiers: ['ministry', 'expert'], resource: 'application' } },
      schema: { tags, summary: '专家评分（评审结束前专家只见本人）Expert reviews', params: idParam, response: { 200: reviewsSchema } },
    },
    async (req) => listReviews(ctxOf(req), req.params.id),
  );

  app.get(
    '/api/expert-reviews/mine',
    {
      config: { access: RULES.scoreAsExpert },
      schema: {
        tags,
        summary: '我的评审任务（各批次）My review tasks',
        response: { 200: z.object({ items: z.array(reviewTaskSchema) }) },
      },
    },
    async (req) => myReviewTasks(ctxOf(req)),
  );

  scoreSheetRoutes(app, {
    base: '/api/applications',
    resource: 'application',
    tags,
    response: reviewsSchema,
    declare: declareConflict,
    saveDraft: saveMyDraft,
    submit: submitMyReview,
    present: listReviews,
  });
};
