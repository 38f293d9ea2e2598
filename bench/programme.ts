/**
 * The programme at scale: synthetic pilots with signed task books and five years of annual reports (3,000 × 57
 * indicators × 5 years = 855,000 values), then the Ministry dashboard, the search box and the indicator analytics —
 * each through the service function its route runs, through the route over HTTP, and as the raw SQL of the same
 * statements, interleaved in one run. See bench/README.md.
 *
 *   node --import tsx bench/programme.ts [dashboard] [analytics] [search]   (default: all three)
 */
import { sql } from 'drizzle-orm';
import { performance } from 'node:perf_hooks';
import { buildApp } from '../packages/server/src/app.js';
import type { Ctx } from '../packages/server/src/context.js';
import { type Db } from '../packages/server/src/db/client.js';
import { systemClock } from '../packages/server/src/lib/clock.js';
import { dashboard } from '../packages/server/src/modules/dashboards/dashboards.service.js';
import { indicatorAnalytics } from '../packages/server/src/modules/dashboards/indicator-analytics.service.js';
import { search } from '../packages/server/src/modules/search/search.service.js';
import { indexRecord } from '../packages/server/src/search/search-index.repository.js';
import type { Actor } from '../packages/server/src/tenancy/actor.js';
import { poolOf, statementOf, type Statement } from '../packages/server/src/test/statements.js';
import {
  baseUrl,
  benchRun,
  fmt,
  openBenchDatabase,
  runMain,
  signIn,
  summary,
  writeResults,
  seedBenchDatabase,
  benchConfig,
} from './common.js';
import { loadAverage } from './load.js';
import { topUpPilots } from './synthetic.js';
import { topUpProgramme } from './synthetic-programme.js';

const PARTS = ['dashboard', 'analytics', 'search'] as const;
type Part = (typeof PARTS)[number];
const asked = process.argv.slice(2);
if (asked.some((p) => !(PARTS as readonly string[]).includes(p))) throw new Error(`parts: ${PARTS.join(', ')}`);
const parts: Part[] = asked.length ? (asked as Part[]) : [...PARTS];
const SIZES = (process.env.BENCH_SIZES ?? '3000,30000').split(',').map((s) => Number(s.trim()));
/** pilots whose task books and reports carry the 57 indicators and their values */
const VALUES_PILOTS = 3_000;
/** search and analytics read the values and the indexed task books: measured at the sizes up to VALUES_PILOTS */
const RUNS = Number(process.env.BENCH_RUNS ?? 100);
const TARGET_MS: Record<Part, (n: number) => number | null> = {
  dashboard: (n) => (n <= 3_000 ? 50 : n <= 30_000 ? 100 : null),
  search: () => 50,
  analytics: () => null,
};
const SEARCHES = ['交通', '停车', '管网', '智慧交通', '地下管网监测'];

/** The statements `run` sends, as text and parameters, caught at the pool (drizzle's client). */
async function statementsOf(db: Db, run: () => Promise<unknown>): Promise<Statement[]> {
  const pool = poolOf(db);
  const original = pool.query;
  const caught: Statement[] = [];
  // drizzle sends (config, params) or (text, params)
  pool.query = function (this: unknown, ...args: unknown[]) {
    caught.push(statementOf(args));
    return original.apply(this, args);
  };
  try {
    await run();
  } finally {
    pool.query = original;
  }
  return caught;
}

interface Measured {
  part: Part;
  name: string;
  n: number;
  statements: number;
  service: ReturnType<typeof summary>;
  http: ReturnType<typeof summary>;
  rawSql: ReturnType<typeof summary>;
  targetMs: number | null;
  loadBefore: number[];
  loadAfter: number[];
}

/**
 * RUNS rounds of: the service function, the raw SQL of its statements (in the order it sent them, one after
 * another), the route over HTTP — interleaved, so the machine's load falls on the three alike.
 */
