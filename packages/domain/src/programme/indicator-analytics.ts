import { z } from 'zod';

// 指标分析: one level-3 indicator across the pilots in view, from accepted annual reports only.

export const ANALYTICS_COHORTS = ['batch', 'kind', 'province'] as const;
export type AnalyticsCohort = (typeof ANALYTICS_COHORTS)[number];

export const indicatorAnalyticsQuery = z.strictObject({
  /** the level-3 indicator (an id of the indicator tree) */
  indicator: z.uuid(),
  cohort: z.enum(ANALYTICS_COHORTS).default('batch'),
  /** a pilot to set against its cohort's median */
  pilot: z.uuid().optional(),
});
export type IndicatorAnalyticsQuery = z.infer<typeof indicatorAnalyticsQuery>;

const count = z.number().int();
/**
 * The reported values of one year (and cohort): `pilots` is how many pilots they come from (one value each). A
 * quantitative indicator has the five-number summary (quartiles interpolated linearly, as percentile_cont does); a
 * qualitative one the number of pilots per reported answer instead, and null numbers.
 */
export const analyticsSummarySchema = z.object({
  year: z.number().int(),
  pilots: count,
  min: z.number().nullable(),
  q1: z.number().nullable(),
  median: z.number().nullable(),
  q3: z.number().nullable(),
  max: z.number().nullable(),
  answers: z.array(z.object({ value: z.number(), pilots: count })),
});
export type AnalyticsSummary = z.infer<typeof analyticsSummarySchema>;

export const indicatorAnalyticsSchema = z.object({
  indicator: z.object({ id: z.uuid(), code: z.string(), name: z.string(), qualitative: z.boolean() }),
  /** every pilot in view, by year */
  years: z.array(analyticsSummarySchema),
  cohort: z.enum(ANALYTICS_COHORTS),
  /** by cohort: `key` is the batch's year, the pilot kind or the province code; `name` the province's name */
  cohorts: z.array(z.object({ key: z.string(), name: z.string().nullable(), years: z.array(analyticsSummarySchema) })),
  /** the chosen pilot's value each year beside its cohort's median (and how many pilots that median is of) */
  pilot: z
    .object({
      id: z.uuid(),
      name: z.string(),
      cohortKey: z.string(),
      years: z.array(z.object({ year: z.number().int(), value: z.number(), cohortMedian: z.number().nullable(), cohortPilots: count })),
    })
    .nullable(),
});
export type IndicatorAnalytics = z.infer<typeof indicatorAnalyticsSchema>;
