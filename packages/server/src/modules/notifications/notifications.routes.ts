import { idParam, notificationListQuery, notificationListSchema } from '@smartcity/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../context.js';
import { listNotifications, markAllRead, markRead } from './notifications.service.js';

export const notificationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/notifications',
    {
      config: { access: { tiers: 'all' } },
      schema: {
        tags: ['notifications'],
        summary: '站内通知（本机构）Notifications',
        querystring: notificationListQuery,
        response: { 200: notificationListSchema },
      },
    },
    async (req) => listNotifications(ctxOf(req), req.query),
  );

  app.post(
    '/api/notifications/read-all',
    {
      config: { access: { tiers: 'all' } },
      schema: {
        tags: ['notifications'],
        summary: '全部标为已读 Mark all read',
        response: { 200: z.object({ marked: z.number().int() }) },
      },
    },
    async (req) => markAllRead(ctxOf(req)),
  );

  app.post(
    '/api/notifications/:id/read',
    {
      config: { access: { tiers: 'all', resource: 'notification' } },
      schema: {
        tags: ['notifications'],
        summary: '标为已读 Mark read',
        params: idParam,
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (req) => {
      await markRead(ctxOf(req), req.params.id);
      return { ok: true as const };
    },
  );
};
