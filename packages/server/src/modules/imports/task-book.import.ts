import {
  INDICATOR_CATEGORIES,
  MESSAGES,
  keyProjectSchema,
  periodYears,
  taskIndicatorSchema,
  type KeyProject,
  type TaskBookContent,
  type TaskIndicator,
} from '@smartcity/domain';
import { randomUUID } from 'node:crypto';
import type { Ctx } from '../../context.js';
import { AppError } from '../../lib/errors.js';
import {
  both,
  buildTemplate,
  cellText,
  column,
  Problems,
  readSheet,
  readWorkbook,
  type Cell,
  type Row,
  type SheetRows,
  type SheetSpec,
} from '../../shared/xlsx/workbook.js';
import { taskBookRepository } from '../task-books/task-books.repository.js';
import { assertEditable, indicatorProblems, loadHead, saveSection } from '../task-books/task-books.service.js';
import { contentOf } from '../task-books/task-books.subject.js';

/*
 * 二 key projects and 三 indicators from .xlsx. An import is the same write as editing the section by hand: the rows
 * become the section's content, checked by the section's own schema, and saved by saveSection with the If-Match the
 * client read (so it is audited as taskBook.saveSection and refused when stale). It replaces the section's list;
 * a row naming an existing project (by name) or indicator (by code, or by name for 创新项) keeps that item's id, so
 * the links between projects and indicators and the annual reports that follow them stay intact.
 */

export const IMPORTABLE_SECTIONS = { 2: 'projects', 3: 'indicators' } as const;
export type ImportableSection = keyof typeof IMPORTABLE_SECTIONS;

const newId = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;
const SEPARATORS = /[、,，;；\s]+/;

const projectsSpec: SheetSpec = {
  name: both((m) => m.imports.sheets.projects),
  columns: [
    column('name', 'text', { width: 28 }),
    column('content', 'text', { width: 40 }),
    column('totalInvestment', 'number'),
    column('government', 'number'),
    column('social', 'number'),
    column('bank', 'number'),
    column('other', 'number'),
    column('department', 'text', { width: 22 }),
    column('startYear', 'number'),
    column('endYear', 'number'),
    column('links', 'text', { width: 22 }),
  ],
};

// a schema path of a project → the column it came from
const PROJECT_COLUMNS: Record<string, string> = {
  name: 'name',
  content: 'content',
  totalInvestment: 'totalInvestment',
  funding: 'totalInvestment',
  'funding.government': 'government',
  'funding.social': 'social',
  'funding.bank': 'bank',
  'funding.other': 'other',
  department: 'department',
  startYear: 'startYear',
  endYear: 'endYear',
};
const projectColumn = (path: string) => PROJECT_COLUMNS[path] ?? (path.startsWith('indicatorIds') ? 'links' : null);

const categoryOptions = INDICATOR_CATEGORIES.map((value) => ({ value, label: both((m) => m.indicatorCategory[value]) }));
const yearKey = (y: number) => `y${y}`;

function indicatorsSpec(years: number[]): SheetSpec {
  return {
    name: both((m) => m.imports.sheets.indicators),
    columns: [
      column('category', 'option', { options: categoryOptions }),
      column('indicatorCode', 'text'),
      column('indicatorName', 'text', { width: 28 }),
      column('definition', 'text', { width: 30 }),
      column('unit', 'text', { width: 10 }),
      column('baselineValue', 'number'),
      column('baselineYear', 'number'),
      column('target', 'target'),
      ...years.map((y) => ({
        key: yearKey(y),
        header: both((m) => m.imports.columns.targetOfYear.replace('{year}', String(y))),
        type: 'target' as const,
        width: 14,
      })),
      column('method', 'text', { width: 30 }),
    ],
  };
}

function indicatorColumn(path: string): string | null {
  const [head, year] = path.split('.');
  const map: Record<string, string> = {
    category: 'category',
    indicatorCode: 'indicatorCode',
    name: 'indicatorName',
    definition: 'definition',
    unit: 'unit',
    baseline: path === 'baseline.year' ? 'baselineYear' : 'baselineValue',
    target: 'target',
    method: 'method',
  };
  if (head === 'targetsByYear' && year) return yearKey(Number(year));
  return map[head!] ?? null;
}

const text = cellText;
const num = (v: Cell | undefined) => (typeof v === 'number' ? v : null);

