import type { Rng } from './random.js';

/** The part of JSON Schema (as @fastify/swagger writes the routes' zod schemas, OpenAPI 3.0) the fuzzer reads. */
export interface JsonSchema {
  type?: string;
  enum?: readonly unknown[];
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  // OpenAPI 3.0 writes a boolean beside minimum/maximum; JSON Schema 2020 a number
  exclusiveMinimum?: boolean | number;
  exclusiveMaximum?: boolean | number;
  minLength?: number;
  maxLength?: number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: readonly string[];
  additionalProperties?: boolean | JsonSchema;
  nullable?: boolean;
  anyOf?: readonly JsonSchema[];
  oneOf?: readonly JsonSchema[];
  default?: unknown;
}

/** Known good values for a field, by its name (real ids, codes): a random uuid rarely names anything. */
export type Hints = (name: string) => readonly unknown[] | undefined;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

const WORDS = ['试点', '智慧城市', '无锡市', '建设', 'matrix', 'abc', 'Test', '1', ' ', '综合评审', 'x', '—', 'é'];

/**
 * Strings that have broken servers: NUL and lone surrogates (no database stores them), SQL and markup,
 * emoji and bidi overrides, full-width digits, huge ones. Some are valid for a field; that is fine.
 */
export const HOSTILE_STRINGS: readonly string[] = [
  'a\u0000b',
  '\u0000',
  '\ud800',
  'x\udfffy',
  "'; drop table pilots; --",
  "' or '1'='1",
  '<script>alert(1)</script>',
  '🏙️🚀👩‍👩‍👧',
  '\u202etxt.exe',
  'ＡＢＣ１２３，试点',
  '../../../etc/passwd',
  '%00%ff',
  '{{7*7}}${7*7}',
  '',
  ' ',
  'null',
  '-1',
  'NaN',
  '1e999',
  '\\',
  '"\'`',
  '\n\r\t',
  '\ufeff\u200b',
  'x'.repeat(300),
  'x'.repeat(20_000),
  '试'.repeat(70_000),
];

// the ones a schema can accept: the validation plugin refuses NUL and lone surrogates (they do not survive UTF-8) before any schema
const VALID_HOSTILE = HOSTILE_STRINGS.filter((h) => !h.includes('\u0000') && Buffer.from(h).toString() === h);

export const HOSTILE_NUMBERS: readonly number[] = [-1, 0, 1.5, -0.5, 1e308, -1e308, 2 ** 53 + 1, 2 ** 31, -(2 ** 31) - 1, 1e-9];

function textOfLength(rng: Rng, min: number, max: number): string {
  const want = rng.int(min, Math.max(min, Math.min(max, min + 24)));
  let s = '';
  while (s.length < want) s += rng.pick(WORDS);
  return s.slice(0, want);
}

// dates the pattern accepts that a calendar or a database may not: year 0, the far future, a leap day
const EDGE_DATES = ['0000-01-01', '0001-01-01', '9999-12-31', '2012-02-29', '1970-01-01', '2100-12-31'];

function date(rng: Rng): string {
  if (rng.chance(0.15)) return rng.pick(EDGE_DATES);
  const y = rng.pick([2012, 2013, 2013, 2014, 2020, 2099]);
  const m = rng.int(1, 12);
  const d = rng.int(1, 28);
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Strings for simple patterns: ^, then atoms ([class], \d, an escaped or plain character) with quantifiers, then $. */
function fromPattern(pattern: string, rng: Rng): string | undefined {
  if (!pattern.startsWith('^') || !pattern.endsWith('$')) return undefined;
  const src = pattern.slice(1, -1);
  let out = '';
  let i = 0;
  while (i < src.length) {
    let chars: string[];
    const c = src[i]!;
    if (c === '[') {
      const end = src.indexOf(']', i + 1);
      if (end < 0) return undefined;
      chars = expandClass(src.slice(i + 1, end));
      i = end + 1;
    } else if (c === '\\') {
      const e = src[i + 1];
      chars = e === 'd' ? [...'0123456789'] : e === 'w' ? [...'abcXYZ019_'] : e ? [e] : [];
      i += 2;
    } else if ('()|.'.includes(c)) {
      return undefined; // groups and alternation: not a simple pattern
    } else {
      chars = [c];
      i++;
    }
    let min = 1;
    let max = 1;
    const q = src[i];
    if (q === '+' || q === '*' || q === '?') {
      [min, max] = q === '+' ? [1, 8] : q === '*' ? [0, 8] : [0, 1];
      i++;
    } else if (q === '{') {
      const end = src.indexOf('}', i);
      const [a, b] = src.slice(i + 1, end).split(',');
      min = Number(a);
      max = b === undefined ? min : b === '' ? min + 8 : Number(b);
      i = end + 1;
    }
    if (chars.length === 0) return undefined;
    const n = rng.int(min, Math.min(max, min + 8));
    for (let k = 0; k < n; k++) out += rng.pick(chars);
  }
  return out;
}

function expandClass(body: string): string[] {
  const chars: string[] = [];
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '\\' && body[i + 1] === 'd') {
      chars.push(...'0123456789');
      i++;
    } else if (body[i + 1] === '-' && body[i + 2] !== undefined && i + 2 < body.length) {
      for (let c = body.charCodeAt(i); c <= body.charCodeAt(i + 2); c++) chars.push(String.fromCharCode(c));
      i += 2;
    } else chars.push(body[i]!);
  }
  return chars;
}

