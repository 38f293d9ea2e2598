import type { panelAssignSchema, ReviewTask } from '@smartcity/domain';
import type { z } from 'zod';
import type { Ctx } from '../../context.js';
import { AppError } from '../../lib/errors.js';
import { seesPanel } from '../../tenancy/abilities.js';
import { expertPanelRepository } from '../expert-panel/expert-panel.repository.js';
import { presentPanel } from '../expert-panel/expert-panel.presenter.js';
import { expertPanel, panelOf, type PanelSubject } from '../expert-panel/expert-panel.service.js';
import type { ApplicationHead } from './applications.repository.js';
import { applicationRecord } from './applications.transitions.js';
import { loadApplication, subjectOf } from './applications.service.js';

/** 综合评审 of an application: the shared expert panel with the call's multi-criterion rubric; no pilot to read yet. */
const panelSubject = (head: ApplicationHead): PanelSubject => ({ ...subjectOf(head), provinceCode: head.provinceCode, grantsPilot: null });

const panel = panelOf(applicationRecord, panelSubject, (head) => head.rubric);

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
  const open = head.status === 'expertReview';
  const choices = await expertPanel.choices(ctx, ctx.db, panelSubject(head), open);
  return { rubric: head.rubric, ...presentPanel(members, ctx.actor, !open, ctx.lang, choices) };
}

/** The assigned expert declares a conflict of interest (and leaves the panel, so no longer reads it) or none (and may score). */
export const declareConflict = panel.declare;

/** A draft of the score sheet: any criteria so far, each within the call's scale (never clamped: out of range is refused). */
export const saveMyDraft = panel.saveDraft;

/** What the expert is asked to review, across calls and acceptances, with where each stands. */
export async function myReviewTasks(ctx: Ctx): Promise<{ items: ReviewTask[] }> {
  const rows = await expertPanelRepository.tasksOf(ctx.db, ctx.actor.userId);
  return {
    items: rows.map((r) => ({
      subjectType: r.subjectType as ReviewTask['subjectType'],
      subjectId: r.subjectId,
      name: r.name,
      year: r.year,
      status: r.submittedAt
        ? 'submitted'
        : !r.open
          ? 'closed'
          : !r.noConflictDeclaredAt
            ? 'toDeclare'
            : r.scores && Object.keys(r.scores).length
              ? 'draft'
              : 'toScore',
      submittedAt: r.submittedAt?.toISOString() ?? null,
      total: r.total,
    })),
  };
}

/** The assigned expert scores once, by the call's rubric. */
export const submitMyReview = panel.score;
