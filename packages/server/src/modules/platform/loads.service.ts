import { recordOf, type RowProblem } from '@smartcity/domain';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Ctx } from '../../context.js';
import { appendAudit } from '../../audit/audit.js';
import { AppError, forbidden, notFound } from '../../lib/errors.js';
import { loadRepository, type LoadRow } from './loads.repository.js';
import { fileSource, guardXlsx, type ZipLimits } from '../../shared/xlsx/zip-guard.js';
import { csvRows, decodeText, DigestingSource, UnreadableFile, jsonLines, xlsxRows, type RawRow } from './load-parsers.js';
import { recordRepository, type RecordRow } from './records.repository.js';
import { accessTo, loadResource } from './resources.service.js';
import { resourceRepository } from './resources.repository.js';
import { EVENT_KEYS_MAX, queueChange } from './subscriptions.service.js';

/** Rows staged per committed batch. */
const BATCH = 2_000;
/** Problems kept for the report (every refused row is counted). */
const MAX_PROBLEMS = 1_000;
/** A running load whose heartbeat is older than this died with its process. */
const DEAD_AFTER_MS = 120_000;

export const LOAD_FORMATS = ['csv', 'jsonl', 'xlsx'] as const;
export type LoadFormat = (typeof LOAD_FORMATS)[number];
export interface LoadOptions {
  mode: 'upsert' | 'replace';
  policy: 'all' | 'good';
  format: LoadFormat;
}

/** An XLSX load's bounds: Excel's own row limit, and what its parts may inflate to (the zip-bomb guard). */
export interface XlsxBounds {
  uploadBytes: number;
  inflatedBytes: number;
}
const xlsxLimits = (b: XlsxBounds): ZipLimits => ({
  ...b,
  entries: 1_000,
  rows: 1_048_575,
  codes: { notXlsx: 'load_not_xlsx', tooLarge: 'load_xlsx_too_large', tooManyRows: 'load_too_many_rows' },
});

/** The format a file name says (.csv, .jsonl / .ndjson, .xlsx), or the one asked for. */
export function formatOf(filename: string, asked: LoadFormat | undefined): LoadFormat {
  if (asked) return asked;
  if (/\.csv$/i.test(filename)) return 'csv';
  if (/\.(jsonl|ndjson)$/i.test(filename)) return 'jsonl';
  if (/\.xlsx$/i.test(filename)) return 'xlsx';
  throw new AppError(415, 'unsupported_load_format', 'file');
}

/**
 * An XLSX upload written to a private temporary file (a zip is read from its end, so it cannot be parsed as it
 * arrives), then measured by the zip guard before exceljs reads it: a truncated file or a zip bomb is a 4xx before any
 * load is recorded.
 */
async function spoolXlsx(source: AsyncIterable<Buffer>, bounds: XlsxBounds, truncated: () => boolean) {
  const dir = await mkdtemp(join(tmpdir(), 'sc-load-'));
  const path = join(dir, 'load.xlsx');
  const remove = () => rm(dir, { recursive: true, force: true });
  try {
    await pipeline(source, createWriteStream(path, { mode: 0o600 }));
    if (truncated()) throw new AppError(413, 'load_too_large', 'file');
    const fd = await open(path, 'r');
    try {
      guardXlsx(fileSource(fd.fd, (await fd.stat()).size), xlsxLimits(bounds));
    } finally {
      await fd.close();
    }
    return { path, remove };
  } catch (err) {
    await remove();
    throw err;
  }
}

/** Loads that died with their process: failed, their staged rows dropped (the records never saw them). */
async function sweepDead(ctx: Ctx) {
  const dead = await loadRepository.markDead(ctx.db, new Date(Date.now() - DEAD_AFTER_MS), ctx.clock.now());
  for (const d of dead) await recordRepository.unstage(ctx.db, d.pilotId, d.id);
}

