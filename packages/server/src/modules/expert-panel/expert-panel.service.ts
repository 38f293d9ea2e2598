import { MIN_EXPERTS, type ExpertChoice, type NoticeParams, type PanelBasis, type panelAssignSchema, type Rubric } from '@smartcity/domain';
import type { z } from 'zod';
import { audited, type Ctx } from '../../context.js';
import type { Queryable, Tx } from '../../db/client.js';
import { RULES, satisfies } from '../../tenancy/abilities.js';
import { lockedIn, type LifecycleRecord } from '../../lifecycle/transition.js';
import { notify } from '../../shared/notify.js';
import { ministryOrgId } from '../organisations/organisations.repository.js';
import { AppError } from '../../lib/errors.js';
import type { Subject } from '../../shared/subject.js';
import { expertPanelRepository } from './expert-panel.repository.js';
import { scoreSheetSchema, weightedTotal } from './expert-panel.scoring.js';

/*
 * One expert panel for every subject that experts score (an application's 综合评审, a pilot's 验收). The subject's
 * service locks the subject, checks its state inside that transaction, then calls in here; subjects differ only
 * in their rubric (how `scores` become a total) and in whether assignment grants read access to a pilot.
 * Decisions: docs/expert-panel.md.
 */

export interface PanelSubject extends Subject {
  /** experts from this province are in conflict of interest (回避) */
  provinceCode: string;
  /** set when assignment lets the experts read this pilot's records (task book, reports) */
  grantsPilot: string | null;
}

type AssignInput = z.infer<typeof panelAssignSchema>;
export interface Chosen {
  id: string;
  name: string;
  /** why, as data: worded in the reader's language when shown (domain panelExplanation) */
  basis: PanelBasis;
}

/** The Ministry names experts: each a scoring committee member, never of the subject's province. */
async function named(tx: Tx, subject: PanelSubject, ids: string[], already: Set<string>): Promise<Chosen[]> {
  const found = await expertPanelRepository.experts(tx, ids);
  const chosen: Chosen[] = [];
  ids.forEach((id, i) => {
    const expert = found.find((e) => e.id === id);
    if (!expert) throw new AppError(422, 'not_an_expert', `expertUserIds.${i}`);
    if (expert.homeProvinceCode === subject.provinceCode) throw new AppError(422, 'conflict_of_interest', `expertUserIds.${i}`);
    if (already.has(id) || chosen.some((c) => c.id === id)) return;
    chosen.push({
      id,
      name: expert.name,
      basis: { named: true, homeProvince: expert.homeProvinceName, load: expert.openLoad, least: false },
    });
  });
  return chosen;
}

/** Automatic choice up to `count`: candidates without a conflict, least loaded first (see the repository). */
async function automatic(tx: Tx, subject: PanelSubject, count: number, already: Set<string>): Promise<Chosen[]> {
  const needed = count - already.size;
  if (needed <= 0) return [];
  const candidates = await expertPanelRepository.candidates(tx, subject.provinceCode, [...already]);
  if (candidates.length < needed) throw new AppError(422, 'not_enough_experts', 'count');
  const least = candidates[0]!.openLoad;
  return candidates.slice(0, needed).map((e) => ({
    id: e.id,
    name: e.name,
    basis: { named: false, homeProvince: e.homeProvinceName, load: e.openLoad, least: e.openLoad === least },
  }));
}

