/**
 * The first start with the full demo (`smartcity serve --demo` on an empty PGlite folder: migrations, reference data,
 * demo users and the demo programme made through the services) against a second start on the same folder. Budgets
 * (web issue): the first within 60 s and under 1 GB peak memory; the second unaffected by the demo. Peak memory is
 * the server process's VmHWM from /proc, read until it prints its URL. See bench/README.md.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { freePort } from '../packages/server/src/test/ports.js';

const BIN = fileURLToPath(new URL('../packages/server/bin/smartcity.js', import.meta.url));

const peakKb = (pid: number) => {
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
};

/** Starts the server in `cwd`, resolves with the seconds to its URL and its peak memory, then stops it. */
async function start(cwd: string) {
  const port = await freePort();
  const t = performance.now();
  const child = spawn(process.execPath, [BIN, 'serve', '--demo'], {
    cwd,
    env: { ...process.env, PORT: String(port), SMARTCITY_DATA_DIR: join(cwd, 'data') },
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  let peak = 0;
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      peak = Math.max(peak, peakKb(child.pid!));
      if (out.includes(`:${port}/`)) {
        clearInterval(timer);
        resolve();
      }
    }, 50);
    child.once('exit', () => {
      clearInterval(timer);
      reject(new Error(`serve exited:\n${out}`));
    });
  });
  const seconds = (performance.now() - t) / 1000;
  peak = Math.max(peak, peakKb(child.pid!));
  // the exit listener above rejects; it goes before the one that waits for the stop
  child.removeAllListeners('exit');
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  return { seconds: Number(seconds.toFixed(1)), peakMb: Math.round(peak / 1024), summary: /^demo programme \(.*$/m.exec(out)?.[0] ?? null };
}

async function main() {
  const cwd = mkdtempSync(join(os.tmpdir(), 'smartcity-first-start-'));
  try {
    const first = await start(cwd);
    const second = await start(cwd);
    const result = {
      at: new Date().toISOString(),
      node: process.version,
      cpus: os.cpus().length,
      first,
      second,
      budget: { seconds: 60, peakMb: 1024 },
    };
    console.log(JSON.stringify(result, null, 2));
    const md = [
      '# First start with the full demo (PGlite)',
      '',
      `${result.at}, Node ${result.node}, ${result.cpus} CPUs. Budget: first start ≤ ${result.budget.seconds} s and ≤ ${result.budget.peakMb} MB peak.`,
      '',
      '| start | seconds to URL | peak memory (MB) |',
      '|---|---|---|',
      `| first (empty folder, demo made) | ${first.seconds} | ${first.peakMb} |`,
      `| second (same folder) | ${second.seconds} | ${second.peakMb} |`,
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
