/**
 * Pilot registry benchmark: GET /api/pilots through the whole app (session lookup, access rule, Zod validation,
 * Drizzle query, serialisation) against two floors — a bare Fastify route sending a body of the same size, and the
 * raw SQL of the same query. See bench/README.md.
 */
import { sql, type SQL } from 'drizzle-orm';
import Fastify from 'fastify';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { buildApp } from '../packages/server/src/app.js';
import { deptCode } from '../packages/server/src/seed/seed.js';
import {
  baseUrl,
  benchRun,
  fmt,
  openBenchDatabase,
  runMain,
  signIn,
  writeResults,
  type BenchRun,
  seedBenchDatabase,
  benchConfig,
} from './common.js';
import { cannon, type HttpTiming } from './load.js';
import { SYNTHETIC_NAME_PREFIX, SYNTHETIC_YEAR, topUpPilots } from './synthetic.js';

const SIZES = (process.env.BENCH_SIZES ?? '300,3000,30000').split(',').map((s) => Number(s.trim()));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 10;
const SQL_MS = 2_000;
const PROVINCE = '320000'; // 江苏: the province with the most batch-1 pilots, so also the most synthetic ones
const Q = SYNTHETIC_NAME_PREFIX.slice(0, 2); // '合成' matches every synthetic pilot: the filter cannot shrink the scan
if (SIZES.some((n) => !Number.isInteger(n) || n < 1) || !(SECONDS > 0))
  throw new Error('BENCH_SIZES must be positive integers, BENCH_SECONDS > 0');

// ---- the measured queries, as the app builds them and as raw SQL ------------------------------------------------

// Mirrors pilotRepository.list in one statement: the page's ids from pilots (+ batches for the order), the joins for
// those ids only, and the count on pilots alone — so the SQL floor is the same work without HTTP and Drizzle.
const pageQuery = (where: SQL, offset: number) => sql`with page as (
    select p.id, b.year, p.seq from pilots p join batches b on b.id = p.batch_id where ${where} order by b.year, p.seq limit 20 offset ${offset})
  select p.id, p.seq, b.year, b.name as batch_name, p.province_code, pr.name as province_name,
    p.published_name, p.official_name, p.admin_code, p.kind, p.status, p.organisation_id, po.code as organisation_code,
    po.name as organisation_name, p.supervisor_org_id, s.name as supervisor_name, p.note, p.version,
    (select count(*) from pilots p where ${where}) as total
  from page
  join pilots p on p.id = page.id
  join batches b on b.id = p.batch_id
  join provinces pr on pr.code = p.province_code
  join organisations po on po.id = p.organisation_id
  join organisations s on s.id = p.supervisor_org_id
  order by page.year, page.seq`;

interface Scenario {
  name: string;
  user: string;
  path: string;
  rawSql: (deptId: string) => SQL;
}

const scenarios: Scenario[] = [
  {
    name: 'ministry: batch+kind, page 3',
    user: 'mohurd.viewer',
    path: `/api/pilots?batch=${SYNTHETIC_YEAR}&kind=district&page=3&pageSize=20`,
    rawSql: () => pageQuery(sql`p.batch_id = (select id from batches where year = ${SYNTHETIC_YEAR}) and p.kind = ${'district'}`, 40),
  },
  {
    name: `province: q=${Q}`,
    user: `${deptCode(PROVINCE).toLowerCase()}.viewer`,
    path: `/api/pilots?pageSize=20&q=${encodeURIComponent(Q)}`,
    rawSql: (deptId) =>
      pageQuery(sql`p.supervisor_org_id = ${deptId} and (p.published_name ilike ${`%${Q}%`} or p.official_name ilike ${`%${Q}%`})`, 0),
  },
];

// ---- measuring --------------------------------------------------------------------------------------------------

/** Queries per second of `run`, with `concurrency` loops in flight for ~SQL_MS. */
async function queriesPerSecond(run: () => Promise<unknown>, concurrency: number) {
  for (let i = 0; i < 20; i++) await run(); // warm-up
  let n = 0;
  const start = performance.now();
  const end = start + SQL_MS;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        await run();
        n += 1;
      }
    }),
  );
  return n / ((performance.now() - start) / 1000);
}

// app ÷ bare is far below 1; three decimals plus the inverse keep it readable
const ratio = (x: number) => `${x.toFixed(3)} (1/${fmt(1 / x)})`;

// ---- main -------------------------------------------------------------------------------------------------------