async function bookOf(ctx: Ctx, id: string) {
  const head = await loadHead(ctx, id);
  const content = contentOf(await taskBookRepository.sections(ctx.db, id));
  return { head, content };
}

/** Linked indicators as people write them: this book's indicator codes or names. */
function linkLabel(content: TaskBookContent, id: string) {
  const item = content.indicators.items.find((i) => i.id === id);
  return item ? (item.indicatorCode ?? item.name) : id;
}

/** The template of section 2 or 3, holding what the section holds now. */
export async function taskBookTemplate(ctx: Ctx, id: string, n: ImportableSection) {
  const { content } = await bookOf(ctx, id);
  const m = MESSAGES[ctx.lang].imports;
  if (n === 2) {
    const rows = content.tasks.projects.map((p) => ({
      name: p.name,
      content: p.content,
      totalInvestment: p.totalInvestment,
      government: p.funding.government,
      social: p.funding.social,
      bank: p.funding.bank,
      other: p.funding.other,
      department: p.department,
      startYear: p.startYear,
      endYear: p.endYear,
      links: p.indicatorIds.map((i) => linkLabel(content, i)).join('、'),
    }));
    return buildTemplate(ctx.lang, [{ spec: projectsSpec, rows }], m.notes.projects);
  }
  const years = periodYears(content);
  const rows = content.indicators.items.map((i) => ({
    category: i.category,
    indicatorCode: i.indicatorCode,
    indicatorName: i.name,
    definition: i.definition,
    unit: i.unit,
    baselineValue: i.baseline.value,
    baselineYear: i.baseline.year,
    target: i.target,
    ...Object.fromEntries(years.map((y) => [yearKey(y), i.targetsByYear[String(y)] ?? null])),
    method: i.method,
  }));
  return buildTemplate(ctx.lang, [{ spec: indicatorsSpec(years), rows }], m.notes.indicators);
}

/** Rows are not more than the section can hold. */
function checkCount(sheet: SheetRows, problems: Problems) {
  if (sheet.rows.length > 200) problems.add({ sheet: sheet.name, row: null, column: null, header: sheet.name, code: 'too_big' });
}

/** Repeated keys in a file: the later row points at the first. */
function firstRows(sheet: SheetRows, keyOf: (v: Record<string, Cell | undefined>) => string | null, column: string) {
  const seen = new Map<string, number>();
  for (const r of sheet.rows) {
    const key = keyOf(r.values);
    if (key === null) continue;
    const first = seen.get(key);
    if (first !== undefined) sheet.flag(r.row, column, 'import_duplicate_row', { row: String(first) });
    else seen.set(key, r.row);
  }
}

function requireCells(sheet: SheetRows, row: Row, keys: string[]) {
  let ok = true;
  for (const k of keys)
    if (row.values[k] === null || row.values[k] === undefined) {
      sheet.flag(row.row, k, 'import_required');
      ok = false;
    }
  return ok;
}

function readProjects(sheet: SheetRows, content: TaskBookContent): KeyProject[] {
  const existing = new Map(content.tasks.projects.map((p) => [p.name.trim(), p.id]));
  const indicatorIds = new Map(
    content.indicators.items.flatMap((i) => [
      [i.name.trim(), i.id] as const,
      ...(i.indicatorCode ? [[i.indicatorCode, i.id] as const] : []),
    ]),
  );
  firstRows(sheet, (v) => (v.name ? text(v.name).trim() : null), 'name');
  const projects: KeyProject[] = [];
  for (const r of sheet.rows) {
    const v = r.values;
    if (!requireCells(sheet, r, ['name', 'department', 'totalInvestment', 'startYear', 'endYear'])) continue;
    const links = text(v.links)
      .split(SEPARATORS)
      .filter(Boolean)
      .map((link) => {
        const found = indicatorIds.get(link);
        if (!found) sheet.flag(r.row, 'links', 'import_unknown_link', { link });
        return found ?? '';
      });
    const parsed = keyProjectSchema.safeParse({
      id: existing.get(text(v.name).trim()) ?? newId('p'),
      name: text(v.name),
      content: text(v.content),
      totalInvestment: v.totalInvestment,
      funding: { government: v.government ?? 0, social: v.social ?? 0, bank: v.bank ?? 0, other: v.other ?? 0 },
      department: text(v.department),
      startYear: v.startYear,
      endYear: v.endYear,
      indicatorIds: [...new Set(links.filter(Boolean))],
    });
    if (parsed.success) projects.push(parsed.data);
    else sheet.flagIssues(r.row, parsed.error.issues, projectColumn);
  }
  return projects;
}

