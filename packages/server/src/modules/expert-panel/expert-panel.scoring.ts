import { z } from 'zod';
import { round2, type Rubric } from '@smartcity/domain';

/**
 * The rubric decides what a score sheet must hold: every criterion (a draft: any of them), each within 0..scaleMax,
 * nothing else. Errors name `scores.<key>` so the form can point at the criterion; nothing is clamped.
 */
export function scoreSheetSchema(rubric: Rubric, o: { partial?: boolean } = {}): z.ZodType<{ scores: Record<string, number> }> {
  const inRange = z.number().min(0, { message: 'score_out_of_range' }).max(rubric.scaleMax, { message: 'score_out_of_range' });
  // JSON has no undefined: a draft's missing criteria are absent keys, never undefined values
  const criterion = o.partial ? inRange.optional() : inRange;
  return z.strictObject({ scores: z.strictObject(Object.fromEntries(rubric.criteria.map((c) => [c.key, criterion]))) }) as z.ZodType<{
    scores: Record<string, number>;
  }>;
}

/** An expert's total: Σ weight × score over the rubric's criteria (weights sum to 1, so it is on the rubric's scale). */
export function weightedTotal(rubric: Rubric, scores: Record<string, number>): number {
  return round2(rubric.criteria.reduce((sum, c) => sum + c.weight * (scores[c.key] ?? 0), 0));
}
