import { assignInputSchema, idParam, rubricSchema, scoreInputSchema } from '@smartcity/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../context.js';
import { assignExperts, listReviews, submitMyReview } from './expert-reviews.service.js';

const tags = ['applications'];

const reviewsSchema = z.object({
  rubric: rubricSchema,
  assigned: z.number(),
  submitted: z.number(),
  items: z.array(
    z.object({
      id: z.uuid(),
      mine: z.boolean(),
      expert: z.object({ id: z.uuid(), name: z.string() }).nullable(),
      explanation: z.string().nullable(),
      scores: z.record(z.string(), z.number()).nullable(),
      comment: z.string().nullable(),
      total: z.number().nullable(),
      submittedAt: z.string().nullable(),
    }),
  ),
});

export const expertReviewRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/applications/:id/assignments',
    {
      config: { access: { tiers: ['ministry'], roles: ['admin'], resource: 'application' } },
      schema: {
        tags,
        summary: '分配评审专家（指定或按负载自动分配，回避本省）Assign experts',
        params: idParam,
        body: assignInputSchema,
        response: { 200: reviewsSchema },
      },
    },
    async (req) => assignExperts(ctxOf(req), req.params.id, req.body),
  );

  app.get(
    '/api/applications/:id/reviews',
    {
      config: { access: { tiers: ['ministry', 'expert'], resource: 'application' } },
      schema: { tags, summary: '专家评分（专家提交前只见本人）Expert reviews', params: idParam, response: { 200: reviewsSchema } },
    },
    async (req) => listReviews(ctxOf(req), req.params.id),
  );

  app.put(
    '/api/applications/:id/reviews/mine',
    {
      config: { access: { tiers: ['expert'], roles: ['reviewer'], resource: 'application' } },
      schema: {
        tags,
        summary: '提交本人评分（提交后不可修改）Submit my scores',
        params: idParam,
        body: scoreInputSchema,
        response: { 200: reviewsSchema },
      },
    },
    async (req) => submitMyReview(ctxOf(req), req.params.id, req.body),
  );
};