export const expertPanel = {
  /**
   * Whom the Ministry may name onto the open panel of this subject: the committee less the panel's members, each
   * either selectable or with the reason it is not — the same rule `assign` enforces. Null for anyone else.
   */
  async choices(ctx: Pick<Ctx, 'actor'>, db: Queryable, subject: PanelSubject, open: boolean): Promise<ExpertChoice[] | null> {
    if (!open || !satisfies(ctx.actor, RULES.assignExperts)) return null;
    const members = new Set((await expertPanelRepository.members(db, subject)).map((m) => m.expertUserId));
    return (await expertPanelRepository.committee(db))
      .filter((e) => !members.has(e.id))
      .map((e) => ({
        id: e.id,
        name: e.name,
        homeProvince: e.homeProvinceName,
        load: e.openLoad,
        unavailable: e.homeProvinceCode === subject.provinceCode ? 'conflict_of_interest' : null,
      }));
  },

  /** Adds experts to the panel (named, or automatically up to `count`); the panel must reach MIN_EXPERTS. */
  async assign(tx: Tx, subject: PanelSubject, input: AssignInput): Promise<Chosen[]> {
    const already = new Set((await expertPanelRepository.members(tx, subject)).map((m) => m.expertUserId));
    const chosen = input.expertUserIds
      ? await named(tx, subject, input.expertUserIds, already)
      : await automatic(tx, subject, input.count, already);
    if (already.size + chosen.length < MIN_EXPERTS)
      throw new AppError(422, 'not_enough_experts', input.expertUserIds ? 'expertUserIds' : 'count');
    await expertPanelRepository.insert(
      tx,
      subject,
      chosen.map((c) => ({ expertUserId: c.id, basis: c.basis })),
    );
    if (subject.grantsPilot)
      await expertPanelRepository.grantPilot(
        tx,
        subject.grantsPilot,
        chosen.map((c) => c.id),
      );
    return chosen;
  },

  /** The Ministry takes an expert off the panel before it has scored; its access to the pilot ends with it. */
  async revoke(tx: Tx, subject: PanelSubject, expertUserId: string) {
    if (!(await expertPanelRepository.removeOpen(tx, subject, expertUserId))) {
      const scored = (await expertPanelRepository.members(tx, subject)).some((m) => m.expertUserId === expertUserId);
      throw scored ? new AppError(409, 'already_scored', 'expertUserId') : new AppError(404, 'not_assigned', 'expertUserId');
    }
    if (subject.grantsPilot) await expertPanelRepository.revokePilot(tx, subject.grantsPilot, [expertUserId]);
  },

  /** The subject is decided: its experts' access to the pilot ends. Returns whose access ended (for the audit). */
  async close(tx: Tx, subject: PanelSubject) {
    if (!subject.grantsPilot) return [];
    const experts = (await expertPanelRepository.members(tx, subject)).map((m) => m.expertUserId);
    return expertPanelRepository.revokePilot(tx, subject.grantsPilot, experts);
  },

  /**
   * The expert's open review, which a declaration, a draft or a submission changes: 403 when not on the panel,
   * 409 once submitted (submitted scores are final), and — with `declared` — 409 until no conflict was declared.
   */
  async openReview(tx: Tx, subject: PanelSubject, expertUserId: string, o: { field: string; declared: boolean }) {
    const mine = (await expertPanelRepository.members(tx, subject)).find((m) => m.expertUserId === expertUserId);
    if (!mine) throw new AppError(403, 'not_assigned');
    if (mine.submittedAt) throw new AppError(409, 'already_scored', o.field);
    if (o.declared && !mine.noConflictDeclaredAt) throw new AppError(409, 'conflict_not_declared', 'conflict');
    return mine;
  },

  /** One submission per expert, after its declaration: a score cannot be changed after the others may have seen the panel. */
  async score(
    tx: Tx,
    subject: PanelSubject,
    expertUserId: string,
    s: { scores: Record<string, number>; total: number; comment: string; at: Date },
    /** the request field that carries the score, named in the error */
    field: string,
    declareFirst: boolean,
  ) {
    await expertPanel.openReview(tx, subject, expertUserId, { field, declared: declareFirst });
    await expertPanelRepository.submit(tx, subject, expertUserId, s);
    return expertPanelRepository.submittedCount(tx, subject);
  },
};

type PanelStatus = 'expertReview';

/** What an expert sends from the score sheet: a score per criterion of the subject's rubric, and a comment. */
export interface ScoreSheet {
  scores: Record<string, number>;
  comment: string;
}

/**
 * The panel's operations for one kind of subject, written once: each locks the subject, checks it is in 专家评审
 * inside the same transaction, changes the panel, notifies and audits. Applications and acceptances differ only in
 * how their head becomes a `PanelSubject` (province, pilot access) and in the rubric their score sheet follows.
 */
