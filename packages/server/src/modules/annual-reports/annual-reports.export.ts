import { exportQuery, reportListQuery } from '@smartcity/domain';
import type { z } from 'zod';
import { exportTime, inWords, paged, type ExportSpec, type ItemOf } from '../../shared/export.js';
import { pilotNamed } from '../pilots/pilots.export.js';
import { listReports } from './annual-reports.service.js';

/** The list's query without the page: the list's own order, sorted by the server. */
const query = exportQuery(reportListQuery.omit({ page: true, pageSize: true }));

/** 年度自评价报告: the list as the reader may see it, in its order. */
export const annualReportExport: ExportSpec<z.infer<typeof query>, ItemOf<typeof listReports>> = {
  path: '/api/annual-reports',
  list: 'annualReports',
  tags: ['annual-reports'],
  access: { tiers: 'all' },
  querystring: query,
  columns: [
    { header: 'pilot', value: (r) => r.pilot.name, width: 24 },
    { header: 'province', value: (r) => r.province.name, width: 28 },
    { header: 'year', value: (r) => r.year, width: 8 },
    { header: 'dueDate', value: (r) => r.dueDate, width: 12 },
    { header: 'overdue', value: (r, m) => (r.overdue ? m.diff.yes : m.diff.no), width: 8 },
    { header: 'status', value: (r, m) => m.reportStatus[r.status] },
    { header: 'updatedAt', value: (r) => exportTime(r.updatedAt) },
  ],
  pages: (ctx, { lang: _lang, ...q }) => paged(async (page, pageSize) => (await listReports(ctx, { ...q, page, pageSize })).items),
  filters: async (ctx, q, m) =>
    inWords(m, [
      ['pilot', await pilotNamed(ctx, q.pilot)],
      ['year', q.year],
      ['status', q.status && m.reportStatus[q.status]],
    ]),
};
