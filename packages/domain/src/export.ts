import { z } from 'zod';
import { MESSAGES, type Lang, type Messages } from './i18n/index.js';
import { sortQuery } from './text.js';

/** The file formats every list exports to: .xlsx, and CSV (UTF-8 with a BOM, so Excel reads the Chinese right). */
export const EXPORT_FORMATS = ['xlsx', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * An export's query: the list's own filters and sort (an export is the whole filtered list, so no page), plus `lang` for
 * the web's download links, which cannot set Accept-Language; without it the request's Accept-Language decides.
 */
export const exportQuery = <S extends z.ZodRawShape>(listQuery: z.ZodObject<S>) =>
  listQuery.extend({ lang: z.enum(['zh-CN', 'en']).optional() });

/**
 * The export query of a list the API sends whole and the browser's table sorts: `sort` names one of the export's
 * columns (`-` first: descending), so the file comes in the order the table shows.
 */
export const sortedExportQuery = <S extends z.ZodRawShape, const K extends string>(listQuery: z.ZodObject<S>, columns: readonly K[]) =>
  exportQuery(listQuery).extend({ sort: sortQuery(columns) });

/** The lists that export, each named by its title in the catalogs (`export.lists`). */
export const EXPORT_LISTS = [
  'pilots',
  'taskBooks',
  'annualReports',
  'inspections',
  'applications',
  'acceptances',
  'agreements',
  'notices',
  'organisations',
  'people',
  'provinces',
  'overdue',
  'auditLog',
] as const;
export type ExportList = (typeof EXPORT_LISTS)[number];

const REGISTRY_COLUMNS = [
  'seq',
  'publishedName',
  'officialName',
  'adminCode',
  'province',
  'kind',
  'batch',
  'status',
  'supervisor',
  'note',
] as const;

/** The registry's column names in a language: the web's table and the export's headers use these, so they cannot differ. */
export const registryColumnNames = (lang: Lang) =>
  Object.fromEntries(REGISTRY_COLUMNS.map((k) => [k, MESSAGES[lang].export.columns[k]])) as Pick<
    Messages['export']['columns'],
    (typeof REGISTRY_COLUMNS)[number]
  >;
