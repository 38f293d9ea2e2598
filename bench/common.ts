import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { loadConfig, type Config } from '../packages/server/src/config.js';
import { migrateDatabase, openDatabase, type Database } from '../packages/server/src/db/client.js';
import { systemClock } from '../packages/server/src/lib/clock.js';
import { seedProgramme } from '../packages/server/src/seed/demo/programme.js';
import { seedDemo, seedReference } from '../packages/server/src/seed/seed.js';
import { createScratchPostgres } from '../packages/server/src/test/database.js';
import { topUpPilots } from './synthetic.js';
import { topUpProgramme } from './synthetic-programme.js';

// What the benchmarks share: the database they run on, signing in over HTTP, number formatting and writing results.

export const BENCH_PASSWORD = 'Bench-password-2013';

/** Production's configuration with a fixed secret, and what the bench changes in it. */
export const benchConfig = (over: Partial<Config> = {}): Config => ({
  ...loadConfig({}),
  secret: 'bench-secret-0123456789abcdef0123456789abcdef',
  ...over,
});

/** That without background rounds (jobs, webhook deliveries): they would share the pool and the core with what is measured. */
export function quietConfig(over: Partial<Config> = {}): Config {
  const config = benchConfig({ jobIntervalSeconds: 0, ...over });
  return { ...config, webhooks: { ...config.webhooks, intervalMs: 0 } };
}

/** A new database as the platform makes one: migrated, its reference data, one demo user per role and organisation. */
export async function seedBenchDatabase(database: Database) {
  await migrateDatabase(database);
  await seedReference(database.db, systemClock);
  await seedDemo(database.db, systemClock, BENCH_PASSWORD);
}

/** Ten years of annual reports for every synthetic pilot (the issue's "10 years of reports"). */
export const BENCH_REPORT_YEARS = Array.from({ length: 10 }, (_, i) => 2013 + i);

/**
 * That, with the demo programme made through its routes (as `npm start` makes it), topped up to `pilots` synthetic
 * pilots with their task books and annual reports for BENCH_REPORT_YEARS (0 pilots: the demo alone).
 */
export async function seedBenchProgramme(database: Database, config: Config, pilots: number) {
  await seedBenchDatabase(database);
  await seedProgramme(database, config, BENCH_PASSWORD, new Date());
  if (pilots === 0) return;
  await topUpPilots(database.db, pilots);
  await topUpProgramme(database.db, pilots, BENCH_REPORT_YEARS);
  // the loaders analysed what they loaded; what autovacuum would add a minute later is the vacuum (see settle)
  if (database.engine === 'postgres') await database.db.execute(sql`vacuum`);
}

/**
 * A table as production leaves it a minute after a load. PostgreSQL's autovacuum vacuums and analyses it (this
 * machine's configuration turns it off): without a vacuum no page is all-visible and no index-only scan runs. PGlite
 * runs no autovacuum: analysed only, as the platform leaves it until its nightly vacuum (db/statistics.ts).
 */
export async function settle(database: Database, table: string) {
  await database.db.execute(sql`${database.engine === 'postgres' ? sql`vacuum analyze` : sql`analyze`} ${sql.identifier(table)}`);
}

/**
 * PostgreSQL: a scratch database on the BENCH_DATABASE_URL server, dropped on close. Else PGlite, in memory or in
 * `pgliteDir` (a data folder, as the platform runs it).
 */
export async function openBenchDatabase(poolSize: number, pgliteDir = 'memory://'): Promise<Database> {
  const serverUrl = process.env.BENCH_DATABASE_URL;
  if (!serverUrl) return openDatabase({ dataDir: pgliteDir });
  const scratch = await createScratchPostgres(serverUrl, 'sc_bench');
  // the caller's pool size: the routes bench passes production's (SMARTCITY_DB_POOL_SIZE), so requests beyond it wait in the app
  const database = await openDatabase({ url: scratch.url, poolSize });
  return {
    ...database,
    async close() {
      await database.close();
      await scratch.drop();
    },
  };
}

/** The session cookie of a user signed in over HTTP. */
export async function signIn(base: string, username: string) {
  const res = await fetch(`${base}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: BENCH_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`sign-in as ${username}: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('sc_session='));
  if (!cookie) throw new Error(`sign-in as ${username}: no sc_session cookie`);
  return cookie;
}

export const baseUrl = (address: string | AddressInfo | null) => {
  if (!address || typeof address === 'string') throw new Error('expected a TCP address');
  return `http://127.0.0.1:${address.port}`;
};

/** The middle value (the upper one of an even count). */
export const median = (xs: number[]) => xs.toSorted((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export const percentile = (sorted: number[], p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
/** p50, p95 and max of timings in ms. */
export function summary(ms: number[]) {
  const sorted = ms.toSorted((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), max: sorted.at(-1)! };
}

export const fmt = (x: number, digits = 0) => x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** Runs a benchmark's main: a failure prints and sets the exit code (the finally blocks have closed what it opened). */
export async function runMain(main: () => Promise<void>) {
  try {
    await main();
  } catch (err) {
    console.error(err);
    process.exitCode = 1;
  }
}

/** Where and when a benchmark ran, at the head of its results. */
export interface BenchRun {
  engine: string;
  startedAt: string;
  node: string;
  cpus: number;
  cpuModel: string;
}

/** That head for a run of `engine` begun at `startedAt`, on this machine. */
export const benchRun = (engine: string, startedAt: Date): BenchRun => ({
  engine,
  startedAt: startedAt.toISOString(),
  node: process.version,
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? '',
});

/** `bench/results/<name>-<engine>-<time>.json` with every number, and `<name>-<engine>-latest.md` with the table. */
export async function writeResults(name: string, result: BenchRun, table: string) {
  const dir = new URL('./results/', import.meta.url);
  await mkdir(dir, { recursive: true });
  const stamp = result.startedAt.replace(/[:.]/g, '-');
  await writeFile(new URL(`${name}-${result.engine}-${stamp}.json`, dir), JSON.stringify(result, null, 2) + '\n');
  await writeFile(new URL(`${name}-${result.engine}-latest.md`, dir), table);
}

/**
 * This benchmark's module again, as a server process of its own (`flag` set in its environment), talking in JSON lines:
 * `ask` writes a command to its stdin and resolves with its next JSON line on stdout (other output, e.g. a migration's
 * notice, is skipped); a line `{"error": …}` rejects.
 */
export function serverProcess(moduleUrl: string, flag: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(moduleUrl)], {
    env: { ...process.env, [flag]: '1' },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  // a server that failed to start has closed its input: its own error is the one to report
  child.stdin.on('error', () => undefined);
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<Record<string, unknown>> => {
    for (;;) {
      const line = await lines.next();
      if (line.done) throw new Error('the server process ended');
      if (!line.value.startsWith('{')) continue;
      const o = JSON.parse(line.value) as Record<string, unknown>;
      if (typeof o.error === 'string') throw new Error(`server: ${o.error}`);
      return o;
    }
  };
  const ask = (command: string) => {
    child.stdin.write(`${command}\n`);
    return next();
  };
  return { child, next, ask };
}

/**
 * Ends a server process: its input closed, it closes what it opened (a scratch PostgreSQL database is dropped there:
 * killed, a routes run left its 500 MB database on the server); killed if it has not exited within `ms`.
 */
export async function endServer(child: ChildProcess, ms = 30_000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.stdin?.end();
  const timer = setTimeout(() => child.kill(), ms);
  await exited;
  clearTimeout(timer);
}
