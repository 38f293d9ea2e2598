import { MIN_EXPERTS, type assignInputSchema } from '@smartcity/domain';
import type { z } from 'zod';
import { audited, type Ctx } from '../../context.js';
import type { Tx } from '../../db/client.js';
import { AppError, forbidden } from '../../lib/errors.js';
import { notify } from '../../shared/notify.js';
import { applicationRepository, type ApplicationHead } from './applications.repository.js';
import { loadApplication, subjectOf } from './applications.service.js';
import { expertReviewRepository, type ExpertReviewRow, type ExpertRow } from './expert-reviews.repository.js';
import { scoreSheetSchema, weightedTotal } from './scoring.js';

type AssignInput = z.infer<typeof assignInputSchema>;

const homeOf = (e: ExpertRow) => (e.homeProvinceName ? `籍贯${e.homeProvinceName}，非申报省份` : '籍贯未登记');

function assertInExpertReview(head: ApplicationHead) {
  if (head.status !== 'expertReview') throw new AppError(409, 'wrong_state', 'id', { state: head.status });
}

/** Experts the Ministry names: each must be a reviewer of the committee and never from the applicant's province (回避). */
async function named(tx: Tx, head: ApplicationHead, ids: string[], assigned: string[]) {
  const found = await expertReviewRepository.experts(tx, ids);
  const chosen: { expert: ExpertRow; explanation: string }[] = [];
  ids.forEach((id, i) => {
    const expert = found.find((e) => e.id === id);
    if (!expert || !expert.roles.includes('reviewer')) throw new AppError(422, 'not_an_expert', `expertUserIds.${i}`);
    if (expert.homeProvinceCode === head.provinceCode) throw new AppError(422, 'conflict_of_interest', `expertUserIds.${i}`);
    if (assigned.includes(id) || chosen.some((c) => c.expert.id === id)) return;
    chosen.push({ expert, explanation: `部指定；${homeOf(expert)}；分配时待评 ${expert.openLoad} 件` });
  });
  return chosen;
}

/** Automatic choice: committee reviewers from other provinces, fewest open assignments first, then by username. */
async function automatic(tx: Tx, head: ApplicationHead, count: number, assigned: string[]) {
  const needed = count - assigned.length;
  if (needed <= 0) return [];
  const candidates = await expertReviewRepository.candidates(tx, head.provinceCode, assigned);
  if (candidates.length < needed) throw new AppError(422, 'not_enough_experts', 'count');
  const least = candidates[0]!.openLoad;
  return candidates.slice(0, needed).map((expert) => ({
    expert,
    explanation: `${homeOf(expert)}；分配时待评 ${expert.openLoad} 件${expert.openLoad === least ? '（最少）' : ''}`,
  }));
}

/** 综合评审: the Ministry assigns at least MIN_EXPERTS experts to a recommended application, each with the reason for the choice. */
export async function assignExperts(ctx: Ctx, id: string, input: AssignInput) {
  await audited(ctx.db, ctx.actor, ctx.clock, async (tx) => {
    await applicationRepository.lock(tx, id);
    const head = await loadApplication(ctx, id, tx);
    assertInExpertReview(head);
    const assigned = (await expertReviewRepository.forApplication(tx, id)).map((r) => r.expertUserId);
    const chosen = input.expertUserIds
      ? await named(tx, head, input.expertUserIds, assigned)
      : await automatic(tx, head, input.count, assigned);
    if (assigned.length + chosen.length < MIN_EXPERTS)
      throw new AppError(422, 'not_enough_experts', input.expertUserIds ? 'expertUserIds' : 'count');
    await expertReviewRepository.assign(
      tx,
      chosen.map((c) => ({ applicationId: id, ownerOrgId: head.organisationId, expertUserId: c.expert.id, explanation: c.explanation })),
    );
    const committee = chosen.length ? await applicationRepository.organisationOfType(tx, 'expertCommittee') : null;
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
        after: chosen.map((c) => ({ expertUserId: c.expert.id, explanation: c.explanation })),
      },
    };
  });
  return listReviews(ctx, id);
}

function presentReview(r: ExpertReviewRow, mine: boolean, blind: boolean) {
  return {
    id: r.id,
    mine,
    // experts score blind: other experts' names and why they were chosen stay with the Ministry
    expert: blind && !mine ? null : { id: r.expertUserId, name: r.expertName },
    explanation: blind && !mine ? null : r.explanation,
    scores: r.scores,
    comment: r.comment,
    total: r.total,
    submittedAt: r.submittedAt?.toISOString() ?? null,
  };
}

/**
 * The Ministry sees every assignment; an expert sees only their own until they have submitted it, then every
 * submitted one — so nobody scores knowing the others' scores.
 */
export async function listReviews(ctx: Ctx, id: string) {
  const head = await loadApplication(ctx, id);
  const rows = await expertReviewRepository.forApplication(ctx.db, id);
  const summary = { rubric: head.rubric, assigned: rows.length, submitted: rows.filter((r) => r.submittedAt).length };
  if (ctx.actor.tier === 'ministry') return { ...summary, items: rows.map((r) => presentReview(r, false, false)) };
  if (ctx.actor.tier !== 'expert') throw forbidden();
  const mine = rows.find((r) => r.expertUserId === ctx.actor.userId);
  if (!mine) throw new AppError(403, 'not_assigned');
  const shown = mine.submittedAt ? rows.filter((r) => r.submittedAt) : [mine];
  return { ...summary, items: shown.map((r) => presentReview(r, r === mine, true)) };
}

/** The assigned expert scores once: every criterion of the call's rubric, within its scale; the weighted total is computed here. */
export async function submitMyReview(ctx: Ctx, id: string, body: { scores: Record<string, number>; comment: string }) {
  await audited(ctx.db, ctx.actor, ctx.clock, async (tx) => {
    const head = await loadApplication(ctx, id, tx);
    const mine = (await expertReviewRepository.forApplication(tx, id)).find((r) => r.expertUserId === ctx.actor.userId);
    if (!mine) throw new AppError(403, 'not_assigned');
    assertInExpertReview(head);
    if (mine.submittedAt) throw new AppError(409, 'review_submitted', 'scores');
    const { scores } = scoreSheetSchema(head.rubric).parse({ scores: body.scores });
    const total = weightedTotal(head.rubric, scores);
    if (!(await expertReviewRepository.submit(tx, id, ctx.actor.userId, { scores, comment: body.comment, total, at: ctx.clock.now() }))) {
      throw new AppError(409, 'review_submitted', 'scores');
    }
    // enough experts have scored: the Ministry may now decide
    if ((await expertReviewRepository.submittedCount(tx, id)) === MIN_EXPERTS) {
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
