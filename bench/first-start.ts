/**
 * The first start with the full demo (`serve --demo` on an empty PGlite folder: migrations, reference data, demo users
 * and the demo programme made through the services) against later starts on the same folder — as `npm start` runs it
 * (the built bundle, packages/server/dist) and through the TypeScript loader (bin/smartcity.js, as the CLI and tests
 * run it). Each start is timed to a healthy `/healthz`; its peak memory (VmHWM) is read until then, its resident size
 * (VmRSS) after IDLE_SECONDS of nothing. Budgets: the first start within 60 s and under 1 GB (web issue); a later
 * start of the bundle under 3 s, idle under 400 MB (issue 14). See bench/README.md.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { freePort } from '../packages/server/src/test/ports.js';
import { loadConfig } from '../packages/server/src/config.js';
import { median } from './common.js';

const BUNDLE = fileURLToPath(new URL('../packages/server/dist/smartcity.js', import.meta.url));
const TSX_BIN = fileURLToPath(new URL('../packages/server/bin/smartcity.js', import.meta.url));
const IDLE_SECONDS = 5;
/** later starts of the bundle timed again after the third: one start is within the machine's noise of the budget */
const LATER_REPEATS = 5;

const statusKb = (pid: number, key: 'VmHWM' | 'VmRSS') => {
  try {
    return Number(new RegExp(`${key}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
};
/** The bytes of the files under `dir`, in MB. */
const folderMb = (dir: string) =>
  Math.round(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .reduce((n, e) => n + statSync(join(e.parentPath, e.name)).size, 0) /
      2 ** 20,
  );

const healthy = (port: number) =>
  fetch(`http://127.0.0.1:${port}/healthz`).then(
    (r) => r.ok,
    () => false,
  );

/** Starts `bin` in `cwd`: the seconds to a healthy /healthz, the peak memory until then, the idle size after; then stops it. */
async function start(cwd: string, bin: string) {
  const port = await freePort();
  const t = performance.now();
  const child = spawn(process.execPath, [bin, 'serve', '--demo'], {
    cwd,
    env: { ...process.env, PORT: String(port), SMARTCITY_DATA_DIR: join(cwd, 'data') },
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  let peak = 0;
  let checking = false;
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      peak = Math.max(peak, statusKb(child.pid!, 'VmHWM'));
      if (checking) return;
      checking = true;
      void healthy(port).then((ok) => {
        checking = false;
        if (!ok) return;
        clearInterval(timer);
        resolve();
      });
    }, 50);
    child.once('exit', () => {
      clearInterval(timer);
      reject(new Error(`serve exited:\n${out}`));
    });
  });
  const seconds = (performance.now() - t) / 1000;
  peak = Math.max(peak, statusKb(child.pid!, 'VmHWM'));
  await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
  const idleMb = Math.round(statusKb(child.pid!, 'VmRSS') / 1024);
  // the exit listener above rejects; it goes before the one that waits for the stop
  child.removeAllListeners('exit');
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  const data = join(cwd, 'data');
  return {
    seconds: Number(seconds.toFixed(2)),
    peakMb: Math.round(peak / 1024),
    idleMb,
    // the data folder once stopped, and the write-ahead log's share of it
    dataMb: folderMb(data),
    walMb: folderMb(join(data, 'pg_wal')),
    summary: /^demo programme \(.*$/m.exec(out)?.[0] ?? null,
  };
}

async function main() {
  const cwd = mkdtempSync(join(os.tmpdir(), 'smartcity-first-start-'));
  try {
    // what `npm start` does first: the bundle, built when a source is newer
    execFileSync(process.execPath, [fileURLToPath(new URL('../scripts/build.mjs', import.meta.url))], { stdio: 'inherit' });
    const first = await start(cwd, BUNDLE);
    const second = await start(cwd, BUNDLE);
    const third = await start(cwd, BUNDLE);
    const tsx = await start(cwd, TSX_BIN);
    const again: number[] = [];
    for (let i = 0; i < LATER_REPEATS; i++) again.push((await start(cwd, BUNDLE)).seconds);
    const result = {
      at: new Date().toISOString(),
      node: process.version,
      cpus: os.cpus().length,
      // the configuration measured (the platform's default unless the environment sets it)
      pgliteSharedBuffersMb: loadConfig().pgliteSharedBuffersMb,
      first,
      later: [second, third],
      tsx,
      /** seconds to a healthy /healthz of LATER_REPEATS more later starts of the bundle, and their median */
      laterAgain: { seconds: again, median: median(again) },
      budget: { firstSeconds: 60, firstPeakMb: 1024, laterSeconds: 3, idleMb: 400 },
    };
    console.log(JSON.stringify(result, null, 2));
    const md = [
      '# First start with the full demo (PGlite)',
      '',
      `${result.at}, Node ${result.node}, ${result.cpus} CPUs, PGlite page cache ${result.pgliteSharedBuffersMb} MB. Budgets: the first start ≤ ${result.budget.firstSeconds} s and ≤ ${result.budget.firstPeakMb} MB peak; a later start of the built bundle < ${result.budget.laterSeconds} s to a healthy /healthz, < ${result.budget.idleMb} MB resident after ${IDLE_SECONDS} s idle.`,
      '',
      '| start | seconds to healthy /healthz | peak memory (MB) | idle resident (MB) | data folder after (MB) | of it WAL (MB) |',
      '|---|--:|--:|--:|--:|--:|',
      ...(
        [
          ['first (empty folder, demo made), bundle', first],
          ['second (same folder), bundle', second],
          ['third (same folder), bundle', third],
          ['same folder, through tsx (bin/smartcity.js)', tsx],
        ] as const
      ).map(([name, s]) => `| ${name} | ${s.seconds} | ${s.peakMb} | ${s.idleMb} | ${s.dataMb} | ${s.walMb} |`),
      '',
      `${LATER_REPEATS} more later starts of the bundle, after these: ${again.join(', ')} s (median ${result.laterAgain.median} s).`,
      '',
      first.summary ?? '',
      '',
    ].join('\n');
    const out = new URL('./results/', import.meta.url);
    await mkdir(out, { recursive: true });
    await writeFile(new URL(`first-start-${result.at.replace(/[:.]/g, '-')}.json`, out), JSON.stringify(result, null, 2));
    await writeFile(new URL('first-start-latest.md', out), md);
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

await main();
