import { z } from 'zod';
import { MESSAGES, type Lang } from '../i18n/index.js';
import { TASK_BOOK_SECTIONS, type TaskBookContent } from './sections.js';

export type TextOp = { op: '=' | '+' | '-'; text: string };
export interface FieldChange {
  path: string;
  before: unknown;
  after: unknown;
  /** for changed text: what was kept, removed and added */
  text?: TextOp[];
  /** what people call the field (`重点项目「平台一期」 › 关联指标`), and both values as text, when a labeller named them */
  label?: string;
  beforeText?: string;
  afterText?: string;
}
export interface SectionDiff {
  section: number;
  changes: FieldChange[];
}

const textOpSchema = z.object({ op: z.enum(['=', '+', '-']), text: z.string() });
export const fieldChangeSchema = z.object({
  path: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  text: z.array(textOpSchema).optional(),
  label: z.string().optional(),
  beforeText: z.string().optional(),
  afterText: z.string().optional(),
});
/** Two versions of a task book compared section by section (a version number, or the live draft). */
export const taskBookDiffSchema = z.object({
  from: z.union([z.number().int(), z.literal('draft')]),
  to: z.union([z.number().int(), z.literal('draft')]),
  sections: z.array(z.object({ section: z.number().int(), changes: z.array(fieldChangeSchema) })),
});

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Array items with an `id` are matched by it (a moved project is not a change); others by position. */
function keyed(list: unknown[]): Map<string, unknown> {
  const byId = list.every((x) => isObject(x) && typeof x.id === 'string');
  return new Map(list.map((x, i) => [byId ? `#${(x as { id: string }).id}` : String(i), x]));
}

/** Names a changed field and its values for people; the walker calls it as it descends. */
export interface Labeller {
  /** the label of a named key under its parent's named key; a qualified label (`baseline.value` → 基准值) replaces the parent's */
  key(key: string, parentKey: string | null): { label: string; replacesParent: boolean };
  /** the label of a list item, from its content (name, year…) or its position */
  item(collection: string, item: unknown, index: number): string;
  value(key: string | null, v: unknown): string;
}

interface Trail {
  path: string;
  labels: string[];
  /** the nearest named key above (list items keep their list's) */
  key: string | null;
  /** the last label names a list item, which a qualified key never replaces */
  inItem: boolean;
}

function walk(at: Trail, a: unknown, b: unknown, out: FieldChange[], labeller?: Labeller) {
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  const label = (t: Trail) => t.labels.join(' › ');
  // lists of plain values (linked indicator ids) change as one field: "A、B → A、C" reads better than positions
  const plain = (v: unknown) => Array.isArray(v) && v.every((x) => !isObject(x) && !Array.isArray(x));
  if (Array.isArray(a) && Array.isArray(b) && !(plain(a) && plain(b))) {
    const ka = keyed(a);
    const kb = keyed(b);
    [...new Set([...ka.keys(), ...kb.keys()])].forEach((k) => {
      const item = kb.get(k) ?? ka.get(k);
      const index = Math.max(a.indexOf(item), b.indexOf(item));
      const name = labeller ? labeller.item(at.key ?? '', item, index) : '';
      const labels = [...at.labels.slice(0, -1), `${at.labels.at(-1) ?? ''}${name}`];
      walk({ path: `${at.path}[${k}]`, labels, key: at.key, inItem: true }, ka.get(k), kb.get(k), out, labeller);
    });
    return;
  }
  if (isObject(a) && isObject(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const named = labeller?.key(k, at.key) ?? { label: k, replacesParent: false };
      const labels = [...(named.replacesParent && !at.inItem ? at.labels.slice(0, -1) : at.labels), named.label];
      walk({ path: at.path ? `${at.path}.${k}` : k, labels, key: k, inItem: false }, a[k], b[k], out, labeller);
    }
    return;
  }
  out.push({
    path: at.path,
    before: a ?? null,
    after: b ?? null,
    ...(typeof a === 'string' && typeof b === 'string' ? { text: diffText(a, b) } : {}),
    ...(labeller ? { label: label(at), beforeText: labeller.value(at.key, a), afterText: labeller.value(at.key, b) } : {}),
  });
}

