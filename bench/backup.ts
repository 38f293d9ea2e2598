/**
 * What a scheduled backup does to the people using the platform while it runs: the registry asked over and over by a
 * few users at once, first alone, then while `scheduledBackup` writes the period's file — its duration, and the
 * requests' latency in both windows. On PGlite the database is one connection: its folder is copied online (requests
 * wait for a checkpoint) and the copy is read in a worker thread (`backupAside`); on PostgreSQL it takes one connection
 * of the pool.
 *
 *   npm run bench:backup                                                                   # PGlite
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:backup   # PostgreSQL (scratch database)
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildApp } from '../packages/server/src/app.js';
import { loadConfig } from '../packages/server/src/config.js';
import { scheduledBackup } from '../packages/server/src/db/scheduled-backups.js';
import { baseUrl, benchRun, fmt, openBenchDatabase, runMain, signIn, writeResults, quietConfig, seedBenchProgramme } from './common.js';
import { timing, type Timing } from './load.js';
import { profileTables, startProfile, summarise } from './profile.js';

const PILOTS = Number(process.env.BENCH_PILOTS ?? 3_000);
if (!(PILOTS >= 0)) throw new Error('BENCH_PILOTS: 0 (the demo alone) or more');
const USERS = 4;
/** the process profiled while the backup runs (profile.ts) */
const PROFILE = process.env.BENCH_PROFILE === '1';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);

/** `USERS` loops asking registry pages until `until` settles (or for SECONDS): each answer's milliseconds. */
async function asking(url: string, cookie: string, until: Promise<unknown> | null) {
  const ms: number[] = [];
  /** requests that failed, when and why (each also timed above) */
  const failed: string[] = [];
  let done = false;
  void (until ?? new Promise((resolve) => setTimeout(resolve, SECONDS * 1000))).finally(() => (done = true));
  const started = performance.now();
  await Promise.all(
    Array.from({ length: USERS }, async (_, u) => {
      for (let i = 0; !done; i++) {
        const t = performance.now();
        try {
          const res = await fetch(`${url}/api/pilots?page=${1 + ((u * 7 + i) % 10)}&pageSize=20`, { headers: { cookie } });
          await res.arrayBuffer();
          if (!res.ok) throw new Error(`registry: ${res.status}`);
        } catch (err) {
          failed.push(
            `${((performance.now() - started) / 1000).toFixed(1)} s: ${(err as Error).message}, ${String((err as Error).cause ?? '')}`,
          );
        }
        ms.push(performance.now() - t);
      }
    }),
  );
  return { ...timing(ms, (performance.now() - started) / 1000), failed };
}

async function main() {
  const startedAt = new Date();
  const dir = mkdtempSync(join(tmpdir(), 'smartcity-backups-'));
  // PGlite in a folder, as the platform runs it: its backup is read from a copy of the folder (backupAside)
  const database = await openBenchDatabase(loadConfig().databasePoolSize, join(dir, 'pglite'));
  try {
    const config = quietConfig();
    // BENCH_PILOTS=0: the demo alone, as `npm start` makes it
    await seedBenchProgramme(database, config, PILOTS);
    const app = await buildApp({ database, config, logger: { level: 'error', stream: process.stderr } });
    await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const url = baseUrl(app.server.address());
      const cookie = await signIn(url, 'mohurd.viewer');
      await asking(url, cookie, null); // warm
      const alone = await asking(url, cookie, null);
      const stopProfile = PROFILE ? await startProfile() : undefined;
      const t = performance.now();
      let file = '';
      const backup = scheduledBackup(database, { dir, hours: 24, keep: 1 }, new Date()).then((f) => (file = f!));
      const during = await asking(url, cookie, backup);
      await backup;
      const seconds = (performance.now() - t) / 1000;
      const profile = stopProfile && summarise(await stopProfile());
      const bytes = statSync(file).size;
      const result = { ...benchRun(database.engine, startedAt), pilots: PILOTS, users: USERS, backup: { seconds, bytes }, alone, during };
      const row = (name: string, x: Timing & { failed: string[] }) =>
        `| ${name} | ${fmt(x.requests)} | ${fmt(x.failed.length)} | ${fmt(x.perSecond)} | ${fmt(x.p50, 1)} | ${fmt(x.p99, 1)} | ${fmt(x.max, 1)} |`;
      const table = [
        `# A scheduled backup while the registry is in use (${database.engine})`,
        '',
        `${result.startedAt}, Node ${result.node}, ${result.cpus} × ${result.cpuModel}. The demo programme${PILOTS ? ` and ${fmt(PILOTS)} pilots with ten years of reports` : ' alone'}; ${USERS} users asking registry pages one after another. The backup (\`scheduledBackup\`, one snapshot of every table${database.engine === 'pglite' ? ', read from a copy of the data folder in a worker thread' : ''}) took ${fmt(seconds, 1)} s and wrote ${fmt(bytes / 1e6, 1)} MB.`,
        '',
        '| window | requests | failed | req/s | p50 ms | p99 ms | max ms |',
        '|---|--:|--:|--:|--:|--:|--:|',
        row(`alone (${SECONDS} s)`, alone),
        row('during the backup', during),
        '',
        ...[...alone.failed, ...during.failed].map((f) => `- failed at ${f}`),
        '',
        ...(profile
          ? [
              `Where the process's CPU went while the backup ran (profiled: slower than above), ${fmt(profile.busyMs)} ms busy:`,
              '',
              ...profileTables(profile),
              '',
            ]
          : []),
      ].join('\n');
      await writeResults('backup', result, table);
      console.log(table);
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await runMain(main);
