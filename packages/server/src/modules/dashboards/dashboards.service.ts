import {
  PILOT_STATUSES,
  REPORT_FACTS,
  TASK_BOOK_PROGRESS,
  reportDueDate,
  reportVisibleFrom,
  trafficLight,
  dashboardSchema,
  pilotProgressSchema,
  type Dashboard,
  type DashboardFigures,
  type DashboardQuery,
  type PilotDashboard,
  type PilotProgress,
} from '@smartcity/domain';
import type { Ctx } from '../../context.js';
import { beijingDate } from '../../lib/clock.js';
import { notFound } from '../../lib/errors.js';
import { overdueAbilities } from '../../tenancy/abilities.js';
import { pilotRepository } from '../pilots/pilots.repository.js';
import { dashboardRepository, type DashboardView } from './dashboards.repository.js';
import { pilotDashboardRepository } from './pilot-dashboard.repository.js';
import { paged } from '../../shared/export.js';
import { checkedJson } from '../../shared/checked-json.js';
import { unchangedCache } from '../../shared/unchanged-cache.repository.js';

type Row = Record<string, string | number>;

/** A figure of a row; the totals of no rows at all are zeros. */
function figuresOf(row: Row): DashboardFigures {
  const n = (key: string) => Number(row[key] ?? 0);
  const pick = <K extends string>(prefix: string, keys: readonly K[]) =>
    Object.fromEntries(keys.map((k) => [k, n(`${prefix}.${k}`)])) as Record<K, number>;
  const stars = [0, 1, 2, 3].map((s) => n(`stars.${s}`));
  const rated = stars.reduce((a, b) => a + b, 0);
  return {
    pilots: n('pilots'),
    byStatus: pick('status', PILOT_STATUSES),
    taskBooks: pick('taskBook', TASK_BOOK_PROGRESS),
    reports: pick('report', REPORT_FACTS),
    openFindings: n('openFindings'),
    stars,
    averageStars: rated ? Math.round((n('starsSum') / rated) * 100) / 100 : null,
  };
}

/** Column-wise sums of the provinces' rows (a handful of aggregates, not pilot rows). */
function total(rows: Row[]): Row {
  const sum: Row = {};
  for (const row of rows) for (const [k, v] of Object.entries(row)) if (typeof v === 'number') sum[k] = Number(sum[k] ?? 0) + v;
  return sum;
}

/** The year asked for, else the latest one whose reports are past due, else the latest owed so far. */
function yearOf(asked: number | undefined, years: number[], today: string): number | null {
  if (asked !== undefined) return asked;
  const pastDue = years.filter((y) => today > reportDueDate(y));
  const owed = years.filter((y) => today >= reportVisibleFrom(y));
  return pastDue.at(-1) ?? owed.at(-1) ?? null;
}

const filterOf = (q: DashboardQuery) => ({ batch: q.batch, province: q.province });

/** Where a dashboard query stands: today, its registry filter, the report years in view and the year it shows. */
async function viewOf(ctx: Ctx, q: DashboardQuery): Promise<DashboardView & { years: number[] }> {
  const today = beijingDate(ctx.clock.now());
  const filter = filterOf(q);
  const years = await dashboardRepository.reportYears(ctx.db, ctx.scope, { filter, today });
  return { today, filter, years, year: yearOf(q.year, years, today) };
}

/** The year a dashboard query shows (asked for, or the latest due). */
export const dashboardYear = async (ctx: Ctx, q: DashboardQuery) => (await viewOf(ctx, q)).year;

function provinceRow(row: Row): Dashboard['provinces'][number] {
  const figures = figuresOf(row);
  return { ...figures, provinceCode: String(row.provinceCode), provinceName: String(row.provinceName), light: trafficLight(figures) };
}

