import { MIN_EXPERTS, type NoticeParams, type panelAssignSchema } from '@smartcity/domain';
import type { z } from 'zod';
import { audited, type Ctx } from '../../context.js';
import type { Tx } from '../../db/client.js';
import { lockedIn, type LifecycleRecord } from '../../lifecycle/transition.js';
import { notify } from '../../shared/notify.js';
import { ministryOrgId } from '../organisations/organisations.repository.js';
import { AppError } from '../../lib/errors.js';
import type { Subject } from '../../shared/subject.js';
import { expertPanelRepository, type ExpertRow } from './expert-panel.repository.js';

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
  explanation: string;
}

const home = (e: ExpertRow) => (e.homeProvinceName ? `籍贯${e.homeProvinceName}，回避本省` : '籍贯未登记');

/** The Ministry names experts: each a scoring committee member, never of the subject's province. */
async function named(tx: Tx, subject: PanelSubject, ids: string[], already: Set<string>): Promise<Chosen[]> {
  const found = await expertPanelRepository.experts(tx, ids);
  const chosen: Chosen[] = [];
  ids.forEach((id, i) => {
    const expert = found.find((e) => e.id === id);
    if (!expert) throw new AppError(422, 'not_an_expert', `expertUserIds.${i}`);
    if (expert.homeProvinceCode === subject.provinceCode) throw new AppError(422, 'conflict_of_interest', `expertUserIds.${i}`);
    if (already.has(id) || chosen.some((c) => c.id === id)) return;
    chosen.push({ id, name: expert.name, explanation: `部指定；${home(expert)}；分配时待评 ${expert.openLoad} 件` });
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
    explanation: `${home(e)}；分配时待评 ${e.openLoad} 件${e.openLoad === least ? '（最少）' : ''}`,
  }));
}

export const expertPanel = {
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
      chosen.map((c) => ({ expertUserId: c.id, explanation: c.explanation })),
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

  /** One submission per expert: a score cannot be changed after the others may have seen the panel. */
  async score(
    tx: Tx,
    subject: PanelSubject,
    expertUserId: string,
    s: { scores: Record<string, number>; total: number; comment: string; at: Date },
    /** the request field that carries the score, named in the error */
    field: string,
  ) {
    if (!(await expertPanelRepository.submit(tx, subject, expertUserId, s))) {
      const assigned = (await expertPanelRepository.members(tx, subject)).some((m) => m.expertUserId === expertUserId);
      throw assigned ? new AppError(409, 'already_scored', field) : new AppError(403, 'not_assigned');
    }
    return expertPanelRepository.submittedCount(tx, subject);
  },
};

type PanelStatus = 'expertReview';

/**
 * The panel's operations for one kind of subject, written once: each locks the subject, checks it is in 专家评审
 * inside the same transaction, changes the panel, notifies and audits. Applications and acceptances differ only in
 * how their head becomes a `PanelSubject` (province, pilot access) and in the score sheet the route validates.
 */
export function panelOf<S extends string, A extends string, C, H extends { status: S }>(
  record: LifecycleRecord<S, A, C, H>,
  subjectOf: (head: H) => PanelSubject,
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
        const after = chosen.map((c) => ({ expertUserId: c.id, explanation: c.explanation }));
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
     * An assigned expert scores once; `sheet` turns the request into scores and a total under the subject's rubric
     * (and names the request field of the score). The Ministry is told when the panel has MIN_EXPERTS scores.
     */
    score: (ctx: Ctx, id: string, sheet: (head: H) => { scores: Record<string, number>; total: number; comment: string; field: string }) =>
      audited(ctx.db, ctx.actor, ctx.clock, async (tx) => {
        const head = await inReview(ctx, tx, id);
        const { field, ...s } = sheet(head);
        const submitted = await expertPanel.score(tx, subjectOf(head), ctx.actor.userId, { ...s, at: ctx.clock.now() }, field);
        if (submitted === MIN_EXPERTS) await tell(tx, await ministryOrgId(tx), 'panel.scored', head, { count: MIN_EXPERTS });
        const after = { scores: s.scores, total: s.total };
        return { result: null, audit: { action: `${lc}.score`, targetType: lc, targetId: id, after } };
      }),
  };
}
