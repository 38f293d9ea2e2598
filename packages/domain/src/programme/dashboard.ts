import { z } from 'zod';
import { PILOT_STATUSES } from '../lifecycle/pilot.lifecycle.js';
import { TASK_BOOK_STATUSES } from '../task-book/task-book.lifecycle.js';
import { FUNDING_SOURCES, type FundingSource } from '../task-book/sections.js';
import { divisionCode } from '../text.js';

// Dashboards count pilots by facts the registry can filter on, so each figure links to a list whose total it equals.

/** Where a pilot's task book stands: not started (`none`) or the book's status. */
export const TASK_BOOK_PROGRESS = ['none', ...TASK_BOOK_STATUSES] as const;
export type TaskBookProgress = (typeof TASK_BOOK_PROGRESS)[number];

/**
 * The annual report of a year: `due` — owed (the signed task book's period covers the year, and 1 November of it has
 * come); `submitted` — with the province or the Ministry, or accepted; `accepted`; `overdue` — due, past 31 December,
 * and not submitted (a draft or not started).
 */
export const REPORT_FACTS = ['due', 'submitted', 'accepted', 'overdue'] as const;
export type ReportFact = (typeof REPORT_FACTS)[number];

/** What the map can colour provinces by. */
export const MAP_METRICS = ['pilots', 'signedShare', 'onTimeShare', 'openFindings', 'averageStars'] as const;
export type MapMetric = (typeof MAP_METRICS)[number];

const year = z.coerce.number().int().min(2000).max(2100);

/** The filters a dashboard shares with the registry; `year` is the annual reports' year (default: the latest one due). */
export const dashboardQuery = z.strictObject({
  batch: z.coerce.number().int().min(2012).max(2100).optional(),
  province: divisionCode.optional(),
  year: year.optional(),
});
export type DashboardQuery = z.infer<typeof dashboardQuery>;

const count = z.number().int();
export const dashboardFiguresSchema = z.object({
  pilots: count,
  byStatus: z.object(Object.fromEntries(PILOT_STATUSES.map((s) => [s, count])) as Record<(typeof PILOT_STATUSES)[number], typeof count>),
  taskBooks: z.object(Object.fromEntries(TASK_BOOK_PROGRESS.map((s) => [s, count])) as Record<TaskBookProgress, typeof count>),
  reports: z.object(Object.fromEntries(REPORT_FACTS.map((s) => [s, count])) as Record<ReportFact, typeof count>),
  /** pilots with a finding not yet closed (open or answered) */
  openFindings: count,
  /** rated pilots by stars: index 0 = failed, 1–3 = 一星 to 三星 */
  stars: z.array(count).length(4),
  averageStars: z.number().nullable(),
});
export type DashboardFigures = z.infer<typeof dashboardFiguresSchema>;

export const TRAFFIC_LIGHTS = ['green', 'amber', 'red'] as const;
export type TrafficLight = (typeof TRAFFIC_LIGHTS)[number];

/**
 * A province's light: red when a quarter or more of the year's due reports are overdue, amber when anything is
 * overdue or a finding is open, green otherwise.
 */
export function trafficLight(f: Pick<DashboardFigures, 'reports' | 'openFindings'>): TrafficLight {
  if (f.reports.overdue > 0 && f.reports.overdue * 4 >= f.reports.due) return 'red';
  return f.reports.overdue > 0 || f.openFindings > 0 ? 'amber' : 'green';
}

/** Share in percent (one decimal), null when there is nothing to divide. */
export const share = (part: number, whole: number) => (whole > 0 ? Math.round((part * 1000) / whole) / 10 : null);

/** A map metric's value for some figures (a province's, or the totals); null when there is nothing to divide or rate. */
export function metricValue(metric: MapMetric, f: DashboardFigures): number | null {
  switch (metric) {
    case 'pilots':
      return f.pilots;
    case 'signedShare':
      return share(f.taskBooks.signed, f.pilots);
    case 'onTimeShare':
      return share(f.reports.due - f.reports.overdue, f.reports.due);
    case 'openFindings':
      return f.openFindings;
    case 'averageStars':
      return f.averageStars;
  }
}

export const OVERDUE_KINDS = ['taskBook', 'report', 'rectification'] as const;
export const overdueItemSchema = z.object({
  kind: z.enum(OVERDUE_KINDS),
  pilot: z.object({ id: z.uuid(), name: z.string() }),
  provinceName: z.string(),
  dueDate: z.string(),
  /** the record, when one exists (a report never started has none) */
  subjectId: z.uuid().nullable(),
  /** the report's year (kind `report`) */
  year: z.number().int().nullable(),
});

export const dashboardSchema = z.object({
  year: z.number().int().nullable(),
  /** the years some pilot in view owes a report for */
  years: z.array(z.number().int()),
  totals: dashboardFiguresSchema,
  provinces: z.array(dashboardFiguresSchema.extend({ provinceCode: z.string(), provinceName: z.string(), light: z.enum(TRAFFIC_LIGHTS) })),
  overdue: z.object({ items: z.array(overdueItemSchema), total: count }),
  /** the overdue list's bulk actions the reader may take */
  abilities: z.object({ extend: z.boolean(), remind: z.boolean() }),
  /** planned investment (万元) by year and funding source, over the signed task books in view */
  investment: z.array(
    z.object({
      year: z.number().int(),
      ...(Object.fromEntries(FUNDING_SOURCES.map((s) => [s, z.number()])) as Record<FundingSource, z.ZodNumber>),
    }),
  ),
});
export type Dashboard = z.infer<typeof dashboardSchema>;

/** The per-pilot progress table: where each pilot in view stands, the chosen year's report included. */
export const pilotProgressSchema = z.object({
  year: z.number().int().nullable(),
  items: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      batchYear: z.number().int(),
      status: z.enum(PILOT_STATUSES),
      taskBook: z.enum(TASK_BOOK_PROGRESS),
      /** the chosen year's report: its furthest fact, null when none is due */
      report: z.enum(REPORT_FACTS).nullable(),
      reportsAccepted: count,
      openFindings: count,
      stars: z.number().int().nullable(),
    }),
  ),
});

export type PilotProgress = z.infer<typeof pilotProgressSchema>;

/** One pilot's own progress: from its signed task book and its accepted annual reports. */
export const pilotDashboardSchema = z.object({
  signed: z.boolean(),
  projects: z.object({ planned: count, reported: count, completed: count }),
  funding: z.array(z.object({ year: z.number().int(), planned: z.number(), spent: z.number() })),
  indicators: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      unit: z.string(),
      years: z.array(z.object({ year: z.number().int(), target: z.number().nullable(), actual: z.number().nullable() })),
    }),
  ),
});
export type PilotDashboard = z.infer<typeof pilotDashboardSchema>;
