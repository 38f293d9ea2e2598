import { PassThrough, type Writable } from 'node:stream';
import { create as contentDisposition } from 'content-disposition';
import { fillTemplate, MESSAGES, type ExportFormat, type ExportList, type Lang, type Messages } from '@smartcity/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { ctxOf, type Ctx } from '../context.js';
import type { AccessRule } from '../types.js';
import { exceljs } from './xlsx/exceljs.js';

type ZodApp = Parameters<FastifyPluginAsyncZod>[0];
type Cell = string | number | boolean | null;

/** Rows read per query: small enough that an export never holds the list, large enough to keep the queries few. */
export const EXPORT_PAGE = 1_000;

export interface ExportColumn<Row> {
  header: keyof Messages['export']['columns'];
  value(row: Row, m: Messages): Cell;
  /** what the browser's table sorts this column by, when not the value shown (a status: its place in the lifecycle) */
  sortValue?(row: Row): string | number | null;
  /** in characters (xlsx) */
  width?: number;
}

/** What a list states to export: its query, who may read it, its columns, and its rows page by page in its own order. */
export interface ExportSpec<Q extends { lang?: Lang | undefined }, Row> {
  /** the list's path: the export answers at `<path>/export.xlsx` and `<path>/export.csv` */
  path: string;
  list: ExportList;
  tags: string[];
  access: AccessRule;
  /** the list's filters and sort (`exportQuery(...)`) */
  querystring: z.ZodType<Q>;
  columns: ExportColumn<Row>[];
  /** the list's own query and scope, in pages (`paged`); an error before the first page answers as the list would */
  pages(ctx: Ctx, q: Q): AsyncIterable<Row[]>;
  /** the filters applied, in words (`label: value`); sort and language are not filters */
  filters(ctx: Ctx, q: Omit<Q, 'lang'>, m: Messages): Promise<string[]> | string[];
  /**
   * `columns`: the list comes whole and the browser's table sorts it, so `sort` (`sortedExportQuery`) names a column
   * and the rows are ordered here the way the table orders them; otherwise the list's own query sorts.
   */
  order?: 'columns';
}

const collator = new Intl.Collator('zh-CN', { numeric: true });

/** The browser table's order (components/sorting.ts): numbers as numbers, text in Chinese collation, missing first. */
function sortedRows<Row>(rows: Row[], column: ExportColumn<Row>, m: Messages, descending: boolean): Row[] {
  const value = (r: Row) => (column.sortValue ? column.sortValue(r) : column.value(r, m));
  const compare = (a: Row, b: Row) => {
    const [x, y] = [value(a), value(b)];
    if (x == null || y == null) return x == null ? (y == null ? 0 : -1) : 1;
    return typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y));
  };
  // a stable sort, so equal rows keep the list's own order, as in the table
  return rows.toSorted((a, b) => (descending ? compare(b, a) : compare(a, b)));
}

/** A whole list's pages as one, in the order `sort` names. */
async function* inOrder<Row>(pages: AsyncIterable<Row[]>, column: ExportColumn<Row>, m: Messages, descending: boolean) {
  const rows: Row[] = [];
  for await (const page of pages) rows.push(...page);
  if (rows.length > 0) yield sortedRows(rows, column, m, descending);
}

/** A paged query as the pages an export writes: page after page until one comes back short. */
export async function* paged<Row>(page: (page: number, pageSize: number) => Promise<Row[]>): AsyncIterable<Row[]> {
  for (let n = 1; ; n++) {
    const rows = await page(n, EXPORT_PAGE);
    if (rows.length > 0) yield rows;
    if (rows.length < EXPORT_PAGE) return;
  }
}

/** A list the API sends whole (what one organisation handles, bounded by the programme): its items as one page. */
export async function* whole<Row>(items: Promise<Row[]>): AsyncIterable<Row[]> {
  const rows = await items;
  if (rows.length > 0) yield rows;
}

/** A whole list's service function as an export's pages. */
export const itemsOf =
  <Q, Row>(list: (ctx: Ctx, q: Q) => Promise<{ items: Row[] }>) =>
  (ctx: Ctx, q: Q) =>
    whole(list(ctx, q).then((r) => r.items));

/** The rows of a list's service function. */
export type ItemOf<F extends (...args: never[]) => Promise<{ items: unknown[] }>> = Awaited<ReturnType<F>>['items'][number];

type FilterKey = keyof Messages['export']['filters'];

/** The filters set, in words (`label: value`), in the order given. */
export const inWords = (m: Messages, filters: [FilterKey, string | number | null | undefined][]): string[] =>
  filters
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([key, value]) => `${m.export.filters[key]}: ${value}`);

/** A timestamp as an export shows it: to the minute, Beijing time. */
export const exportTime = (iso: string | null) => (iso ? beijingMinute(new Date(iso)) : null);

export const MEDIA: Record<ExportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

/** `2013-02-01 16:00` — exports are dated in Beijing time (UTC+8, no daylight saving), as the programme is. */
export const beijingMinute = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

/** `list.sort` in words: the column, and the direction when descending. */
export function sortInWords(sort: string | undefined, m: Messages): string | null {
  if (!sort) return null;
  const key = sort.replace(/^-/, '') as keyof Messages['export']['columns'];
  return `${m.export.sort}: ${m.export.columns[key] ?? key} ${sort.startsWith('-') ? m.export.descending : m.export.ascending}`;
}

/**
 * Registers `GET <path>/export.xlsx` and `<path>/export.csv` for a list: the same access rule, query, scope and order as
 * the list, headers in the reader's language, and a title row naming the list, its filter and the export time. Rows are
 * streamed as they are read, a page at a time, so an export's memory does not grow with the list.
 */
