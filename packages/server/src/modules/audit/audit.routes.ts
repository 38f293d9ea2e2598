import { auditCheckpointSchema, auditEventListQuery, auditEventListSchema, auditVerifySchema } from '@smartcity/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listCheckpoints, verifyAudit } from '../../audit/audit.js';
import type { AccessRule } from '../../types.js';
import { exportRoutes } from '../../shared/export.js';
import { auditLogExport } from './audit.export.js';
import { listAuditEvents } from './audit.service.js';

// the whole log names every organisation's people and records: the Ministry's alone
const LOG_READERS = { tiers: ['ministry'] } satisfies AccessRule;

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/audit/verify',
    {
      config: { access: { tiers: ['ministry'] } },
      schema: { tags: ['audit'], summary: '校验审计链（SM3）Verify the audit chain', response: { 200: auditVerifySchema } },
    },
    async () => verifyAudit(app.db),
  );

  app.get(
    '/api/audit/events',
    {
      config: { access: LOG_READERS },
      schema: {
        tags: ['audit'],
        summary: '审计日志（筛选、分页、排序）Browse the audit log',
        querystring: auditEventListQuery,
        response: { 200: auditEventListSchema },
      },
    },
    async (req) => listAuditEvents(app.db, req.query),
  );
  exportRoutes(app, auditLogExport(LOG_READERS));

  app.get(
    '/api/public/audit-checkpoints',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['audit'],
        summary: '审计链签名检查点（公开，供第三方留存比对）Signed checkpoints of the audit chain',
        response: { 200: z.object({ items: z.array(auditCheckpointSchema) }) },
      },
    },
    async () => ({ items: await listCheckpoints(app.db) }),
  );
};
