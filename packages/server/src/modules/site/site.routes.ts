import { siteSchema } from '@smartcity/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { siteRepository } from './site.repository.js';

export const siteRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/public/site',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['public'],
        summary: '站点信息（是否为演示数据、主办单位）Site: demo data, sponsor and contact',
        response: { 200: siteSchema },
      },
    },
    async () => ({ demo: await siteRepository.demo(app.db), sponsor: app.config.siteSponsor, contact: app.config.siteContact }),
  );
};