export function exportRoutes<Q extends { lang?: Lang | undefined; sort?: string | undefined }, Row>(app: ZodApp, spec: ExportSpec<Q, Row>) {
  for (const format of ['xlsx', 'csv'] as const) {
    app.get(
      `${spec.path}/export.${format}`,
      {
        config: { access: spec.access, download: MEDIA[format] },
        schema: {
          tags: spec.tags,
          summary: `导出${MESSAGES['zh-CN'].export.lists[spec.list]}（${format}，按当前筛选与排序）Export ${MESSAGES.en.export.lists[spec.list]} as ${format}`,
          querystring: spec.querystring,
        },
      },
      async (req, reply) => {
        const ctx = ctxOf(req);
        const { lang, ...q } = req.query as Q;
        const m = MESSAGES[lang ?? ctx.lang];
        const sortKey = spec.order === 'columns' && q.sort ? q.sort.replace(/^-/, '') : null;
        const sortColumn = sortKey === null ? undefined : spec.columns.find((c) => c.header === sortKey);
        const listed = spec.pages(ctx, q as Q);
        const pages = (sortColumn ? inOrder(listed, sortColumn, m, q.sort!.startsWith('-')) : listed)[Symbol.asyncIterator]();
        // the first page before any byte is sent: a refused filter still answers as a 4xx
        const first = await pages.next();
        const filters = await spec.filters(ctx, q as Omit<Q, 'lang'>, m);
        const sort = sortInWords(q.sort, m);
        const now = ctx.clock.now();
        const name = m.export.lists[spec.list];
        const title = [
          name,
          fillTemplate(m.export.filter, { filter: filters.length ? filters.join('; ') : m.export.all }),
          ...(sort ? [sort] : []),
          fillTemplate(m.export.exportedAt, { time: beijingMinute(now) }),
        ].join(' | ');
        const sheet: Sheet = {
          name,
          title,
          headers: spec.columns.map((c) => m.export.columns[c.header]),
          widths: spec.columns.map((c) => c.width ?? 16),
        };
        const rows = async function* () {
          for (let page = first; !page.done; page = await pages.next())
            for (const row of page.value) yield spec.columns.map((c) => c.value(row, m));
        };
        return sendSheet(reply, format, `${name}-${beijingMinute(now).slice(0, 10)}.${format}`, sheet, rows(), req.log);
      },
    );
  }
}

/**
 * A sheet sent as a file download (never cached), its rows written as they come: the client reading slower than the
 * rows come makes the writing wait rather than buffer, and a client that went away stops the reading. `done` runs once
 * the last row is written.
 */
export function sendSheet(
  reply: FastifyReply,
  format: ExportFormat,
  filename: string,
  sheet: Sheet,
  rows: AsyncIterable<Cell[]>,
  log: { error(obj: object, msg: string): void },
  done?: () => void,
) {
  const out = new PassThrough();
  void (async () => {
    const writer = format === 'xlsx' ? await xlsxWriter(out, sheet) : csvWriter(out, sheet);
    for await (const row of rows) {
      if (out.destroyed) return;
      writer.row(row);
      if (out.writableNeedDrain) await drainedOrClosed(out);
    }
    await writer.end();
    done?.();
  })().catch((err: unknown) => {
    log.error({ err }, 'export failed mid-stream');
    out.destroy(err as Error);
  });
  return reply
    .type(MEDIA[format])
    .header('cache-control', 'no-store')
    .header('content-disposition', contentDisposition(filename))
    .send(out);
}

const drainedOrClosed = (s: Writable) =>
  new Promise<void>((resolve) => {
    const done = () => {
      s.off('drain', done).off('close', done);
      resolve();
    };
    s.on('drain', done).on('close', done);
  });

export interface Sheet {
  name: string;
  /** a first row naming the list, its filter and the export time; null for data read by machines (headers first) */
  title: string | null;
  headers: string[];
  widths: number[];
}
export interface RowWriter {
  row(values: Cell[]): void;
  end(): Promise<void>;
}

/** exceljs' streaming writer: each row is committed (written out) as it is added. */
export async function xlsxWriter(out: Writable, sheet: Sheet): Promise<RowWriter> {
  const book = new (await exceljs()).stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const ws = book.addWorksheet(sheet.name.slice(0, 31), { views: [{ state: 'frozen', ySplit: sheet.title === null ? 1 : 2 }] });
  ws.columns = sheet.widths.map((width) => ({ width }));
  if (sheet.title !== null) {
    const title = ws.addRow([sheet.title]);
    title.font = { bold: true };
    ws.mergeCells(1, 1, 1, sheet.headers.length);
    title.commit();
  }
  const headers = ws.addRow(sheet.headers);
  headers.font = { bold: true };
  headers.commit();
  return {
    row: (values) => ws.addRow(values).commit(),
    async end() {
      ws.commit();
      await book.commit();
    },
  };
}

/** One CSV field: quoted when it must be; text Excel would run as a formula (=, +, -, @) is kept as text. */
function csvField(value: Cell): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV for Excel: UTF-8 with a byte-order mark, CRLF line ends; the title is the first line, the headers the second. */
function csvWriter(out: Writable, sheet: Sheet): RowWriter {
  const line = (values: Cell[]) => out.write(`${values.map(csvField).join(',')}\r\n`);
  out.write('\uFEFF');
  if (sheet.title !== null) line([sheet.title]);
  line(sheet.headers);
  return {
    row: line,
    async end() {
      out.end();
    },
  };
}