/**
 * 批量装载: the provider's file streamed through the parser, each row checked against the fields and staged in
 * committed batches (progress readable meanwhile), then applied in one transaction — unless the policy is all-or-nothing
 * and a row was refused, when nothing is applied. Upsert by key; `replace` also deletes the keys the file lacks.
 */
export async function loadFile(
  ctx: Ctx,
  resourceId: string,
  opts: LoadOptions,
  file: { filename: string; stream: AsyncIterable<Buffer>; truncated: () => boolean },
  xlsx: XlsxBounds,
) {
  const head = await loadResource(ctx, ctx.db, resourceId);
  if (!(await accessTo(ctx, ctx.db, head)).write) throw forbidden();
  await sweepDead(ctx);
  const source = new DigestingSource(file.stream);
  const spooled = opts.format === 'xlsx' ? await spoolXlsx(source, xlsx, file.truncated) : null;
  try {
    return await loadRows(ctx, head, opts, file.filename, source, spooled?.path ?? null);
  } finally {
    await spooled?.remove();
  }
}

async function loadRows(
  ctx: Ctx,
  head: Awaited<ReturnType<typeof loadResource>>,
  opts: LoadOptions,
  filename: string,
  source: DigestingSource,
  xlsxPath: string | null,
) {
  const ref = { pilotId: head.pilotId, id: head.id, fields: head.fields };
  const loadId = await loadRepository.insert(ctx.db, {
    pilotId: head.pilotId,
    resourceId: head.id,
    format: opts.format,
    mode: opts.mode,
    policy: opts.policy,
    fileName: filename.slice(0, 200),
    loadedBy: ctx.actor.userId,
    startedAt: ctx.clock.now(),
  });
  const loadRef = { pilotId: head.pilotId, id: loadId };
  const problems: RowProblem[] = [];
  let rejected = 0;
  let rowsRead = 0;
  let encoding: string | null = null;
  let physicalLine = 1;
  const refuse = (p: RowProblem[]) => {
    rejected++;
    for (const x of p) if (problems.length < MAX_PROBLEMS) problems.push(x);
  };
  const text = decodeText(
    source,
    (e) => (encoding = e),
    () => physicalLine,
  );
  const tell = (l: number) => (physicalLine = l);
  const types = new Map(head.fields.map((f) => [f.name, f.type]));
  const keys = head.fields.filter((f) => f.key).map((f) => f.name);
  const rows: AsyncIterable<RawRow> = xlsxPath
    ? xlsxRows(xlsxPath, (h) => types.get(h), keys)
    : opts.format === 'csv'
      ? csvRows(text, tell, keys)
      : jsonLines(text, tell);
  let batch: RecordRow[] = [];
  const keysInBatch = new Set<string>();
  // one batch is staged while the next is parsed, so the parser and the database work at once (at most one in flight)
  let staging: Promise<unknown> = Promise.resolve();
  let stageError: unknown = null;
  const settle = async () => {
    await staging;
    if (stageError) throw stageError;
  };
  const flush = async () => {
    await settle();
    const staged = batch;
    batch = [];
    keysInBatch.clear();
    const progress = { rowsRead };
    staging = ctx.db
      .transaction(async (tx) => {
        const repeated = await recordRepository.stage(tx, head.pilotId, loadId, staged);
        for (const line of repeated) refuse([{ line, field: null, problem: 'duplicateKey' }]);
        await loadRepository.update(tx, loadRef, { ...progress, rejected });
      })
      .catch((err: unknown) => (stageError = err));
  };
  try {
    for await (const raw of rows) {
      rowsRead++;
      if ('problem' in raw) {
        refuse([{ line: raw.line, field: null, problem: raw.problem }]);
        continue;
      }
      const rec = recordOf(head.fields, raw.values, raw.line);
      if (rec.problems.length > 0 || !('doc' in rec)) {
        refuse(rec.problems);
        continue;
      }
      if (keysInBatch.has(rec.key)) {
        refuse([{ line: raw.line, field: null, problem: 'duplicateKey' }]);
        continue;
      }
      keysInBatch.add(rec.key);
      batch.push({ line: raw.line, key: rec.key, doc: rec.doc });
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    await settle();
  } catch (err) {
    // a batch still being staged must finish before its rows are dropped
    await staging;
    await recordRepository.unstage(ctx.db, head.pilotId, loadId);
    const unreadable = err instanceof UnreadableFile;
    await loadRepository.update(ctx.db, loadRef, {
      status: unreadable ? 'refused' : 'failed',
      error: unreadable ? err.problem : String((err as Error).message).slice(0, 500),
      finishedAt: ctx.clock.now(),
      problems: unreadable ? [{ line: err.line, field: null, problem: err.problem }] : problems,
    });
    if (unreadable) return getLoad(ctx, loadId);
    throw err;
  }
  const digest = source.digest();
  const refused = opts.policy === 'all' && rejected > 0;
  await ctx.db.transaction(async (tx) => {
    const counts = refused
      ? { added: 0, updated: 0, deleted: 0 }
      : await recordRepository.apply(tx, ref, loadId, opts.mode === 'replace', ctx.clock.now());
    let rowsAfter: number | null = null;
    if (refused) await recordRepository.unstage(tx, head.pilotId, loadId);
    else {
      rowsAfter = await resourceRepository.touchData(tx, ref, counts, ctx.clock.now());
      await queueChange(tx, {
        pilotId: head.pilotId,
        resourceId: head.id,
        kind: 'load',
        sourceId: loadId,
        // the keys it added or changed (the keys a replace deleted are counted, not named)
        keys: await recordRepository.keysSetBy(tx, ref, loadId, EVENT_KEYS_MAX),
        keyCount: counts.added + counts.updated + counts.deleted,
        digest,
        at: ctx.clock.now(),
      });
    }
    const result = { status: refused ? ('refused' as const) : ('done' as const), rowsRead, rejected, encoding, digest, ...counts };
    await loadRepository.update(tx, loadRef, { ...result, rowsAfter, problems, finishedAt: ctx.clock.now() });
    await appendAudit(
      tx,
      ctx.actor,
      { action: `resource.load`, targetType: 'resource', targetId: head.id, after: { loadId, ...result } },
      ctx.clock,
    );
  });
  return getLoad(ctx, loadId);
}

const presentLoad = ({ heartbeatAt, pilotId: _, ...l }: LoadRow) => ({
  ...l,
  // a running load whose process died shows as failed before the next load sweeps it
  status: l.status === 'running' && Date.now() - heartbeatAt.getTime() > DEAD_AFTER_MS ? ('failed' as const) : l.status,
  startedAt: l.startedAt.toISOString(),
  finishedAt: l.finishedAt?.toISOString() ?? null,
});

/** A load's progress and report: for the provider (who may load) only. */
export async function getLoad(ctx: Ctx, id: string) {
  const row = await loadRepository.get(ctx.db, ctx.scope, id);
  if (!row) throw notFound();
  const head = await loadResource(ctx, ctx.db, row.resourceId);
  if (!(await accessTo(ctx, ctx.db, head)).provider) throw notFound();
  return presentLoad(row);
}

/** A resource's loads, newest first (the provider's history; the catalog's readers see when data was refreshed). */
export async function listLoads(ctx: Ctx, resourceId: string) {
  const head = await loadResource(ctx, ctx.db, resourceId);
  const rows = await loadRepository.listFor(ctx.db, head);
  const provider = (await accessTo(ctx, ctx.db, head)).provider;
  // others see the history without the rows refused (they hold the provider's data)
  return { items: rows.map((r) => presentLoad(provider ? r : { ...r, problems: [] })) };
}

/** A write id for incremental writes (they are no load; the records remember which write set them). */
export const newWriteId = () => randomUUID();
