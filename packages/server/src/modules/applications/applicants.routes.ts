import {
  applicantDecisionSchema,
  applicantListQuery,
  applicantRegistrationSchema,
  applicantSchema,
  errorSchema,
  idParam,
} from '@smartcity/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../context.js';
import { RULES } from '../../tenancy/abilities.js';
import { decideApplicant, listApplicants, registerApplicant } from './applicants.service.js';

const registrationResult = z.object({
  organisation: z.object({
    id: z.uuid(),
    status: z.literal('pending'),
    code: z.string(),
    name: z.string(),
    provinceCode: z.string(),
    provinceName: z.string(),
  }),
  user: z.object({ id: z.uuid(), username: z.string(), displayName: z.string(), roles: z.array(z.string()) }),
});

export const applicantRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/applicants',
    {
      // public, so limited like signing in: registrations cannot be scripted in bulk
      config: { access: { public: true }, rateLimit: { max: app.config.loginRateLimit, timeWindow: '1 minute' } },
      schema: {
        tags: ['applications'],
        summary: '申报城市注册（机构及其首个管理员）Register an applicant government',
        body: applicantRegistrationSchema,
        response: { 201: registrationResult, 409: errorSchema },
      },
    },
    async (req, reply) => reply.code(201).send(await registerApplicant(app, req.body)),
  );

  app.get(
    '/api/applicants',
    {
      config: { access: RULES.applicantReviewers },
      schema: {
        tags: ['applications'],
        summary: '注册的申报城市（本省；部级为全部）Registered applicants',
        querystring: applicantListQuery,
        response: { 200: z.object({ items: z.array(applicantSchema) }) },
      },
    },
    async (req) => listApplicants(ctxOf(req), req.query.status),
  );

  app.post(
    '/api/applicants/:id/approval',
    {
      config: { access: { ...RULES.approveApplicants, resource: 'applicant' } },
      schema: {
        tags: ['applications'],
        summary: '审核申报城市注册（通过或不予通过）Approve or refuse a registration',
        params: idParam,
        body: applicantDecisionSchema,
        response: { 200: applicantSchema },
      },
    },
    async (req) => decideApplicant(ctxOf(req), req.params.id, req.body),
  );
};
