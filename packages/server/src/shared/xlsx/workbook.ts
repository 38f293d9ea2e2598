import { IMPORT_LIMITS, MESSAGES, importProblemOf, type ImportIssue, type Lang } from '@smartcity/domain';
import type ExcelJS from 'exceljs';
import { AppError } from '../../lib/errors.js';
import { bufferSource, guardXlsx } from './zip-guard.js';
import { exceljs } from './exceljs.js';

/*
 * One description of a sheet (its columns, what each holds) makes both the template people download and the reader
 * of what they upload, so the two cannot drift. Headers are matched in either language: a file downloaded in Chinese
 * may be uploaded by a colleague reading English.
 */

const LANGS: Lang[] = ['zh-CN', 'en'];

export type Cell = string | number | boolean | null;

export interface Column {
  key: string;
  /** the header in each language */
  header: Record<Lang, string>;
  /** text; number; option: one of `options` (by label in either language, or by key); target: number, yes/no or text */
  type: 'text' | 'number' | 'option' | 'target';
  options?: { value: string; label: Record<Lang, string> }[];
  /** read only for reference (the template shows it, the reader ignores it) */
  ignored?: boolean;
  width?: number;
}

export interface SheetSpec {
  /** the sheet's name in each language */
  name: Record<Lang, string>;
  columns: Column[];
}

export interface Row {
  /** Excel's row number */
  row: number;
  /** by column key; undefined for a column the sheet does not read */
  values: Record<string, Cell | undefined>;
}

/** Catalog text in both languages: `both((m) => m.imports.columns.name)`. */
export const both = (pick: (m: (typeof MESSAGES)['zh-CN']) => string): Record<Lang, string> => ({
  'zh-CN': pick(MESSAGES['zh-CN']),
  en: pick(MESSAGES.en),
});

/** A column whose header is the catalog's `imports.columns[key]`. */
export const column = (
  key: keyof (typeof MESSAGES)['zh-CN']['imports']['columns'],
  type: Column['type'] = 'text',
  more: Partial<Column> = {},
): Column => ({
  key,
  header: both((m) => m.imports.columns[key]),
  type,
  ...more,
});

const normal = (s: string) =>
  s
    .normalize('NFKC') // full-width brackets and digits as half-width: （万元） = (万元)
    .replace(/\s+/g, '')
    .toLowerCase();

/** A cell as text: '' when blank. */
export const cellText = (v: Cell | undefined) => (v === null || v === undefined ? '' : String(v));

/** Collects problems as they are found and words them, in the end, in the reader's language. */
export class Problems {
  readonly issues: ImportIssue[] = [];
  add(issue: ImportIssue) {
    this.issues.push(issue);
  }
  get any() {
    return this.issues.length > 0;
  }
  /** Nothing is written when any row failed: 400 with every problem (up to the limit) by row and column. */
  throwIfAny(lang: Lang) {
    if (!this.any) return;
    const sheets = new Set(this.issues.map((i) => i.sheet)).size;
    const problems = this.issues.slice(0, IMPORT_LIMITS.problems).map((i) => importProblemOf(lang, i, sheets));
    throw new AppError(400, 'import_rows', 'file', { count: String(this.issues.length) }, { problems });
  }
}

/** Reads an upload as a workbook after the zip guard; anything exceljs cannot read is not an .xlsx (400, never 500). */
export async function readWorkbook(data: Buffer): Promise<ExcelJS.Workbook> {
  guardXlsx(bufferSource(data));
  const wb = new (await exceljs()).Workbook();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    throw new AppError(400, 'import_not_xlsx', 'file');
  }
  if (wb.worksheets.length === 0) throw new AppError(400, 'import_not_xlsx', 'file');
  return wb;
}

function findSheet(wb: ExcelJS.Workbook, spec: SheetSpec, only: boolean) {
  const names = new Set(LANGS.map((l) => normal(spec.name[l])));
  return wb.worksheets.find((ws) => names.has(normal(ws.name))) ?? (only ? wb.worksheets[0] : undefined);
}

/** Formulas are refused, not evaluated or trusted: a cached result may be stale or forged, and we cannot recompute it. */
function cellValue(cell: ExcelJS.Cell): { value: Cell } | { problem: string } {
  const v = cell.value;
  if (v === null || v === undefined) return { value: null };
  if (typeof v === 'number' || typeof v === 'boolean') return { value: v };
  if (typeof v === 'string') return { value: v.trim() === '' ? null : v.trim() };
  if (v instanceof Date) return { value: v.toISOString().slice(0, 10) };
  if ('formula' in v || 'sharedFormula' in v) return { problem: 'import_formula' };
  if ('error' in v) return { problem: 'import_cell_error' };
  if ('richText' in v) {
    const text = v.richText
      .map((r) => r.text)
      .join('')
      .trim();
    return { value: text === '' ? null : text };
  }
  if ('text' in v && typeof v.text === 'string') return { value: v.text.trim() || null };
  return { problem: 'import_cell_error' };
}

