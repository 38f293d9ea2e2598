import { searchQuery, searchResultSchema } from '@smartcity/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../context.js';
import { search } from './search.service.js';

export const searchRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/search',
    {
      config: { access: { tiers: 'all' } },
      schema: {
        tags: ['search'],
        summary: '全文检索（按权限范围）Search within scope',
        querystring: searchQuery,
        response: { 200: searchResultSchema },
      },
    },
    async (req) => {
      const ctx = ctxOf(req);
      return search(ctx.db, { scope: ctx.scope, actor: ctx.actor }, req.query);
    },
  );

  app.get(
    '/api/public/search',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['public'],
        summary: '公开检索：试点名单与公开的通知公告 Public search: the published pilots and public notices',
        querystring: searchQuery,
        response: { 200: searchResultSchema },
      },
    },
    async (req) => search(app.db, 'public', req.query),
  );
};
