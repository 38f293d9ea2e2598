import { errorSchema, sessionSchema, signInSchema } from '@smartcity/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { cookieSecurity, CSRF_COOKIE, SESSION_COOKIE } from '../../plugins/access.js';
import { presentSession } from './session.presenter.js';
import { signIn, signOut } from './session.service.js';

export const sessionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/session',
    {
      config: {
        access: { public: true },
        rateLimit: { max: app.config.loginRateLimit, timeWindow: '1 minute' },
      },
      schema: {
        tags: ['session'],
        summary: '登录 Sign in',
        body: signInSchema,
        response: { 200: sessionSchema, 401: errorSchema, 429: errorSchema },
      },
    },
    async (req, reply) => {
      const { token, actor } = await signIn(app, req.body.username, req.body.password, {
        ip: req.ip,
        userAgent: req.headers['user-agent'],
      });
      reply.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: cookieSecurity(app.config),
        maxAge: app.config.sessionHours * 3600,
      });
      req.actor = actor;
      return presentSession(app, actor, reply.generateCsrf({ userInfo: actor.sessionId! }));
    },
  );

  app.get(
    '/api/session',
    {
      config: { access: { tiers: 'all' } },
      schema: { tags: ['session'], summary: '当前会话 Current session', response: { 200: sessionSchema } },
    },
    async (req, reply) => presentSession(app, req.actor!, reply.generateCsrf({ userInfo: req.actor!.sessionId! })),
  );

  app.delete(
    '/api/session',
    {
      config: { access: { tiers: 'all' } },
      schema: { tags: ['session'], summary: '退出 Sign out', response: { 200: z.object({ ok: z.literal(true) }) } },
    },
    async (req, reply) => {
      await signOut(app, req.actor!);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      // the CSRF secret was this session's: it goes with it
      reply.clearCookie(CSRF_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );
};
