import { idParam, publicVerificationSchema } from '@smartcity/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { publicVerification } from './verification.service.js';

export const verificationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/public/verifications/:id',
    {
      config: { access: { public: true, resource: 'signedText' } },
      schema: {
        tags: ['public'],
        summary: '公开校验已签署文本（摘要、各方签名、结论）Verify a signed document',
        params: idParam,
        response: { 200: publicVerificationSchema },
      },
    },
    async (req) => publicVerification(app.db, req.params.id),
  );
};