type OverdueRow = Awaited<ReturnType<typeof dashboardRepository.overdue>>[number];
/** An overdue row as the list shows it; a report's year is the one the dashboard shows. */
const overdueItem =
  (year: number | null) =>
  (o: OverdueRow): Dashboard['overdue']['items'][number] => ({
    kind: o.kind,
    pilot: { id: o.pilot_id, name: o.pilot_name },
    provinceName: o.province_name,
    dueDate: o.due_date,
    subjectId: o.subject_id,
    year: o.kind === 'report' ? year : null,
  });

/** the programme-wide figures, kept while nothing in the database changes (abilities are the reader's own) */
const figures = unchangedCache(dashboardSchema.omit({ abilities: true }));

/** The dashboard as its checked JSON: the kept figures' object with the reader's abilities added as its last member. */
export async function dashboard(ctx: Ctx, q: DashboardQuery): Promise<string> {
  const shown = await figures.get(ctx.db, [ctx.scope, q, beijingDate(ctx.clock.now())], async () => {
    const { years, ...view } = await viewOf(ctx, q);
    const [rows, overdue, investment] = await Promise.all([
      dashboardRepository.figuresByProvince(ctx.db, ctx.scope, view),
      dashboardRepository.overdue(ctx.db, ctx.scope, view),
      dashboardRepository.investment(ctx.db, ctx.scope, view),
    ]);
    return {
      year: view.year,
      years,
      totals: figuresOf(total(rows)),
      provinces: rows.map(provinceRow),
      overdue: { total: overdue[0]?.total ?? 0, items: overdue.map(overdueItem(view.year)) },
      investment,
    };
  });
  return `${shown.slice(0, -1)},"abilities":${checkedJson(dashboardSchema.shape.abilities, overdueAbilities(ctx.actor))}}`;
}

/** The province table alone, as the dashboard shows it. */
export async function provinceTable(ctx: Ctx, q: DashboardQuery) {
  return { items: (await dashboardRepository.figuresByProvince(ctx.db, ctx.scope, await viewOf(ctx, q))).map(provinceRow) };
}

/** Every overdue item in the dashboard's order, page by page (the dashboard shows the first of them). */
export async function* overduePages(ctx: Ctx, q: DashboardQuery) {
  const view = await viewOf(ctx, q);
  yield* paged(async (page, pageSize) =>
    (await dashboardRepository.overdue(ctx.db, ctx.scope, view, { limit: pageSize, offset: (page - 1) * pageSize })).map(
      overdueItem(view.year),
    ),
  );
}

/** every pilot's progress in view, kept as the figures are */
const progress = unchangedCache(pilotProgressSchema);

/** The progress table as its checked JSON. */
export async function pilotProgress(ctx: Ctx, q: DashboardQuery): Promise<string> {
  const today = beijingDate(ctx.clock.now());
  return progress.get(ctx.db, [ctx.scope, q, today], async () => {
    const filter = filterOf(q);
    const year = yearOf(q.year, await dashboardRepository.reportYears(ctx.db, ctx.scope, { filter, today }), today);
    // the SQL yields the schema's enums (task-book status or 'none', a report fact or null)
    const items = (await dashboardRepository.progress(ctx.db, ctx.scope, { filter, today, year })) as PilotProgress['items'];
    return { year, items };
  });
}

export async function pilotDashboard(ctx: Ctx, pilotId: string): Promise<PilotDashboard> {
  if (!(await pilotRepository.get(ctx.db, ctx.scope, pilotId))) throw notFound();
  const [projects, funding, rows] = await Promise.all([
    pilotDashboardRepository.projects(ctx.db, pilotId),
    pilotDashboardRepository.funding(ctx.db, pilotId),
    pilotDashboardRepository.indicators(ctx.db, pilotId),
  ]);
  const indicators = new Map<string, PilotDashboard['indicators'][number]>();
  for (const r of rows) {
    const entry = indicators.get(r.id) ?? { id: r.id, name: r.name, unit: r.unit, years: [] };
    entry.years.push({ year: r.year, target: r.target, actual: r.actual });
    indicators.set(r.id, entry);
  }
  const { signed, ...counts } = projects;
  return { signed, projects: counts, funding, indicators: [...indicators.values()] };
}