async function main() {
  const startedAt = new Date();
  const database = await openBenchDatabase(CONNECTIONS);
  const closers: (() => Promise<unknown>)[] = [() => database.close()];
  try {
    let t = performance.now();
    // before the synthetic pilots exist: seedDemo makes one user per role per organisation, and we want 90 real pilots' worth
    await seedBenchDatabase(database);
    console.log(`${database.engine}: migrated and seeded in ${fmt((performance.now() - t) / 1000, 1)} s`);

    const config = benchConfig({ loginRateLimit: 10_000 });
    const app = await buildApp({ database, config, logger: false });
    closers.unshift(() => app.close());
    const appUrl = baseUrl((await app.listen({ host: '127.0.0.1', port: 0 }), app.server.address()));
    const cookies = new Map<string, string>();
    for (const s of scenarios) cookies.set(s.user, await signIn(appUrl, s.user));
    const [dept] = (await database.db.execute(sql`select id from organisations where code = ${deptCode(PROVINCE)}`)).rows as {
      id: string;
    }[];

    // The floor for HTTP + Fastify routing: no plugins, no hooks, a pre-serialised body of the measured response's size.
    let bareBody = '{}';
    const bare = Fastify({ logger: false });
    bare.get('/bare', (_req, reply) => reply.type('application/json; charset=utf-8').send(bareBody));
    closers.unshift(() => bare.close());
    const bareUrl = baseUrl((await bare.listen({ host: '127.0.0.1', port: 0 }), bare.server.address()));

    const runs = [];
    for (const n of SIZES) {
      t = performance.now();
      const added = await topUpPilots(database.db, n);
      const loadSeconds = (performance.now() - t) / 1000;
      console.log(`\nN=${fmt(n)}: added ${fmt(added)} synthetic pilots in ${fmt(loadSeconds, 1)} s`);

      const measured = [];
      for (const s of scenarios) {
        const cookie = cookies.get(s.user)!;
        const res = await fetch(appUrl + s.path, { headers: { cookie } });
        const body = await res.text();
        if (res.status !== 200) throw new Error(`${s.path}: ${res.status} ${body}`);
        const json = JSON.parse(body) as { items: { id: string }[]; total: number };
        if (json.items.length === 0) throw new Error(`${s.path} as ${s.user} returned no rows at N=${n}: nothing to measure`);
        const raw = s.rawSql(dept!.id);
        const rawIds = ((await database.db.execute(raw)).rows as { id: string }[]).map((r) => r.id);
        // the SQL floor is only meaningful if it is the same query
        if (rawIds.join() !== json.items.map((i) => i.id).join()) throw new Error(`${s.name}: raw SQL returns other rows than the API`);
        if (s === scenarios[0]) bareBody = body;

        const http = await cannon(appUrl, [{ path: s.path, headers: { cookie } }], CONNECTIONS, SECONDS);
        const sqlSerial = await queriesPerSecond(() => database.db.execute(raw), 1);
        const sqlConcurrent = await queriesPerSecond(() => database.db.execute(raw), CONNECTIONS);
        console.log(
          `  ${s.name}: ${fmt(http.perSecond)} req/s, p50 ${fmt(http.p50, 1)} ms, p99 ${fmt(http.p99, 1)} ms; SQL ${fmt(sqlSerial)} q/s (1), ${fmt(sqlConcurrent)} q/s (${CONNECTIONS})`,
        );
        measured.push({
          scenario: s.name,
          user: s.user,
          path: s.path,
          responseBytes: Buffer.byteLength(body),
          items: json.items.length,
          total: json.total,
          http,
          sql: { queriesPerSecSerial: sqlSerial, queriesPerSecConcurrent: sqlConcurrent, concurrency: CONNECTIONS },
        });
      }
      const bareHttp = await cannon(bareUrl, [{ path: '/bare' }], CONNECTIONS, SECONDS);
      console.log(`  bare Fastify (${fmt(Buffer.byteLength(bareBody))} B): ${fmt(bareHttp.perSecond)} req/s`);
      runs.push({
        n,
        addedPilots: added,
        loadSeconds,
        bare: { responseBytes: Buffer.byteLength(bareBody), http: bareHttp },
        scenarios: measured.map((m) => ({ ...m, ratioToBare: m.http.perSecond / bareHttp.perSecond })),
      });
    }

    const engine = database.engine;
    const result = {
      benchmark: 'pilots',
      ...benchRun(engine, startedAt),
      platform: `${os.platform()} ${os.arch()}`,
      sizes: SIZES,
      secondsPerRun: SECONDS,
      connections: CONNECTIONS,
      query: Q,
      province: PROVINCE,
      runs,
    };
    const table = markdown(result);
    await writeResults('pilots', result, table);
    console.log(`\n${table}`);
  } finally {
    for (const close of closers) await close();
  }
}

function markdown(
  r: BenchRun & {
    secondsPerRun: number;
    connections: number;
    runs: {
      n: number;
      bare: { responseBytes: number; http: HttpTiming };
      scenarios: {
        scenario: string;
        responseBytes: number;
        total: number;
        http: HttpTiming;
        ratioToBare: number;
        sql: { queriesPerSecSerial: number; queriesPerSecConcurrent: number };
      }[];
    }[];
  },
) {
  const lines = [
    `# GET /api/pilots — ${r.engine}`,
    '',
    `${r.startedAt}, Node ${r.node}, ${r.cpus} × ${r.cpuModel}; autocannon ${r.connections} connections × ${r.secondsPerRun} s (after a warm-up on the same connections), same process as the servers.`,
    '',
    '| N | scenario | bytes | matches | req/s | p50 ms | p99 ms | ÷ bare | raw SQL q/s (1 / 10 in flight) |',
    '|--:|---|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const run of r.runs) {
    for (const s of run.scenarios) {
      lines.push(
        `| ${fmt(run.n)} | ${s.scenario} | ${fmt(s.responseBytes)} | ${fmt(s.total)} | ${fmt(s.http.perSecond)} | ${fmt(s.http.p50, 1)} | ${fmt(s.http.p99, 1)} | ${ratio(s.ratioToBare)} | ${fmt(s.sql.queriesPerSecSerial)} / ${fmt(s.sql.queriesPerSecConcurrent)} |`,
      );
    }
    const b = run.bare.http;
    lines.push(
      `| ${fmt(run.n)} | bare Fastify | ${fmt(run.bare.responseBytes)} | | ${fmt(b.perSecond)} | ${fmt(b.p50, 1)} | ${fmt(b.p99, 1)} | 1 | |`,
    );
  }
  return lines.join('\n') + '\n';
}

await runMain(main);