function bounds(schema: JsonSchema, integer: boolean): [number, number] {
  const step = integer ? 1 : 0.01;
  let lo = schema.minimum ?? (typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum : undefined);
  let hi = schema.maximum ?? (typeof schema.exclusiveMaximum === 'number' ? schema.exclusiveMaximum : undefined);
  const exclLo = schema.exclusiveMinimum === true || typeof schema.exclusiveMinimum === 'number';
  const exclHi = schema.exclusiveMaximum === true || typeof schema.exclusiveMaximum === 'number';
  if (lo !== undefined && exclLo) lo += step;
  if (hi !== undefined && exclHi) hi -= step;
  lo ??= hi !== undefined ? Math.min(0, hi - 100) : 0;
  hi ??= lo + 120;
  if (integer) [lo, hi] = [Math.ceil(lo), Math.floor(hi)];
  return [lo, hi];
}

/** A value the schema accepts; hints (by the field's name) are preferred half of the time when they fit. */
export function validValue(schema: JsonSchema, rng: Rng, hints: Hints = () => undefined, name = ''): unknown {
  const hinted = hints(name)?.filter((v) => conforms(schema, v));
  if (hinted?.length && rng.chance(0.6)) return rng.pick(hinted);
  if (schema.anyOf?.length) return validValue(rng.pick(schema.anyOf), rng, hints, name);
  if (schema.oneOf?.length) return validValue(rng.pick(schema.oneOf), rng, hints, name);
  if (schema.nullable && rng.chance(0.15)) return null;
  if (schema.enum?.length) return rng.pick(schema.enum);
  switch (schema.type) {
    case 'string': {
      if (schema.format === 'uuid') return rng.uuid();
      if (schema.format === 'date') return date(rng);
      if (schema.format === 'date-time') return `${date(rng)}T08:00:00.000Z`;
      // e-mail patterns have groups and alternatives, beyond fromPattern
      if (schema.format === 'email') return `fuzz.${rng.int(0, 99_999)}@example.cn`;
      if (schema.pattern) {
        for (let tries = 0; tries < 5; tries++) {
          const s = fromPattern(schema.pattern, rng);
          if (s !== undefined && conforms(schema, s)) return s;
        }
      }
      // hostile text the schema accepts reaches the services and the database: where escaping and lengths go wrong
      if (rng.chance(0.25)) {
        const fits = VALID_HOSTILE.filter((h) => conforms(schema, h));
        if (rng.chance(0.3) && schema.maxLength !== undefined && schema.maxLength <= 100_000) {
          // exactly the longest allowed, in 1- and 2-unit characters (zod counts UTF-16 units, PostgreSQL characters)
          const unit = rng.pick(['🏙', '试', "'", 'x']);
          fits.push(unit.repeat(Math.floor(schema.maxLength / unit.length)));
        }
        if (fits.length) return rng.pick(fits);
      }
      return textOfLength(rng, schema.minLength ?? 0, schema.maxLength ?? 40);
    }
    case 'integer':
    case 'number': {
      const integer = schema.type === 'integer';
      const [lo, hi] = bounds(schema, integer);
      const r = rng.next();
      if (r < 0.15) return lo;
      if (r < 0.3) return hi;
      const v = lo + rng.next() * (hi - lo);
      return integer ? Math.round(v) : Math.round(v * 100) / 100 || lo;
    }
    case 'boolean':
      return rng.chance(0.5);
    case 'array': {
      const min = schema.minItems ?? 0;
      const n = rng.int(min, Math.min(schema.maxItems ?? min + 3, min + 3));
      return Array.from({ length: n }, () => validValue(schema.items ?? {}, rng, hints, name));
    }
    case 'object':
    case undefined: {
      if (schema.type === undefined && !schema.properties) return rng.pick(['x', 1, true, null, {}]);
      const out: Record<string, unknown> = {};
      const required = new Set(schema.required ?? []);
      for (const [key, prop] of Object.entries(schema.properties ?? {})) {
        if (required.has(key) || rng.chance(0.5)) out[key] = validValue(prop, rng, hints, key);
      }
      // a free-form object (a task-book section, validated by its service): a few keys of any kind
      if (!schema.properties && schema.additionalProperties !== false) {
        for (let k = rng.int(0, 3); k > 0; k--) out[rng.pick(['overall', 'targets', 'note', 'items', 'a'])] = rng.pick(['x', 1, [], {}]);
      }
      return out;
    }
    default:
      return null;
  }
}

