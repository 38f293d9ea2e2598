import { z } from 'zod';
import type { FieldDef, FieldType } from './catalog.js';
import { fieldName } from './catalog.js';

/*
 * A resource's records: values checked against the field types as they are loaded or written, queried with typed
 * filters, and personal information masked unless the reader's grant names the field.
 */

/** A record value as stored (JSON): a point is [longitude, latitude]. */
export type RecordValue = string | number | boolean | [number, number] | null;
export type RecordDoc = Record<string, RecordValue>;

const INTEGER = /^-?\d{1,15}$/;
const DECIMAL = /^-?\d{1,18}(\.\d{1,10})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?$/;
const MAX_STRING = 4000;

const validDate = (s: string) =>
  DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

/**
 * A value of a field's type from what a file or request holds (text in CSV and XLSX, JSON elsewhere): the stored
 * value, or the reason it is refused (an i18n key under `platform.valueProblem`). Empty text is null.
 */
export function parseValue(type: FieldType, raw: unknown): { ok: true; value: RecordValue } | { ok: false; problem: string } {
  if (raw === null || raw === undefined || raw === '') return { ok: true, value: null };
  const s = typeof raw === 'string' ? raw.trim() : raw;
  switch (type) {
    case 'string':
      if (typeof s !== 'string' && typeof s !== 'number') return { ok: false, problem: 'notText' };
      if (String(s).length > MAX_STRING) return { ok: false, problem: 'tooLong' };
      // eslint-disable-next-line no-control-regex
      if (/\u0000/.test(String(s))) return { ok: false, problem: 'controlChars' };
      return { ok: true, value: String(s) };
    case 'integer': {
      const n = typeof s === 'number' ? s : typeof s === 'string' && INTEGER.test(s) ? Number(s) : NaN;
      return Number.isSafeInteger(n) ? { ok: true, value: n } : { ok: false, problem: 'notInteger' };
    }
    case 'decimal': {
      const n = typeof s === 'number' ? s : typeof s === 'string' && DECIMAL.test(s) ? Number(s) : NaN;
      return Number.isFinite(n) ? { ok: true, value: n } : { ok: false, problem: 'notDecimal' };
    }
    case 'date':
      return typeof s === 'string' && validDate(s) ? { ok: true, value: s } : { ok: false, problem: 'notDate' };
    case 'datetime':
      return typeof s === 'string' && DATETIME.test(s) && !Number.isNaN(Date.parse(s)) && validDate(s.slice(0, 10))
        ? { ok: true, value: s }
        : { ok: false, problem: 'notDatetime' };
    case 'boolean': {
      if (typeof s === 'boolean') return { ok: true, value: s };
      const t = typeof s === 'string' ? s.toLowerCase() : String(s);
      if (['true', '1', '是', 'y', 'yes'].includes(t)) return { ok: true, value: true };
      if (['false', '0', '否', 'n', 'no'].includes(t)) return { ok: true, value: false };
      return { ok: false, problem: 'notBoolean' };
    }
    case 'point': {
      // "lon,lat" in text, [lon, lat] in JSON
      const parts = Array.isArray(s) ? s : typeof s === 'string' ? s.split(/[,\s]+/) : [];
      const [lon, lat] = parts.map(Number);
      if (parts.length !== 2 || !Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon!) > 180 || Math.abs(lat!) > 90)
        return { ok: false, problem: 'notPoint' };
      return { ok: true, value: [lon!, lat!] };
    }
  }
}

export interface RowProblem {
  /** the line in the file (1 = the first line; a CSV's header is line 1), or the index in a request's rows */
  line: number;
  field: string | null;
  problem: string;
}

/**
 * A record from a row of named raw values: every declared field parsed, required and key fields present, nothing
 * undeclared. Returns the document and its key (key fields' values joined), or the row's problems.
 */
