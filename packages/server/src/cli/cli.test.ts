import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../db/client.js';
import { createScratchPostgres } from '../test/database.js';

const BIN = fileURLToPath(new URL('../../bin/smartcity.js', import.meta.url));
const run = promisify(execFile);

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

/** A new, empty database for the CLI on the engine under test: a PGlite folder, or a scratch PostgreSQL database. */
async function newDatabase(): Promise<NodeJS.ProcessEnv> {
  const base = { ...process.env, SMARTCITY_DEMO_PASSWORD: 'Cli-demo-2013', LOG_LEVEL: 'warn' };
  if (process.env.TEST_DATABASE_URL) {
    const scratch = await createScratchPostgres(process.env.TEST_DATABASE_URL);
    cleanups.push(scratch.drop);
    return { ...base, DATABASE_URL: scratch.url };
  }
  const dir = mkdtempSync(join(tmpdir(), 'smartcity-cli-'));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  return { ...base, SMARTCITY_DATA_DIR: join(dir, 'pglite'), DATABASE_URL: '' };
}

let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  env = await newDatabase();
});

const smartcityIn = async (on: NodeJS.ProcessEnv, ...args: string[]) => {
  try {
    const { stdout } = await run(process.execPath, [BIN, ...args], { env: on, timeout: 120_000 });
    return { code: 0, stdout };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout + err.stderr };
  }
};
const smartcity = (...args: string[]) => smartcityIn(env, ...args);

/**
 * The database's rows of each version's investment by year (kept by a trigger, left out of backups), and the same read
 * here out of the versions' own investment column: the two must agree however the versions were written.
 */
async function investmentYears(on: NodeJS.ProcessEnv) {
  const database = await openDatabase({ url: on.DATABASE_URL || undefined, dataDir: on.SMARTCITY_DATA_DIR });
  try {
    const kept = await database.db.execute<{ key: string; amounts: string }>(sql`
      select concat_ws('/', task_book_id, version, year) as key, concat_ws('/', government / 10000.0::float8, social / 10000.0::float8, bank / 10000.0::float8, other / 10000.0::float8) as amounts
      from task_book_investment_years order by 1`);
    const versions = await database.db.execute<{ task_book_id: string; number: number; investment: unknown }>(
      sql`select task_book_id, number, investment from task_book_versions`,
    );
    const read = versions.rows.flatMap((v) => {
      const years = (typeof v.investment === 'string' ? JSON.parse(v.investment) : v.investment) as Record<string, Record<string, number>>;
      return Object.entries(years).map(([year, a]) => ({
        key: `${v.task_book_id}/${v.number}/${year}`,
        amounts: [a.government, a.social, a.bank, a.other].join('/'),
      }));
    });
    return { kept: kept.rows, read: read.sort((a, b) => (a.key < b.key ? -1 : 1)) };
  } finally {
    await database.close();
  }
}

// every step spawns the CLI (a cold PGlite each): generous under a loaded CI machine
describe('the smartcity command', { timeout: 480_000 }, () => {
  // `db seed --demo` (the whole demo programme) is run, and its users listed, by first-run.test.ts on the clone it starts
  it('migrates, loads reference data without demo users, and lists users as JSON', async () => {
    expect((await smartcity('db', 'migrate')).code).toBe(0);
    const seeded = await smartcity('db', 'seed');
    expect(seeded.code, seeded.stdout).toBe(0);
    expect(seeded.stdout).toContain('reference data loaded');
    const list = await smartcity('users', 'list', '--json');
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([]);
  });

  it('adds a user, resets a password, and keeps the audit chain verifiable', async () => {
    const added = await smartcity(
      'users',
      'add',
      '--username',
      'zhang.san',
      '--org',
      'DEPT-320000',
      '--roles',
      'reviewer,signatory',
      '--name',
      '张三',
      '--password',
      'Zhang-san-2013',
    );
    expect(added.code).toBe(0);
    expect(
      (await smartcity('users', 'add', '--username', 'li.si', '--org', 'NOPE', '--roles', 'viewer', '--password', 'Li-si-20131')).code,
    ).toBe(2);
    expect(
      (await smartcity('users', 'add', '--username', 'li.si', '--org', 'MOHURD', '--roles', 'emperor', '--password', 'Li-si-20131')).code,
    ).toBe(2);
    const listed = JSON.parse((await smartcity('users', 'list', '--json')).stdout);
    expect(listed.find((u: { username: string }) => u.username === 'zhang.san')).toMatchObject({
      displayName: '张三',
      roles: ['reviewer', 'signatory'],
    });
    expect((await smartcity('users', 'reset-password', 'zhang.san', '--password', 'New-password-2013')).code).toBe(0);
    const verify = await smartcity('audit', 'verify');
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, firstBroken: null });
    // what seeding recorded, then the user's addition and the password reset
    expect(JSON.parse(verify.stdout).entries).toBeGreaterThanOrEqual(3);
  });

  it('explains its usage and refuses unknown commands', async () => {
    expect((await smartcity('--help')).stdout).toContain('smartcity serve');
    expect((await smartcity('frobnicate')).code).toBe(2);
  });
});

