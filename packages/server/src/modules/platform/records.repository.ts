import {
  INDEX_SLOTS,
  indexSlots,
  type FieldDef,
  type FieldType,
  type IndexSlot,
  type RecordFilter,
  type RowFilter,
} from '@smartcity/domain';
import { asc, sql, type SQL } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/client.js';
import { personalDataReads, platformLoadRows, platformRecords } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { prepared, type Bindable, type Placeholders } from '../../shared/prepared.repository.js';

/*
 * The records of every resource in one table keyed (pilot, resource, key), the values as JSONB keyed by field name.
 * A field is named in SQL only as a bound parameter (`doc ->> $1`), never as SQL text; its type decides the cast a
 * filter or sort compares with. An indexed field is also copied at every write into a typed index column (n1, n2,
 * t1, t2 — INDEX_SLOTS), which its filters and sorts then use instead of the JSONB.
 */

export interface RecordRow {
  line: number;
  key: string;
  doc: Record<string, unknown>;
}
interface ResourceRef {
  pilotId: string;
  id: string;
}
type ResourceFields = ResourceRef & { fields: readonly FieldDef[] };

/** A value's text as its index column holds it: days since 2000 for a date, epoch seconds for a time, else as is. */
function encoded(type: FieldType, text: SQL): SQL {
  switch (type) {
    case 'date':
      return sql`((${text})::date - date '2000-01-01')::numeric`;
    case 'datetime':
      return sql`extract(epoch from (${text})::timestamptz)`;
    case 'string':
      return sql`(${text})::text`;
    default:
      return sql`(${text})::numeric`;
  }
}

/** The four index columns' values for a row whose JSONB is `doc`, in INDEX_SLOTS order (null where unused). */
function slotValues(fields: readonly FieldDef[], doc: SQL): SQL[] {
  const byField = indexSlots(fields);
  return SLOTS.map((slot) => {
    const f = fields.find((x) => byField.get(x.name) === slot);
    return f ? encoded(f.type, sql`(${doc} ->> ${f.name}::text)`) : sql`null`;
  });
}
const SLOTS: IndexSlot[] = [...INDEX_SLOTS.numeric, ...INDEX_SLOTS.text];
const slotColumns = sql.raw(SLOTS.join(', '));
const slotUpdates = sql.raw(SLOTS.map((c) => `${c} = excluded.${c}`).join(', '));

/** The field's value as SQL of its type. */
function typed(f: FieldDef): SQL {
  const text = sql`(${platformRecords.doc} ->> ${f.name}::text)`;
  const casts: Record<FieldType, SQL> = {
    string: text,
    integer: sql`${text}::numeric`,
    decimal: sql`${text}::numeric`,
    date: sql`${text}::date`,
    datetime: sql`${text}::timestamptz`,
    boolean: sql`${text}::boolean`,
    point: text,
  };
  return casts[f.type];
}

const param = (f: FieldDef, v: unknown): SQL => {
  const casts: Record<FieldType, SQL> = {
    string: sql`${String(v)}::text`,
    integer: sql`${String(v)}::numeric`,
    decimal: sql`${String(v)}::numeric`,
    date: sql`${String(v)}::date`,
    datetime: sql`${String(v)}::timestamptz`,
    boolean: sql`${String(v)}::boolean`,
    point: sql`${String(v)}::text`,
  };
  return casts[f.type];
};

/** What a field compares as: its index column and a value encoded alike, or its JSONB value cast by its type. */
function operand(f: FieldDef, slot: IndexSlot | undefined): { col: SQL; value: (v: unknown) => SQL } {
  if (slot) return { col: sql`${platformRecords[slot]}`, value: (v) => encoded(f.type, sql`${String(v)}::text`) };
  return { col: typed(f), value: (v) => param(f, v) };
}

/** A filter as SQL; the service has checked the field, the operator and the values' types. */
export function filterSql(f: FieldDef, filter: RecordFilter, slot?: IndexSlot): SQL {
  const { col, value } = operand(f, slot);
  const values = Array.isArray(filter.value) ? filter.value : [filter.value];
  const v = value(values[0]);
  switch (filter.op) {
    case 'eq':
      return sql`${col} = ${v}`;
    case 'ne':
      return sql`${col} is distinct from ${v}`;
    case 'lt':
      return sql`${col} < ${v}`;
    case 'lte':
      return sql`${col} <= ${v}`;
    case 'gt':
      return sql`${col} > ${v}`;
    case 'gte':
      return sql`${col} >= ${v}`;
    case 'in':
      return sql`${col} in (${sql.join(
        values.map((x) => value(x)),
        sql`, `,
      )})`;
    case 'prefix':
      return sql`starts_with(${col}, ${String(values[0])}::text)`;
    case 'contains':
      return sql`strpos(${col}, ${String(values[0])}::text) > 0`;
  }
}