export function panelOf<S extends string, A extends string, C, H extends { status: S }>(
  record: LifecycleRecord<S, A, C, H>,
  subjectOf: (head: H) => PanelSubject,
  rubricOf: (head: H) => Rubric,
) {
  const lc = record.lifecycle.name;
  const inReview = (ctx: Ctx, tx: Tx, id: string) => lockedIn(ctx, tx, record, id, 'expertReview' satisfies PanelStatus as S);
  /** the scoring committee (assignments) or the Ministry (enough scores) is told, about the subject */
  const tell = async (tx: Tx, org: string | null, kind: string, head: H, params: NoticeParams = {}) => {
    const n = record.notice!(head);
    if (org) await notify(tx, org, { kind: `${kind}.${lc}`, subject: n.subject, params: { ...n.params, ...params } });
  };
  return {
    /** The Ministry assigns experts (named, or automatically up to `count`), each with the reason for the choice. */
    assign: (ctx: Ctx, id: string, input: AssignInput) =>
      audited(ctx.db, ctx.actor, ctx.clock, async (tx) => {
        const head = await inReview(ctx, tx, id);
        const chosen = await expertPanel.assign(tx, subjectOf(head), input);
        if (chosen.length) await tell(tx, await expertPanelRepository.committeeOrgId(tx), 'panel.assigned', head);
        const after = chosen.map((c) => ({ expertUserId: c.id, basis: c.basis }));
        return { result: null, audit: { action: `${lc}.assignExperts`, targetType: lc, targetId: id, after } };
      }),

    /** The Ministry takes an expert off the panel before it has scored (and its access to the pilot with it). */
    revoke: (ctx: Ctx, id: string, expertUserId: string) =>
      audited(ctx.db, ctx.actor, ctx.clock, async (tx) => {
        const head = await inReview(ctx, tx, id);
        await expertPanel.revoke(tx, subjectOf(head), expertUserId);
        return { result: null, audit: { action: `${lc}.revokeExpert`, targetType: lc, targetId: id, after: { expertUserId } } };
      }),

    /**
     * 利益冲突声明 before scoring: no conflict lets the expert score; a conflict takes it off the panel (and its
     * access to the pilot with it) and tells the Ministry, which assigns another. Audited either way.
     */
    declare: (ctx: Ctx, id: string, d: { conflict: boolean; note?: string | undefined }) =>
      audited(ctx.db, ctx.actor, ctx.clock, async (tx) => {
        const head = await inReview(ctx, tx, id);
        const subject = subjectOf(head);
        const expertUserId = ctx.actor.userId;
        const mine = await expertPanel.openReview(tx, subject, expertUserId, { field: 'conflict', declared: false });
        if (mine.noConflictDeclaredAt) throw new AppError(409, 'already_declared', 'conflict');
        if (d.conflict) {
          await expertPanel.revoke(tx, subject, expertUserId);
          await tell(tx, await ministryOrgId(tx), 'panel.conflict', head, { expert: ctx.actor.displayName });
        } else await expertPanelRepository.declareNoConflict(tx, subject, expertUserId, ctx.clock.now());
        const after = { expertUserId, conflict: d.conflict, note: d.note ?? null };
        return { result: { onPanel: !d.conflict }, audit: { action: `${lc}.declareConflict`, targetType: lc, targetId: id, after } };
      }),

    /** A draft of the expert's score sheet, after its declaration: any criteria so far, each within the scale (never clamped). */
    saveDraft: (ctx: Ctx, id: string, sheet: ScoreSheet) =>
      audited(ctx.db, ctx.actor, ctx.clock, async (tx) => {
        const head = await inReview(ctx, tx, id);
        const { scores } = scoreSheetSchema(rubricOf(head), { partial: true }).parse({ scores: sheet.scores });
        await expertPanel.openReview(tx, subjectOf(head), ctx.actor.userId, { field: 'scores', declared: true });
        const d = { scores, comment: sheet.comment };
        await expertPanelRepository.saveDraft(tx, subjectOf(head), ctx.actor.userId, d);
        return { result: null, audit: { action: `${lc}.saveScoreDraft`, targetType: lc, targetId: id, after: d } };
      }),

    /**
     * An assigned expert scores once, after its declaration: every criterion of the subject's rubric, within its
     * scale; the weighted total is computed here. The Ministry is told when the panel has MIN_EXPERTS scores.
     */
    score: (ctx: Ctx, id: string, sheet: ScoreSheet) =>
      audited(ctx.db, ctx.actor, ctx.clock, async (tx) => {
        const head = await inReview(ctx, tx, id);
        const rubric = rubricOf(head);
        const { scores } = scoreSheetSchema(rubric).parse({ scores: sheet.scores });
        const total = weightedTotal(rubric, scores);
        const s = { scores, total, comment: sheet.comment, at: ctx.clock.now() };
        const submitted = await expertPanel.score(tx, subjectOf(head), ctx.actor.userId, s, 'scores', true);
        if (submitted === MIN_EXPERTS) await tell(tx, await ministryOrgId(tx), 'panel.scored', head, { count: MIN_EXPERTS });
        return { result: null, audit: { action: `${lc}.score`, targetType: lc, targetId: id, after: { scores, total } } };
      }),
  };
}
