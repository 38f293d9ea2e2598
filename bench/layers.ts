/**
 * What the app adds to a request, layer by layer: probe routes mounted in the real app (its plugins, hooks and access
 * rule) that send the same answer as a bare Fastify route, each adding one layer — the signed-in session, the answer
 * checked through zod, one statement through node-postgres, the same statement built by Drizzle. The server runs in a
 * process of its own; this process is the load generator. See bench/README.md, "What a request costs, layer by layer".
 *
 *   npm run bench:layers                                                                   # PGlite
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:layers   # PostgreSQL (scratch database)
 */
import { asc } from 'drizzle-orm';
import Fastify from 'fastify';
import { once } from 'node:events';
import { z } from 'zod';
import { buildApp } from '../packages/server/src/app.js';
import { loadConfig } from '../packages/server/src/config.js';
import { provinces } from '../packages/server/src/db/schema.js';
import { sendJson } from '../packages/server/src/shared/checked-json.js';
import { poolOf } from '../packages/server/src/test/statements.js';
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
  seedBenchDatabase,
  quietConfig,
} from './common.js';
import { cannon, type HttpTiming } from './load.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
/** rows of the answer: 20 provinces, about 600 bytes (a call's ranking is 689) */
const ROWS = 20;

/** Each layer: its path on the app and what it adds to the one before. */
const LAYERS = [
  { path: '/probe/public', adds: 'the app: its plugins, hooks and a public access rule; the answer kept as checked JSON' },
  { path: '/probe/session', adds: 'a signed-in session (its cookie, the in-process session cache, the access rule)' },
  { path: '/probe/checked', adds: 'the answer checked through zod and stringified on each request' },
  { path: '/probe/statement', adds: "one statement through node-postgres (the app's pool), its rows as the answer" },
  { path: '/probe/drizzle', adds: 'the same statement built and its rows mapped by Drizzle' },
  { path: '/probe/prepared', adds: "instead, Drizzle's prepared statement: built once, its rows mapped on each request" },
] as const;

async function serve() {
  const database = await openBenchDatabase(loadConfig().databasePoolSize);
  await seedBenchDatabase(database);
  const config = quietConfig();
  const app = await buildApp({ database, config, logger: { level: 'error', stream: process.stderr } });

  const answer = z.object({ items: z.array(z.object({ code: z.string(), name: z.string() })) });
  const drizzle = () =>
    database.db.select({ code: provinces.code, name: provinces.name }).from(provinces).orderBy(asc(provinces.code)).limit(ROWS);
  const text = drizzle().toSQL();
  const pool = poolOf(database.db);
  const body = { items: await drizzle() };
  const json = JSON.stringify(answer.encode(body));
  const signedIn = { tiers: 'all' } as const;
  const schema = { response: { 200: answer } };
  app.get('/probe/public', { config: { access: { public: true } }, schema }, async (_req, reply) => sendJson(reply, json));
  app.get('/probe/session', { config: { access: signedIn }, schema }, async (_req, reply) => sendJson(reply, json));
  app.get('/probe/checked', { config: { access: signedIn }, schema }, async () => body);
  app.get('/probe/statement', { config: { access: signedIn }, schema }, async () => ({
    items: ((await pool.query(text.sql, text.params)) as { rows: { code: string; name: string }[] }).rows,
  }));
  app.get('/probe/drizzle', { config: { access: signedIn }, schema }, async () => ({ items: await drizzle() }));
  const prepared = drizzle().prepare('bench_layers_probe');
  app.get('/probe/prepared', { config: { access: signedIn }, schema }, async () => ({ items: await prepared.execute() }));
  await app.listen({ host: '127.0.0.1', port: 0 });

  const bare = Fastify({ logger: false });
  bare.get('/*', (_req, reply) => reply.type('application/json; charset=utf-8').send(json));
  await bare.listen({ host: '127.0.0.1', port: 0 });
  process.stdout.write(
    `${JSON.stringify({ url: baseUrl(app.server.address()), bare: baseUrl(bare.server.address()), engine: database.engine })}\n`,
  );
  // until the measuring process closes its input (endServer)
  await once(process.stdin.resume(), 'end');
  await bare.close();
  await app.close();
  await database.close();
}

async function main() {
  const startedAt = new Date();
  const { child, next } = serverProcess(import.meta.url, 'BENCH_LAYERS_SERVER');
  try {
    const ready = (await next()) as { url: string; bare: string; engine: string };
    const headers = { cookie: await signIn(ready.url, 'mohurd.viewer') };
    const measured: { path: string; adds: string; timing: HttpTiming }[] = [];
    measured.push({
      path: 'bare Fastify',
      adds: 'the same bytes from a bare Fastify route',
      timing: await cannon(ready.bare, [{ path: '/', headers }], CONNECTIONS, SECONDS),
    });
    for (const layer of LAYERS)
      measured.push({ ...layer, timing: await cannon(ready.url, [{ path: layer.path, headers }], CONNECTIONS, SECONDS) });

    const result = {
      ...benchRun(ready.engine, startedAt),
      connections: CONNECTIONS,
      secondsPerRun: SECONDS,
      layers: measured,
    };
    const bareRate = measured[0]!.timing.perSecond;
    const lines = [
      `# What a request costs, layer by layer (${result.engine})`,
      '',
      `${result.startedAt}, Node ${result.node}, ${result.cpus} × ${result.cpuModel}; ${CONNECTIONS} connections, ${SECONDS} s each after a warm-up. Each row adds one layer to the row above; "µs added" is the time per request at its throughput (1 / req/s) minus the row above's.`,
      '',
      '| layer | adds | req/s | p50 / p99 ms | ÷ bare | µs added |',
      '|---|---|--:|--:|--:|--:|',
      ...measured.map(
        (m, i) =>
          `| ${m.path} | ${m.adds} | ${fmt(m.timing.perSecond)} | ${fmt(m.timing.p50, 1)} / ${fmt(m.timing.p99, 1)} | ${fmt(m.timing.perSecond / bareRate, 2)} | ${i === 0 ? '' : fmt(1e6 / m.timing.perSecond - 1e6 / measured[i - 1]!.timing.perSecond)} |`,
      ),
      '',
    ];
    await writeResults('layers', result, lines.join('\n'));
    console.log(lines.join('\n'));
  } finally {
    await endServer(child);
  }
}

if (process.env.BENCH_LAYERS_SERVER) await serve();
else await runMain(main);
