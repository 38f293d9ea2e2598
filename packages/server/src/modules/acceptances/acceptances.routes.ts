import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

export const acceptanceRoutes: FastifyPluginAsyncZod = async () => {};
