import { create as contentDisposition } from 'content-disposition';
import { idParam } from '@smartcity/domain';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf, type Ctx } from '../context.js';
import type { Resource } from '../types.js';
import type { DocumentOf, RendererName } from '../documents/renderers.js';

type ZodApp = Parameters<FastifyPluginAsyncZod>[0];

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** A file download with its (Chinese) name kept intact across browsers: RFC 6266 with an ASCII fallback. */
export function sendDownload(reply: FastifyReply, file: { mediaType: string; filename: string; body: Buffer; sm3?: string }) {
  reply.type(file.mediaType).header('content-disposition', contentDisposition(file.filename));
  if (file.sm3) reply.header('x-content-sm3', file.sm3);
  return reply.send(file.body);
}

/**
 * 官方文本: `<base>/document.docx` and `.pdf` for a record readable by everyone in its scope, rendered from one
 * document model (A4, GB/T 9704 margins) in the worker pool, and limited per user (SMARTCITY_DOCUMENT_RATE_LIMIT a
 * minute): rendering is the costliest read there is.
 */
export function documentRoutes<D extends DocumentOf<RendererName>>(
  app: ZodApp,
  o: {
    base: string;
    resource: Resource;
    tags: string[];
    label: string;
    load(ctx: Ctx, id: string): Promise<D>;
    filename(doc: D): string;
    renderers: { docx: RendererFor<D>; pdf: RendererFor<D> };
  },
) {
  for (const [ext, mediaType] of [
    ['docx', DOCX],
    ['pdf', 'application/pdf'],
  ] as const) {
    app.get(
      `${o.base}/document.${ext}`,
      {
        config: {
          access: { tiers: 'all', resource: o.resource },
          download: mediaType,
          // after the access check, so the limit is per signed-in user
          rateLimit: {
            max: app.config.documentRateLimit,
            timeWindow: '1 minute',
            hook: 'preHandler',
            keyGenerator: (req) => req.actor?.userId ?? req.ip,
          },
        },
        schema: { tags: o.tags, summary: `${o.label} ${ext.toUpperCase()} Official document`, params: idParam },
      },
      async (req, reply) => {
        const doc = await o.load(ctxOf(req), (req.params as { id: string }).id);
        const body = await app.documents.render(o.renderers[ext], doc as never);
        return sendDownload(reply, { mediaType, filename: `${o.filename(doc)}.${ext}`, body });
      },
    );
  }
}

/** The renderers whose document model is D. */
type RendererFor<D> = { [N in RendererName]: DocumentOf<N> extends D ? N : never }[RendererName];
