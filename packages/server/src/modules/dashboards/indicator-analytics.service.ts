import {
  indicatorAnalyticsSchema,
  type AnalyticsCohort,
  type AnalyticsSummary,
  type IndicatorAnalytics,
  type IndicatorAnalyticsQuery,
} from '@smartcity/domain';
import type { Ctx } from '../../context.js';
import { beijingDate } from '../../lib/clock.js';
import { AppError, notFound } from '../../lib/errors.js';
import { pilotRepository, type PilotRow } from '../pilots/pilots.repository.js';
import { indicatorAnalyticsRepository, type AnalyticsRow } from './indicator-analytics.repository.js';
import { unchangedCache } from '../../shared/unchanged-cache.repository.js';

const cohortKeyOf: Record<AnalyticsCohort, (p: PilotRow) => string> = {
  batch: (p) => String(p.batchYear),
  kind: (p) => p.kind,
  province: (p) => p.provinceCode,
};

/** The rows of one grouping (one year's rows per answer for a qualitative indicator) as summaries by year. */
function summaries(rows: AnalyticsRow[]): AnalyticsSummary[] {
  const byYear = new Map<number, AnalyticsSummary>();
  for (const r of rows) {
    const s = byYear.get(r.year) ?? { year: r.year, pilots: 0, min: r.min, q1: r.q1, median: r.median, q3: r.q3, max: r.max, answers: [] };
    s.pilots += r.pilots;
    if (r.answer !== null) s.answers.push({ value: r.answer, pilots: r.pilots });
    byYear.set(r.year, s);
  }
  return [...byYear.values()];
}

/** the analyses asked for, kept while nothing in the database changes (unchanged-cache.repository.ts) */
const analyses = unchangedCache(indicatorAnalyticsSchema);

/** The analysis as its checked JSON. */
export const indicatorAnalytics = (ctx: Ctx, q: IndicatorAnalyticsQuery): Promise<string> => {
  const today = beijingDate(ctx.clock.now());
  return analyses.get(ctx.db, [ctx.scope, q, today], () => analyse(ctx, q, today));
};

async function analyse(ctx: Ctx, q: IndicatorAnalyticsQuery, today: string): Promise<IndicatorAnalytics> {
  const indicator = await indicatorAnalyticsRepository.indicator(ctx.db, q.indicator);
  if (!indicator) throw new AppError(400, 'unknown_indicator', 'indicator');
  const pilot = q.pilot ? await pilotRepository.get(ctx.db, ctx.scope, q.pilot) : null;
  if (q.pilot && !pilot) throw notFound();
  const rows = await indicatorAnalyticsRepository.summaries(ctx.db, ctx.scope, indicator.id, q.cohort, indicator.qualitative, today);

  const cohorts = new Map<string, { name: string | null; rows: AnalyticsRow[] }>();
  for (const r of rows) {
    if (r.cohort_key === null) continue;
    const c = cohorts.get(r.cohort_key) ?? { name: r.cohort_name, rows: [] };
    c.rows.push(r);
    cohorts.set(r.cohort_key, c);
  }
  const cohortList = [...cohorts].map(([key, c]) => ({ key, name: c.name, years: summaries(c.rows) }));

  let compared: IndicatorAnalytics['pilot'] = null;
  if (pilot) {
    const cohortKey = cohortKeyOf[q.cohort](pilot);
    const own = cohortList.find((c) => c.key === cohortKey)?.years ?? [];
    const values = await indicatorAnalyticsRepository.pilotValues(ctx.db, ctx.scope, indicator.id, today, pilot.id);
    compared = {
      id: pilot.id,
      name: pilot.publishedName,
      cohortKey,
      years: values.map(({ year, value }) => {
        const cohort = own.find((s) => s.year === year);
        return { year, value, cohortMedian: cohort?.median ?? null, cohortPilots: cohort?.pilots ?? 0 };
      }),
    };
  }

  return {
    indicator: { id: indicator.id, code: indicator.code, name: indicator.name, qualitative: indicator.qualitative },
    years: summaries(rows.filter((r) => r.cohort_key === null)),
    cohort: q.cohort,
    cohorts: cohortList,
    pilot: compared,
  };
}