/** A grant's rows: every named field holds one of its values. */
export function rowFilterSql(fields: readonly FieldDef[], rowFilter: RowFilter): SQL[] {
  const slots = indexSlots(fields);
  return rowFilter.map((r) => {
    const f = fields.find((x) => x.name === r.field);
    // a grant naming a field the resource no longer has covers no row
    if (!f) return sql`false`;
    return filterSql(f, { field: r.field, op: 'in', value: r.values }, slots.get(f.name));
  });
}

/** A page's position: the last row's sort value (null when it had none) and key. */
export interface Cursor {
  v: unknown;
  k: string;
}
export const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');
export function decodeCursor(raw: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Cursor;
    if (typeof c.k !== 'string') throw new Error('cursor');
    return c;
  } catch {
    throw new AppError(400, 'invalid_format', 'cursor');
  }
}

/** A sort: by a field (and its index column, if indexed), then the key. */
export interface RecordSort {
  field: FieldDef;
  descending: boolean;
  slot: IndexSlot | undefined;
}

/** A resource's records, narrowed by `where` (its key's values may be a prepared read's placeholders). */
const inResource = (r: Bindable<ResourceRef>, where: SQL[]) =>
  sql.join([sql`${platformRecords.pilotId} = ${r.pilotId}`, sql`${platformRecords.resourceId} = ${r.id}`, ...where], sql` and `);

/*
 * A resource's pages with neither filters nor sort, as CKAN's DataStore explorer and most clients page a table: one text
 * each, built once (Drizzle building the statements had been a tenth of datastore_search's CPU).
 */
// a type, not an interface: a read's arguments are a record
type Plain = { pilotId: string; id: string };
const plainSlice = prepared('records_slice', (db, a: Placeholders<Plain & { limit: number; offset: number }>) =>
  db
    .select({ key: platformRecords.key, doc: platformRecords.doc })
    .from(platformRecords)
    .where(inResource(a, []))
    .orderBy(asc(platformRecords.key))
    .limit(a.limit)
    .offset(a.offset),
);
const plainCount = prepared('records_count', (db, a: Placeholders<Plain>) =>
  db
    .select({ n: sql<number>`count(*)::int` })
    .from(platformRecords)
    .where(inResource(a, [])),
);

