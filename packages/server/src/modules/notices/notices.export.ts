import { exportQuery } from '@smartcity/domain';
import { z } from 'zod';
import { exportTime, itemsOf, type ExportSpec, type ItemOf } from '../../shared/export.js';
import { listNotices } from './notices.service.js';

const query = exportQuery(z.strictObject({}));

/** 通知公告: the notices the reader's organisation sent or received, as its list shows them. */
export const noticeExport: ExportSpec<z.infer<typeof query>, ItemOf<typeof listNotices>> = {
  path: '/api/notices',
  list: 'notices',
  tags: ['notices'],
  access: { tiers: 'all' },
  querystring: query,
  columns: [
    { header: 'title', value: (n) => n.title, width: 40 },
    { header: 'docNumber', value: (n) => n.docNumber, width: 20 },
    { header: 'issuer', value: (n) => n.issuer, width: 28 },
    { header: 'issuedOn', value: (n) => n.issuedOn, width: 12 },
    { header: 'status', value: (n, m) => m.noticeStatus[n.status] },
    { header: 'publishedAt', value: (n) => exportTime(n.publishedAt) },
    { header: 'read', value: (n, m) => (n.read ? m.diff.yes : m.diff.no), width: 8 },
  ],
  pages: itemsOf(listNotices),
  filters: () => [],
};
