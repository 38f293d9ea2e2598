import { conflictDeclarationSchema, idParam, scoreDraftSchema, scoreInputSchema } from '@smartcity/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf, type Ctx } from '../../context.js';
import { RULES } from '../../tenancy/abilities.js';
import type { Resource } from '../../types.js';
import type { ScoreSheet } from './expert-panel.service.js';

type ZodApp = Parameters<FastifyPluginAsyncZod>[0];

/**
 * The assigned expert's score sheet, `<base>/:id/reviews/mine…`, written once for every subject experts score:
 * the conflict-of-interest declaration, a draft, the final submission. Each answers with the subject as the expert
 * now sees it (the declaration: whether the expert is still on the panel).
 */
export function scoreSheetRoutes(
  app: ZodApp,
  o: {
    base: string;
    resource: Resource;
    tags: string[];
    response: z.ZodType;
    declare(ctx: Ctx, id: string, body: z.infer<typeof conflictDeclarationSchema>): Promise<{ onPanel: boolean }>;
    saveDraft(ctx: Ctx, id: string, body: ScoreSheet): Promise<unknown>;
    submit(ctx: Ctx, id: string, body: ScoreSheet): Promise<unknown>;
    /** the subject afterwards */
    present(ctx: Ctx, id: string): Promise<unknown>;
  },
) {
  const config = { access: { ...RULES.scoreAsExpert, resource: o.resource } };
  app.post(
    `${o.base}/:id/reviews/mine/declaration`,
    {
      config,
      schema: {
        tags: o.tags,
        summary: '利益冲突声明（声明存在冲突即退出评审）Declare a conflict of interest, or none',
        params: idParam,
        body: conflictDeclarationSchema,
        response: { 200: z.object({ onPanel: z.boolean() }) },
      },
    },
    async (req) => o.declare(ctxOf(req), req.params.id, req.body),
  );

  // a draft and the submission: the same sheet, kept or final
  const sheets = [
    { url: '/draft', body: scoreDraftSchema, run: o.saveDraft, summary: '保存评分草稿 Save my score sheet as a draft' },
    { url: '', body: scoreInputSchema, run: o.submit, summary: '提交本人评分（提交后不可修改，提交前不可见他人评分）Submit my scores' },
  ];
  for (const sheet of sheets)
    app.put(
      `${o.base}/:id/reviews/mine${sheet.url}`,
      { config, schema: { tags: o.tags, summary: sheet.summary, params: idParam, body: sheet.body, response: { 200: o.response } } },
      async (req) => {
        const ctx = ctxOf(req);
        await sheet.run(ctx, req.params.id, req.body);
        return o.present(ctx, req.params.id);
      },
    );
}
