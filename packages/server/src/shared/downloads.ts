import { create as contentDisposition } from 'content-disposition';
import { idParam } from '@smartcity/domain';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf, type Ctx } from '../context.js';
import type { Resource } from '../types.js';

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
 * document model (A4, GB/T 9704 margins).
 */
export function documentRoutes<D>(
  app: ZodApp,
  o: {
    base: string;
    resource: Resource;
    tags: string[];
    label: string;
    load(ctx: Ctx, id: string): Promise<D>;
    filename(doc: D): string;
    docx(doc: D): Promise<Buffer>;
    pdf(doc: D): Promise<Buffer>;
  },
) {
  for (const [ext, mediaType, render] of [
    ['docx', DOCX, o.docx],
    ['pdf', 'application/pdf', o.pdf],
  ] as const) {
    app.get(
      `${o.base}/document.${ext}`,
      {
        config: { access: { tiers: 'all', resource: o.resource } },
        schema: { tags: o.tags, summary: `${o.label} ${ext.toUpperCase()} Official document`, params: idParam },
      },
      async (req, reply) => {
        const doc = await o.load(ctxOf(req), (req.params as { id: string }).id);
        return sendDownload(reply, { mediaType, filename: `${o.filename(doc)}.${ext}`, body: await render(doc) });
      },
    );
  }
}
