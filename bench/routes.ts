/**
 * Every read route the web's pages load, under load, against its two floors in the same run: a bare Fastify route
 * sending the same bytes for the same path, and the raw SQL the route sent for that request (caught at the pool and
 * replayed with the same parameters). The app and the floors run in a server process of their own; this process is
 * the load generator, and each request is the next of a route's parameter sets (pages, filters, users), so no cache
 * answers the same question twice in a row. See bench/README.md, "Every read route".
 *
 *   npm run bench:routes                                                                   # PGlite
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:routes   # PostgreSQL (scratch database)
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { buildApp } from '../packages/server/src/app.js';
import { loadConfig } from '../packages/server/src/config.js';
import { indexMissing } from '../packages/server/src/search/search-index.repository.js';
import { poolOf, statementCatcher, type Statement } from '../packages/server/src/test/statements.js';
import {
  baseUrl,
  benchRun,
  fmt,
  openBenchDatabase,
  runMain,
  serverProcess,
  endServer,
  signIn,
  writeResults,
  type BenchRun,
  quietConfig,
  seedBenchProgramme,
  settle,
  BENCH_REPORT_YEARS,
  median,
} from './common.js';
import { cannon, loadAverage, loops, replay, type LoadRequest, type Timing } from './load.js';
import { profileTables, startProfile, summarise, type ProfileSummary } from './profile.js';
import { topUpPilots } from './synthetic.js';
import { ROUTES, type Kind, type Route } from './route-sets.js';

const PILOTS = Number(process.env.BENCH_PILOTS ?? 3_000);
/** the registry measured again at this size (0: not) */
const LARGE = Number(process.env.BENCH_LARGE_PILOTS ?? 30_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
/**
 * Rounds of app, bare and SQL, one after another, per connection count: on shared cores bare Fastify itself moved by a
 * third between runs, so a ratio is the median of each round's own (its three runs saw the same machine), and every
 * timing the round's of median req/s.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** the pool production runs on PostgreSQL (SMARTCITY_DB_POOL_SIZE): requests beyond it wait in the app, as they would there */
const POOL = loadConfig().databasePoolSize;
const CONNECTIONS = [10, 50] as const;
const ONLY = process.env.BENCH_ROUTES?.split(',').map((s) => s.trim());
/** after a route's measurements, one more run of the app at 10 connections with the server's CPU profiled (profile.ts) */
const PROFILE = process.env.BENCH_PROFILE === '1';
if (![PILOTS, SECONDS, ROUNDS].every((x) => x > 0) || !(LARGE === 0 || LARGE > PILOTS))
  throw new Error('BENCH_PILOTS, BENCH_SECONDS, BENCH_ROUNDS > 0; BENCH_LARGE_PILOTS 0 or above BENCH_PILOTS');

/**
 * The issue's targets on PostgreSQL. Light: lists and pages a user opens all day — share of bare Fastify at 50
 * connections, p99 there. Heavy: aggregates and searches — share of their raw-SQL floor at 10 connections, p99 there.
 */
const TARGETS = {
  light: { connections: 50, floor: 'bare', ratio: 0.3, p99: 25 },
  heavy: { connections: 10, floor: 'sql', ratio: 0.6, p99: 50 },
  large: { connections: 50, floor: 'bare', ratio: 0.2, p99: 50 },
} as const;

// ---- the server process -----------------------------------------------------------------------------------------

interface Prepared {
  route: string;
  requests: LoadRequest[];
  bytes: number[];
  statements: number[];
  /** of them, the prepared ones (named: built once, parsed once per connection) */
  named: number[];
}

/**
 * The app on the programme: the demo (made through its routes, as `--demo` does) topped up to PILOTS synthetic
 * pilots with task books and ten years of reports. It answers the measuring process's commands on stdin, one JSON
 * line each: `prepare <route>` (sign in its users, answer each parameter set once to warm it and once to catch its
 * statements and bytes), `bare` (serve the prepared bodies from a bare Fastify), `sql <connections>` (replay the
 * route's statements), `grow <n>` (more pilots). The measuring process ends it with a signal.
 */
async function serve() {
  const database = await openBenchDatabase(POOL);
  const config = quietConfig({ loginRateLimit: 1_000_000, dataRateLimit: 1_000_000_000 });
  await seedBenchProgramme(database, config, PILOTS);
  // the synthetic records into the search index now: the app's start would, within its plugins' 10 s
  await indexMissing(database.db);
  // and settled as the other tables were before it
  await settle(database, 'search_documents');
  // errors to stderr (stdout carries the answers to the measuring process)
  const app = await buildApp({ database, config, logger: { level: 'error', stream: process.stderr } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = baseUrl(app.server.address());

  // a request's statements, caught while it is prepared: the server's request listener runs it in their context
  const catcher = statementCatcher(database.db);
  const pool = poolOf(database.db);
  const [listener] = app.server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  let catching: Statement[][] | undefined;
  app.server.removeAllListeners('request');
  app.server.on('request', (req, res) => (catching ? catcher.during(catching, () => listener!(req, res)) : listener!(req, res)));

  const cookies = new Map<string, string>();
  const cookieOf = async (user: string) => cookies.get(user) ?? cookies.set(user, await signIn(url, user)).get(user)!;
  let prepared: { bodies: Map<string, string>; waves: Statement[][][] } = { bodies: new Map(), waves: [] };
  let bare: FastifyInstance | undefined;
  let stopProfile: Awaited<ReturnType<typeof startProfile>> | undefined;

  const say = (o: object) => process.stdout.write(`${JSON.stringify(o)}\n`);
  say({ ready: true, url, engine: database.engine });
  for await (const line of createInterface({ input: process.stdin })) {
    const [command, arg] = line.split(' ');
    try {
      if (command === 'prepare') {
        const route = ROUTES.find((r) => r.name === decodeURIComponent(arg!))!;
        const variants = await route.variants(database.db);
        if (!variants.length) throw new Error(`${route.name}: no parameter sets in this database`);
        const requests: LoadRequest[] = [];
        for (const v of variants) requests.push({ path: v.path, headers: v.user ? { cookie: await cookieOf(v.user) } : {} });
        const get = async (r: LoadRequest) => {
          const res = await fetch(url + r.path, { headers: r.headers });
          const body = await res.text();
          if (res.status !== 200) throw new Error(`${r.path}: ${res.status} ${body.slice(0, 300)}`);
          return body;
        };
        for (const r of requests) await get(r); // warm: plans, the session cache, JIT
        prepared = { bodies: new Map(), waves: [] };
        const bytes: number[] = [];
        for (const r of requests) {
          const waves: Statement[][] = [];
          catching = waves;
          let body: string;
          try {
            body = await get(r);
          } finally {
            catching = undefined;
          }
          // the bare route answers by path; two users asking the same path get the first's bytes (sizes alike)
          if (!prepared.bodies.has(r.path)) prepared.bodies.set(r.path, body);
          prepared.waves.push(waves);
          bytes.push(Buffer.byteLength(body));
        }
        catcher.pause();
        say({
          route: route.name,
          requests,
          bytes,
          statements: prepared.waves.map((w) => w.flat().length),
          named: prepared.waves.map((w) => w.flat().filter((s) => s.name).length),
        } satisfies Prepared);
      } else if (command === 'bare') {
        await bare?.close();
        bare = Fastify({ logger: false });
        const bodies = prepared.bodies;
        bare.get('/*', (req, reply) => reply.type('application/json; charset=utf-8').send(bodies.get(req.url)));
        await bare.listen({ host: '127.0.0.1', port: 0 });
        say({ url: baseUrl(bare.server.address()) });
      } else if (command === 'sql') {
        const waves = prepared.waves;
        say(await loops((i) => replay(pool, waves[i % waves.length]!), Number(arg), SECONDS));
      } else if (command === 'profile') {
        stopProfile = await startProfile();
        say({ profiling: true });
      } else if (command === 'profiled') {
        const profile = await stopProfile!();
        const file = join(tmpdir(), `smartcity-${decodeURIComponent(arg!).replace(/\W+/g, '-')}-${database.engine}.cpuprofile`);
        await writeFile(file, JSON.stringify(profile));
        say({ ...summarise(profile), file });
      } else if (command === 'grow') {
        await topUpPilots(database.db, Number(arg));
        say({ pilots: Number(arg) });
      } else throw new Error(`unknown command ${line}`);
    } catch (err) {
      say({ error: err instanceof Error ? err.message : String(err) });
    }
  }
  await bare?.close();
  await app.close();
  await database.close();
}

// ---- the measuring process --------------------------------------------------------------------------------------

interface Measured {
  route: string;
  kind: Kind | 'large';
  pilots: number;
  variants: number;
  example: string;
  responseBytes: { median: number; max: number };
  statements: { mean: number; max: number; namedMean: number };
  /** per connection count: the app, bare Fastify, the raw SQL, each of its median round; each round's ratios */
  runs: { connections: number; app: Timing; bare: Timing; sql: Timing; ratios: { bare: number[]; sql: number[] } }[];
  target: (typeof TARGETS)[keyof typeof TARGETS] & {
    met: boolean;
    measuredRatio: number;
    measuredRange: [number, number];
    measuredP99: number;
  };
  loadAfter: number[];
  /** BENCH_PROFILE: the app once more at 10 connections, profiled (slower: not the run measured above) */
  profile?: ProfileSummary & { file: string; app: Timing };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
/** the timing of median req/s (of an even count, the lower middle one) */
const medianTiming = (ts: Timing[]) => ts.toSorted((a, b) => a.perSecond - b.perSecond)[(ts.length - 1) >> 1]!;

async function main() {
  const startedAt = new Date();
  const { child, next, ask } = serverProcess(import.meta.url, 'BENCH_ROUTES_SERVER');
  const results: Measured[] = [];
  let engine = 'unknown';
  try {
    const t = performance.now();
    const ready = (await next()) as { url: string; engine: string };
    engine = ready.engine;
    console.log(`${ready.engine}: the demo and ${fmt(PILOTS)} pilots loaded in ${((performance.now() - t) / 1000).toFixed(0)} s`);

    const measure = async (route: Route, kind: Kind | 'large', pilots: number) => {
      const p = (await ask(`prepare ${encodeURIComponent(route.name)}`)) as unknown as Prepared;
      const bareUrl = ((await ask('bare')) as { url: string }).url;
      const runs = [];
      for (const connections of CONNECTIONS) {
        const rounds: { app: Timing; bare: Timing; sql: Timing }[] = [];
        for (let round = 0; round < ROUNDS; round++) {
          const app = await cannon(ready.url, p.requests, connections, SECONDS);
          const bare = await cannon(bareUrl, p.requests, connections, SECONDS);
          rounds.push({ app, bare, sql: (await ask(`sql ${connections}`)) as unknown as Timing });
        }
        const of = (floor: 'bare' | 'sql') => rounds.map((r) => r.app.perSecond / r[floor].perSecond);
        const [app, bare, sql] = (['app', 'bare', 'sql'] as const).map((k) => medianTiming(rounds.map((r) => r[k])));
        runs.push({ connections, app: app!, bare: bare!, sql: sql!, ratios: { bare: of('bare'), sql: of('sql') } });
      }
      const goal = TARGETS[kind];
      const at = runs.find((r) => r.connections === goal.connections)!;
      const ratios = at.ratios[goal.floor];
      const ratio = median(ratios);
      const m: Measured = {
        route: route.name,
        kind,
        pilots,
        variants: p.requests.length,
        example: p.requests[0]!.path,
        responseBytes: { median: median(p.bytes), max: Math.max(...p.bytes) },
        statements: { mean: mean(p.statements), max: Math.max(...p.statements), namedMean: mean(p.named) },
        runs,
        target: {
          ...goal,
          measuredRatio: ratio,
          measuredRange: [Math.min(...ratios), Math.max(...ratios)],
          measuredP99: at.app.p99,
          met: ratio >= goal.ratio && at.app.p99 < goal.p99,
        },
        loadAfter: loadAverage(),
      };
      if (PROFILE) {
        await ask('profile');
        const app = await cannon(ready.url, p.requests, 10, SECONDS);
        m.profile = { ...((await ask(`profiled ${encodeURIComponent(route.name)}`)) as unknown as ProfileSummary & { file: string }), app };
      }
      results.push(m);
      console.log(
        `  ${route.name} (${fmt(pilots)}): ${runs.map((r) => `${r.connections}: ${fmt(r.app.perSecond)} req/s p99 ${fmt(r.app.p99, 1)} ms, bare ${fmt(r.bare.perSecond)}, SQL ${fmt(r.sql.perSecond)}`).join('; ')} — ${fmt(ratio, 2)} of ${goal.floor} ${m.target.met ? 'met' : 'NOT met'}`,
      );
    };

    for (const route of ROUTES.filter((r) => !ONLY || ONLY.includes(r.name))) await measure(route, route.kind, PILOTS);
    if (LARGE && (!ONLY || ONLY.includes('registry'))) {
      await ask(`grow ${LARGE}`);
      await measure(ROUTES[0]!, 'large', LARGE);
    }
  } finally {
    await endServer(child);
  }

  const result = {
    ...benchRun(engine, startedAt),
    pilots: PILOTS,
    // PGlite: one connection
    pool: engine === 'pglite' ? 1 : POOL,
    reportYears: BENCH_REPORT_YEARS.length,
    secondsPerRun: SECONDS,
    rounds: ROUNDS,
    // SMARTCITY_READ_CACHE=off: the aggregates computed on every request (unchanged-cache.repository.ts), not kept
    readCache: process.env.SMARTCITY_READ_CACHE !== 'off',
    results,
  };
  // a run of some routes (BENCH_ROUTES) does not replace the table of all of them
  await writeResults(PROFILE ? 'routes-profile' : ONLY ? 'routes-some' : 'routes', result satisfies BenchRun, markdown(result));
  console.log(markdown(result));
}

function markdown(
  r: BenchRun & {
    pilots: number;
    pool: number;
    reportYears: number;
    secondsPerRun: number;
    rounds: number;
    readCache: boolean;
    results: Measured[];
  },
) {
  const cell = (t: Timing) => `${fmt(t.perSecond)} · ${fmt(t.p50, 1)} / ${fmt(t.p99, 1)}`;
  const lines = [
    `# Every read route (${r.engine})`,
    '',
    `${r.startedAt}, Node ${r.node}, ${r.cpus} × ${r.cpuModel}. The demo programme and ${fmt(r.pilots)} pilots, ${r.reportYears} years of annual reports each; the app and its floors in one server process, autocannon in another, ${r.engine === 'pglite' ? 'PGlite in the server process' : `PostgreSQL on the same host (the loaded database vacuumed, as autovacuum would), a pool of ${r.pool}`}. ${r.readCache ? 'The aggregates kept while the database is unchanged, as in production' : 'The aggregates computed on every request (SMARTCITY_READ_CACHE=off)'}. Each cell: req/s · p50 / p99 ms, ${r.secondsPerRun} s after a warm-up on the same connections, each request the next of the route's parameter sets; ${r.rounds} rounds of app, bare and SQL one after another, each cell its round of median req/s, the ratio the median of the rounds' own ratios (their range in brackets). Target (PostgreSQL): light ≥ 0.3 of bare Fastify and p99 < 25 ms at 50 connections; heavy ≥ 0.6 of the raw SQL and p99 < 50 ms at 10; the registry at the large size ≥ 0.2 of bare and p99 < 50 ms at 50.`,
    '',
    '| route | pilots | kind | sets | bytes (median) | statements (prepared) | app @10 | bare @10 | SQL @10 | app @50 | bare @50 | SQL @50 | ratio | p99 | target |',
    '|---|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|',
  ];
  for (const m of r.results) {
    const [a, b] = m.runs;
    lines.push(
      `| ${m.route} | ${fmt(m.pilots)} | ${m.kind} | ${m.variants} | ${fmt(m.responseBytes.median)} | ${fmt(m.statements.mean, 1)} (${fmt(m.statements.namedMean, 1)}) | ${cell(a!.app)} | ${cell(a!.bare)} | ${cell(a!.sql)} | ${cell(b!.app)} | ${cell(b!.bare)} | ${cell(b!.sql)} | ${fmt(m.target.measuredRatio, 2)} (${m.target.measuredRange.map((r) => fmt(r, 2)).join('–')}) of ${m.target.floor} @${m.target.connections} | ${fmt(m.target.measuredP99, 1)} | ${m.target.met ? 'met' : '**not met**'} |`,
    );
  }
  for (const m of r.results.filter((m) => m.profile)) {
    const p = m.profile!;
    lines.push(
      '',
      `## ${m.route} (${fmt(m.pilots)} pilots): where the server's CPU went`,
      '',
      `The app once more at 10 connections with the server process sampled every 100 µs: ${fmt(p.app.perSecond)} req/s under the profiler, ${fmt(p.busyMs)} ms busy. Self time, as a share of the busy samples; the profile is ${p.file}.`,
      '',
      ...profileTables(p),
    );
  }
  return lines.join('\n') + '\n';
}

if (process.env.BENCH_ROUTES_SERVER) await serve();
else await runMain(main);