export const recordRepository = {
  /**
   * One page of records (one more than asked, to know whether another follows), by keyset: stable under concurrent
   * loads, since a page starts after the previous page's last (value, key) whatever was added or removed before it.
   * Sorted by a field, the rows holding a value come first in (value, key) order — a row comparison an index column
   * serves as a range — and the rows without one follow by key, in the same direction.
   */
  async page(db: Queryable, r: ResourceRef, q: { where: SQL[]; sort: RecordSort | null; cursor: Cursor | null; limit: number }) {
    const key = sql`${platformRecords.key}`;
    const run = async (conds: SQL[], order: SQL, limit: number) =>
      (
        await db.execute<{ key: string; doc: Record<string, unknown> }>(
          sql`select ${key} as key, ${platformRecords.doc} as doc from ${platformRecords}
              where ${inResource(r, conds)} order by ${order} limit ${limit}`,
        )
      ).rows;
    const want = q.limit + 1;
    const c = q.cursor;
    if (!q.sort) return run(c ? [...q.where, sql`${key} > ${c.k}`] : q.where, key, want);
    const { col, value } = operand(q.sort.field, q.sort.slot);
    const [dir, beyond] = q.sort.descending ? [sql`desc`, sql`<`] : [sql`asc`, sql`>`];
    const rows =
      c && c.v === null
        ? []
        : await run(
            [...q.where, sql`${col} is not null`, ...(c ? [sql`(${col}, ${key}) ${beyond} (${value(c.v)}, ${c.k})`] : [])],
            sql`${col} ${dir}, ${key} ${dir}`,
            want,
          );
    if (rows.length < want)
      rows.push(
        ...(await run(
          [...q.where, sql`${col} is null`, ...(c && c.v === null ? [sql`${key} ${beyond} ${c.k}`] : [])],
          sql`${key} ${dir}`,
          want - rows.length,
        )),
      );
    return rows;
  },

  /** Every record the conditions select, in the sort's order, read a page at a time (exports and downloads). */
  async *scan(db: Queryable, r: ResourceRef, where: SQL[], sort: RecordSort | null, pageSize = 1000) {
    let cursor: Cursor | null = null;
    for (;;) {
      const rows = await recordRepository.page(db, r, { where, sort, cursor, limit: pageSize });
      const page = rows.slice(0, pageSize);
      yield* page;
      const last = page.at(-1);
      if (rows.length <= pageSize || !last) return;
      cursor = { v: sort ? (last.doc[sort.field.name] ?? null) : null, k: last.key };
    }
  },

  /**
   * A page by offset, as CKAN's datastore_search pages: sorted by fields (values first, missing values last), then by
   * key, so equal values keep one order from page to page.
   */
  async slice(
    db: Queryable,
    r: ResourceFields,
    q: { where: SQL[]; order: { field: FieldDef; descending: boolean }[]; limit: number; offset: number },
  ) {
    if (!q.where.length && !q.order.length) return plainSlice(db, { pilotId: r.pilotId, id: r.id, limit: q.limit, offset: q.offset });
    const slots = indexSlots(r.fields);
    const order = q.order.map(({ field, descending }) => {
      const { col } = operand(field, slots.get(field.name));
      return sql`${col} ${descending ? sql`desc` : sql`asc`} nulls last`;
    });
    const res = await db.execute<{ key: string; doc: Record<string, unknown> }>(
      sql`select ${platformRecords.key} as key, ${platformRecords.doc} as doc from ${platformRecords}
          where ${inResource(r, q.where)} order by ${sql.join([...order, sql`${platformRecords.key}`], sql`, `)}
          limit ${q.limit} offset ${q.offset}`,
    );
    return res.rows;
  },

  /** Conditions of which any one must hold (none: nothing does). */
  anyOf(conds: SQL[]): SQL {
    return conds.length ? sql`(${sql.join(conds, sql` or `)})` : sql`false`;
  },

  async count(db: Queryable, r: ResourceRef, where: SQL[]) {
    if (!where.length) return (await plainCount(db, { pilotId: r.pilotId, id: r.id }))[0]!.n;
    const res = await db.execute<{ n: number }>(sql`select count(*)::int as n from ${platformRecords} where ${inResource(r, where)}`);
    return res.rows[0]!.n;
  },

  /** How many records the filters select, counted no further than `max` + 1 (enough to say "more than max"). */
  async countUpTo(db: Queryable, r: ResourceRef, where: SQL[], max: number) {
    const res = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from (select 1 from ${platformRecords} where ${inResource(r, where)} limit ${max + 1}) s`,
    );
    return res.rows[0]!.n;
  },

  /**
   * Incremental upsert by key in the caller's transaction: counts what was added and what changed (a row written
   * again unchanged is neither).
   */
  async upsert(tx: Tx, r: ResourceFields, rows: readonly Omit<RecordRow, 'line'>[], writeId: string, now: Date) {
    if (rows.length === 0) return { added: 0, updated: 0 };
    const json = JSON.stringify(rows.map((x) => ({ key: x.key, doc: x.doc })));
    const res = await tx.execute<{ added: number; updated: number }>(sql`
      with input as (select * from jsonb_to_recordset(${json}::jsonb) as t(key text, doc jsonb)),
      old as (select key, doc from ${platformRecords}
              where pilot_id = ${r.pilotId} and resource_id = ${r.id} and key in (select key from input)),
      up as (insert into ${platformRecords} (pilot_id, resource_id, key, doc, load_id, updated_at, ${slotColumns})
             select ${r.pilotId}, ${r.id}, key, doc, ${writeId}, ${now}, ${sql.join(slotValues(r.fields, sql`doc`), sql`, `)} from input
             on conflict (pilot_id, resource_id, key) do update
               set doc = excluded.doc, load_id = excluded.load_id, updated_at = excluded.updated_at, ${slotUpdates}
               where ${platformRecords.doc} is distinct from excluded.doc
             returning 1)
      select (select count(*) from input i where not exists (select 1 from old o where o.key = i.key))::int as added,
             (select count(*) from input i join old o on o.key = i.key where o.doc is distinct from i.doc)::int as updated,
             (select count(*) from up)::int as written`);
    return res.rows[0]!;
  },

  async deleteKeys(tx: Tx, r: ResourceRef, keys: readonly string[]) {
    if (keys.length === 0) return 0;
    const res = await tx.execute<{ n: number }>(sql`with gone as (delete from ${platformRecords}
      where pilot_id = ${r.pilotId} and resource_id = ${r.id} and key in (${sql.join(
        keys.map((k) => sql`${k}`),
        sql`, `,
      )}) returning 1) select count(*)::int as n from gone`);
    return res.rows[0]!.n;
  },

  /** Stages a load's batch; answers the lines whose key an earlier batch of the same file already holds. */
  async stage(tx: Tx, pilotId: string, loadId: string, rows: readonly RecordRow[]): Promise<number[]> {
    if (rows.length === 0) return [];
    await tx.execute(sql`set local synchronous_commit = off`);
    const json = JSON.stringify(rows);
    const res = await tx.execute<{ line: number }>(sql`
      with input as (select * from jsonb_to_recordset(${json}::jsonb) as t(line int, key text, doc jsonb)),
      ins as (insert into ${platformLoadRows} (pilot_id, load_id, key, line, doc)
              select ${pilotId}, ${loadId}, key, line, doc from input
              on conflict (pilot_id, load_id, key) do nothing returning key)
      select line from input where key not in (select key from ins)`);
    return res.rows.map((x) => x.line);
  },

  /**
   * Applies a staged load to the records in the caller's transaction: upsert by key (and, replacing, delete the keys
   * the file did not hold), then drops the staging rows. Returns the counts.
   */
  async apply(tx: Tx, r: ResourceFields, loadId: string, replace: boolean, now: Date) {
    const staged = sql`(select key, doc from ${platformLoadRows} where pilot_id = ${r.pilotId} and load_id = ${loadId})`;
    const counts = await tx.execute<{ added: number; updated: number }>(sql`
      select count(*) filter (where o.key is null)::int as added,
             count(*) filter (where o.key is not null and o.doc is distinct from s.doc)::int as updated
      from ${staged} s left join ${platformRecords} o
        on o.pilot_id = ${r.pilotId} and o.resource_id = ${r.id} and o.key = s.key`);
    await tx.execute(sql`
      insert into ${platformRecords} (pilot_id, resource_id, key, doc, load_id, updated_at, ${slotColumns})
      select ${r.pilotId}, ${r.id}, key, doc, ${loadId}, ${now}, ${sql.join(slotValues(r.fields, sql`doc`), sql`, `)} from ${staged} s
      on conflict (pilot_id, resource_id, key) do update
        set doc = excluded.doc, load_id = excluded.load_id, updated_at = excluded.updated_at, ${slotUpdates}
        where ${platformRecords.doc} is distinct from excluded.doc`);
    let deleted = 0;
    if (replace) {
      const gone = await tx.execute<{ n: number }>(sql`
        with gone as (delete from ${platformRecords} o where o.pilot_id = ${r.pilotId} and o.resource_id = ${r.id}
          and not exists (select 1 from ${platformLoadRows} s where s.pilot_id = ${r.pilotId} and s.load_id = ${loadId} and s.key = o.key)
        returning 1) select count(*)::int as n from gone`);
      deleted = gone.rows[0]!.n;
    }
    await recordRepository.unstage(tx, r.pilotId, loadId);
    return { ...counts.rows[0]!, deleted };
  },

  /** Keys a load or write last set (the first `limit`): what its change event names. */
  async keysSetBy(tx: Tx, r: ResourceRef, writeId: string, limit: number) {
    const res = await tx.execute<{ key: string }>(
      sql`select key from ${platformRecords} where pilot_id = ${r.pilotId} and resource_id = ${r.id} and load_id = ${writeId} order by key limit ${limit}`,
    );
    return res.rows.map((x) => x.key);
  },

  /** The index columns recomputed for every record of a resource whose indexed fields changed (a draft's edit). */
  async refillSlots(tx: Tx, r: ResourceFields) {
    const values = slotValues(r.fields, sql`${platformRecords.doc}`);
    await tx.execute(
      sql`update ${platformRecords} set ${sql.join(
        SLOTS.map((slot, i) => sql`${sql.raw(slot)} = ${values[i]}`),
        sql`, `,
      )} where ${platformRecords.pilotId} = ${r.pilotId} and ${platformRecords.resourceId} = ${r.id}`,
    );
  },

  /** 个人信息访问记录: one read that returned personal information unmasked through a grant. */
  async logPersonalRead(db: Queryable, entry: typeof personalDataReads.$inferInsert) {
    await db.insert(personalDataReads).values(entry);
  },

  unstage(db: Queryable, pilotId: string, loadId: string) {
    return db.execute(sql`delete from ${platformLoadRows} where pilot_id = ${pilotId} and load_id = ${loadId}`);
  },
};
