import { sortedExportQuery } from '@smartcity/domain';
import { z } from 'zod';
import { RULES } from '../../tenancy/abilities.js';
import { exportTime, whole, type ExportSpec } from '../../shared/export.js';
import { presentAccount } from './accounts.presenter.js';
import { listAccounts } from './accounts.service.js';

const query = sortedExportQuery(z.strictObject({}), ['username', 'displayName', 'jobTitle', 'email', 'disabled']);

/** 人员: the people of the administrator's own organisation, as the people page lists them. */
export const accountExport: ExportSpec<z.infer<typeof query>, ReturnType<typeof presentAccount>> = {
  path: '/api/users',
  list: 'people',
  tags: ['accounts'],
  access: RULES.manageUsers,
  querystring: query,
  columns: [
    { header: 'displayName', value: (a) => a.displayName, width: 16 },
    { header: 'username', value: (a) => a.username, width: 24 },
    { header: 'jobTitle', value: (a) => a.title, sortValue: (a) => a.title ?? '', width: 20 },
    { header: 'email', value: (a) => a.email, width: 28 },
    { header: 'roles', value: (a, m) => a.roles.map((r) => m.role[r]).join(m.export.separator), width: 24 },
    { header: 'disabled', value: (a, m) => (a.disabled ? m.diff.yes : m.diff.no), sortValue: (a) => Number(a.disabled), width: 8 },
    { header: 'createdAt', value: (a) => exportTime(a.createdAt) },
  ],
  pages: (ctx) => whole(listAccounts(ctx).then((rows) => rows.map(presentAccount))),
  order: 'columns',
  filters: () => [],
};