// Backups are logical (JSON lines through SQL) on both engines; a restore rebuilds the schema the backup was made at,
// loads it, applies this release's later migrations and verifies — which is also how an upgrade is tested.
describe('backup, restore and upgrade', { timeout: 240_000 }, () => {
  const SNAPSHOTS = fileURLToPath(new URL('../db/snapshots/', import.meta.url));
  const snapshots = readdirSync(SNAPSHOTS).filter((f) => f.endsWith('.jsonl.gz'));
  const verified = /audit chain ok \((\d+) entries\); (\d+) of (\d+) signatures verify/;
  const tmp = mkdtempSync(join(tmpdir(), 'smartcity-backup-'));
  cleanups.push(async () => rmSync(tmp, { recursive: true, force: true }));
  let restored: NodeJS.ProcessEnv;

  it('migrates the committed snapshot of an earlier release (signed task book and agreement); the chain and every signature still verify', async () => {
    expect(snapshots.length).toBeGreaterThan(0);
    for (const snapshot of snapshots) {
      restored = await newDatabase();
      const res = await smartcityIn(restored, 'db', 'restore', join(SNAPSHOTS, snapshot));
      expect(res.code, res.stdout).toBe(0);
      const [, entries, ok, all] = res.stdout.match(verified)!.map(Number);
      expect(entries).toBeGreaterThan(20);
      expect(all).toBeGreaterThanOrEqual(5); // 3 on the task book, 2 on the agreement
      expect(ok).toBe(all);
      const audit = await smartcityIn(restored, 'audit', 'verify');
      expect(JSON.parse(audit.stdout)).toMatchObject({ ok: true });
      // made before the rows of investment by year existed: the migration that keeps them wrote the signed book's
      const years = await investmentYears(restored);
      expect(years.read.length).toBeGreaterThan(0);
      expect(years.kept).toEqual(years.read);
    }
  });

  it('round-trips: a backup restores into another database with the same rows, verified', async () => {
    const file = join(tmp, 'round-trip.gz');
    const backup = await smartcityIn(restored, 'db', 'backup', file);
    expect(backup.code, backup.stdout).toBe(0);
    const rows = backup.stdout.match(/backup of (\d+) rows/)![1];
    const other = await newDatabase();
    const res = await smartcityIn(other, 'db', 'restore', file);
    expect(res.code, res.stdout).toBe(0);
    expect(res.stdout).toMatch(verified);
    const again = await smartcityIn(other, 'db', 'backup', join(tmp, 'again.gz'));
    expect(again.stdout.match(/backup of (\d+) rows/)![1]).toBe(rows);
    const text = gunzipSync(readFileSync(file)).toString('utf8');
    // the rows the database keeps itself are not in the file, and the restore made them again
    expect(text).not.toContain('"table":"task_book_investment_years"');
    const years = await investmentYears(other);
    expect(years.kept.length).toBeGreaterThan(0);
    expect(years.kept).toEqual((await investmentYears(restored)).kept);
    expect(years.kept).toEqual(years.read);
    // the sealed signing keys travel; the master key does not
    expect(text).toContain('"private_key_encrypted":"v1.');
    expect(text).not.toContain('test-master-key');
  });

  it('refuses a cut or altered file and a database that is not empty, and writes nothing then', async () => {
    const lines = gunzipSync(readFileSync(join(tmp, 'round-trip.gz')))
      .toString('utf8')
      .trimEnd()
      .split('\n');
    const write = (name: string, content: string[]) => {
      writeFileSync(join(tmp, name), gzipSync(content.join('\n') + '\n'));
      return join(tmp, name);
    };
    const target = await newDatabase();
    const cut = await smartcityIn(target, 'db', 'restore', write('cut.gz', lines.slice(0, -1)));
    expect(cut.code).toBe(2);
    expect(cut.stdout).toMatch(/cut short/);
    const altered = await smartcityIn(
      target,
      'db',
      'restore',
      write('altered.gz', [lines[0]!, lines[1]!.replace('"status":"signed"', '"status":"draft"'), ...lines.slice(2)]),
    );
    expect(altered.code).toBe(2);
    expect(altered.stdout).toMatch(/altered/);
    // nothing was written: the same database still takes a good backup
    expect((await smartcityIn(target, 'db', 'restore', join(tmp, 'round-trip.gz'))).code).toBe(0);
    const twice = await smartcityIn(target, 'db', 'restore', join(tmp, 'round-trip.gz'));
    expect(twice.code).toBe(2);
    expect(twice.stdout).toMatch(/not empty/);
  });
});
