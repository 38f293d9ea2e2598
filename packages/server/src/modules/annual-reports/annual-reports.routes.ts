import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

export const annualReportRoutes: FastifyPluginAsyncZod = async () => {};