/** A value this schema most likely refuses: wrong type, out of range, too long, not in the enum, hostile text. */
export function invalidValue(schema: JsonSchema, rng: Rng): unknown {
  const r = rng.next();
  if (r < 0.3) return rng.pick(HOSTILE_STRINGS);
  if (r < 0.45) return rng.pick([12345, true, null, ['a'], { nested: { deeper: 1 } }, {}, [], -1]);
  if (schema.enum) return rng.pick(['__not_in_enum__', String(schema.enum[0]).toUpperCase(), 0]);
  switch (schema.type) {
    case 'string':
      if (schema.maxLength !== undefined && rng.chance(0.5)) return 'y'.repeat(schema.maxLength + 1);
      if ((schema.minLength ?? 0) > 0 && rng.chance(0.5)) return '';
      if (schema.format === 'uuid') return rng.pick(['not-a-uuid', rng.uuid().toUpperCase() + '0', '00000000-0000-0000-0000-00000000000g']);
      if (schema.format === 'date') return rng.pick(['2013-02-30', '2013-13-01', '13-01-01', '2013/01/01', '2013-01-01T00:00:00Z']);
      return rng.pick(HOSTILE_STRINGS);
    case 'integer':
    case 'number': {
      const [lo, hi] = bounds(schema, schema.type === 'integer');
      return rng.pick([lo - 1, hi + 1, schema.type === 'integer' ? lo + 0.5 : Number.MAX_VALUE, String(lo), ...HOSTILE_NUMBERS]);
    }
    case 'array': {
      const many = (schema.maxItems ?? 1000) + 1;
      return rng.pick([
        [rng.pick(HOSTILE_STRINGS), { x: 1 }],
        many <= 2000 ? Array.from({ length: many }, () => 'z') : ['z'],
        'not-an-array',
      ]);
    }
    default:
      return rng.pick(['not-an-object', [1, 2], 7]);
  }
}

/** Whether the value satisfies the schema (the same subset the generator writes): checks the generator, and error bodies. */
export function conforms(schema: JsonSchema, value: unknown): boolean {
  if (schema.anyOf) return schema.anyOf.some((s) => conforms(s, value));
  if (schema.oneOf) return schema.oneOf.filter((s) => conforms(s, value)).length === 1;
  if (value === null) return !!schema.nullable || schema.type === undefined;
  if (schema.enum && !schema.enum.includes(value)) return false;
  switch (schema.type) {
    case 'string': {
      if (typeof value !== 'string') return false;
      if (schema.minLength !== undefined && value.length < schema.minLength) return false;
      if (schema.maxLength !== undefined && value.length > schema.maxLength) return false;
      if (schema.format === 'uuid' && !UUID.test(value)) return false;
      if (schema.format === 'date' && !DATE.test(value)) return false;
      if (schema.pattern && !new RegExp(schema.pattern).test(value)) return false;
      return true;
    }
    case 'integer':
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return false;
      if (schema.type === 'integer' && !Number.isInteger(value)) return false;
      const exclLo = schema.exclusiveMinimum === true;
      const exclHi = schema.exclusiveMaximum === true;
      if (schema.minimum !== undefined && (exclLo ? value <= schema.minimum : value < schema.minimum)) return false;
      if (schema.maximum !== undefined && (exclHi ? value >= schema.maximum : value > schema.maximum)) return false;
      if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) return false;
      if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum) return false;
      return true;
    }
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return (
        Array.isArray(value) &&
        value.length >= (schema.minItems ?? 0) &&
        value.length <= (schema.maxItems ?? Infinity) &&
        value.every((v) => conforms(schema.items ?? {}, v))
      );
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) return false;
      const obj = value as Record<string, unknown>;
      for (const key of schema.required ?? []) if (!(key in obj)) return false;
      for (const [key, v] of Object.entries(obj)) {
        const prop = schema.properties?.[key];
        if (prop) {
          if (!conforms(prop, v)) return false;
        } else if (schema.additionalProperties === false) return false;
      }
      return true;
    }
    default:
      return true;
  }
}

/** A copy with one string anywhere inside replaced by hostile text a schema may accept: nasty text deep in a valid body. */
export function taint(value: unknown, rng: Rng): unknown {
  const copy = structuredClone(value);
  const leaves: [Record<string | number, unknown>, string | number][] = [];
  const walk = (v: unknown) => {
    if (v === null || typeof v !== 'object') return;
    const holder = v as Record<string | number, unknown>;
    for (const [k, x] of Object.entries(holder)) {
      if (typeof x === 'string') leaves.push([holder, Array.isArray(v) ? Number(k) : k]);
      else walk(x);
    }
  };
  walk(copy);
  if (leaves.length === 0) return copy;
  const [holder, key] = rng.pick(leaves);
  holder[key] = rng.pick(VALID_HOSTILE);
  return copy;
}
