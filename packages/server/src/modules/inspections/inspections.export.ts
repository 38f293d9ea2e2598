import { inspectionListQuery, sortedExportQuery } from '@smartcity/domain';
import type { z } from 'zod';
import { exportTime, inWords, itemsOf, type ExportSpec, type ItemOf } from '../../shared/export.js';
import { pilotNamed } from '../pilots/pilots.export.js';
import { listInspections } from './inspections.service.js';

const query = sortedExportQuery(inspectionListQuery, ['inspectedOn', 'pilot', 'province', 'inspectors']);

/** 监督检查: the list as the reader may see it, in its order. */
export const inspectionExport: ExportSpec<z.infer<typeof query>, ItemOf<typeof listInspections>> = {
  path: '/api/inspections',
  list: 'inspections',
  tags: ['inspections'],
  access: { tiers: 'all' },
  querystring: query,
  columns: [
    { header: 'pilot', value: (i) => i.pilot.name, width: 24 },
    { header: 'province', value: (i) => i.province.name, width: 28 },
    { header: 'inspectedOn', value: (i) => i.inspectedOn, width: 12 },
    { header: 'inspectors', value: (i, m) => i.inspectors.join(m.export.separator), sortValue: (i) => i.inspectors.join('、'), width: 32 },
    { header: 'createdAt', value: (i) => exportTime(i.createdAt) },
  ],
  pages: itemsOf(listInspections),
  order: 'columns',
  filters: async (ctx, q, m) => inWords(m, [['pilot', await pilotNamed(ctx, q.pilot)]]),
};
