import { exportQuery, fillTemplate, pilotListQuery, type Messages, type PilotListQuery } from '@smartcity/domain';
import type { Ctx } from '../../context.js';
import { inWords, type ExportColumn } from '../../shared/export.js';
import { referenceRepository } from '../reference/reference.repository.js';
import { pilotRepository, type PilotFilter, type PilotRow } from './pilots.repository.js';

/** The registry's export takes the registry's query without the page. */
export const pilotExportQuery = exportQuery(pilotListQuery.omit({ page: true, pageSize: true }));

/** The registry's columns, then what the table shows only on a pilot's page. */
export const PILOT_COLUMNS: ExportColumn<PilotRow>[] = [
  { header: 'seq', value: (p) => p.seq, width: 8 },
  { header: 'publishedName', value: (p) => p.publishedName, width: 24 },
  { header: 'province', value: (p) => p.provinceName, width: 20 },
  { header: 'kind', value: (p, m) => m.pilotKind[p.kind] },
  { header: 'batch', value: (p, m) => fillTemplate(m.export.batchLabel, { year: p.batchYear }), width: 12 },
  { header: 'status', value: (p, m) => m.pilotStatus[p.status] },
  { header: 'officialName', value: (p) => p.officialName, width: 24 },
  { header: 'adminCode', value: (p) => p.adminCode, width: 14 },
  { header: 'supervisor', value: (p) => p.supervisorName, width: 32 },
];

/** The registry's filters in words, in the order of its filter bar. */
export async function pilotFiltersInWords(ctx: Ctx, q: PilotFilter & Pick<PilotListQuery, 'sort'>, m: Messages): Promise<string[]> {
  const e = m.export;
  return inWords(m, [
    ['province', await provinceNamed(ctx, q.province)],
    ['batch', q.batch === undefined ? undefined : fillTemplate(e.batchLabel, { year: q.batch })],
    ['kind', q.kind && m.pilotKind[q.kind]],
    ['status', q.status && m.pilotStatus[q.status]],
    ['q', q.q],
    ['taskBook', q.taskBook && (q.taskBook === 'none' ? e.taskBookNone : m.taskBookStatus[q.taskBook])],
    ['year', q.year],
    ['report', q.report && e.reportFact[q.report]],
    ['findings', q.findings && e.findingsOpen],
    ['stars', q.stars === undefined ? undefined : m.stars[q.stars as 0 | 1 | 2 | 3]],
  ]);
}

/** A province filter by the province's name. */
export async function provinceNamed(ctx: Ctx, code: string | undefined): Promise<string | undefined> {
  return code && ((await referenceRepository.provinceNames(ctx.db)).get(code) ?? code);
}

/** A pilot filter (`?pilot=<id>`) by the pilot's name, when the reader may see it. */
export async function pilotNamed(ctx: Ctx, id: string | undefined): Promise<string | undefined> {
  return id && ((await pilotRepository.get(ctx.db, ctx.scope, id))?.publishedName ?? id);
}
