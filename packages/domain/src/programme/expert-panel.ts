import { z } from 'zod';
import type { Tier } from '../organisation.js';
import { round2 } from '../numbers.js';

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

export const panelReviewSchema = z.object({
  id: z.uuid(),
  /** the viewer's own review */
  mine: z.boolean(),
  expert: z.object({ id: z.uuid(), name: z.string() }),
  /** why this expert was chosen (home province, load at assignment) */
  explanation: z.string(),
  scores: z.record(z.string(), z.number()).nullable(),
  total: z.number().nullable(),
  comment: z.string().nullable(),
  submittedAt: z.string().nullable(),
});
export type PanelReview = z.infer<typeof panelReviewSchema>;

export const panelSchema = z.object({
  assigned: z.number().int(),
  submitted: z.number().int(),
  /** the subject has been decided: nothing more is scored, and the panel is no longer blind to its experts */
  closed: z.boolean(),
  items: z.array(panelReviewSchema),
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
