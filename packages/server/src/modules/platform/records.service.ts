import {
  indexSlots,
  maskValue,
  OPS_OF,
  parseValue,
  recordOf,
  type FieldDef,
  type RecordDoc,
  type RecordQuery,
  type RecordValue,
  type RowProblem,
} from '@smartcity/domain';
import type { Ctx } from '../../context.js';
import { appendAudit } from '../../audit/audit.js';
import { AppError, forbidden } from '../../lib/errors.js';
import { decodeCursor, encodeCursor, filterSql, recordRepository, rowFilterSql } from './records.repository.js';
import { newWriteId } from './loads.service.js';
import { contentDigest, EVENT_KEYS_MAX, queueChange } from './subscriptions.service.js';
import { accessTo, loadResource } from './resources.service.js';
import { resourceRepository, type ResourceHead } from './resources.repository.js';

/** What a call carries besides the actor: the API key it came with, if any (scoped to some resources). */
export interface Caller {
  apiKey: { id: string; resourceIds: readonly string[] } | null;
}

/** What the reader may read of a resource: the fields, which of them unmasked, the rows, and why (the grant). */
export interface Readable {
  head: ResourceHead;
  fields: FieldDef[];
  unmasked: Set<string>;
  rowFilter: ReturnType<typeof rowFilterSql>;
  grant: { id: string; purpose: string } | null;
}

/**
 * The reader's view of a resource's records, checked on every call against the live grant: the provider reads every
 * field; another department a published 无条件共享 resource's fields with personal information masked, or a 有条件共享
 * one's granted fields and rows (personal information unmasked where the grant names it). Anything else: 403.
 */
export async function readable(ctx: Ctx, caller: Caller, resourceId: string): Promise<Readable> {
  const head = await loadResource(ctx, ctx.db, resourceId);
  if (caller.apiKey && !caller.apiKey.resourceIds.includes(head.id)) throw forbidden('api_key_scope');
  const access = await accessTo(ctx, ctx.db, head);
  if (!access.read) throw forbidden(head.sharingClass === 'conditional' ? 'no_live_grant' : 'not_shared');
  if (access.provider) return { head, fields: head.fields, unmasked: new Set(head.fields.map((f) => f.name)), rowFilter: [], grant: null };
  if (access.grant) {
    const granted = new Set(access.grant.fields ?? []);
    const fields = head.fields.filter((f) => granted.has(f.name));
    return {
      head,
      fields,
      // the grant names its fields: personal information among them is read unmasked (and logged)
      unmasked: new Set(fields.map((f) => f.name)),
      rowFilter: rowFilterSql(head.fields, access.grant.rowFilter ?? []),
      grant: { id: access.grant.id, purpose: access.grant.purpose },
    };
  }
  return {
    head,
    fields: head.fields,
    unmasked: new Set(head.fields.filter((f) => !f.personal).map((f) => f.name)),
    rowFilter: [],
    grant: null,
  };
}

function fieldOf(r: Readable, name: string, at: string): FieldDef {
  const f = r.fields.find((x) => x.name === name);
  if (f) return f;
  // a field of the resource outside the grant is refused as such; an unknown name as unknown
  if (r.head.fields.some((x) => x.name === name)) throw new AppError(403, 'field_not_granted', at, { name });
  throw new AppError(400, 'unknown_field', at, { name });
}

/** The query's filters, projection and sort, each field checked (unknown 400, not granted 403, wrong type 400). */
function plan(r: Readable, q: RecordQuery) {
  const slots = indexSlots(r.head.fields);
  const where = q.filters.map((filter, i) => {
    const f = fieldOf(r, filter.field, `filters.${i}.field`);
    if (!OPS_OF[f.type].includes(filter.op)) throw new AppError(400, 'filter_op', `filters.${i}.op`, { name: f.name });
    const values = Array.isArray(filter.value) ? filter.value : [filter.value];
    if (values.length > 1 && filter.op !== 'in') throw new AppError(400, 'filter_value', `filters.${i}.value`, { name: f.name });
    for (const v of values) {
      const parsed = parseValue(f.type, v);
      if (!parsed.ok || parsed.value === null) throw new AppError(400, 'filter_value', `filters.${i}.value`, { name: f.name });
    }
    return filterSql(f, filter, slots.get(f.name));
  });
  const fields = (q.fields ?? r.fields.map((f) => f.name)).map((name, i) => fieldOf(r, name, `fields.${i}`));
  const sortField = q.sort ? fieldOf(r, q.sort.replace(/^-/, ''), 'sort') : null;
  const sort = sortField && { field: sortField, descending: q.sort!.startsWith('-'), slot: slots.get(sortField.name) };
  if (sort?.field.type === 'point') throw new AppError(400, 'filter_op', 'sort', { name: sort.field.name });
  return { where: [...where, ...r.rowFilter], fields, sort };
}

const project = (fields: readonly FieldDef[], unmasked: Set<string>, doc: Record<string, unknown>) =>
  Object.fromEntries(
    fields.map((f) => [f.name, unmasked.has(f.name) ? (doc[f.name] ?? null) : maskValue((doc[f.name] ?? null) as RecordValue)]),
  );

/** Personal information returned unmasked through a grant is logged with the grant's purpose. */
async function logPersonal(ctx: Ctx, caller: Caller, r: Readable, fields: readonly FieldDef[], rows: number) {
  const personal = fields.filter((f) => f.personal && r.unmasked.has(f.name)).map((f) => f.name);
  if (!r.grant || personal.length === 0 || rows === 0) return;
  await recordRepository.logPersonalRead(ctx.db, {
    pilotId: r.head.pilotId,
    at: ctx.clock.now(),
    organisationId: ctx.actor.organisationId,
    userId: caller.apiKey ? null : ctx.actor.userId,
    apiKeyId: caller.apiKey?.id ?? null,
    resourceId: r.head.id,
    sharingRequestId: r.grant.id,
    purpose: r.grant.purpose,
    fields: personal,
    rows,
  });
}

