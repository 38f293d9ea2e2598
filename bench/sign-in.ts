/**
 * Sign-in timing: a wrong password for an existing username against one for a username that does not exist, through
 * the whole app (throttle lookup, user lookup, one argon2 verification, the failure record and its audit entry). The
 * ratio should be ~1: a stranger cannot tell from the time which usernames exist (trust issue, item 9). Each attempt
 * comes from its own client address, so the throttle never answers early. See bench/README.md.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { buildApp } from '../packages/server/src/app.js';
import { loadConfig } from '../packages/server/src/config.js';
import { openDatabase } from '../packages/server/src/db/client.js';
import { seedBenchDatabase } from './common.js';

const RUNS = Number(process.env.BENCH_SIGNIN_RUNS ?? 40);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const database = await openDatabase({ dataDir: 'memory://' });
  await seedBenchDatabase(database);
  const app = await buildApp({ database, config: { ...loadConfig({}), loginRateLimit: 1_000_000, masterKey: 'bench' } });
  let client = 0;
  const attempt = async (username: string) => {
    client += 1;
    const t = performance.now();
    const res = await app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username, password: 'wrong-password-1' },
      remoteAddress: `10.${(client >> 16) & 255}.${(client >> 8) & 255}.${client & 255}`,
    });
    if (res.statusCode !== 401) throw new Error(`expected 401, got ${res.statusCode}`);
    return performance.now() - t;
  };
  // alternate, so a drift in the machine's load falls on both alike; one warm-up each
  await attempt('mohurd.admin');
  await attempt('nobody.at.all');
  const known: number[] = [];
  const unknown: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    known.push(await attempt('mohurd.admin'));
    unknown.push(await attempt(`nobody.${i}`));
  }
  await app.close();
  await database.close();
  const result = {
    at: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    runs: RUNS,
    knownMedianMs: median(known),
    unknownMedianMs: median(unknown),
    ratioKnownToUnknown: median(known) / median(unknown),
  };
  const md = [
    '# Sign-in timing (wrong password)',
    '',
    `${result.at}, Node ${result.node}, ${result.cpus} CPUs, PGlite; median of ${RUNS} attempts each, alternating, after one warm-up.`,
    '',
    '| username | median ms |',
    '|---|--:|',
    `| existing (mohurd.admin) | ${result.knownMedianMs.toFixed(1)} |`,
    `| unknown (baseline) | ${result.unknownMedianMs.toFixed(1)} |`,
    `| ratio existing ÷ unknown | ${result.ratioKnownToUnknown.toFixed(3)} |`,
    '',
  ].join('\n');
  const out = new URL('./results/', import.meta.url);
  await mkdir(out, { recursive: true });
  await writeFile(new URL(`sign-in-${result.at.replace(/[:.]/g, '-')}.json`, out), JSON.stringify(result, null, 2));
  await writeFile(new URL('sign-in-latest.md', out), md);
  console.log(md);
}

await main();
