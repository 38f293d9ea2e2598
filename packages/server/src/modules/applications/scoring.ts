import { z } from 'zod';
import type { Rubric } from '@smartcity/domain';

/**
 * The rubric decides what a score sheet must hold: every criterion, each within 0..scaleMax, nothing else.
 * Errors name `scores.<key>` so the form can point at the criterion.
 */
export function scoreSheetSchema(rubric: Rubric) {
  const inRange = z.number().min(0, { message: 'score_out_of_range' }).max(rubric.scaleMax, { message: 'score_out_of_range' });
  return z.strictObject({ scores: z.strictObject(Object.fromEntries(rubric.criteria.map((c) => [c.key, inRange]))) });
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** An expert's total: Σ weight × score over the rubric's criteria (weights sum to 1, so it is on the rubric's scale). */
export function weightedTotal(rubric: Rubric, scores: Record<string, number>): number {
  return round2(rubric.criteria.reduce((sum, c) => sum + c.weight * (scores[c.key] ?? 0), 0));
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
 * experts disagree. Unscored applications come last, unranked; equal means share a rank.
 */
export function rank<T extends { id: string; name: string }>(
  items: T[],
  totals: { applicationId: string; total: number | null }[],
): Ranked<T>[] {
  const stats = items.map((item) => {
    const mine = totals.filter((t) => t.applicationId === item.id && t.total !== null).map((t) => t.total!);
    const mean = mine.length ? round2(mine.reduce((a, b) => a + b, 0) / mine.length) : null;
    const spread = mine.length ? round2(Math.max(...mine) - Math.min(...mine)) : null;
    return { item, count: mine.length, mean, spread, totals: mine.sort((a, b) => b - a) };
  });
  stats.sort((a, b) => (b.mean ?? -1) - (a.mean ?? -1) || a.item.name.localeCompare(b.item.name, 'zh-CN'));
  return stats.map((s) => ({ ...s, rank: s.mean === null ? null : 1 + stats.filter((o) => o.mean !== null && o.mean > s.mean!).length }));
}
