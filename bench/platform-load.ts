/**
 * City platform bulk load against COPY (issue 12): one CSV of BENCH_ROWS rows (default 1,000,000) and 12 fields is
 * loaded through the platform (stream, parse, check types, SM3, stage, apply by key) and, on PostgreSQL, copied with
 * `COPY … FROM` the same file into (a) a table keyed and indexed as the platform keys and indexes the resource's records
 * (its key, and the two indexed fields), (b) a plain table. Ratios are rows
 * per second against each, in the same run; memory is the process's peak RSS above its idle RSS during the load.
 *
 * The idle RSS is taken after a full collection (`--expose-gc`, as `npm run bench:platform-load` runs it), so the
 * peak above it is what the load itself holds, not garbage left by the seeding.
 *
 *   BENCH_DATABASE_URL=postgres://127.0.0.1:5432/test node --expose-gc --import tsx bench/platform-load.ts
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { Ctx } from '../packages/server/src/context.js';
import { systemClock } from '../packages/server/src/lib/clock.js';
import { loadFile } from '../packages/server/src/modules/platform/loads.service.js';
import { queryRecords } from '../packages/server/src/modules/platform/records.service.js';
import { createResource, transitionResource } from '../packages/server/src/modules/platform/resources.service.js';
import { sessionRepository } from '../packages/server/src/modules/session/session.repository.js';
import { scopeOf } from '../packages/server/src/tenancy/scope.js';
import { fmt, openBenchDatabase, runMain, summary, writeResults, seedBenchDatabase } from './common.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
/**
 * records in the whole deployment for the query phase: the loaded resource's plus others', inserted by SQL (PGlite, a
 * city's embedded engine, is measured at up to a million rows in all)
 */
const DEPLOYMENT_ROWS = Number(process.env.BENCH_DEPLOYMENT_ROWS ?? (process.env.BENCH_DATABASE_URL ? 5_000_000 : ROWS));
const CLIENTS = 10;
const QUERIES_PER_CLIENT = 10;
const DISTRICTS = ['梁溪区', '滨湖区', '新吴区', '惠山区', '锡山区'];
const FIELDS = ['code', 'name', 'district', 'kind', 'amount', 'price', 'opened_on', 'active', 'phone', 'note', 'score', 'updated_at'];

