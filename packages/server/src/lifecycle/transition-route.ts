import { firers, idParam, type Lifecycle } from '@smartcity/domain';
import type { FastifyReply, RouteOptions } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { ctxOf, type Ctx } from '../context.js';
import type { Resource } from '../types.js';

type ZodApp = Parameters<FastifyPluginAsyncZod>[0];

/**
 * `POST <base>/:id/transitions` for a lifecycle, written once: who may call it is derived from the table (every
 * tier that fires one of its buttons; the engine then checks role, state, guard and reason for the action), the
 * body is the table's request (`transitionRequestOf`), and the answer is the record as the caller now sees it.
 */
export function transitionRoute<B extends z.ZodType, R extends z.ZodType>(
  app: ZodApp,
  o: {
    base: string;
    lifecycle: Lifecycle<string, string, never>;
    resource: Resource;
    tags: string[];
    summary: string;
    body: B;
    response: R;
    /** fires the action (one transaction: lock, scoped load, guard, fire, audit, effects, notify) */
    fire(ctx: Ctx, id: string, body: z.infer<B>): Promise<unknown>;
    /** the record afterwards; may set headers (ETag) */
    present(ctx: Ctx, id: string, reply: FastifyReply): Promise<z.infer<R>>;
  },
) {
  // registered as plain route options: the zod compilers set on the app validate params, body and response all the same
  const route: RouteOptions = {
    method: 'POST',
    url: `${o.base}/:id/transitions`,
    // the parties come from the table; roles are left to the engine, which names the refusal (wrongRole)
    config: { access: { tiers: firers(o.lifecycle).tiers, resource: o.resource } },
    schema: { tags: o.tags, summary: o.summary, params: idParam, body: o.body, response: { 200: o.response } },
    handler: async (req, reply) => {
      const ctx = ctxOf(req);
      const { id } = req.params as { id: string };
      await o.fire(ctx, id, req.body as z.infer<B>);
      return o.present(ctx, id, reply);
    },
  };
  app.route(route);
}
