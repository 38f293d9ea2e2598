import type { panelAssignSchema } from '@smartcity/domain';
import type { z } from 'zod';
import type { Ctx } from '../../context.js';
import { AppError } from '../../lib/errors.js';
import { seesPanel } from '../../tenancy/abilities.js';
import { expertPanelRepository } from '../expert-panel/expert-panel.repository.js';
import { presentPanel } from '../expert-panel/expert-panel.presenter.js';
import { panelOf, type PanelSubject } from '../expert-panel/expert-panel.service.js';
import type { ApplicationHead } from './applications.repository.js';
import { applicationRecord } from './applications.transitions.js';
import { loadApplication, subjectOf } from './applications.service.js';
import { scoreSheetSchema, weightedTotal } from './scoring.js';

/** 综合评审 of an application: the shared expert panel with the call's multi-criterion rubric; no pilot to read yet. */
const panelSubject = (head: ApplicationHead): PanelSubject => ({ ...subjectOf(head), provinceCode: head.provinceCode, grantsPilot: null });

const panel = panelOf(applicationRecord, panelSubject);

/** The Ministry assigns at least MIN_EXPERTS experts to a recommended application, each with the reason for the choice. */
export async function assignExperts(ctx: Ctx, id: string, input: z.infer<typeof panelAssignSchema>) {
  await panel.assign(ctx, id, input);
  return listReviews(ctx, id);
}

/** The Ministry takes an expert off the panel before it has scored. */
export async function revokeExpert(ctx: Ctx, id: string, expertUserId: string) {
  await panel.revoke(ctx, id, expertUserId);
  return listReviews(ctx, id);
}

/** The panel as the viewer may see it: the Ministry all of it, an assigned expert its own review until the panel closes. */
export async function listReviews(ctx: Ctx, id: string) {
  const head = await loadApplication(ctx, id);
  const members = await expertPanelRepository.members(ctx.db, subjectOf(head));
  if (!seesPanel(ctx.actor, members)) throw new AppError(403, 'not_assigned');
  return { rubric: head.rubric, ...presentPanel(members, ctx.actor, head.status !== 'expertReview') };
}

/** The assigned expert scores once: every criterion of the call's rubric, within its scale; the weighted total is computed here. */
export async function submitMyReview(ctx: Ctx, id: string, body: { scores: Record<string, number>; comment: string }) {
  await panel.score(ctx, id, (head) => {
    const { scores } = scoreSheetSchema(head.rubric).parse({ scores: body.scores });
    return { scores, total: weightedTotal(head.rubric, scores), comment: body.comment, field: 'scores' };
  });
  return listReviews(ctx, id);
}
