import { auditVerifySchema } from '@smartcity/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { verifyAudit } from '../../audit/audit.js';

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/audit/verify',
    {
      config: { access: { tiers: ['ministry'] } },
      schema: { tags: ['audit'], summary: '校验审计链（SM3）Verify the audit chain', response: { 200: auditVerifySchema } },
    },
    async () => verifyAudit(app.db),
  );
};
