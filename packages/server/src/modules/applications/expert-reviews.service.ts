import { MIN_EXPERTS, type panelAssignSchema } from '@smartcity/domain';
import type { z } from 'zod';
import { audited, type Ctx } from '../../context.js';
import type { Tx } from '../../db/client.js';
import { AppError, forbidden } from '../../lib/errors.js';
import { notify } from '../../shared/notify.js';
import { expertPanelRepository } from '../expert-panel/expert-panel.repository.js';
import { presentPanel } from '../expert-panel/expert-panel.presenter.js';
import { expertPanel, type PanelSubject } from '../expert-panel/expert-panel.service.js';
import { applicationRepository, type ApplicationHead } from './applications.repository.js';
import { loadApplication, subjectOf } from './applications.service.js';
import { scoreSheetSchema, weightedTotal } from './scoring.js';

/** 综合评审 of an application: the shared expert panel with the call's multi-criterion rubric; no pilot to read yet. */
const panelSubject = (head: ApplicationHead): PanelSubject => ({ ...subjectOf(head), provinceCode: head.provinceCode, grantsPilot: null });

/** Locks the application and checks it is in 综合评审, inside the transaction that writes the panel. */
async function lockedInExpertReview(ctx: Ctx, tx: Tx, id: string) {
  await applicationRepository.lock(tx, id);
  const head = await loadApplication(ctx, id, tx);
  if (head.status !== 'expertReview') throw new AppError(409, 'wrong_state', 'id', { state: head.status });
  return head;
}

/** The Ministry assigns at least MIN_EXPERTS experts to a recommended application, each with the reason for the choice. */
export async function assignExperts(ctx: Ctx, id: string, input: z.infer<typeof panelAssignSchema>) {
  await audited(ctx.db, ctx.actor, ctx.clock, async (tx) => {
    const head = await lockedInExpertReview(ctx, tx, id);
    const chosen = await expertPanel.assign(tx, panelSubject(head), input);
    const committee = chosen.length ? await expertPanelRepository.committeeOrgId(tx) : null;
    if (committee)
      await notify(tx, committee, {
        kind: 'application.assigned',
        subject: subjectOf(head),
        title: `综合评审待评分：${head.name}（${head.callYear}年度申报）`,
      });
    return {
      result: null,
      audit: {
        action: 'application.assignExperts',
        targetType: 'application',
        targetId: id,
        after: chosen.map((c) => ({ expertUserId: c.id, explanation: c.explanation })),
      },
    };
  });
  return listReviews(ctx, id);
}

/** The Ministry takes an expert off the panel before it has scored. */
export async function revokeExpert(ctx: Ctx, id: string, expertUserId: string) {
  await audited(ctx.db, ctx.actor, ctx.clock, async (tx) => {
    const head = await lockedInExpertReview(ctx, tx, id);
    await expertPanel.revoke(tx, panelSubject(head), expertUserId);
    return {
      result: null,
      audit: { action: 'application.revokeExpert', targetType: 'application', targetId: id, after: { expertUserId } },
    };
  });
  return listReviews(ctx, id);
}

/** The panel as the viewer may see it: the Ministry all of it, an assigned expert its own review until the panel closes. */
export async function listReviews(ctx: Ctx, id: string) {
  const head = await loadApplication(ctx, id);
  if (ctx.actor.tier !== 'ministry' && ctx.actor.tier !== 'expert') throw forbidden();
  const members = await expertPanelRepository.members(ctx.db, subjectOf(head));
  if (ctx.actor.tier === 'expert' && !members.some((m) => m.expertUserId === ctx.actor.userId)) throw new AppError(403, 'not_assigned');
  return { rubric: head.rubric, ...presentPanel(members, ctx.actor, head.status !== 'expertReview') };
}

/** The assigned expert scores once: every criterion of the call's rubric, within its scale; the weighted total is computed here. */
export async function submitMyReview(ctx: Ctx, id: string, body: { scores: Record<string, number>; comment: string }) {
  await audited(ctx.db, ctx.actor, ctx.clock, async (tx) => {
    const head = await lockedInExpertReview(ctx, tx, id);
    const { scores } = scoreSheetSchema(head.rubric).parse({ scores: body.scores });
    const total = weightedTotal(head.rubric, scores);
    const submitted = await expertPanel.score(
      tx,
      panelSubject(head),
      ctx.actor.userId,
      { scores, total, comment: body.comment, at: ctx.clock.now() },
      'scores',
    );
    // enough experts have scored: the Ministry may now decide
    if (submitted === MIN_EXPERTS) {
      const ministry = await applicationRepository.organisationOfType(tx, 'ministry');
      if (ministry)
        await notify(tx, ministry, {
          kind: 'application.scored',
          subject: subjectOf(head),
          title: `专家评分已满 ${MIN_EXPERTS} 份，待决定：${head.name}`,
        });
    }
    return { result: null, audit: { action: 'application.score', targetType: 'application', targetId: id, after: { scores, total } } };
  });
  return listReviews(ctx, id);
}
