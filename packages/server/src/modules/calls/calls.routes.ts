import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

export const callRoutes: FastifyPluginAsyncZod = async () => {};