function row(i: number) {
  return [
    `K${String(i).padStart(9, '0')}`,
    `无锡市某某单位${i}`,
    DISTRICTS[i % 5],
    ['企业', '个体', '社会组织'][i % 3],
    i % 10_000,
    ((i % 99_999) / 100).toFixed(2),
    `20${10 + (i % 16)}-0${1 + (i % 9)}-1${i % 10}`,
    i % 2 ? '是' : '否',
    `138${String(i % 100_000_000).padStart(8, '0')}`,
    '备注',
    (i % 1000) / 10,
    `2026-11-${String(1 + (i % 28)).padStart(2, '0')}T08:00:00+08:00`,
  ].join(',');
}

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'sc-bench-load-'));
  const database = await openBenchDatabase(CLIENTS, join(dir, 'pglite'));
  try {
    const db = database.db;
    await seedBenchDatabase(database);
    const file = join(dir, 'load.csv');
    // written in pieces, so that a file of 500 MB is not built in this process's memory first
    const out = createWriteStream(file, { mode: 0o644 });
    out.write(FIELDS.join(',') + '\n');
    for (let i = 0; i < ROWS; i += 10_000) {
      const piece: string[] = [];
      for (let j = i; j < Math.min(ROWS, i + 10_000); j++) piece.push(row(j));
      if (!out.write(piece.join('\n') + '\n')) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    // the database server (another account) reads the file for COPY
    await chmod(dir, 0o755);
    const user = await sessionRepository.findUserForSignIn(db, 'wuxi-scjgj.editor');
    const actor = (await sessionRepository.actorForUser(db, user!.id, null))!;
    const ctx: Ctx = { actor, scope: scopeOf(actor), db, clock: systemClock, lang: 'zh-CN' };
    const types = [
      'string',
      'string',
      'string',
      'string',
      'integer',
      'decimal',
      'date',
      'boolean',
      'string',
      'string',
      'decimal',
      'datetime',
    ] as const;
    const resource = await createResource(ctx, {
      classification: '3-01-001-001',
      name: '装载基准',
      summary: '基准测试',
      themes: [],
      fields: FIELDS.map((name, i) => ({
        name,
        label: name,
        type: types[i]!,
        key: i === 0,
        required: i === 0,
        personal: name === 'phone',
        // the query phase filters on both and sorts by amount: the two index columns it uses
        indexed: name === 'district' || name === 'amount',
      })),
      format: 'CSV',
      updateCycle: 'daily',
      sharingClass: 'unconditional',
      condition: null,
      legalBasis: null,
      sharingMethod: 'file',
      openData: false,
      indicatorCodes: [],
    });
    await transitionResource(ctx, resource.id, { action: 'publish' });

    global.gc?.();
    const idle = process.memoryUsage().rss;
    let peak = idle;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    const t0 = performance.now();
    const load = await loadFile(
      ctx,
      resource.id,
      { mode: 'upsert', policy: 'all', format: 'csv' },
      { filename: 'load.csv', stream: createReadStream(file, { highWaterMark: 256 * 1024 }), truncated: () => false },
      { uploadBytes: Infinity, inflatedBytes: Infinity },
    );
    const platformMs = performance.now() - t0;
    clearInterval(sampler);
    if (load.status !== 'done' || load.added !== ROWS)
      throw new Error(`load: ${JSON.stringify({ ...load, problems: load.problems.slice(0, 3) })}`);

    const copies: Record<string, number> = {};
    if (database.engine === 'postgres') {
      const cols = FIELDS.map((f) => `${f} ${f === 'amount' ? 'numeric' : 'text'}`).join(', ');
      for (const [name, ...ddl] of [
        [
          'keyed',
          `create table bench_copy_keyed (pilot_id uuid not null default gen_random_uuid(), resource_id uuid not null default gen_random_uuid(), ${cols}, primary key (pilot_id, resource_id, code))`,
          // the platform's own index columns for the two indexed fields
          `create index on bench_copy_keyed (pilot_id, resource_id, district, code)`,
          `create index on bench_copy_keyed (pilot_id, resource_id, amount, code)`,
        ],
        ['plain', `create table bench_copy_plain (${cols})`],
      ] as const) {
        for (const statement of ddl) await db.execute(sql.raw(statement));
        const t = performance.now();
        // the server reads the file itself: the same bytes the platform streamed
        await db.execute(sql.raw(`copy bench_copy_${name} (${FIELDS.join(', ')}) from '${file}' with (format csv, header true)`));
        copies[name] = performance.now() - t;
      }
    }
    // the query phase: other resources' records fill the deployment to DEPLOYMENT_ROWS, then CLIENTS readers of
    // another department page through filtered, projected queries, parameters varied per request
    const others = Math.max(0, DEPLOYMENT_ROWS - ROWS);
    for (let done = 0; done < others; done += 1_000_000) {
      const n = Math.min(1_000_000, others - done);
      await db.execute(sql`insert into platform_records (pilot_id, resource_id, key, doc)
        select ${randomUUID()}::uuid, ${randomUUID()}::uuid, 'F' || lpad(g::text, 9, '0'),
               jsonb_build_object('code', 'F' || g, 'district', (string_to_array(${DISTRICTS.join(',')}::text, ','))[1 + g % 5], 'amount', g % 10000, 'name', '单位' || g)
        from generate_series(1, ${n}::int) g`);
    }
    await db.execute(sql`analyze platform_records`);
    const reader = await sessionRepository.findUserForSignIn(db, 'wuxi-rsj.editor');
    const readerActor = (await sessionRepository.actorForUser(db, reader!.id, null))!;
    const readerCtx: Ctx = { ...ctx, actor: readerActor, scope: scopeOf(readerActor) };
    const timings: Record<'keyOrder' | 'sorted', number[]> = { keyOrder: [], sorted: [] };
    // each kind twice, the first round untimed: new pool connections and cold caches are not what a running platform sees
    for (const [kind, timed] of [
      ['keyOrder', false],
      ['keyOrder', true],
      ['sorted', false],
      ['sorted', true],
    ] as const) {
      await Promise.all(
        Array.from({ length: CLIENTS }, async (_, c) => {
          for (let q = 0; q < QUERIES_PER_CLIENT; q++) {
            const n = c * QUERIES_PER_CLIENT + q;
            const query = {
              filters: [
                { field: 'district', op: 'eq' as const, value: DISTRICTS[n % 5]! },
                { field: 'amount', op: 'gte' as const, value: (n * 97) % 9_000 },
              ],
              fields: ['code', 'name', 'amount', 'phone'],
              limit: 50,
              ...(kind === 'sorted' ? { sort: n % 2 ? '-amount' : 'amount' } : {}),
            };
            const t = performance.now();
            const { page: first } = await queryRecords(readerCtx, { apiKey: null }, resource.id, query);
            if (timed) timings[kind].push(performance.now() - t);
            if (!first.nextCursor) throw new Error('query: expected a second page');
            const t2 = performance.now();
            await queryRecords(readerCtx, { apiKey: null }, resource.id, { ...query, cursor: first.nextCursor });
            if (timed) timings[kind].push(performance.now() - t2);
          }
        }),
      );
    }
    const queries = { keyOrder: summary(timings.keyOrder), sorted: summary(timings.sorted) };
    const rate = (ms: number) => (ROWS / ms) * 1000;
    const result = {
      engine: database.engine,
      startedAt: new Date().toISOString(),
      node: process.version,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? '',
      rows: ROWS,
      fileBytes: (await import('node:fs')).statSync(file).size,
      platform: { ms: platformMs, rowsPerSecond: rate(platformMs), peakRssAboveIdleMb: (peak - idle) / 2 ** 20 },
      deploymentRows: Math.max(ROWS, DEPLOYMENT_ROWS),
      queries,
      copy: Object.fromEntries(
        Object.entries(copies).map(([k, ms]) => [k, { ms, rowsPerSecond: rate(ms), platformRatio: copies[k]! / platformMs }]),
      ),
    };
    const table = [
      `# City platform bulk load (${result.engine}, ${fmt(ROWS)} rows × 12 fields, ${fmt(result.fileBytes / 2 ** 20, 1)} MB)`,
      '',
      '| path | seconds | rows/s | platform ÷ it |',
      '|---|---|---|---|',
      `| platform load (parse, check, SM3, stage, apply) | ${fmt(platformMs / 1000, 1)} | ${fmt(rate(platformMs))} | 1 |`,
      ...Object.entries(copies).map(
        ([k, ms]) => `| COPY into a ${k} table | ${fmt(ms / 1000, 1)} | ${fmt(rate(ms))} | ${fmt(ms / platformMs, 2)} |`,
      ),
      '',
      `Peak RSS above idle during the platform load: ${fmt(result.platform.peakRssAboveIdleMb)} MB.`,
      '',
      `## Page queries (${CLIENTS} concurrent readers, ${fmt(ROWS)} rows of ${fmt(result.deploymentRows)} in the deployment)`,
      '',
      'Two filters (district =, amount ≥), four fields (one personal, masked), 50 rows; first page and the next by cursor.',
      '',
      '| order | queries | p50 ms | p95 ms | max ms |',
      '|---|---|---|---|---|',
      ...(['keyOrder', 'sorted'] as const).map(
        (k) =>
          `| ${k === 'keyOrder' ? 'by key' : 'by amount (a field)'} | ${timings[k].length} | ${fmt(queries[k].p50, 1)} | ${fmt(queries[k].p95, 1)} | ${fmt(queries[k].max, 1)} |`,
      ),
      '',
    ].join('\n');
    console.log(table);
    // other sizes (the 500 MB memory run) beside the reference run of a million rows, not over it
    await writeResults(ROWS === 1_000_000 ? 'platform-load' : `platform-load-${ROWS}-rows`, result, table);
  } finally {
    await database.close();
    await rm(dir, { recursive: true, force: true });
  }
}

await runMain(main);
