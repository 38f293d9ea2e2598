import { RULES } from '../../tenancy/abilities.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../context.js';
import { batchesSchema } from '@smartcity/domain';
import { listBatches, setRequiredIndicators } from './batches.service.js';

export const batchRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/batches',
    { config: { access: { tiers: 'all' } }, schema: { tags: ['batches'], summary: '申报批次 Batches', response: { 200: batchesSchema } } },
    async () => listBatches(app.db),
  );

  app.put(
    '/api/batches/:year/required-indicators',
    {
      config: { access: RULES.ministryAdmin },
      schema: {
        tags: ['batches'],
        summary: '设定本批次规定项指标 Set the required indicators',
        params: z.strictObject({ year: z.coerce.number().int().min(2012).max(2100) }),
        body: z.strictObject({ codes: z.array(z.string().regex(/^\d+\.\d+\.\d+$/)).max(100) }),
        response: { 200: batchesSchema },
      },
    },
    async (req) => setRequiredIndicators(ctxOf(req), req.params.year, req.body.codes),
  );
};
