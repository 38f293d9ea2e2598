import { applicantRegistrationSchema, errorSchema } from '@smartcity/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { registerApplicant } from './applicants.service.js';

const registrationResult = z.object({
  organisation: z.object({ id: z.uuid(), code: z.string(), name: z.string(), provinceCode: z.string(), provinceName: z.string() }),
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
};