/** Character-level diff (Chinese has no spaces to split on), by longest common subsequence. */
export function diffText(a: string, b: string): TextOp[] {
  // Very long texts: compare line by line to bound the table size.
  const unitsA = a.length * b.length > 4_000_000 ? a.split(/(?<=\n)/) : [...a];
  const unitsB = a.length * b.length > 4_000_000 ? b.split(/(?<=\n)/) : [...b];
  const n = unitsA.length;
  const m = unitsB.length;
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i]![j] = unitsA[i] === unitsB[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const ops: TextOp[] = [];
  const push = (op: TextOp['op'], text: string) => {
    const last = ops.at(-1);
    if (last?.op === op) last.text += text;
    else ops.push({ op, text });
  };
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && unitsA[i] === unitsB[j]) {
      push('=', unitsA[i++]!);
      j++;
    } else if (j < m && (i === n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) push('+', unitsB[j++]!);
    else push('-', unitsA[i++]!);
  }
  return ops;
}

/** Every field that differs between two values, by path (`indicators[#i-1.1.1].actual`), with text diffs. */
export function diffValues(a: unknown, b: unknown, labeller?: Labeller, rootKey: string | null = null): FieldChange[] {
  const out: FieldChange[] = [];
  walk({ path: '', labels: [], key: rootKey, inItem: false }, a, b, out, labeller);
  return out;
}

const clip = (s: string) => (s.length > 24 ? `${s.slice(0, 24)}…` : s);

/**
 * The task book's labeller in a language: fields by the form's labels, projects and indicators by their names
 * (coded indicators by the system's name), linked indicator ids by those names, yes/no in words.
 */
export function taskBookLabeller(lang: Lang, contents: TaskBookContent[], systemNames: Record<string, string> = {}): Labeller {
  const m = MESSAGES[lang];
  const fields = m.fields as Record<string, string>;
  const indicatorName = (i: { indicatorCode: string | null; name: string }) =>
    i.indicatorCode ? `${i.indicatorCode} ${systemNames[i.indicatorCode] ?? i.name}` : i.name;
  const indicators = new Map(contents.flatMap((c) => c.indicators.items.map((i) => [i.id, indicatorName(i)] as const)));
  const quote = (s: string) => (lang === 'en' ? ` "${s}"` : `「${s}」`);
  const text = (v: unknown): string => {
    if (v === null || v === undefined || v === '') return '—';
    if (typeof v === 'boolean') return v ? m.diff.yes : m.diff.no;
    if (typeof v === 'string' || typeof v === 'number') return String(v);
    if (Array.isArray(v)) return v.length ? v.map(text).join(lang === 'en' ? ', ' : '、') : '—';
    return JSON.stringify(v);
  };
  return {
    key(key, parentKey) {
      const qualified = parentKey ? fields[`${parentKey}.${key}`] : undefined;
      if (qualified) return { label: qualified, replacesParent: true };
      if (/^\d{4}$/.test(key)) return { label: m.diff.year.replace('{year}', key), replacesParent: false };
      return { label: fields[key] ?? key, replacesParent: false };
    },
    item(_collection, item, index) {
      if (!isObject(item)) return quote(m.diff.item.replace('{n}', String(index + 1)));
      if (typeof item.category === 'string' && 'indicatorCode' in item)
        return quote(indicatorName(item as { indicatorCode: string | null; name: string }));
      const name = [item.name, item.description, item.year].find((x) => (typeof x === 'string' && x) || typeof x === 'number');
      return quote(name === undefined ? m.diff.item.replace('{n}', String(index + 1)) : clip(String(name)));
    },
    value(key, v) {
      if (key === 'indicatorIds' && Array.isArray(v)) return text(v.map((id) => indicators.get(String(id)) ?? id));
      if (key === 'category' && typeof v === 'string') return (m.indicatorCategory as Record<string, string>)[v] ?? v;
      if (isObject(v)) return typeof v.name === 'string' ? v.name : text(v.description ?? v.year ?? v);
      return text(v);
    },
  };
}

/** Section by section: which fields changed between two versions, with text diffs (and labels, given a labeller). */
export function diffContent(a: TaskBookContent, b: TaskBookContent, labeller?: Labeller): SectionDiff[] {
  return TASK_BOOK_SECTIONS.map((s) => ({ section: s.n, changes: diffValues(a[s.key], b[s.key], labeller, s.key) })).filter(
    (d) => d.changes.length > 0,
  );
}
