/**
 * Export benchmark: the registry of BENCH_EXPORT_ROWS (10,000) pilots streamed over HTTP as .xlsx and as CSV by a
 * server in its own process, timed and with that process's peak memory, against the raw SQL of the same rows in the
 * same process and run. See bench/README.md.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { sql } from 'drizzle-orm';
import { buildApp } from '../packages/server/src/app.js';
import {
  baseUrl,
  benchRun,
  openBenchDatabase,
  serverProcess,
  endServer,
  signIn,
  writeResults,
  type BenchRun,
  seedBenchDatabase,
  benchConfig,
  median,
} from './common.js';
import { topUpPilots } from './synthetic.js';

const ROWS = Number(process.env.BENCH_EXPORT_ROWS ?? 10_000);
const RUNS = Number(process.env.BENCH_EXPORT_RUNS ?? 3);
if (!Number.isInteger(ROWS) || ROWS < 90 || !Number.isInteger(RUNS) || RUNS < 1)
  throw new Error('BENCH_EXPORT_ROWS must be an integer ≥ 90 (the real pilots), BENCH_EXPORT_RUNS ≥ 1');

// ---- the server process -----------------------------------------------------------------------------------------

/** VmHWM (peak) and VmRSS (now) of this process, in kB. */
function memoryKb() {
  const status = readFileSync('/proc/self/status', 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { peakKb: kb('VmHWM'), rssKb: kb('VmRSS') };
}

// The export's rows as one statement in the registry's default order: the same joins, the whole result at once.
const RAW_SQL = sql`select p.seq, p.published_name, pr.name as province_name, p.kind, b.year, p.status, p.official_name,
    p.admin_code, s.name as supervisor_name, po.code as organisation_code
  from pilots p
  join batches b on b.id = p.batch_id
  join provinces pr on pr.code = p.province_code
  join organisations po on po.id = p.organisation_id
  join organisations s on s.id = p.supervisor_org_id
  order by b.year, p.seq`;

/**
 * The app on a database holding ROWS pilots; it answers the parent's commands on stdin with one JSON line each:
 * `reset` (start a new peak: clear_refs 5), `memory`, `sql` (the baseline: the rows by raw SQL, as CSV lines to nowhere).
 */
async function serve() {
  const database = await openBenchDatabase(4);
  await seedBenchDatabase(database);
  await topUpPilots(database.db, ROWS);
  const app = await buildApp({
    database,
    config: benchConfig({ loginRateLimit: 10_000 }),
    logger: false,
  });
  const url = baseUrl((await app.listen({ host: '127.0.0.1', port: 0 }), app.server.address()));
  const say = (o: object) => process.stdout.write(`${JSON.stringify(o)}\n`);
  say({ ready: true, url, engine: database.engine });
  for await (const command of createInterface({ input: process.stdin })) {
    if (command === 'reset') {
      writeFileSync('/proc/self/clear_refs', '5');
      say(memoryKb());
    } else if (command === 'memory') say(memoryKb());
    else if (command === 'sql') {
      const t = performance.now();
      const { rows } = await database.db.execute(RAW_SQL);
      let bytes = 0;
      for (const r of rows) bytes += Buffer.byteLength(`${Object.values(r).join(',')}\r\n`);
      const first = rows[0] as { published_name: string } | undefined;
      const last = rows.at(-1) as { published_name: string } | undefined;
      say({ ms: performance.now() - t, rows: rows.length, bytes, first: first?.published_name, last: last?.published_name });
    }
  }
  await app.close();
  await database.close();
}

// ---- the measuring process --------------------------------------------------------------------------------------

interface Measure {
  ms: number;
  /** to the first byte of the body (HTTP only) */
  firstByteMs?: number;
  bytes: number;
  /** the server process's peak since the reset, and its growth over the resident size at the reset */
  peakMb: number;
  growthMb: number;
}

const mb = (kb: number) => Math.round(kb / 102.4) / 10;

async function main() {
  const startedAt = new Date();
  const { child, next, ask } = serverProcess(import.meta.url, 'BENCH_EXPORT_SERVER');
  try {
    let t = performance.now();
    const ready = (await next()) as { url: string; engine: string };
    console.log(`${ready.engine}: ${ROWS.toLocaleString('en-US')} pilots loaded in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const cookie = await signIn(ready.url, 'mohurd.viewer');

    /** One measured operation between a peak reset and a memory reading of the server process. */
    const measured = async (run: () => Promise<Omit<Measure, 'peakMb' | 'growthMb'>>): Promise<Measure> => {
      const before = (await ask('reset')) as { rssKb: number };
      const m = await run();
      const after = (await ask('memory')) as { peakKb: number };
      return { ...m, peakMb: mb(after.peakKb), growthMb: mb(after.peakKb - before.rssKb) };
    };
    const download = (format: 'xlsx' | 'csv') => async () => {
      t = performance.now();
      const res = await fetch(`${ready.url}/api/pilots/export.${format}`, { headers: { cookie } });
      if (res.status !== 200 || !res.body) throw new Error(`export.${format}: ${res.status} ${await res.text()}`);
      let firstByteMs: number | undefined;
      let bytes = 0;
      // read and dropped as it arrives: the measuring side holds no more than a chunk either
      for await (const chunk of res.body) {
        firstByteMs ??= performance.now() - t;
        bytes += (chunk as Uint8Array).byteLength;
      }
      return { ms: performance.now() - t, firstByteMs, bytes };
    };

    // the same rows: the CSV's data lines against the raw SQL's count, first and last name
    const check = (await ask('sql')) as { rows: number; first: string; last: string };
    const csv = await (await fetch(`${ready.url}/api/pilots/export.csv`, { headers: { cookie } })).text();
    const names = csv
      .trim()
      .split('\r\n')
      .slice(2)
      .map((line) => line.split(',')[1]);
    if (check.rows !== ROWS || names.length !== ROWS || names[0] !== check.first || names.at(-1) !== check.last)
      throw new Error(`the export and the raw SQL disagree: ${names.length} vs ${check.rows} rows (${ROWS} loaded)`);

    const runs: Record<'sql' | 'xlsx' | 'csv', Measure[]> = { sql: [], xlsx: [], csv: [] };
    for (let i = 0; i < RUNS; i++) {
      runs.sql.push(
        await measured(async () => {
          const r = (await ask('sql')) as { ms: number; bytes: number };
          return { ms: r.ms, bytes: r.bytes };
        }),
      );
      runs.xlsx.push(await measured(download('xlsx')));
      runs.csv.push(await measured(download('csv')));
    }
    const summary = Object.fromEntries(
      Object.entries(runs).map(([k, ms]) => [
        k,
        {
          medianMs: Math.round(median(ms.map((m) => m.ms))),
          medianFirstByteMs: k === 'sql' ? null : Math.round(median(ms.map((m) => m.firstByteMs ?? 0))),
          bytes: ms[0]!.bytes,
          maxPeakMb: Math.max(...ms.map((m) => m.peakMb)),
          maxGrowthMb: Math.max(...ms.map((m) => m.growthMb)),
        },
      ]),
    ) as Record<
      keyof typeof runs,
      { medianMs: number; medianFirstByteMs: number | null; bytes: number; maxPeakMb: number; maxGrowthMb: number }
    >;
    const result = {
      benchmark: 'export',
      ...benchRun(ready.engine, startedAt),
      rows: ROWS,
      runsPerKind: RUNS,
      summary,
      ratios: { xlsxToSql: summary.xlsx.medianMs / summary.sql.medianMs, csvToSql: summary.csv.medianMs / summary.sql.medianMs },
      runs,
    };
    const table = markdown(result);
    await writeResults('export', result, table);
    console.log(`\n${table}`);
  } finally {
    await endServer(child);
  }
}

function markdown(
  r: BenchRun & {
    rows: number;
    runsPerKind: number;
    summary: Record<
      'sql' | 'xlsx' | 'csv',
      { medianMs: number; medianFirstByteMs: number | null; bytes: number; maxPeakMb: number; maxGrowthMb: number }
    >;
  },
) {
  const label = { sql: 'raw SQL, whole result (baseline)', xlsx: 'GET /api/pilots/export.xlsx', csv: 'GET /api/pilots/export.csv' };
  const lines = [
    `# Export of ${r.rows.toLocaleString('en-US')} pilots — ${r.engine}`,
    '',
    `${r.startedAt}, Node ${r.node}, ${r.cpus} × ${r.cpuModel}; median of ${r.runsPerKind} runs each; memory is the server process's (VmHWM after a clear_refs reset), growth is the peak over its resident size before the run.`,
    '',
    '| what | ms | ÷ SQL | first byte ms | bytes | peak RSS MB | growth MB |',
    '|---|--:|--:|--:|--:|--:|--:|',
  ];
  for (const k of ['sql', 'xlsx', 'csv'] as const) {
    const s = r.summary[k];
    lines.push(
      `| ${label[k]} | ${s.medianMs} | ${(s.medianMs / r.summary.sql.medianMs).toFixed(1)} | ${s.medianFirstByteMs ?? ''} | ${s.bytes.toLocaleString('en-US')} | ${s.maxPeakMb} | ${s.maxGrowthMb} |`,
    );
  }
  return lines.join('\n') + '\n';
}

try {
  if (process.env.BENCH_EXPORT_SERVER) await serve();
  else await main();
} catch (err) {
  console.error(err);
  process.exitCode = 1;
}
