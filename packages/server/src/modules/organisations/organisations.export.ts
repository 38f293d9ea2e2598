import { organisationListQuery, sortedExportQuery } from '@smartcity/domain';
import type { z } from 'zod';
import { inWords, whole, type ExportSpec, type ItemOf } from '../../shared/export.js';
import { provinceNamed } from '../pilots/pilots.export.js';
import { referenceRepository } from '../reference/reference.repository.js';
import { listOrganisations } from './organisations.service.js';

const query = sortedExportQuery(organisationListQuery, ['code', 'name', 'type', 'province']);
type Row = ItemOf<typeof listOrganisations> & { provinceName: string | null };

/** 机构: the organisations the reader may see, by code, with their province's name. */
export const organisationExport: ExportSpec<z.infer<typeof query>, Row> = {
  path: '/api/organisations',
  list: 'organisations',
  tags: ['organisations'],
  access: { tiers: 'all' },
  querystring: query,
  columns: [
    { header: 'code', value: (o) => o.code, width: 20 },
    { header: 'name', value: (o) => o.name, width: 36 },
    { header: 'type', value: (o, m) => m.orgType[o.type] },
    // the table sorts provinces by their code (north to south, as the standard lists them)
    { header: 'province', value: (o) => o.provinceName, sortValue: (o) => o.provinceCode, width: 20 },
  ],
  pages: (ctx, q) =>
    whole(
      Promise.all([listOrganisations(ctx, q), referenceRepository.provinceNames(ctx.db)]).then(([{ items }, names]) =>
        items.map((o) => ({ ...o, provinceName: o.provinceCode && (names.get(o.provinceCode) ?? o.provinceCode) })),
      ),
    ),
  order: 'columns',
  filters: async (ctx, q, m) =>
    inWords(m, [
      ['type', q.type && m.orgType[q.type]],
      ['province', await provinceNamed(ctx, q.province)],
      ['q', q.q],
    ]),
};