const YES = new Set(['是', 'yes', 'y', 'true', '√']);
const NO = new Set(['否', 'no', 'n', 'false', '×']);
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** A cell as its column wants it, or the problem code. */
type Coerced = { value: Cell } | { problem: string; vars?: Record<string, string> | undefined };

function coerce(col: Column, v: Cell, lang: Lang): Coerced {
  if (v === null) return { value: null };
  switch (col.type) {
    case 'text':
      return { value: typeof v === 'boolean' ? (v ? MESSAGES[lang].imports.yes : MESSAGES[lang].imports.no) : String(v) };
    case 'number':
      if (typeof v === 'number') return { value: v };
      if (typeof v === 'string' && NUMBER.test(v.replace(/,/g, ''))) return { value: Number(v.replace(/,/g, '')) };
      return { problem: 'import_not_number' };
    case 'target':
      if (typeof v !== 'string') return { value: v };
      if (NUMBER.test(v)) return { value: Number(v) };
      if (YES.has(v.toLowerCase())) return { value: true };
      if (NO.has(v.toLowerCase())) return { value: false };
      return { value: v };
    case 'option': {
      const s = normal(String(v));
      const hit = col.options!.find((o) => normal(o.value) === s || LANGS.some((l) => normal(o.label[l]) === s));
      if (hit) return { value: hit.value };
      return { problem: 'import_not_option', vars: { options: col.options!.map((o) => o.label[lang]).join('、') } };
    }
  }
}

/**
 * The data rows of one sheet: header row 1 matched to the spec's columns (each must be there once, no others),
 * then every non-empty row from 2 on, each cell coerced to its column's type. Problems (formulas, merged cells,
 * wrong types, unknown or missing columns) are added to `problems` with their row and column.
 */
export function readSheet(wb: ExcelJS.Workbook, spec: SheetSpec, lang: Lang, problems: Problems, only = true): SheetRows {
  const ws = findSheet(wb, spec, only);
  const sheet = spec.name[lang];
  const at = new Map<string, number>(); // column key → column number in the file
  const result = new SheetRows(sheet, spec, lang, problems, at);
  if (!ws) {
    problems.add({ sheet, row: null, column: null, code: 'import_missing_sheet', vars: { sheet } });
    return result;
  }
  const byHeader = new Map(spec.columns.flatMap((c) => LANGS.map((l) => [normal(c.header[l]), c] as const)));
  const before = problems.issues.length;
  const header = ws.getRow(1);
  for (let c = 1; c <= ws.columnCount; c++) {
    const cell = header.getCell(c);
    const got = cellValue(cell);
    const text = 'value' in got && got.value !== null ? String(got.value) : null;
    if (text === null) continue;
    const col = byHeader.get(normal(text));
    const letter = cell.address.replace(/\d+$/, '');
    if (!col) problems.add({ sheet, row: 1, column: letter, header: text, code: 'import_unknown_column' });
    else if (at.has(col.key)) problems.add({ sheet, row: 1, column: letter, header: text, code: 'import_duplicate_column' });
    else at.set(col.key, c);
  }
  for (const col of spec.columns)
    if (!col.ignored && !at.has(col.key))
      problems.add({ sheet, row: 1, column: null, code: 'import_missing_column', vars: { column: col.header[lang] } });
  if (problems.issues.length > before) return result;
  result.readable = true;
  for (const range of ws.model.merges ?? []) {
    const first = range.split(':')[0]!;
    const cell = ws.getCell(first);
    problems.add({ sheet, row: Number(cell.row), column: cell.address.replace(/\d+$/, ''), code: 'import_merged', vars: { range } });
  }

  const rows = result.rows;
  ws.eachRow({ includeEmpty: false }, (r, number) => {
    if (number === 1) return;
    const values: Row['values'] = {};
    let blank = true;
    for (const col of spec.columns) {
      const c = at.get(col.key);
      if (c === undefined || col.ignored) continue;
      const cell = r.getCell(c);
      const letter = cell.address.replace(/\d+$/, '');
      const raw = cellValue(cell);
      const got: Coerced = 'value' in raw ? coerce(col, raw.value, lang) : raw;
      if ('problem' in got) {
        blank = false;
        problems.add({ sheet, row: number, column: letter, header: col.header[lang], code: got.problem, vars: got.vars });
        values[col.key] = null;
      } else {
        if (got.value !== null) blank = false;
        values[col.key] = got.value;
      }
    }
    if (!blank) rows.push({ row: number, values });
  });
  return result;
}