async function measure(db: Db, part: Part, name: string, n: number, service: () => Promise<unknown>, url: string, cookie: string) {
  const statements = await statementsOf(db, service);
  const pool = poolOf(db);
  const raw = async () => {
    for (const s of statements) await pool.query(s);
  };
  const http = async () => {
    const res = await fetch(url, { headers: { cookie } });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${body}`);
  };
  for (let i = 0; i < 5; i++) await Promise.all([service(), raw(), http()].map((p) => p)); // warm-up: plans, JIT, page cache
  const times = { service: [] as number[], http: [] as number[], rawSql: [] as number[] };
  const loadBefore = loadAverage();
  for (let i = 0; i < RUNS; i++)
    for (const [key, run] of [
      ['service', service],
      ['rawSql', raw],
      ['http', http],
    ] as const) {
      const t = performance.now();
      await run();
      times[key].push(performance.now() - t);
    }
  const m: Measured = {
    part,
    name,
    n,
    statements: statements.length,
    service: summary(times.service),
    http: summary(times.http),
    rawSql: summary(times.rawSql),
    targetMs: TARGET_MS[part](n),
    loadBefore,
    loadAfter: loadAverage(),
  };
  console.log(
    `  ${name}: p95 service ${fmt(m.service.p95, 1)} ms, HTTP ${fmt(m.http.p95, 1)} ms, raw SQL ${fmt(m.rawSql.p95, 1)} ms (${m.statements} statements); load ${m.loadAfter.join(' ')}`,
  );
  return m;
}

async function ministryCtx(db: Db): Promise<Ctx> {
  const [row] = (
    await db.execute<{ user_id: string; username: string; display_name: string; org_id: string; org_code: string }>(sql`
      select u.id as user_id, u.username, u.display_name, o.id as org_id, o.code as org_code
      from users u join organisations o on o.id = u.organisation_id where u.username = 'mohurd.viewer'`)
  ).rows;
  const actor: Actor = {
    userId: row!.user_id,
    username: row!.username,
    displayName: row!.display_name,
    title: null,
    organisationId: row!.org_id,
    organisationType: 'ministry',
    organisationCode: row!.org_code,
    organisationStatus: 'active',
    tier: 'ministry',
    provinceCode: null,
    pilotId: null,
    roles: ['viewer'],
    sessionId: null,
  };
  return { actor, scope: { tier: 'ministry' }, db, clock: systemClock, lang: 'zh-CN' };
}

async function main() {
  const startedAt = new Date();
  const database = await openBenchDatabase(4);
  const closers: (() => Promise<unknown>)[] = [() => database.close()];
  const db = database.db;
  try {
    await seedBenchDatabase(database);
    const config = benchConfig({ loginRateLimit: 10_000 });
    const app = await buildApp({ database, config, logger: false });
    closers.unshift(() => app.close());
    const appUrl = baseUrl((await app.listen({ host: '127.0.0.1', port: 0 }), app.server.address()));
    const cookie = await signIn(appUrl, 'mohurd.viewer');
    const ctx = await ministryCtx(db);
    const [wireless] = (await db.execute<{ id: string }>(sql`select id from indicators where code = '1.2.1'`)).rows;
    const [organisation] = (await db.execute<{ id: string }>(sql`select id from indicators where code = '1.1.2'`)).rows;

    const measured: Measured[] = [];
    const loads: { n: number; pilots: number; values: number; taskBooksIndexed: number; seconds: number }[] = [];
    for (const n of SIZES) {
      const t = performance.now();
      await topUpPilots(db, n);
      const books = await topUpProgramme(db, VALUES_PILOTS);
      // the search index, as the services keep it: each task book in its own transaction (the app indexed what existed at start)
      let indexed = 0;
      if (parts.includes('search') && n <= VALUES_PILOTS)
        for (const id of books) {
          await db.transaction((tx) => indexRecord(tx, 'taskBook', id));
          indexed += 1;
        }
      if (indexed) await db.execute(sql`analyze search_documents`);
      const [counted] = (
        await db.execute<{ pilots: number; values: number }>(sql`select (select count(*) from pilots)::int as pilots,
          (select coalesce(sum(jsonb_array_length(content->'indicators')), 0) from annual_reports)::int as values`)
      ).rows;
      const seconds = (performance.now() - t) / 1000;
      loads.push({ n, pilots: counted!.pilots, values: counted!.values, taskBooksIndexed: indexed, seconds });
      console.log(
        `\nN=${fmt(n)}: ${fmt(counted!.pilots)} pilots, ${fmt(counted!.values)} values, ${fmt(indexed)} task books indexed in ${fmt(seconds, 1)} s`,
      );

      // computed on every request, then as served while the database is unchanged (unchanged-cache.repository.ts)
      if (parts.includes('dashboard'))
        for (const cache of ['off', 'on'] as const) {
          process.env.SMARTCITY_READ_CACHE = cache;
          measured.push(
            await measure(
              db,
              'dashboard',
              `Ministry dashboard (all batches), ${cache === 'off' ? 'computed' : 'database unchanged'}`,
              n,
              () => dashboard(ctx, {}),
              `${appUrl}/api/dashboard`,
              cookie,
            ),
          );
        }
      process.env.SMARTCITY_READ_CACHE = 'off'; // what follows is measured computed
      if (parts.includes('analytics') && n <= VALUES_PILOTS)
        for (const [name, id] of [
          ['1.2.1 无线网络 by province', wireless!.id],
          ['1.1.2 组织机构 (qualitative) by province', organisation!.id],
        ] as const)
          measured.push(
            await measure(
              db,
              'analytics',
              name,
              n,
              () => indicatorAnalytics(ctx, { indicator: id, cohort: 'province' }),
              `${appUrl}/api/indicator-analytics?indicator=${id}&cohort=province`,
              cookie,
            ),
          );
      if (parts.includes('search') && n <= VALUES_PILOTS)
        for (const q of SEARCHES)
          measured.push(
            await measure(
              db,
              'search',
              `search “${q}”`,
              n,
              () => search(db, { scope: ctx.scope, actor: ctx.actor }, { q, page: 1, pageSize: 5 }),
              `${appUrl}/api/search?q=${encodeURIComponent(q)}`,
              cookie,
            ),
          );
    }

    const result = {
      benchmark: 'programme',
      parts,
      ...benchRun(database.engine, startedAt),
      runs: RUNS,
      loads,
      measured,
    };
    const table = markdown(result);
    await writeResults(parts.join('-'), result, table);
    console.log(`\n${table}`);
  } finally {
    for (const close of closers) await close();
  }
}

function markdown(r: {
  parts: Part[];
  engine: string;
  startedAt: string;
  node: string;
  cpus: number;
  cpuModel: string;
  runs: number;
  loads: { n: number; pilots: number; values: number; taskBooksIndexed: number; seconds: number }[];
  measured: Measured[];
}) {
  const ms = (x: number) => fmt(x, 1);
  const lines = [
    `# The programme at scale (${r.parts.join(', ')}) — ${r.engine}`,
    '',
    `${r.startedAt}, Node ${r.node}, ${r.cpus} × ${r.cpuModel}; ${r.runs} interleaved rounds of service function, raw SQL and HTTP, one request in flight; the database on the same host. Load average (1/5/15 min) after each row: the machine is shared.`,
    '',
    '| N | pilots | values | task books indexed | load s |',
    '|--:|--:|--:|--:|--:|',
    ...r.loads.map((l) => `| ${fmt(l.n)} | ${fmt(l.pilots)} | ${fmt(l.values)} | ${fmt(l.taskBooksIndexed)} | ${fmt(l.seconds, 1)} |`),
    '',
    '| N | query | statements | service p50 / p95 ms | HTTP p50 / p95 ms | raw SQL p50 / p95 ms | service ÷ raw (p95) | HTTP ÷ raw (p95) | target p95 | load |',
    '|--:|---|--:|--:|--:|--:|--:|--:|--:|---|',
  ];
  for (const m of r.measured) {
    const verdict = m.targetMs === null ? '—' : `< ${m.targetMs} ms ${m.http.p95 < m.targetMs ? 'met' : 'missed'}`;
    lines.push(
      `| ${fmt(m.n)} | ${m.name} | ${m.statements} | ${ms(m.service.p50)} / ${ms(m.service.p95)} | ${ms(m.http.p50)} / ${ms(m.http.p95)} | ${ms(m.rawSql.p50)} / ${ms(m.rawSql.p95)} | ${fmt(m.service.p95 / m.rawSql.p95, 2)} | ${fmt(m.http.p95 / m.rawSql.p95, 2)} | ${verdict} | ${m.loadAfter.join(' ')} |`,
    );
  }
  return lines.join('\n') + '\n';
}

await runMain(main);