export function recordOf(
  fields: readonly FieldDef[],
  raw: Record<string, unknown>,
  line: number,
): { doc: RecordDoc; key: string; problems: [] } | { problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const doc: RecordDoc = {};
  for (const name of Object.keys(raw))
    if (!fields.some((f) => f.name === name)) problems.push({ line, field: name, problem: 'unknownField' });
  for (const f of fields) {
    const parsed = parseValue(f.type, raw[f.name]);
    if (!parsed.ok) problems.push({ line, field: f.name, problem: parsed.problem });
    else if (parsed.value === null && (f.required || f.key)) problems.push({ line, field: f.name, problem: 'missing' });
    else doc[f.name] = parsed.value;
  }
  if (problems.length) return { problems };
  return { doc, key: keyOf(fields, doc), problems: [] };
}

/** The record's key: its key fields' values in declaration order, as text (one field: its value). */
export function keyOf(fields: readonly FieldDef[], doc: RecordDoc): string {
  const parts = fields.filter((f) => f.key).map((f) => String(doc[f.name]));
  return parts.length === 1 ? parts[0]! : JSON.stringify(parts);
}

export const FILTER_OPS = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in', 'prefix', 'contains'] as const;
export type FilterOp = (typeof FILTER_OPS)[number];
/** Which operators a field type takes (ordering needs an order; prefix and contains are for text). */
export const OPS_OF: Record<FieldType, readonly FilterOp[]> = {
  string: FILTER_OPS,
  integer: ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in'],
  decimal: ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in'],
  date: ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in'],
  datetime: ['eq', 'ne', 'lt', 'lte', 'gt', 'gte'],
  boolean: ['eq', 'ne'],
  point: [],
};

const filterValue = z.union([z.string().max(200), z.number(), z.boolean()]);
export const recordFilterSchema = z.strictObject({
  field: fieldName,
  op: z.enum(FILTER_OPS),
  value: z.union([filterValue, z.array(filterValue).min(1).max(100)]),
});
export type RecordFilter = z.infer<typeof recordFilterSchema>;

export const recordQuerySchema = z.strictObject({
  filters: z.array(recordFilterSchema).max(20).default([]),
  /** the fields to return (default: all the reader may read) */
  fields: z.array(fieldName).min(1).max(100).optional(),
  /** by one field, then the key (so pages are stable); '-' first for descending */
  sort: z
    .string()
    .regex(/^-?[a-z][a-z0-9_]{0,39}$/)
    .optional(),
  /** the cursor of the previous page's last row */
  cursor: z.string().max(2000).optional(),
  limit: z.number().int().min(1).max(1000).default(100),
});
export type RecordQuery = z.infer<typeof recordQuerySchema>;

/** A spreadsheet holds 1,048,576 rows, one of them the header; a larger selection is exported as CSV. */
export const XLSX_MAX_DATA_ROWS = 1_048_575;

/** An export of what a query selects: every page of it, as CSV (any size) or XLSX (up to XLSX_MAX_DATA_ROWS). */
export const recordExportSchema = recordQuerySchema.omit({ cursor: true, limit: true }).extend({
  format: z.enum(['csv', 'xlsx']).default('csv'),
});

export const recordPageSchema = z.object({
  fields: z.array(z.string()),
  /** fields shown masked (personal information the grant does not name) */
  masked: z.array(z.string()),
  items: z.array(z.record(z.string(), z.unknown())),
  /** null on the last page */
  nextCursor: z.string().nullable(),
});

/** 增量写入: records to upsert by key, or keys to delete. */
export const recordWriteSchema = z.strictObject({
  upsert: z.array(z.record(z.string(), z.unknown())).max(1000).default([]),
  delete: z.array(z.record(z.string(), z.unknown())).max(1000).default([]),
});
export const recordWriteResultSchema = z.object({ added: z.number().int(), updated: z.number().int(), deleted: z.number().int() });

/**
 * 个人信息脱敏: a name keeps its first and last character (张三丰 → 张*丰, 张三 → 张*); an identity or phone number
 * (a value of 7 or more digits and letters) keeps its first 3 and last 4 characters; anything else personal is
 * replaced whole. The stars stand for the characters hidden, one each.
 */
export function maskValue(value: RecordValue): RecordValue {
  if (value === null) return null;
  const s = String(value);
  if (/^[0-9A-Za-z+-]{7,}$/.test(s)) return `${s.slice(0, 3)}${'*'.repeat(s.length - 7)}${s.slice(-4)}`;
  const chars = [...s];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars.at(-1)}`;
}
