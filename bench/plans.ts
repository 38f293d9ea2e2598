/**
 * Each read route's statements one by one, as PostgreSQL plans them: a route's bench (routes.ts) measures the whole
 * request under load, this one what the database spends per statement and why. Every parameter set of a route is
 * answered once, its statements caught at the pool and grouped by text; each text is then run on a connection of its
 * own, one run after another through its parameter sets, four ways:
 *  - unnamed, as Drizzle sends a statement it builds per request (parsed and planned at every run);
 *  - named, PostgreSQL choosing (plan_cache_mode auto: a custom plan for the first five runs, then the generic plan
 *    kept if its estimate is no dearer) — how the app's prepared reads run;
 *  - named, the generic plan forced, and the custom plan forced.
 * With the plans each named way used (pg_prepared_statements), so a text PostgreSQL keeps planning anew shows.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:plans   # PostgreSQL only
 */
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { buildApp } from '../packages/server/src/app.js';
import { indexMissing } from '../packages/server/src/search/search-index.repository.js';
import { wavesOf, type Statement } from '../packages/server/src/test/statements.js';
import {
  baseUrl,
  benchRun,
  fmt,
  openBenchDatabase,
  quietConfig,
  runMain,
  seedBenchProgramme,
  settle,
  signIn,
  writeResults,
  type BenchRun,
} from './common.js';
import { ROUTES } from './route-sets.js';

const PILOTS = Number(process.env.BENCH_PILOTS ?? 3_000);
const RUNS = Number(process.env.BENCH_PLAN_RUNS ?? 300);
const ONLY = process.env.BENCH_ROUTES?.split(',').map((s) => s.trim());
const MODES = ['unnamed', 'auto', 'force_generic_plan', 'force_custom_plan'] as const;
type Mode = (typeof MODES)[number];

interface Timed {
  /** mean ms a run, one connection, runs one after another */
  ms: number;
  /** plans the named statement was run with, of the warm-up's and the timed runs */
  generic?: number;
  custom?: number;
}
interface Text {
  route: string;
  text: string;
  /** the route's parameter sets that sent it */
  sets: number;
  /** sent named by the app (a prepared read) */
  appNamed: boolean;
  modes: Record<Mode, Timed>;
}

async function timeText(url: string, text: string, runs: Statement[], mode: Mode, name: string): Promise<Timed> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    if (mode !== 'unnamed') await client.query(`set plan_cache_mode = ${mode}`);
    const run = (i: number) =>
      client.query({ ...(mode === 'unnamed' ? {} : { name }), text, values: runs[i % runs.length]!.values as unknown[], rowMode: 'array' });
    for (let i = 0; i < 20; i++) await run(i);
    const t = performance.now();
    for (let i = 0; i < RUNS; i++) await run(i);
    const ms = (performance.now() - t) / RUNS;
    if (mode === 'unnamed') return { ms };
    const { rows } = await client.query<{ generic_plans: string; custom_plans: string }>(
      'select generic_plans, custom_plans from pg_prepared_statements where name = $1',
      [name],
    );
    return { ms, generic: Number(rows[0]!.generic_plans), custom: Number(rows[0]!.custom_plans) };
  } finally {
    await client.end();
  }
}

async function main() {
  if (!process.env.BENCH_DATABASE_URL) throw new Error('bench:plans measures PostgreSQL plans: set BENCH_DATABASE_URL');
  const startedAt = new Date();
  const database = await openBenchDatabase(4);
  const texts: Text[] = [];
  try {
    const config = quietConfig({ loginRateLimit: 1_000_000, dataRateLimit: 1_000_000_000 });
    await seedBenchProgramme(database, config, PILOTS);
    await indexMissing(database.db);
    await settle(database, 'search_documents');
    // the scratch database's own address, for connections of their own
    const dbUrl = new URL(process.env.BENCH_DATABASE_URL);
    dbUrl.pathname = `/${(await database.db.execute<{ name: string }>(sql`select current_database() as name`)).rows[0]!.name}`;
    const app = await buildApp({ database, config, logger: false });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const url = baseUrl(app.server.address());
    const cookies = new Map<string, string>();
    const cookieOf = async (user: string) => cookies.get(user) ?? cookies.set(user, await signIn(url, user)).get(user)!;
    let n = 0;
    for (const route of ROUTES.filter((r) => !ONLY || ONLY.includes(r.name))) {
      const byText = new Map<string, Statement[]>();
      for (const v of await route.variants(database.db)) {
        const headers = v.user ? { cookie: await cookieOf(v.user) } : {};
        let status = 0;
        const waves = await wavesOf(database.db, async () => void (status = (await app.inject({ url: v.path, headers })).statusCode));
        if (status !== 200) throw new Error(`${v.path}: ${status}`);
        for (const s of waves.flat()) byText.set(s.text, [...(byText.get(s.text) ?? []), s]);
      }
      for (const [text, runs] of byText) {
        const modes = {} as Record<Mode, Timed>;
        for (const mode of MODES) modes[mode] = await timeText(dbUrl.href, text, runs, mode, `plans_${++n}`);
        texts.push({ route: route.name, text, sets: runs.length, appNamed: runs.some((s) => s.name), modes });
        console.log(
          `  ${route.name}: ${MODES.map((m) => `${m} ${fmt(modes[m].ms, 3)}`).join(', ')} — ${text.replace(/\s+/g, ' ').trim().slice(0, 60)}…`,
        );
      }
    }
    await app.close();
  } finally {
    await database.close();
  }
  const result = { ...benchRun('postgres', startedAt), pilots: PILOTS, runsPerMode: RUNS, texts };
  // a run of some routes (BENCH_ROUTES) does not replace the table of all of them, as in the routes bench
  await writeResults(ONLY ? 'plans-some' : 'plans', result satisfies BenchRun, markdown(result));
}

function markdown(r: BenchRun & { pilots: number; runsPerMode: number; texts: Text[] }) {
  const plans = (t: Timed) => `${fmt(t.ms, 3)} (${t.generic} g / ${t.custom} c)`;
  const lines = [
    "# Each route's statements as PostgreSQL plans them",
    '',
    `${r.startedAt}, Node ${r.node}, ${r.cpus} × ${r.cpuModel}. The demo programme and ${fmt(r.pilots)} pilots, the loaded database vacuumed (as autovacuum would); each statement text a route sent, run ${r.runsPerMode} times after 20 to warm up, on one connection, through the route's parameter sets that sent it. Mean ms a run; for a named statement, the runs planned generic (g) and custom (c). "app" says how the app sends it: prepared (named) or built per request (unnamed).`,
    '',
    '| route | statement | sets | app | unnamed | prepared, PostgreSQL choosing | generic forced | custom forced |',
    '|---|---|--:|---|--:|--:|--:|--:|',
  ];
  for (const t of r.texts)
    lines.push(
      `| ${t.route} | \`${t.text.replace(/\s+/g, ' ').trim().slice(0, 70).replace(/\|/g, '\\|')}…\` | ${t.sets} | ${t.appNamed ? 'prepared' : 'unnamed'} | ${fmt(t.modes.unnamed.ms, 3)} | ${plans(t.modes.auto)} | ${plans(t.modes.force_generic_plan)} | ${plans(t.modes.force_custom_plan)} |`,
    );
  return lines.join('\n') + '\n';
}

await runMain(main);
