import {
  dashboardQuery,
  exportQuery,
  fillTemplate,
  metricValue,
  type Dashboard,
  type DashboardQuery,
  type Messages,
} from '@smartcity/domain';
import type { z } from 'zod';
import type { Ctx } from '../../context.js';
import { inWords, itemsOf, type ExportSpec, type ItemOf } from '../../shared/export.js';
import { provinceNamed } from '../pilots/pilots.export.js';
import { dashboardYear, overduePages, provinceTable } from './dashboards.service.js';

const query = exportQuery(dashboardQuery);
type Query = z.infer<typeof query>;
type Access = ExportSpec<Query, unknown>['access'];

/** A dashboard's filter in words, with the report year it shows (asked for, or the latest due). */
const dashboardFilters = async (ctx: Ctx, q: DashboardQuery, m: Messages) =>
  inWords(m, [
    ['province', await provinceNamed(ctx, q.province)],
    ['batch', q.batch === undefined ? undefined : fillTemplate(m.export.batchLabel, { year: q.batch })],
    ['year', await dashboardYear(ctx, q)],
  ]);

/** 各省情况: the dashboard's province table with its traffic lights, for the dashboard's readers. */
export const provinceTableExport = (access: Access): ExportSpec<Query, ItemOf<typeof provinceTable>> => ({
  path: '/api/dashboard/provinces',
  list: 'provinces',
  tags: ['dashboards'],
  access,
  querystring: query,
  columns: [
    { header: 'light', value: (p, m) => m.export.lights[p.light], width: 8 },
    { header: 'province', value: (p) => p.provinceName, width: 20 },
    { header: 'pilots', value: (p) => p.pilots, width: 10 },
    { header: 'signedShare', value: (p) => metricValue('signedShare', p), width: 18 },
    { header: 'onTimeShare', value: (p) => metricValue('onTimeShare', p), width: 18 },
    { header: 'reportsOverdue', value: (p) => p.reports.overdue, width: 10 },
    { header: 'openFindings', value: (p) => p.openFindings, width: 20 },
    { header: 'averageStars', value: (p) => p.averageStars, width: 10 },
  ],
  pages: itemsOf(provinceTable),
  filters: dashboardFilters,
});

/** 逾期事项: everything overdue, oldest first (the dashboard shows the first hundred), for the dashboard's readers. */
export const overdueExport = (access: Access): ExportSpec<Query, Dashboard['overdue']['items'][number]> => ({
  path: '/api/dashboard/overdue',
  list: 'overdue',
  tags: ['dashboards'],
  access,
  querystring: query,
  columns: [
    { header: 'dueDate', value: (o) => o.dueDate, width: 12 },
    { header: 'item', value: (o, m) => m.export.overdueKind[o.kind], width: 20 },
    { header: 'pilot', value: (o) => o.pilot.name, width: 24 },
    { header: 'province', value: (o) => o.provinceName, width: 20 },
  ],
  pages: overduePages,
  filters: dashboardFilters,
});
