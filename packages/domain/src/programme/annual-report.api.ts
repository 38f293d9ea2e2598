import { actionViewSchema } from '../lifecycle/action-view.js';
import { transitionRequestOf } from '../lifecycle/request.js';
import { annualReportLifecycle, itemReasonSchema, REPORT_STATUSES, reportContentSchema } from './annual-report.js';
import { z } from 'zod';
import { listTotalFields, queryInt, sortOrders, sortQuery } from '../text.js';

// Request and response shapes of the annual-report API.

export const createReportBody = z.strictObject({ year: z.number().int().min(2000).max(2100) });

export const REPORT_SORT_KEYS = ['pilot', 'province', 'year', 'status', 'dueDate', 'updatedAt'] as const;
export const REPORT_SORTS = sortOrders(REPORT_SORT_KEYS);
export type ReportSort = (typeof REPORT_SORTS)[number];

/** A page of the reports in scope: a pilot's ten years, or a year of three thousand pilots. */
export const reportListQuery = z.strictObject({
  pilot: z.uuid().optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  status: z.enum(REPORT_STATUSES).optional(),
  sort: sortQuery(REPORT_SORT_KEYS),
  page: queryInt(1, 100_000, 1),
  pageSize: queryInt(1, 200, 50),
});
export type ReportListQuery = z.infer<typeof reportListQuery>;

export const reportTransitionBody = transitionRequestOf(annualReportLifecycle, {
  extra: { itemReasons: z.array(itemReasonSchema).max(100).optional() },
});

const reason = z.object({ text: z.string(), byName: z.string(), action: z.string() });

export const reportSummarySchema = z.object({
  id: z.uuid(),
  pilot: z.object({ id: z.uuid(), name: z.string(), organisationName: z.string() }),
  province: z.object({ id: z.uuid(), name: z.string() }),
  taskBookId: z.uuid(),
  year: z.number(),
  status: z.enum(REPORT_STATUSES),
  version: z.number(),
  dueDate: z.string(),
  overdue: z.boolean(),
  updatedAt: z.string(),
});
export const reportListSchema = z.object({ items: z.array(reportSummarySchema), ...listTotalFields });

const indicatorSchema = reportContentSchema.shape.indicators.element;
const projectSchema = reportContentSchema.shape.projects.element;

export const reportSchema = reportSummarySchema.extend({
  content: z.object({
    indicators: z.array(z.object({ ...indicatorSchema.shape, returnReasons: z.array(reason) })),
    projects: z.array(z.object({ ...projectSchema.shape, returnReasons: z.array(reason) })),
    platform: z.string(),
    narrative: z.string(),
  }),
  returnReasons: z.array(reason),
  problems: z.array(z.object({ item: z.string(), code: z.string() })),
  changedSinceReturn: z
    .array(
      z.object({
        path: z.string(),
        before: z.unknown(),
        after: z.unknown(),
        text: z.array(z.object({ op: z.string(), text: z.string() })).optional(),
      }),
    )
    .nullable(),
  evidence: z.array(z.object({ id: z.uuid(), filename: z.string() })),
  reviews: z.array(
    z.object({
      action: z.string(),
      reason: z.string().nullable(),
      itemReasons: z.array(z.object({ item: z.string().nullable(), text: z.string() })),
      byName: z.string(),
      versionNumber: z.number(),
      at: z.string(),
    }),
  ),
  actions: z.array(actionViewSchema),
  abilities: z.object({ edit: z.boolean(), addEvidence: z.boolean() }),
});