function readIndicators(sheet: SheetRows, content: TaskBookContent, years: number[]): { items: TaskIndicator[]; rows: number[] } {
  const byKey = new Map(content.indicators.items.map((i) => [i.indicatorCode ?? `name:${i.name.trim()}`, i.id]));
  const keyOf = (v: Record<string, Cell | undefined>) =>
    v.indicatorCode ? text(v.indicatorCode) : v.indicatorName ? `name:${text(v.indicatorName).trim()}` : null;
  firstRows(sheet, keyOf, 'indicatorCode');
  const used = new Set<string>();
  const items: TaskIndicator[] = [];
  const rows: number[] = [];
  for (const r of sheet.rows) {
    const v = r.values;
    if (!requireCells(sheet, r, ['category', v.category === 'innovative' ? 'indicatorName' : 'indicatorCode'])) continue;
    const key = keyOf(v)!;
    let id = byKey.get(key) ?? (v.indicatorCode ? `i-${text(v.indicatorCode)}` : newId('inno'));
    if (used.has(id)) id = newId('i');
    used.add(id);
    const parsed = taskIndicatorSchema.safeParse({
      id,
      category: v.category,
      indicatorCode: v.indicatorCode ? text(v.indicatorCode) : null,
      name: text(v.indicatorName) || text(v.indicatorCode),
      definition: text(v.definition),
      unit: text(v.unit),
      baseline: { value: num(v.baselineValue), year: num(v.baselineYear) },
      target: v.target ?? null,
      targetsByYear: Object.fromEntries(years.map((y) => [String(y), v[yearKey(y)] ?? null])),
      method: text(v.method),
    });
    if (!parsed.success) {
      sheet.flagIssues(r.row, parsed.error.issues, indicatorColumn);
      continue;
    }
    items.push(parsed.data);
    rows.push(r.row);
  }
  return { items, rows };
}

/**
 * Imports section 2 or 3 from an uploaded workbook: every row checked, every problem listed by row and column
 * (400, nothing written), else the section saved as a hand edit would save it.
 */
export async function importTaskBookSection(ctx: Ctx, id: string, n: ImportableSection, ifMatch: number, data: Buffer) {
  const { head, content } = await bookOf(ctx, id);
  const lang = ctx.lang;
  // who may and when, before a byte of the file is read
  assertEditable(ctx, head, 'n');
  const wb = await readWorkbook(data);
  const problems = new Problems();
  if (n === 2) {
    const sheet = readSheet(wb, projectsSpec, lang, problems);
    checkCount(sheet, problems);
    const projects = sheet.readable ? readProjects(sheet, content) : [];
    problems.throwIfAny(lang);
    if (projects.length === 0) throw new AppError(400, 'import_no_rows', 'file', { sheet: sheet.name });
    const version = await saveSection(ctx, id, 2, ifMatch, { ...content.tasks, projects });
    return { version, rows: sheet.rows.length };
  }
  const years = periodYears(content);
  const sheet = readSheet(wb, indicatorsSpec(years), lang, problems);
  checkCount(sheet, problems);
  const { items, rows } = sheet.readable ? readIndicators(sheet, content, years) : { items: [], rows: [] };
  if (!problems.any) {
    // the indicator system's rules (codes exist, a target of the right kind, 规定项 kept), at the rows they concern
    for (const p of await indicatorProblems(ctx.db, head, { items })) {
      const [, index, ...rest] = p.field.split('.');
      if (index === undefined) problems.add({ sheet: sheet.name, row: null, column: null, header: sheet.name, code: p.code, vars: p.vars });
      else sheet.flag(rows[Number(index)]!, indicatorColumn(rest.join('.')), p.code, p.vars);
    }
  }
  problems.throwIfAny(lang);
  if (items.length === 0) throw new AppError(400, 'import_no_rows', 'file', { sheet: sheet.name });
  const version = await saveSection(ctx, id, 3, ifMatch, { items });
  return { version, rows: sheet.rows.length };
}
