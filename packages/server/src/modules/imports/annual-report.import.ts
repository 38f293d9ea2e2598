import { DATA_QUALITY, MESSAGES, PROJECT_STATES, reportContentSchema, type ReportContent } from '@smartcity/domain';
import type { Ctx } from '../../context.js';
import * as xlsx from '../../shared/xlsx/workbook.js';
import { assertEditable, loadReport, saveContent } from '../annual-reports/annual-reports.service.js';

/*
 * An annual report's indicator actuals and project progress from .xlsx, through the report's own save
 * (saveContent: If-Match, the item checks, audited as annualReport.saveContent). The template lists the report's
 * items with their numbers (编号); a row updates the item with its number, items without a row stay as they are.
 * Names, units and targets are printed for reference and never read: they are the task book's, not the report's.
 */

const options = <T extends string>(values: readonly T[], pick: (m: (typeof MESSAGES)['zh-CN'], v: T) => string) =>
  values.map((value) => ({ value, label: xlsx.both((m) => pick(m, value)) }));

const indicatorSpec: xlsx.SheetSpec = {
  name: xlsx.both((m) => m.imports.sheets.reportIndicators),
  columns: [
    xlsx.column('id', 'text', { width: 14 }),
    xlsx.column('itemName', 'text', { ignored: true, width: 28 }),
    xlsx.column('unit', 'text', { ignored: true, width: 10 }),
    xlsx.column('target', 'target', { ignored: true }),
    xlsx.column('actual', 'number'),
    xlsx.column('source', 'text', { width: 30 }),
    xlsx.column('quality', 'option', { options: options(DATA_QUALITY, (m, v) => m.dataQuality[v]) }),
  ],
};

const projectSpec: xlsx.SheetSpec = {
  name: xlsx.both((m) => m.imports.sheets.reportProjects),
  columns: [
    xlsx.column('id', 'text', { width: 14 }),
    xlsx.column('itemName', 'text', { ignored: true, width: 28 }),
    xlsx.column('state', 'option', { options: options(PROJECT_STATES, (m, v) => m.projectState[v]) }),
    xlsx.column('percentComplete', 'number'),
    xlsx.column('spentGovernment', 'number'),
    xlsx.column('spentSocial', 'number'),
    xlsx.column('spentBank', 'number'),
    xlsx.column('spentOther', 'number'),
  ],
};

const INDICATOR_COLUMNS: Record<string, string> = { actual: 'actual', source: 'source', quality: 'quality' };
const PROJECT_COLUMNS: Record<string, string> = {
  state: 'state',
  percentComplete: 'percentComplete',
  'spent.government': 'spentGovernment',
  'spent.social': 'spentSocial',
  'spent.bank': 'spentBank',
  'spent.other': 'spentOther',
};

export async function annualReportTemplate(ctx: Ctx, id: string) {
  const { content } = await loadReport(ctx, id);
  const m = MESSAGES[ctx.lang].imports;
  return xlsx.buildTemplate(
    ctx.lang,
    [
      {
        spec: indicatorSpec,
        rows: content.indicators.map((i) => ({
          id: i.id,
          itemName: i.name,
          unit: i.unit,
          target: i.target,
          actual: i.actual,
          source: i.source,
          quality: i.quality,
        })),
      },
      {
        spec: projectSpec,
        rows: content.projects.map((p) => ({
          id: p.id,
          itemName: p.name,
          state: p.state,
          percentComplete: p.percentComplete,
          spentGovernment: p.spent.government,
          spentSocial: p.spent.social,
          spentBank: p.spent.bank,
          spentOther: p.spent.other,
        })),
      },
    ],
    m.notes.report,
  );
}

const text = xlsx.cellText;

/** The rows of a sheet by the item they name: unknown and repeated numbers are problems at the 编号 column. */
function rowsById(sheet: xlsx.SheetRows, ids: string[]) {
  const known = new Set(ids);
  const byId = new Map<string, (typeof sheet.rows)[number]>();
  for (const r of sheet.rows) {
    const id = text(r.values.id).trim();
    const first = byId.get(id);
    if (!id) sheet.flag(r.row, 'id', 'import_required');
    else if (!known.has(id)) sheet.flag(r.row, 'id', 'import_unknown_item');
    else if (first) sheet.flag(r.row, 'id', 'import_duplicate_row', { row: String(first.row) });
    else byId.set(id, r);
  }
  return byId;
}

export async function importAnnualReport(ctx: Ctx, id: string, ifMatch: number, data: Buffer) {
  const head = await loadReport(ctx, id);
  assertEditable(ctx, head, 'status');
  const wb = await xlsx.readWorkbook(data);
  const problems = new xlsx.Problems();
  const indicatorSheet = xlsx.readSheet(wb, indicatorSpec, ctx.lang, problems, false);
  const projectSheet = xlsx.readSheet(wb, projectSpec, ctx.lang, problems, false);
  if (!indicatorSheet.readable || !projectSheet.readable) problems.throwIfAny(ctx.lang);

  const indicatorRows = rowsById(
    indicatorSheet,
    head.content.indicators.map((i) => i.id),
  );
  const projectRows = rowsById(
    projectSheet,
    head.content.projects.map((p) => p.id),
  );
  const next: ReportContent = {
    ...head.content,
    indicators: head.content.indicators.map((i) => {
      const r = indicatorRows.get(i.id);
      if (!r) return i;
      const v = r.values;
      return {
        ...i,
        actual: (v.actual ?? null) as number | null,
        source: text(v.source),
        quality: (v.quality ?? null) as ReportContent['indicators'][number]['quality'],
      };
    }),
    projects: head.content.projects.map((p) => {
      const r = projectRows.get(p.id);
      if (!r) return p;
      const v = r.values;
      for (const k of ['state', 'percentComplete'] as const) if ((v[k] ?? null) === null) projectSheet.flag(r.row, k, 'import_required');
      return {
        ...p,
        state: (v.state ?? p.state) as typeof p.state,
        percentComplete: (v.percentComplete ?? p.percentComplete) as number,
        spent: {
          government: (v.spentGovernment ?? 0) as number,
          social: (v.spentSocial ?? 0) as number,
          bank: (v.spentBank ?? 0) as number,
          other: (v.spentOther ?? 0) as number,
        },
      };
    }),
  };
  const parsed = reportContentSchema.safeParse(next);
  if (!parsed.success) {
    // each issue at its item's row: indicators.3.actual → the row that named indicator 3
    for (const issue of parsed.error.issues) {
      const [list, index, ...rest] = issue.path.map(String);
      const isIndicators = list === 'indicators';
      const item = (isIndicators ? next.indicators : next.projects)[Number(index)];
      const row = item && (isIndicators ? indicatorRows : projectRows).get(item.id);
      if (!row) continue;
      const sheet = isIndicators ? indicatorSheet : projectSheet;
      sheet.flagIssues(row.row, [{ ...issue, path: rest }], (path) => (isIndicators ? INDICATOR_COLUMNS : PROJECT_COLUMNS)[path] ?? null);
    }
    // an item the file did not touch cannot be wrong, but never save what the schema refused
    if (!problems.any) problems.add({ sheet: indicatorSheet.name, row: null, column: null, code: 'validation' });
  }
  problems.throwIfAny(ctx.lang);
  const version = await saveContent(ctx, id, ifMatch, parsed.data!);
  return { version, rows: indicatorRows.size + projectRows.size };
}
