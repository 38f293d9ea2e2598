import { RULES } from '../../tenancy/abilities.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../context.js';
import { ratingRuleSchema, ratingRuleViewSchema } from '@smartcity/domain';
import { createRule, currentRule, listRules, presentRule } from './rating-rules.service.js';

const tags = ['rating-rules'];

/** 验收评级规则: versions published by the Ministry, readable by everyone signed in. */
export const ratingRuleRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/rating-rules',
    {
      config: { access: { tiers: 'all' } },
      schema: {
        tags,
        summary: '验收评级规则各版本 Rating rule versions',
        response: { 200: z.object({ items: z.array(ratingRuleViewSchema) }) },
      },
    },
    async (req) => listRules(ctxOf(req)),
  );

  app.get(
    '/api/rating-rules/current',
    {
      config: { access: { tiers: 'all' } },
      schema: { tags, summary: '现行评级规则 The rule in force', response: { 200: ratingRuleViewSchema } },
    },
    async () => presentRule(await currentRule(app.db, app.clock), true),
  );

  app.post(
    '/api/rating-rules',
    {
      config: { access: RULES.ministryAdmin },
      schema: {
        tags,
        summary: '发布评级规则新版本 Publish a new version',
        body: ratingRuleSchema,
        response: { 201: ratingRuleViewSchema },
      },
    },
    async (req, reply) => reply.code(201).send(await createRule(ctxOf(req), req.body)),
  );
};
