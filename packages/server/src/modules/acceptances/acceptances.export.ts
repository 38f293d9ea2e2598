import { ACCEPTANCE_STATUSES, acceptanceListQuery, fillTemplate, sortedExportQuery } from '@smartcity/domain';
import type { z } from 'zod';
import { exportTime, inWords, itemsOf, type ExportSpec, type ItemOf } from '../../shared/export.js';
import { listAcceptances } from './acceptances.service.js';

const query = sortedExportQuery(acceptanceListQuery, ['pilot', 'province', 'batch', 'status', 'stars']);

/** 验收评级: the acceptances as the reader may see them, in their order. */
export const acceptanceExport: ExportSpec<z.infer<typeof query>, ItemOf<typeof listAcceptances>> = {
  path: '/api/acceptances',
  list: 'acceptances',
  tags: ['acceptances'],
  access: { tiers: 'all' },
  querystring: query,
  columns: [
    { header: 'pilot', value: (a) => a.pilot.name, width: 24 },
    { header: 'province', value: (a) => a.pilot.provinceName, width: 20 },
    {
      header: 'batch',
      value: (a, m) => fillTemplate(m.export.batchLabel, { year: a.pilot.batchYear }),
      sortValue: (a) => a.pilot.batchYear,
      width: 12,
    },
    { header: 'status', value: (a, m) => m.acceptanceStatus[a.status], sortValue: (a) => ACCEPTANCE_STATUSES.indexOf(a.status) },
    { header: 'stars', value: (a, m) => (a.stars === null ? null : m.stars[a.stars as 0 | 1 | 2 | 3]), sortValue: (a) => a.stars },
    { header: 'updatedAt', value: (a) => exportTime(a.updatedAt) },
  ],
  pages: itemsOf(listAcceptances),
  order: 'columns',
  filters: (_ctx, q, m) => inWords(m, [['status', q.status && m.acceptanceStatus[q.status]]]),
};
