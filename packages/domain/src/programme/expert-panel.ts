import { z } from 'zod';
import type { Tier } from '../organisation.js';
import { round2 } from '../numbers.js';
import { longText } from '../text.js';
import { MESSAGES, type Lang } from '../i18n/index.js';

/*
 * 专家评审 panel, shared by the application's 综合评审 and the pilot's 验收: assignment without conflict of
 * interest, load balanced; one blind submission per expert; the subject decides once enough experts scored.
 * The product decisions (docs/expert-panel.md) live here once, for both subjects.
 */

/** A subject may be decided once this many experts have submitted. */
export const MIN_EXPERTS = 3;

export const panelAssignSchema = z.strictObject({
  /** named by the Ministry; omitted → chosen automatically, least loaded first, never of the subject's province */
  expertUserIds: z.array(z.uuid()).min(1).max(20).optional(),
  /** how many experts the panel should have in all */
  count: z.number().int().min(MIN_EXPERTS).max(15).default(MIN_EXPERTS),
});

/**
 * 利益冲突声明: before scoring, an assigned expert declares it has no conflict of interest with the subject, or
 * declares one — which takes it off the panel (the Ministry is told and assigns another).
 */
export const conflictDeclarationSchema = z.strictObject({
  conflict: z.boolean(),
  /** what the conflict is (kept with the declaration) */
  note: longText(500).optional(),
});

/** Where an expert's review of one subject stands, in "my review tasks". */
export const REVIEW_TASK_STATUSES = ['toDeclare', 'toScore', 'draft', 'submitted', 'closed'] as const;
export type ReviewTaskStatus = (typeof REVIEW_TASK_STATUSES)[number];

export const reviewTaskSchema = z.object({
  subjectType: z.enum(['application', 'acceptance']),
  subjectId: z.uuid(),
  /** the application's or the pilot's name */
  name: z.string(),
  /** the call's (or the pilot's batch's) year */
  year: z.number().int(),
  status: z.enum(REVIEW_TASK_STATUSES),
  submittedAt: z.string().nullable(),
  total: z.number().nullable(),
});
export type ReviewTask = z.infer<typeof reviewTaskSchema>;
/** Why an expert was put on a panel, as recorded at assignment: named or chosen, home province, open load. */
export const panelBasisSchema = z.object({
  named: z.boolean(),
  /** the expert's home province (籍贯), whose subjects it never reviews; null when not recorded */
  homeProvince: z.string().nullable(),
  /** open reviews the expert had when assigned */
  load: z.number().int(),
  /** the least loaded of the candidates (automatic choice) */
  least: z.boolean(),
});
export type PanelBasis = z.infer<typeof panelBasisSchema>;

/** The basis in words, from the catalog of `lang`: 部指定；籍贯上海市，回避本省；分配时待评 0 件. */
export function panelExplanation(lang: Lang, b: PanelBasis): string {
  const m = MESSAGES[lang].panelBasis;
  const home = b.homeProvince === null ? m.noHome : m.home.replace('{province}', b.homeProvince);
  return `${b.named ? m.named : ''}${home}${m.load.replace('{load}', String(b.load))}${b.least && !b.named ? m.least : ''}`;
}

export const panelReviewSchema = z.object({
  id: z.uuid(),
  /** the viewer's own review */
  mine: z.boolean(),
  expert: z.object({ id: z.uuid(), name: z.string() }),
  /** why this expert was chosen (home province, load at assignment) */
  explanation: z.string(),
  /** the same as data (null for assignments recorded before it was kept) */
  basis: panelBasisSchema.nullable(),
  scores: z.record(z.string(), z.number()).nullable(),
  total: z.number().nullable(),
  comment: z.string().nullable(),
  /** when the expert declared no conflict of interest (null: not yet) */
  noConflictDeclaredAt: z.string().nullable(),
  submittedAt: z.string().nullable(),
});
export type PanelReview = z.infer<typeof panelReviewSchema>;

/**
 * A committee expert the Ministry may name onto an open panel — or, shown but not selectable, why not: an expert
 * never reviews a subject of their home province (回避本省).
 */
export const expertChoiceSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  homeProvince: z.string().nullable(),
  /** reviews assigned and not yet submitted, on any subject */
  load: z.number().int(),
  unavailable: z.enum(['conflict_of_interest']).nullable(),
});
export type ExpertChoice = z.infer<typeof expertChoiceSchema>;

export const panelSchema = z.object({
  assigned: z.number().int(),
  submitted: z.number().int(),
  /** the subject has been decided: nothing more is scored, and the panel is no longer blind to its experts */
  closed: z.boolean(),
  items: z.array(panelReviewSchema),
  /** who may be named, for those who assign while the panel is open (otherwise null); members are not repeated */
  choices: z.array(expertChoiceSchema).nullable(),
});
export type Panel = z.infer<typeof panelSchema>;

export interface PanelViewer {
  tier: Tier;
  userId: string;
}

/**
 * Blind review. The Ministry sees every review. An expert sees only its own until the panel closes, then every
 * review of the panel (names and scores) — so nobody scores knowing another's score, nor who gave it. Anyone
 * else (the pilot, the applicant, the province) sees the counts only.
 */
export function visibleReviews<R extends { expertUserId: string }>(
  members: R[],
  viewer: PanelViewer,
  closed: boolean,
): { review: R; mine: boolean }[] {
  const all = members.map((review) => ({ review, mine: review.expertUserId === viewer.userId }));
  if (viewer.tier === 'ministry') return all;
  if (viewer.tier !== 'expert' || !all.some((m) => m.mine)) return [];
  return closed ? all : all.filter((m) => m.mine);
}

export interface Ranked<T> {
  item: T;
  rank: number | null;
  count: number;
  mean: number | null;
  spread: number | null;
  totals: number[];
}

/**
 * The panel view: mean of the experts' weighted totals, highest first; the spread (max − min) shows how far the
 * experts disagree. Unscored subjects come last, unranked; equal means share a rank and
 * are listed by name in Chinese collation (done here, not by the database, so both engines agree).
 */
export function rank<T extends { id: string; name: string }>(
  items: T[],
  totals: { subjectId: string; total: number | null }[],
): Ranked<T>[] {
  const stats = items.map((item) => {
    const mine = totals.filter((t) => t.subjectId === item.id && t.total !== null).map((t) => t.total!);
    const mean = mine.length ? round2(mine.reduce((a, b) => a + b, 0) / mine.length) : null;
    const spread = mine.length ? round2(Math.max(...mine) - Math.min(...mine)) : null;
    return { item, count: mine.length, mean, spread, totals: mine.sort((a, b) => b - a) };
  });
  stats.sort((a, b) => (b.mean ?? -1) - (a.mean ?? -1) || a.item.name.localeCompare(b.item.name, 'zh-CN'));
  return stats.map((s) => ({ ...s, rank: s.mean === null ? null : 1 + stats.filter((o) => o.mean !== null && o.mean > s.mean!).length }));
}
