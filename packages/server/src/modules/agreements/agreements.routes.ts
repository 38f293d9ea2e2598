import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

export const agreementRoutes: FastifyPluginAsyncZod = async () => {};
