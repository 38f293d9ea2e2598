import { actionViewSchema } from '../lifecycle/action-view.js';
import { PILOT_STATUSES } from '../lifecycle/pilot.lifecycle.js';
import { longText, text } from '../text.js';
import { ACCEPTANCE_STATUSES } from './acceptance.js';
import { panelSchema } from './expert-panel.js';
import { z } from 'zod';

const share = z.number().min(0).max(1);
const points = z.number().min(0).max(100);
const weight = z.number().positive().max(100);
const stars = z.union([z.literal(3), z.literal(2), z.literal(1)]);

/** A rating rule as the Ministry publishes it; validateRule then checks it is usable as a whole. */
export const ratingRuleSchema = z.strictObject({
  version: text(40),
  parts: z.strictObject({ indicators: share, projects: share, rectification: share }),
  categoryWeights: z.strictObject({ required: weight, chosen: weight, innovative: weight }),
  requiredFloor: share,
  rectificationPenalty: z.strictObject({ open: points, late: points }),
  thresholds: z
    .array(z.strictObject({ stars, minScore: points }))
    .min(1)
    .max(3)
    .refine((t) => t.every((x, i) => i === 0 || x.stars < t[i - 1]!.stars), { message: 'invalid_value' }),
});

export const ratingRuleViewSchema = z.object({ version: z.string(), rule: ratingRuleSchema, createdAt: z.string(), current: z.boolean() });

const ratingLineSchema = z.object({
  part: z.enum(['indicator', 'project', 'rectification']),
  subject: z.string(),
  value: z.number(),
  points: z.number(),
  note: z.string().nullable(),
  /** the line in words, e.g. 「规定项 城市公共信息平台：完成度 80%，得 4.36 分」 */
  text: z.string(),
});

/** A rating explained: the rule it was made with, the score, stars and label, vetoes, each part and every line. */
export const ratingViewSchema = z.object({
  ruleVersion: z.string(),
  /** the rule itself: part weights, star thresholds, the 规定项 floor and the rectification penalties */
  rule: ratingRuleSchema,
  /** the score part by part (weight × part score = points); the parts add up to the score */
  parts: z.array(
    z.object({
      part: z.enum(['indicator', 'project', 'rectification']),
      weight: z.number(),
      score: z.number(),
      points: z.number(),
    }),
  ),
  score: z.number(),
  stars: z.number().int().min(0).max(3),
  label: z.string(),
  vetoes: z.array(z.string()),
  lines: z.array(ratingLineSchema),
});

export const ratingPreviewSchema = ratingViewSchema.extend({
  basis: z.object({
    taskBookId: z.uuid(),
    taskBookVersion: z.number(),
    reports: z.array(z.object({ year: z.number(), status: z.string() })),
  }),
});

export const acceptanceSummarySchema = z.object({
  id: z.uuid(),
  pilot: z.object({
    id: z.uuid(),
    name: z.string(),
    provinceCode: z.string(),
    provinceName: z.string(),
    batchYear: z.number(),
    status: z.enum(PILOT_STATUSES),
  }),
  taskBookId: z.uuid(),
  status: z.enum(ACCEPTANCE_STATUSES),
  version: z.number(),
  stars: z.number().nullable(),
  updatedAt: z.string(),
});

export const acceptanceSchema = acceptanceSummarySchema.extend({
  selfAssessment: z.object({ narrative: z.string() }),
  /** the preview while not confirmed (by the rule in force), the confirmed rating after */
  rating: ratingViewSchema.extend({ confirmed: z.boolean() }),
  panel: panelSchema,
  actions: z.array(actionViewSchema),
  abilities: z.object({ edit: z.boolean(), assign: z.boolean(), score: z.boolean() }),
});

export const acceptanceListQuery = z.strictObject({ status: z.enum(ACCEPTANCE_STATUSES).optional() });
export const narrativeSchema = z.strictObject({ narrative: longText(50_000) });

export const publicRatingSchema = z.object({
  pilotId: z.uuid(),
  publishedName: z.string(),
  provinceName: z.string(),
  batchYear: z.number(),
  stars: z.number(),
  ratingLabel: z.string(),
  publishedOn: z.string(),
});
