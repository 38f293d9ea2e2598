import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { migrateDatabase, openDatabase, type Database } from '../db/client.js';
import { systemClock } from '../lib/clock.js';
import { seedProgramme } from '../seed/demo/programme.js';
import { seedDemo, seedReference } from '../seed/seed.js';
import { createScratchPostgres } from './database.js';
import { DEMO_PASSWORD, TestClock, testConfig } from './harness.js';

/** The day the tests' demo programme is seeded on: its live call's dates follow it. */
export const DEMO_DAY = '2026-11-16T02:00:00.000Z';

/** One folder per test run (vitest's global setup makes it), shared by its worker processes. */
const runDir = () => process.env.SMARTCITY_TEST_RUN_DIR ?? join(tmpdir(), `smartcity-test-${process.ppid}`);

/** What a test file starts from: reference data only, with the demo users too, or the full demo programme. */
export type Snapshot = 'reference' | 'users' | 'programme';
const SNAPSHOTS: Snapshot[] = ['reference', 'users', 'programme'];

const templateOf = (kind: Snapshot, dir: string) => `sc_${kind}_${basename(dir).replace(/\W/g, '_')}`.slice(0, 63);

/** One builder at a time across the run's processes: the first builds, the others wait and reuse. */
async function once(name: string, build: () => Promise<void>) {
  const dir = runDir();
  mkdirSync(dir, { recursive: true });
  const done = join(dir, `${name}.done`);
  const lock = join(dir, `${name}.lock`);
  for (;;) {
    if (existsSync(done)) return;
    try {
      mkdirSync(lock);
    } catch {
      await sleep(500);
      continue;
    }
    try {
      if (!existsSync(done)) {
        await build();
        writeFileSync(done, new Date().toISOString());
      }
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

async function seedInto(database: Database, kind: Snapshot) {
  await migrateDatabase(database);
  // the programme is seeded as `--demo` seeds it, today; the others on the clock createTestEnv starts at (2013-02-01)
  const clock = kind === 'programme' ? systemClock : new TestClock();
  await seedReference(database.db, clock);
  if (kind !== 'reference') await seedDemo(database.db, clock, DEMO_PASSWORD);
  if (kind === 'programme') await seedProgramme(database, testConfig(), DEMO_PASSWORD, new Date(DEMO_DAY));
}

/**
 * A test file's own database, seeded as `kind` says. Each kind is built once per run and engine — a PGlite
 * data-folder tarball, or a PostgreSQL template database — and copied for each file that asks: loading the tarball
 * skips PGlite's initdb and the migrations (about 2.6 s of a file's 4 s start on PGlite), and the template skips
 * the migrations and seeding on PostgreSQL.
 */
export async function snapshotDatabase(kind: Snapshot): Promise<Database & { url?: string }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const template = templateOf(kind, runDir());
    await once(`${kind}-postgres`, async () => {
      const url = new URL(serverUrl);
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${template} with (force)`);
      await admin.query(`create database ${template}`);
      await admin.end();
      url.pathname = `/${template}`;
      const database = await openDatabase({ url: url.toString(), poolSize: 4 });
      await seedInto(database, kind);
      await database.close();
    });
    const scratch = await createScratchPostgres(serverUrl, 'sc_test', template);
    const database = await openDatabase({ url: scratch.url, poolSize: 4 });
    return {
      ...database,
      url: scratch.url,
      async close() {
        await database.close();
        await scratch.drop();
      },
    };
  }
  const file = join(runDir(), `${kind}-pglite.tar.gz`);
  await once(`${kind}-pglite`, async () => {
    const database = await openDatabase({ dataDir: 'memory://' });
    await seedInto(database, kind);
    writeFileSync(file, Buffer.from(await (await database.dump!()).arrayBuffer()));
    await database.close();
  });
  return openDatabase({ dataDir: 'memory://', loadDataDir: new Blob([readFileSync(file)]) });
}

/** vitest global setup: the run's shared folder, and afterwards its removal with the PostgreSQL templates. */
export async function setupRun() {
  const dir = join(tmpdir(), `smartcity-test-${process.pid}-${Date.now()}`);
  process.env.SMARTCITY_TEST_RUN_DIR = dir;
  return async () => {
    const serverUrl = process.env.TEST_DATABASE_URL;
    const built = SNAPSHOTS.filter((kind) => existsSync(join(dir, `${kind}-postgres.done`)));
    if (serverUrl && built.length) {
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      for (const kind of built) await admin.query(`drop database if exists ${templateOf(kind, dir)} with (force)`);
      await admin.end();
    }
    rmSync(dir, { recursive: true, force: true });
  };
}
