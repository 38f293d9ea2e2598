import { todoListQuery, todoListSchema } from '@smartcity/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../context.js';
import { listTodos } from './todos.service.js';

export const todoRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/todos',
    {
      config: { access: { tiers: 'all' } },
      schema: {
        tags: ['todos'],
        summary: '待办：本机构应办理的事项（逾期在前）To-do list',
        querystring: todoListQuery,
        response: { 200: todoListSchema },
      },
    },
    async (req) => listTodos(ctxOf(req), req.query),
  );
};
