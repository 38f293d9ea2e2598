import { z } from 'zod';
import { TASK_BOOK_SECTIONS, type TaskBookContent } from './sections.js';

export type TextOp = { op: '=' | '+' | '-'; text: string };
export interface FieldChange {
  path: string;
  before: unknown;
  after: unknown;
  /** for changed text: what was kept, removed and added */
  text?: TextOp[];
}
export interface SectionDiff {
  section: number;
  changes: FieldChange[];
}

const textOpSchema = z.object({ op: z.enum(['=', '+', '-']), text: z.string() });
const fieldChangeSchema = z.object({ path: z.string(), before: z.unknown(), after: z.unknown(), text: z.array(textOpSchema).optional() });
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

function walk(path: string, a: unknown, b: unknown, out: FieldChange[]) {
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  if (Array.isArray(a) && Array.isArray(b)) {
    const ka = keyed(a);
    const kb = keyed(b);
    for (const k of new Set([...ka.keys(), ...kb.keys()])) walk(`${path}[${k}]`, ka.get(k), kb.get(k), out);
    return;
  }
  if (isObject(a) && isObject(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) walk(path ? `${path}.${k}` : k, a[k], b[k], out);
    return;
  }
  out.push({
    path,
    before: a ?? null,
    after: b ?? null,
    ...(typeof a === 'string' && typeof b === 'string' ? { text: diffText(a, b) } : {}),
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
export function diffValues(a: unknown, b: unknown): FieldChange[] {
  const out: FieldChange[] = [];
  walk('', a, b, out);
  return out;
}

/** Section by section: which fields changed between two versions, with text diffs. */
export function diffContent(a: TaskBookContent, b: TaskBookContent): SectionDiff[] {
  return TASK_BOOK_SECTIONS.map((s) => ({ section: s.n, changes: diffValues(a[s.key], b[s.key]) })).filter((d) => d.changes.length > 0);
}