/** One page of records, as the reader may see them. */
export async function queryRecords(ctx: Ctx, caller: Caller, resourceId: string, q: RecordQuery) {
  const r = await readable(ctx, caller, resourceId);
  const p = plan(r, q);
  const rows = await recordRepository.page(ctx.db, r.head, {
    where: p.where,
    sort: p.sort,
    cursor: q.cursor ? decodeCursor(q.cursor) : null,
    limit: q.limit,
  });
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  const more = rows.length > q.limit && last !== undefined;
  await logPersonal(ctx, caller, r, p.fields, page.length);
  return {
    resource: r.head,
    page: {
      fields: p.fields.map((f) => f.name),
      masked: p.fields.filter((f) => !r.unmasked.has(f.name)).map((f) => f.name),
      items: page.map((row) => project(p.fields, r.unmasked, row.doc)),
      nextCursor: more ? encodeCursor({ v: p.sort ? (last.doc[p.sort.field.name] ?? null) : null, k: last.key }) : null,
    },
  };
}

/** A value as a sheet's cell: a point as "lon,lat", as a CSV load reads it back. */
export const cellOf = (v: unknown) => (Array.isArray(v) ? v.join(',') : (v as string | number | boolean | null));

/**
 * The records a query selects, for an export: the header (field names) first, then each row's values. `maxRows` (a
 * spreadsheet's limit) is checked before the header: a selection beyond it is a 422 naming the format.
 */
export async function* exportRecords(
  ctx: Ctx,
  caller: Caller,
  resourceId: string,
  q: Omit<RecordQuery, 'cursor' | 'limit'>,
  maxRows = Infinity,
) {
  const r = await readable(ctx, caller, resourceId);
  const p = plan(r, { ...q, limit: 1000 });
  if (Number.isFinite(maxRows) && (await recordRepository.countUpTo(ctx.db, r.head, p.where, maxRows)) > maxRows)
    throw new AppError(422, 'export_too_many_rows', 'format', { limit: String(maxRows) });
  yield p.fields.map((f) => f.name);
  let total = 0;
  for await (const row of recordRepository.scan(ctx.db, r.head, p.where, p.sort)) {
    yield p.fields.map((f) => project([f], r.unmasked, row.doc)[f.name]);
    total++;
  }
  await logPersonal(ctx, caller, r, p.fields, total);
}

/** 增量写入: the provider upserts and deletes by key; all of the request or none of it (problems by row). */
export async function writeRecords(
  ctx: Ctx,
  resourceId: string,
  input: { upsert: Record<string, unknown>[]; delete: Record<string, unknown>[] },
) {
  const head = await loadResource(ctx, ctx.db, resourceId);
  if (!(await accessTo(ctx, ctx.db, head)).write) throw forbidden();
  const problems: RowProblem[] = [];
  const upserts: { key: string; doc: RecordDoc }[] = [];
  const seen = new Set<string>();
  input.upsert.forEach((raw, i) => {
    const rec = recordOf(head.fields, raw, i);
    if (!('doc' in rec)) return problems.push(...rec.problems);
    if (seen.has(rec.key)) return problems.push({ line: i, field: null, problem: 'duplicateKey' });
    seen.add(rec.key);
    upserts.push({ key: rec.key, doc: rec.doc });
  });
  const keyFields = head.fields.filter((f) => f.key);
  const deletes = input.delete.map((raw, i) => {
    const only = Object.fromEntries(keyFields.map((f) => [f.name, raw[f.name]]));
    const rec = recordOf(keyFields, only, i);
    if (!('doc' in rec) || Object.keys(raw).some((k) => !keyFields.some((f) => f.name === k))) {
      problems.push({ line: i, field: 'delete', problem: 'missing' });
      return '';
    }
    return rec.key;
  });
  if (problems.length) {
    const first = problems[0]!;
    throw new AppError(
      400,
      'record_invalid',
      `${first.field === 'delete' ? 'delete' : 'upsert'}.${first.line}${first.field && first.field !== 'delete' ? `.${first.field}` : ''}`,
      {
        problem: first.problem,
      },
    );
  }
  return ctx.db.transaction(async (tx) => {
    const ref = { pilotId: head.pilotId, id: head.id, fields: head.fields };
    const writeId = newWriteId();
    const { added, updated } = await recordRepository.upsert(tx, ref, upserts, writeId, ctx.clock.now());
    const deleted = await recordRepository.deleteKeys(tx, ref, deletes);
    await resourceRepository.touchData(tx, ref, { added, deleted }, ctx.clock.now());
    const result = { added, updated, deleted };
    await queueChange(tx, {
      pilotId: head.pilotId,
      resourceId: head.id,
      kind: 'write',
      sourceId: writeId,
      keys: [...(await recordRepository.keysSetBy(tx, ref, writeId, EVENT_KEYS_MAX)), ...deletes],
      keyCount: added + updated + deleted,
      digest: contentDigest({ upsert: upserts, delete: deletes }),
      at: ctx.clock.now(),
    });
    await appendAudit(tx, ctx.actor, { action: 'resource.write', targetType: 'resource', targetId: head.id, after: result }, ctx.clock);
    return result;
  });
}
