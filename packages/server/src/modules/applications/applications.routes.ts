import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

export const applicationRoutes: FastifyPluginAsyncZod = async () => {};
