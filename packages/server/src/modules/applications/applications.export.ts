import { APPLICATION_STATUSES, applicationListQuery, fillTemplate, sortedExportQuery } from '@smartcity/domain';
import type { z } from 'zod';
import { exportTime, inWords, itemsOf, type ExportSpec, type ItemOf } from '../../shared/export.js';
import { callRepository } from '../calls/calls.repository.js';
import { listApplications } from './applications.service.js';

const query = sortedExportQuery(applicationListQuery, ['name', 'applicant', 'province', 'kind', 'status', 'updatedAt']);

/** 申报: the applications as the reader may see them (a call's, with `call`), in their order. */
export const applicationExport: ExportSpec<z.infer<typeof query>, ItemOf<typeof listApplications>> = {
  path: '/api/applications',
  list: 'applications',
  tags: ['applications'],
  access: { tiers: 'all' },
  querystring: query,
  columns: [
    { header: 'name', value: (a) => a.name, width: 24 },
    { header: 'applicant', value: (a) => a.organisationName, width: 28 },
    { header: 'province', value: (a) => a.provinceName, width: 20 },
    { header: 'kind', value: (a, m) => m.pilotKind[a.kind] },
    { header: 'call', value: (a, m) => fillTemplate(m.export.batchLabel, { year: a.callYear }), width: 12 },
    { header: 'status', value: (a, m) => m.applicationStatus[a.status], sortValue: (a) => APPLICATION_STATUSES.indexOf(a.status) },
    { header: 'updatedAt', value: (a) => exportTime(a.updatedAt) },
  ],
  pages: itemsOf(listApplications),
  order: 'columns',
  filters: async (ctx, q, m) => {
    const call = q.call ? await callRepository.get(ctx.db, ctx.scope, q.call) : null;
    return inWords(m, [
      ['call', q.call && (call ? fillTemplate(m.export.batchLabel, { year: call.year }) : q.call)],
      ['status', q.status && m.applicationStatus[q.status]],
    ]);
  },
};
