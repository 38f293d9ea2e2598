import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

export const inspectionRoutes: FastifyPluginAsyncZod = async () => {};
