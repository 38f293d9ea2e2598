import { fillTemplate, sortedExportQuery, taskBookListQuery, TASK_BOOK_STATUSES } from '@smartcity/domain';
import type { z } from 'zod';
import { exportTime, inWords, itemsOf, type ExportColumn, type ExportSpec, type ItemOf } from '../../shared/export.js';
import { pilotNamed } from '../pilots/pilots.export.js';
import { listTaskBooks } from './task-books.service.js';

const query = sortedExportQuery(taskBookListQuery, ['pilot', 'province', 'batch', 'deadline', 'status', 'version', 'updatedAt']);
type Row = ItemOf<typeof listTaskBooks>;

const columns: ExportColumn<Row>[] = [
  { header: 'pilot', value: (b) => b.pilot.name, width: 24 },
  { header: 'province', value: (b) => b.province.name, width: 28 },
  {
    header: 'batch',
    value: (b, m) => fillTemplate(m.export.batchLabel, { year: b.batch.year }),
    sortValue: (b) => b.batch.year,
    width: 12,
  },
  // the table sorts by the date that holds now
  { header: 'deadline', value: (b) => b.batch.deadline, sortValue: (b) => b.deadlineExtendedTo ?? b.batch.deadline },
  { header: 'extendedTo', value: (b) => b.deadlineExtendedTo },
  { header: 'status', value: (b, m) => m.taskBookStatus[b.status], sortValue: (b) => TASK_BOOK_STATUSES.indexOf(b.status) },
  { header: 'version', value: (b) => b.currentVersion },
  { header: 'updatedAt', value: (b) => exportTime(b.updatedAt) },
];

/** 创建任务书: the list as the reader may see it, in its order. */
export const taskBookExport: ExportSpec<z.infer<typeof query>, Row> = {
  path: '/api/task-books',
  list: 'taskBooks',
  tags: ['task-books'],
  access: { tiers: 'all' },
  querystring: query,
  columns,
  pages: itemsOf(listTaskBooks),
  order: 'columns',
  filters: async (ctx, q, m) =>
    inWords(m, [
      ['status', q.status && m.taskBookStatus[q.status]],
      ['pilot', await pilotNamed(ctx, q.pilot)],
    ]),
};