/** A sheet's rows as read, and how to point a problem at one of its cells (the file's own column letters). */
export class SheetRows {
  readonly rows: Row[] = [];
  /** the sheet and its header are as the template has them, so its rows were read (each may still have problems) */
  readable = false;
  constructor(
    readonly name: string,
    private spec: SheetSpec,
    private lang: Lang,
    private problems: Problems,
    private at: Map<string, number>,
  ) {}

  /** A problem in a row, at a column (by key) or of the whole row (null). */
  flag(row: number, key: string | null, code: string, vars?: Record<string, string>) {
    const col = key === null ? undefined : this.spec.columns.find((c) => c.key === key);
    const n = key === null ? undefined : this.at.get(key);
    this.problems.add({
      sheet: this.name,
      row,
      column: n === undefined ? null : columnLetter(n),
      header: col?.header[this.lang],
      code,
      vars,
    });
  }

  /**
   * A schema's verdict on a row, each issue at the column its path names (`columnOf`), worded as the API words it:
   * a refinement's own code (funding_sum) or zod's (too_big).
   */
  flagIssues(
    row: number,
    issues: readonly { code: string; message: string; path: PropertyKey[] }[],
    columnOf: (path: string) => string | null,
  ) {
    for (const issue of issues) {
      const code = issue.message in MESSAGES['zh-CN'].errors ? issue.message : issue.code;
      this.flag(row, columnOf(issue.path.map(String).join('.')), code);
    }
  }
}

function columnLetter(n: number): string {
  let s = '';
  for (; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

const MAX = 1e12;

/**
 * The downloadable template: per sheet the headers in the reader's language (frozen, bold), the rows given
 * (what the record holds now), drop-down lists and number checks where Excel can enforce them, and a sheet of
 * instructions.
 */
export async function buildTemplate(
  lang: Lang,
  sheets: { spec: SheetSpec; rows: Record<string, Cell>[] }[],
  note: string,
): Promise<Buffer> {
  const wb = new (await exceljs()).Workbook();
  wb.creator = '国家智慧城市试点管理平台';
  for (const { spec, rows } of sheets) {
    const ws = wb.addWorksheet(spec.name[lang], { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = spec.columns.map((c) => ({
      header: c.header[lang],
      key: c.key,
      width: c.width ?? Math.max(12, c.header[lang].length * 2 + 2),
    }));
    ws.getRow(1).font = { bold: true };
    // as people type them: yes/no and options by their label
    const shown = (c: Column | undefined, v: Cell) =>
      typeof v === 'boolean' ? MESSAGES[lang].imports[v ? 'yes' : 'no'] : (c?.options?.find((o) => o.value === v)?.label[lang] ?? v);
    for (const r of rows)
      ws.addRow(
        Object.fromEntries(
          Object.entries(r).map(([k, v]) => [
            k,
            shown(
              spec.columns.find((c) => c.key === k),
              v,
            ),
          ]),
        ),
      );
    spec.columns.forEach((c, i) => {
      const letter = columnLetter(i + 1);
      if (c.ignored) ws.getColumn(i + 1).font = { color: { argb: 'FF808080' } };
      const validation: ExcelJS.DataValidation | null =
        c.type === 'option'
          ? { type: 'list', allowBlank: true, formulae: [`"${c.options!.map((o) => o.label[lang]).join(',')}"`], showErrorMessage: true }
          : c.type === 'number'
            ? { type: 'decimal', operator: 'between', allowBlank: true, formulae: [-MAX, MAX], showErrorMessage: true }
            : null;
      // per cell, without creating the cells: the writer folds them into one range
      // (exceljs has dataValidations at run time but not in its types)
      const validations = (ws as unknown as { dataValidations: { add(address: string, v: ExcelJS.DataValidation): void } }).dataValidations;
      if (validation) for (let r = 2; r <= IMPORT_LIMITS.rows + 1; r++) validations.add(`${letter}${r}`, validation);
    });
  }
  const help = wb.addWorksheet(MESSAGES[lang].imports.instructions);
  help.getColumn(1).width = 100;
  for (const text of [MESSAGES[lang].imports.notes.general.replace('{rows}', String(IMPORT_LIMITS.rows)), note])
    help.addRow([text]).alignment = { wrapText: true, vertical: 'top' };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
