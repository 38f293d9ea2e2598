import {
  accountPatchSchema,
  accountSchema,
  errorSchema,
  idParam,
  newAccountSchema,
  passwordChangeSchema,
  passwordResetRequestSchema,
  passwordResetSchema,
} from '@smartcity/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../context.js';
import { ifMatchVersion, setEtag } from '../../lib/etag.js';
import { RULES } from '../../tenancy/abilities.js';
import { presentAccount } from './accounts.presenter.js';
import { addAccount, changeOwnPassword, listAccounts, updateAccount } from './accounts.service.js';
import { requestPasswordReset, resetPassword } from './password-resets.service.js';
import { accountExport } from './accounts.export.js';
import { exportRoutes } from '../../shared/export.js';

const tags = ['accounts'];
const ok = z.object({ ok: z.literal(true) });

export const accountRoutes: FastifyPluginAsyncZod = async (app) => {
  // password guessing is slowed like sign-in's: per client address
  const passwordRateLimit = { max: app.config.loginRateLimit, timeWindow: '1 minute' };

  app.get(
    '/api/users',
    {
      config: { access: RULES.manageUsers },
      schema: { tags, summary: '本机构人员 People of the organisation', response: { 200: z.object({ items: z.array(accountSchema) }) } },
    },
    async (req) => ({ items: (await listAccounts(ctxOf(req))).map(presentAccount) }),
  );

  exportRoutes(app, accountExport);

  app.post(
    '/api/users',
    {
      config: { access: RULES.manageUsers },
      schema: {
        tags,
        summary: '添加人员（初始密码）Add a person with an initial password',
        body: newAccountSchema,
        response: { 201: accountSchema },
      },
    },
    async (req, reply) => {
      const account = await addAccount(ctxOf(req), req.body);
      setEtag(reply, account.version);
      return reply.code(201).send(presentAccount(account));
    },
  );

  app.patch(
    '/api/users/:id',
    {
      config: { ifMatch: true, access: { ...RULES.manageUsers, resource: 'user' } },
      schema: {
        tags,
        summary: '修改姓名、职务、邮箱、角色，停用或启用（需 If-Match）Change details or roles, disable or enable',
        params: idParam,
        body: accountPatchSchema,
        response: { 200: accountSchema },
      },
    },
    async (req, reply) => {
      const account = await updateAccount(ctxOf(req), req.params.id, ifMatchVersion(req), req.body);
      setEtag(reply, account.version);
      return presentAccount(account);
    },
  );

  app.post(
    '/api/session/password',
    {
      config: { access: { tiers: 'all' }, rateLimit: passwordRateLimit },
      schema: {
        tags,
        summary: '修改本人密码 Change one’s own password',
        body: passwordChangeSchema,
        response: { 200: ok, 429: errorSchema },
      },
    },
    async (req) => {
      await changeOwnPassword(ctxOf(req), req.body);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/password-resets',
    {
      config: { access: { public: true }, rateLimit: passwordRateLimit },
      schema: {
        tags,
        summary: '忘记密码：发送重置链接 Send a password reset link',
        body: passwordResetRequestSchema,
        // the same answer whether or not the account exists
        response: { 202: ok, 429: errorSchema },
      },
    },
    async (req, reply) => {
      await requestPasswordReset(app, req.body.username);
      return reply.code(202).send({ ok: true as const });
    },
  );

  app.post(
    '/api/password-resets/redemption',
    {
      config: { access: { public: true }, rateLimit: passwordRateLimit },
      schema: {
        tags,
        summary: '用重置链接设置新密码 Set a new password with a reset link',
        body: passwordResetSchema,
        response: { 200: ok, 429: errorSchema },
      },
    },
    async (req) => {
      await resetPassword(app, req.body);
      return { ok: true as const };
    },
  );
};
