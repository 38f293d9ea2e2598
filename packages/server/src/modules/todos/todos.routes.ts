import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../context.js';
import { listTodos } from './todos.service.js';

const todoSchema = z.object({
  kind: z.string(),
  subjectType: z.string(),
  subjectId: z.string().nullable(),
  pilotId: z.string().nullable(),
  pilotName: z.string(),
  taskBookId: z.string().nullable(),
  dueDate: z.string().nullable(),
  overdue: z.boolean(),
});

export const todoRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/todos',
    {
      config: { access: { tiers: 'all' } },
      schema: {
        tags: ['todos'],
        summary: '待办：本机构应办理的事项（逾期在前）To-do list',
        response: { 200: z.object({ items: z.array(todoSchema) }) },
      },
    },
    async (req) => listTodos(ctxOf(req)),
  );
};
