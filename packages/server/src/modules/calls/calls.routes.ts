import { RULES } from '../../tenancy/abilities.js';
import { CALL_STATUSES, callInputSchema, callSchema, idParam, callLifecycle, transitionRequestOf, rankingSchema } from '@smartcity/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../context.js';
import { ifMatchVersion, setEtag } from '../../lib/etag.js';
import { callRanking, createCall, getCall, listCalls, transitionCall, updateCall } from './calls.service.js';
import { transitionRoute } from '../../lifecycle/transition-route.js';

const tags = ['calls'];

export const callRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/calls',
    {
      config: { access: RULES.ministryAdmin },
      schema: { tags, summary: '新建申报批次（年度）Create a call and its batch', body: callInputSchema, response: { 201: callSchema } },
    },
    async (req, reply) => {
      const call = await createCall(ctxOf(req), req.body);
      setEtag(reply, call.version);
      return reply.code(201).send(call);
    },
  );

  app.get(
    '/api/calls',
    {
      config: { access: { tiers: 'all' } },
      schema: {
        tags,
        summary: '申报批次（草稿仅部可见）Calls',
        querystring: z.strictObject({ status: z.enum(CALL_STATUSES).optional() }),
        response: { 200: z.object({ items: z.array(callSchema) }) },
      },
    },
    async (req) => listCalls(ctxOf(req), req.query),
  );

  app.get(
    '/api/calls/:id',
    {
      config: { access: { tiers: 'all', resource: 'call' } },
      schema: { tags, summary: '申报批次 Call', params: idParam, response: { 200: callSchema } },
    },
    async (req, reply) => {
      const call = await getCall(ctxOf(req), req.params.id);
      setEtag(reply, call.version);
      return call;
    },
  );

  app.patch(
    '/api/calls/:id',
    {
      config: { ifMatch: true, access: { ...RULES.ministryAdmin, resource: 'call' } },
      schema: {
        tags,
        summary: '修改草稿批次（需 If-Match）Edit a draft call',
        params: idParam,
        body: callInputSchema,
        response: { 200: callSchema },
      },
    },
    async (req, reply) => {
      const call = await updateCall(ctxOf(req), req.params.id, ifMatchVersion(req), req.body);
      setEtag(reply, call.version);
      return call;
    },
  );

  transitionRoute(app, {
    base: '/api/calls',
    lifecycle: callLifecycle,
    resource: 'call',
    tags,
    summary: '开放申报、截止、公布结果 Open, close, publish',
    body: transitionRequestOf(callLifecycle),
    response: callSchema,
    fire: (ctx, id, body) => transitionCall(ctx, id, body.action),
    present: (ctx, id) => getCall(ctx, id),
  });

  app.get(
    '/api/calls/:id/ranking',
    {
      config: { access: { tiers: ['ministry'], resource: 'call' } },
      schema: { tags, summary: '综合评审排序（加权平均分、极差）Panel ranking', params: idParam, response: { 200: rankingSchema } },
    },
    async (req) => callRanking(ctxOf(req), req.params.id),
  );
};
