import { AGREEMENT_STATUSES, agreementListQuery, sortedExportQuery } from '@smartcity/domain';
import type { z } from 'zod';
import { exportTime, inWords, itemsOf, type ExportSpec, type ItemOf } from '../../shared/export.js';
import { listAgreements } from './agreements.service.js';

const query = sortedExportQuery(agreementListQuery, ['province', 'government', 'status', 'updatedAt']);

type Spec = ExportSpec<z.infer<typeof query>, ItemOf<typeof listAgreements>>;

/** 共同推进协议: the agreements as the reader may see them, in their order; the list's readers may export it. */
export const agreementExport = (access: Spec['access']): Spec => ({
  path: '/api/agreements',
  list: 'agreements',
  tags: ['agreements'],
  access,
  querystring: query,
  columns: [
    { header: 'province', value: (a) => a.province.name, width: 20 },
    { header: 'government', value: (a) => a.government.name, width: 28 },
    { header: 'status', value: (a, m) => m.agreementStatus[a.status], sortValue: (a) => AGREEMENT_STATUSES.indexOf(a.status) },
    { header: 'updatedAt', value: (a) => exportTime(a.updatedAt) },
  ],
  pages: itemsOf(listAgreements),
  order: 'columns',
  filters: (_ctx, q, m) => inWords(m, [['status', q.status && m.agreementStatus[q.status]]]),
});
